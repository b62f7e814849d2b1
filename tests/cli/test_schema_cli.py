"""`vpcdesigner schema`: the design file schema accepts real designs and rejects bad ones; output schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from vpcdesigner.cli.main import main
from vpcdesigner.cli.schemas import output_names
from vpcdesigner.model import dumps
from vpcdesigner.model.synthetic import synthetic_design

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.vpcd.json"))


def _schema(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["schema", *args]) == 0
    schema: dict[str, object] = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_design_schema_accepts_every_sample_and_a_generated_design(capsys: pytest.CaptureFixture[str]) -> None:
    validator = jsonschema.Draft202012Validator(_schema(capsys))
    assert SAMPLES
    for path in SAMPLES:
        assert list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))) == [], path.name
    assert list(validator.iter_errors(json.loads(dumps(synthetic_design(300))))) == []


def test_design_schema_rejects_unknown_kinds_and_fields(capsys: pytest.CaptureFixture[str],
                                                        anycompany_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(_schema(capsys))
    data = json.loads(anycompany_path.read_text(encoding="utf-8"))
    data["resources"][0]["kind"] = "spaceship"
    assert not validator.is_valid(data)
    data = json.loads(anycompany_path.read_text(encoding="utf-8"))
    data["resources"][0]["colour"] = "red"
    assert not validator.is_valid(data)


def test_output_schema_for_check(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys, "--output", "check")
    assert schema["type"] == "array"
    assert "check" in output_names()


def test_list_names_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--list"]) == 0
    assert "check" in capsys.readouterr().out.split()


def test_unknown_output_name_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", "nonsense"]) == 2
    err = capsys.readouterr().err
    assert "nonsense" in err and "check" in err


def test_write_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "design.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("VPC Designer design file")
