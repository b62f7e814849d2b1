"""Every kind of bad file gives a DesignFileError whose message names the file and the place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.model import DesignFileError, load
from vpcdesigner.model import files as files_mod


def _design(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "vpcdesigner", "format_version": 1, "name": "t",
        "resources": [
            {"id": "vpc", "kind": "vpc", "cidr": "10.0.0.0/16"},
            {"id": "web", "kind": "subnet", "vpc": "vpc", "availability_zone": "us-east-1a", "cidr": "10.0.1.0/24"},
        ],
    }
    data.update(changes)
    return data


def _fail(path: Path, text: str | bytes) -> DesignFileError:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(DesignFileError) as info:
        load(path)
    assert str(path) in str(info.value)
    return info.value


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    err = _fail(tmp_path / "a.vpcd.json", '{\n "format": "vpcdesigner",\n "name": oops\n}')
    assert err.where == "line 3, column 10"
    assert "invalid JSON" in err.message


def test_wrong_type_names_resource_and_field(tmp_path: Path) -> None:
    data = _design()
    data["resources"][1]["cidr"] = "10.0.1.0/33"
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert err.where == "resource 'web', field cidr"
    assert "10.0.1.0/33" in err.message


def test_wrong_type_in_a_nested_rule_names_the_path(tmp_path: Path) -> None:
    data = _design()
    rule = {"protocol": "tcp", "port_from": "http", "port_to": 80, "cidr": "0.0.0.0/0"}
    data["resources"].append({"id": "sg", "kind": "security-group", "vpc": "vpc", "inbound": [rule]})
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert err.where == "resource 'sg', field inbound[0].port_from"


def test_unknown_field_is_named(tmp_path: Path) -> None:
    data = _design()
    data["resources"][0]["colour"] = "blue"
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert err.where == "resource 'vpc', field colour"
    assert "unknown field" in err.message


def test_unknown_kind_names_index_and_id(tmp_path: Path) -> None:
    data = _design()
    data["resources"].append({"id": "ufo", "kind": "spaceship"})
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert err.where == "resources[2] (id 'ufo')"
    assert "unknown kind 'spaceship'" in err.message


def test_dangling_reference_names_resource_and_field(tmp_path: Path) -> None:
    data = _design()
    data["resources"][1]["vpc"] = "vpc-gone"
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert err.where == "resource 'web', field vpc"
    assert "'vpc-gone'" in err.message and "not in the design" in err.message


def test_reference_to_the_wrong_kind(tmp_path: Path) -> None:
    data = _design()
    data["resources"].append({"id": "i1", "kind": "instance", "subnet": "vpc"})
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert err.where == "resource 'i1', field subnet"
    assert "is a vpc" in err.message


def test_duplicate_ids_are_named(tmp_path: Path) -> None:
    data = _design()
    data["resources"].append({"id": "vpc", "kind": "vpc", "cidr": "10.1.0.0/16"})
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(data))
    assert "duplicate id 'vpc'" in err.message


def test_file_far_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_mod, "MAX_FILE_BYTES", 1024)
    err = _fail(tmp_path / "big.vpcd.json", json.dumps(_design(description="x" * 5000)))
    assert "limit" in err.message and "MB" in err.message


def test_wrong_format_name(tmp_path: Path) -> None:
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(_design(format="drawio")))
    assert err.where == "format"
    assert "not a VPC Designer design" in err.message


def test_newer_format_version(tmp_path: Path) -> None:
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(_design(format_version=99)))
    assert err.where == "format_version"
    assert "99" in err.message and "update" in err.message


def test_top_level_not_an_object(tmp_path: Path) -> None:
    err = _fail(tmp_path / "a.vpcd.json", "[1, 2]")
    assert err.where == "top level"


def test_not_utf8(tmp_path: Path) -> None:
    err = _fail(tmp_path / "a.vpcd.json", b'{"name": "\xff\xfe"}')
    assert err.message == "not a text file (invalid UTF-8)"


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.vpcd.json"
    folder.mkdir()
    with pytest.raises(DesignFileError) as info:
        load(folder)
    assert str(folder) in str(info.value) and "folder" in info.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DesignFileError) as info:
        load(tmp_path / "nope.vpcd.json")
    assert info.value.message == "no such file"


def test_placement_for_an_unknown_object(tmp_path: Path) -> None:
    err = _fail(tmp_path / "a.vpcd.json", json.dumps(_design(layout={"ghost": {"x": 1}})))
    assert err.where == "layout.ghost"
