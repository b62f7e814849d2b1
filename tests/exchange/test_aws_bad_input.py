"""Bad snapshots: a clear error naming the file and place for what cannot be read at all, a report
line (never a traceback) for odd objects, and nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_aws_builder import VPC, base_files, write

from vpcdesigner.exchange.aws import SnapshotError, import_snapshot, reader
from vpcdesigner.model.files import check_references


def test_malformed_json_names_file_line_and_column(tmp_path: Path) -> None:
    folder = write(tmp_path / "snap", base_files())
    (folder / "Subnets.json").write_text('{"Subnets": [\n  {"SubnetId": "subnet-1",}\n]}')
    with pytest.raises(SnapshotError) as info:
        import_snapshot(folder)
    assert info.value.file.endswith("Subnets.json")
    assert info.value.where == "line 2, column 27"
    assert "invalid JSON" in str(info.value)


def test_file_far_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write(tmp_path / "snap", base_files())
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 200)
    with pytest.raises(SnapshotError) as info:
        import_snapshot(folder)
    assert info.value.file.endswith(".json") and info.value.where == "top level"
    assert "limit" in info.value.message


def test_not_utf8(tmp_path: Path) -> None:
    folder = write(tmp_path / "snap", base_files())
    (folder / "Vpcs.json").write_bytes(b'{"Vpcs": ["\xff\xfe"]}')
    with pytest.raises(SnapshotError, match=r"Vpcs\.json"):
        import_snapshot(folder)


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no such file or folder"):
        import_snapshot(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SnapshotError, match="no describe-"):
        import_snapshot(tmp_path / "empty")


def test_missing_files_just_mean_fewer_resources(tmp_path: Path) -> None:
    files = base_files()
    del files["RouteTables.json"], files["InternetGateways.json"]
    result = import_snapshot(write(tmp_path / "snap", files))
    assert {r.kind for r in result.design.resources.values()} == {"vpc", "subnet"}
    assert not result.warnings


def test_wrong_shapes_and_bad_values_are_reported_with_their_json_path(tmp_path: Path) -> None:
    files = base_files()
    files["Subnets.json"]["Subnets"] += [
        "not an object",
        {"SubnetId": "subnet-bad", "VpcId": VPC, "CidrBlock": "10.0.300.0/24", "AvailabilityZone": "eu-west-1c"},
        {"SubnetId": "subnet-nocidr", "VpcId": VPC},
    ]
    files["SecurityGroups.json"] = {"SecurityGroups": {"not": "a list"}}
    files["NetworkAcls.json"] = {"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": VPC, "Entries": [
        {"RuleNumber": 100, "Protocol": "banana", "CidrBlock": "0.0.0.0/0"}, 7]}]}
    result = import_snapshot(write(tmp_path / "snap", files))
    check_references(result.design)
    where = {i.where.split("/")[-1]: i.message for i in result.warnings}
    assert "Subnets.json: Subnets[2]" in where
    assert "subnet-bad" in where["Subnets.json: Subnets[3]"] and "10.0.300.0/24" in where["Subnets.json: Subnets[3]"]
    assert "CidrBlock" in where["Subnets.json: Subnets[4]"]
    assert "Subnets.json" in " ".join(where) and "SecurityGroups.json: SecurityGroups" in where
    assert "banana" in where["NetworkAcls.json: NetworkAcls[0].Entries[0]"]
    assert "NetworkAcls.json: NetworkAcls[0].Entries[1]" in where
    assert "subnet-bad" not in result.design.resources and "acl-1" in result.design.resources


def test_references_to_unknown_objects_never_reach_the_design(tmp_path: Path) -> None:
    files = base_files()
    files["RouteTables.json"]["RouteTables"].append(
        {"RouteTableId": "rtb-orphan", "VpcId": "vpc-unknown", "Associations": [], "Routes": []})
    files["NatGateways.json"] = {"NatGateways": [{"NatGatewayId": "nat-1", "SubnetId": "subnet-unknown",
                                                  "State": "available"}]}
    files["VpnConnections.json"] = {"VpnConnections": [{"VpnConnectionId": "vpn-1", "CustomerGatewayId": "cgw-x",
                                                        "State": "available"}]}
    result = import_snapshot(write(tmp_path / "snap", files))
    check_references(result.design)
    assert not {"rtb-orphan", "nat-1", "vpn-1"} & set(result.design.resources)
    text = " ".join(i.message for i in result.warnings)
    assert "vpc-unknown" in text and "subnet-unknown" in text and "cgw-x" in text


def test_cli_writes_nothing_on_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vpcdesigner.cli.main import main

    folder = write(tmp_path / "snap", base_files())
    (folder / "Vpcs.json").write_text("{")
    out = tmp_path / "out.vpcd.json"
    assert main(["import", "aws", str(folder), "-o", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".out.vpcd.json.*"))
    err = capsys.readouterr().err
    assert "Vpcs.json" in err and "line 1" in err and "Traceback" not in err


def test_cli_keeps_an_existing_file_when_the_import_fails(tmp_path: Path) -> None:
    from vpcdesigner.cli.main import main

    out = tmp_path / "out.vpcd.json"
    out.write_text("previous")
    assert main(["import", "aws", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert out.read_text() == "previous"


def test_report_counts_are_json_friendly(tmp_path: Path) -> None:
    result = import_snapshot(write(tmp_path / "snap", base_files()))
    json.dumps([vars(i) for i in result.report])  # plain strings only (the app and --json can show them)
