"""`vpcdesigner check`: table and JSON output, exit codes 0/1/2, bad input named without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vpcdesigner.cli.main import main
from vpcdesigner.cli.schemas import output_schema
from vpcdesigner.model import Design, dumps, load


def _write(tmp_path: Path, design: Design, name: str = "d.vpcd.json") -> Path:
    path = tmp_path / name
    path.write_text(dumps(design), encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path, anycompany_path: Path) -> Path:
    """AnyCompany with a second IGW (error) and SSH open to the world on web-sg (warning)."""
    design = load(anycompany_path)
    res = dict(design.resources)
    res["igw2"] = res["igw"].with_changes(id="igw2", name="igw2")  # type: ignore[assignment]
    web_sg = res["web-sg"]
    rule = {"protocol": "tcp", "port_from": 22, "port_to": 22, "cidr": "0.0.0.0/0"}
    res["web-sg"] = web_sg.with_changes(inbound=(*web_sg.inbound, rule))  # type: ignore[attr-defined]
    return _write(tmp_path, design.model_copy(update={"resources": res}))


def test_clean_sample_exits_0(anycompany_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(anycompany_path)]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_errors_exit_1_with_a_table(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["SEVERITY", "CODE", "OBJECT", "PROBLEM"]
    assert any(line.startswith("error") and "MULTIPLE_IGW" in line and "igw2" in line for line in lines)
    assert any(line.startswith("warning") and "SG_OPEN_ADMIN_PORT" in line for line in lines)
    assert "1 error, 1 warning." in out


def test_warnings_only_exit_0(tmp_path: Path, anycompany_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    design = load(anycompany_path)
    res = dict(design.resources)
    res["tg-unused"] = res["web-tg"].with_changes(id="tg-unused")  # type: ignore[assignment]
    path = _write(tmp_path, design.model_copy(update={"resources": res}))
    assert main(["check", str(path)]) == 0
    assert "TARGET_GROUP_EMPTY" in capsys.readouterr().out


def test_json_output_matches_its_published_schema(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(broken), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    schema = output_schema("check")
    assert schema is not None
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert {(p["code"], p["object"]) for p in data} == {("MULTIPLE_IGW", "igw2"), ("SG_OPEN_ADMIN_PORT", "web-sg")}
    assert data[0]["severity"] == "error"


def test_json_output_of_a_clean_design_is_an_empty_list(anycompany_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(anycompany_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(("content", "expected"), [
    ('{"format": "vpcdesigner", "format_version": 1,\n "resources": [}', "line 2, column"),
    ('{"format": "other"}', "format"),
    ('{"format": "vpcdesigner", "format_version": 1, "resources": [{"id": "x", "kind": "spaceship"}]}',
     "unknown kind 'spaceship'"),
])
def test_bad_input_exits_2_naming_the_place(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           content: str, expected: str) -> None:
    path = tmp_path / "bad.vpcd.json"
    path.write_text(content, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert str(path) in captured.err and expected in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.vpcd.json")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_list_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from vpcdesigner.checks import CODES

    assert main(["check", "--list-codes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line.split()[0] for line in lines) == sorted(CODES)
    assert main(["check", "--list-codes", "--json"]) == 0
    assert {c["code"] for c in json.loads(capsys.readouterr().out)} == set(CODES)


def test_no_file_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert "give a design FILE" in capsys.readouterr().err
