"""`vpcdesigner import aws|cloudformation`: exit codes, the report on stderr, the written design."""

from __future__ import annotations

import io
import types
from pathlib import Path
from typing import Any

import pytest
from test_aws_builder import PUB, VPC, base_files, write

from vpcdesigner.cli.import_cmd import ProgressLine, progress_text
from vpcdesigner.cli.main import main
from vpcdesigner.exchange.report import ImportResult, ReportItem
from vpcdesigner.model import Design, Vpc, load

IMPORTER = "vpcdesigner.exchange.cloudformation.importer"


def test_import_snapshot_writes_the_design_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write(tmp_path / "snap", base_files())
    out = tmp_path / "net.vpcd.json"
    assert main(["import", "aws", str(folder), "-o", str(out)]) == 0
    design = load(out)
    assert {VPC, PUB, "igw-1", "rtb-pub"} <= set(design.resources)
    assert set(design.layout) >= {VPC, PUB}
    err = capsys.readouterr().err
    assert "mapped 1 internet-gateway, 2 route-table, 2 subnet, 1 vpc" in err and f"wrote {out}" in err


def test_quiet_shows_only_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = base_files()
    files["Extra.json"] = {"Widgets": []}
    folder = write(tmp_path / "snap", files)
    assert main(["import", "aws", str(folder), "-o", str(tmp_path / "o.vpcd.json"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "Widgets" in err and "info:" not in err


@pytest.mark.parametrize("args", [
    ["import", "aws", "-o", "X"],  # neither folder nor --live
    ["import", "aws", "SNAP", "--live", "-o", "X"],
    ["import", "aws", "SNAP", "--region", "eu-west-1", "-o", "X"],
    ["import", "aws", "SNAP", "-o", "no/such/folder/x.vpcd.json"],
])
def test_bad_usage_exits_2_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    folder = write(tmp_path / "snap", base_files())
    args = [str(folder) if a == "SNAP" else str(tmp_path / "x.vpcd.json") if a == "X" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("vpcdesigner: ") and "Traceback" not in err


def test_cloudformation_not_available_yet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(__import__("sys").modules, IMPORTER, None)  # makes the import fail
    assert main(["import", "cloudformation", "t.yaml", "-o", str(tmp_path / "o.vpcd.json")]) == 2
    assert "not available yet" in capsys.readouterr().err


def test_cloudformation_arguments_reach_the_importer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[tuple[Any, ...]] = []

    def import_templates(specs: list[str], params: dict[str, str], params_file: str | None = None) -> ImportResult:
        calls.append((specs, params, params_file))
        design = Design(resources={"VPC": Vpc(id="VPC", cidr="10.0.0.0/16")})
        return ImportResult(design, [ReportItem("warning", "a.yaml line 3", "placeholder: IPv6 block")])

    fake = types.ModuleType(IMPORTER)
    fake.import_templates = import_templates  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, IMPORTER, fake)
    params = tmp_path / "p.json"
    params.write_text("[]")
    out = tmp_path / "o.vpcd.json"
    code = main(["import", "cloudformation", "a.yaml@net", "b.yaml", "--param", "net.ClassB=5",
                 "--param", "Env=prod", "--params", str(params), "-o", str(out)])
    assert code == 0
    assert calls == [(["a.yaml@net", "b.yaml"], {"net.ClassB": "5", "Env": "prod"}, str(params))]
    assert "VPC" in load(out).resources
    assert "a.yaml line 3: placeholder: IPv6 block" in capsys.readouterr().err


def test_cloudformation_importer_errors_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    class TemplateSyntaxError(Exception):
        pass

    def import_templates(specs: list[str], params: dict[str, str], params_file: str | None = None) -> ImportResult:
        raise TemplateSyntaxError("a.yaml line 7: mapping values are not allowed here")

    fake = types.ModuleType(IMPORTER)
    fake.import_templates = import_templates  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, IMPORTER, fake)
    out = tmp_path / "o.vpcd.json"
    assert main(["import", "cloudformation", "a.yaml", "-o", str(out)]) == 2
    assert "a.yaml line 7" in capsys.readouterr().err and not out.exists()


def test_progress_text() -> None:
    assert progress_text(0, 10, "eu-west-1 describe_vpcs").startswith("[" + "." * 28 + "] 0/10 eu-west-1")
    assert progress_text(5, 10, "x").startswith("[" + "#" * 14 + "." * 14 + "] 5/10")
    assert progress_text(12, 10, "x").startswith("[" + "#" * 28 + "] 10/10")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_redraws_in_place_only_on_a_terminal() -> None:
    tty = _Tty()
    bar = ProgressLine(tty)
    bar(1, 2, "a long first message")
    bar(2, 2, "b")
    bar.close()
    text = tty.getvalue()
    assert text.count("\r") == 4 and "\n" not in text and "2/2 b" in text
    longest = len(progress_text(1, 2, "a long first message"))
    assert text.endswith("\r" + " " * longest + "\r")  # the whole bar is wiped, not just the last line
    pipe = io.StringIO()
    quiet = ProgressLine(pipe)
    quiet(1, 2, "x")
    quiet.close()
    assert pipe.getvalue() == ""


def test_trace_reads_a_snapshot_folder_directly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("vpcdesigner.cli.trace")
    files = base_files()
    files["Reservations.json"] = {"Reservations": [{"Instances": [
        {"InstanceId": "i-1", "SubnetId": PUB, "PrivateIpAddress": "10.0.1.10", "PublicIpAddress": "54.9.9.9",
         "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": "sg-1"}]}]}]}
    files["SecurityGroups.json"] = {"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": VPC,
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
    folder = write(tmp_path / "snap", files)
    assert main(["trace", str(folder), "--from", "203.0.113.5", "--to", "54.9.9.9", "--port", "443"]) == 0
    assert "BLOCKED" not in capsys.readouterr().out
    assert main(["trace", str(folder), "--from", "203.0.113.5", "--to", "54.9.9.9", "--port", "22"]) == 0
    assert "BLOCKED  web" in capsys.readouterr().out
