"""Files: save → load gives the same design, output is stable and sorted, fixtures per format version load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from design_strategies import designs
from hypothesis import HealthCheck, given, settings

from vpcdesigner.model import Design, dumps, load, loads, save
from vpcdesigner.model import files as files_mod
from vpcdesigner.model.design import FORMAT_VERSION
from vpcdesigner.model.synthetic import synthetic_design

FIXTURES = Path(__file__).parent / "fixtures"


def test_sample_round_trips(tmp_path: Path, anycompany_path: Path) -> None:
    design = load(anycompany_path)
    save(design, tmp_path / "copy.vpcd.json")
    assert load(tmp_path / "copy.vpcd.json") == design


def test_saved_sample_is_byte_identical_to_the_shipped_file(anycompany_path: Path) -> None:
    """The shipped file is in canonical form, so opening and saving it makes no diff."""
    assert dumps(load(anycompany_path)) == anycompany_path.read_text(encoding="utf-8")


def test_generated_design_round_trips() -> None:
    design = synthetic_design(500)
    assert loads(dumps(design)) == design


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_random_designs_round_trip(design: Design) -> None:
    text = dumps(design)
    again = loads(text)
    assert again == design
    assert dumps(again) == text  # stable: a second save changes nothing


def test_output_is_sorted_and_leaves_defaults_out() -> None:
    design = synthetic_design(60)
    data = json.loads(dumps(design))
    ids = [r["id"] for r in data["resources"]]
    assert ids == sorted(ids)
    assert list(data["layout"]) == sorted(data["layout"])
    assert list(data)[:3] == ["format", "format_version", "name"]
    vpc = next(r for r in data["resources"] if r["kind"] == "vpc")
    assert "enable_dns_support" not in vpc  # a default


def test_format_1_fixture_loads_to_the_expected_design() -> None:
    design = load(FIXTURES / "format-1.vpcd.json")
    expected = Design.model_validate({
        "name": "Format 1 fixture",
        "resources": [
            {"kind": "vpc", "id": "vpc", "cidr": "10.0.0.0/16", "secondary_cidrs": ["10.1.0.0/16"]},
            {"kind": "internet-gateway", "id": "igw", "vpc": "vpc"},
            {"kind": "subnet", "id": "web", "vpc": "vpc", "availability_zone": "us-east-1a",
             "cidr": "10.0.1.0/24", "intent": "public", "map_public_ip_on_launch": True},
            {"kind": "route-table", "id": "rtb", "vpc": "vpc", "subnets": ["web"],
             "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]},
            {"kind": "security-group", "id": "sg", "vpc": "vpc",
             "inbound": [{"protocol": "tcp", "port_from": 443, "port_to": 443, "cidr": "0.0.0.0/0"}]},
            {"kind": "instance", "id": "server", "subnet": "web", "private_ip": "10.0.1.10", "public_ip": "allocated",
             "security_groups": ["sg"]},
        ],
        "layout": {"vpc": {"x": 10.0, "y": 20.0, "width": 600.0, "height": 400.0}, "server": {"x": 40.0, "y": 60.0}},
        "notes": [{"id": "n1", "text": "hello", "parent": "vpc"}],
        "scenarios": [{"id": "s1", "source": "server", "destination": "8.8.8.8", "port": 443,
                       "expected": "reachable"}],
    })
    assert design == expected
    # The fixture spells values the way AWS does (6 for TCP, a host address in a CIDR); they load canonical.
    assert design.resources["sg"].inbound[0].protocol == "tcp"  # type: ignore[attr-defined]


def test_every_format_version_has_a_fixture() -> None:
    for version in range(1, FORMAT_VERSION + 1):
        assert (FIXTURES / f"format-{version}.vpcd.json").is_file()


def test_migrations_run_in_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fake format 2 that renames `name` to `title` proves the chain runs old files through each step."""
    calls: list[int] = []

    def one_to_two(data: dict[str, object]) -> dict[str, object]:
        calls.append(1)
        return {**data, "format_version": 2, "description": f"migrated from 1: {data.get('description', '')}"}

    monkeypatch.setattr(files_mod, "FORMAT_VERSION", 2)
    monkeypatch.setitem(files_mod.MIGRATIONS, 1, one_to_two)
    design = load(FIXTURES / "format-1.vpcd.json")
    assert calls == [1]
    assert design.description.startswith("migrated from 1:")
    assert design.format_version == 2


def test_a_missing_migration_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_mod, "FORMAT_VERSION", 3)
    with pytest.raises(files_mod.DesignFileError) as info:
        load(FIXTURES / "format-1.vpcd.json")
    assert "no migration from format 1" in str(info.value)
