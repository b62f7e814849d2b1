"""`vpcdesigner trace`: human table with the verdict on top, --json per the published schema, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vpcdesigner.cli.main import main
from vpcdesigner.cli.schemas import output_schema


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["trace", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_human_output_has_verdict_on_top(capsys: pytest.CaptureFixture[str], anycompany_path: Path) -> None:
    code, out, _ = _run(capsys, str(anycompany_path), "--from", "customer", "--to", "db", "--port", "5432")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("NOT REACHABLE") and "customer" in first
    assert "Forward path:" in out and "BLOCKED" in out


def test_json_matches_the_published_schema(capsys: pytest.CaptureFixture[str], anycompany_path: Path) -> None:
    code, out, _ = _run(capsys, str(anycompany_path), "--from", "customer", "--to", "www.anycompany.example",
                        "--port", "443", "--json")
    assert code == 0
    data = json.loads(out)
    schema = output_schema("trace")
    assert schema is not None
    jsonschema.validate(data, schema)
    assert data["reachable"] is True and data["client_sees"] == "connected" and data["blocked"] is None


def test_icmp_and_protocol_options(capsys: pytest.CaptureFixture[str], anycompany_path: Path) -> None:
    code, out, _ = _run(capsys, str(anycompany_path), "--from", "web-asg-1", "--to", "db", "--protocol", "icmp",
                        "--icmp-type", "8", "--icmp-code", "0", "--json")
    data = json.loads(out)
    assert code == 0 and data["forward"][0]["packet_in"]["icmp_type"] == 8
    assert data["reachable"] is False  # db-sg admits only PostgreSQL


@pytest.mark.parametrize(("args", "needle"), [
    (["--from", "customer", "--to", "nobody", "--port", "1"], "nobody"),
    (["--from", "customer", "--to", "db", "--port", "70000"], "70000"),
    (["--from", "customer", "--to", "db", "--protocol", "bogus", "--port", "1"], "bogus"),
    (["--from", "customer", "--to", "db"], "--port"),
])
def test_bad_input_exits_2_with_a_message(capsys: pytest.CaptureFixture[str], anycompany_path: Path,
                                          args: list[str], needle: str) -> None:
    code, _, err = _run(capsys, str(anycompany_path), *args)
    assert code == 2 and needle in err and "Traceback" not in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, str(tmp_path / "none.vpcd.json"), "--from", "a", "--to", "b")
    assert code == 2 and "none.vpcd.json" in err


def test_entry_subnet_option(capsys: pytest.CaptureFixture[str], anycompany_path: Path) -> None:
    code, out, _ = _run(capsys, str(anycompany_path), "--from", "customer", "--to", "store-alb", "--port", "443",
                        "--entry-subnet", "public-b", "--json")
    assert code == 0 and json.loads(out)["packet"]["dst"] == "<public IP of store-alb node in public-b>"
    code, _, err = _run(capsys, str(anycompany_path), "--from", "customer", "--to", "store-alb", "--port", "443",
                        "--entry-subnet", "private-a")
    assert code == 2 and "private-a" in err


def test_mixing_address_families_exits_2(capsys: pytest.CaptureFixture[str], anycompany_path: Path) -> None:
    code, _, err = _run(capsys, str(anycompany_path), "--from", "customer", "--to", "2001:db8::1", "--port", "443")
    assert code == 2 and "cannot mix address families" in err and "Traceback" not in err
