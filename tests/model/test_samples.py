"""Built-in samples: one per concept of the seed notes, clean under `check`, laid out, with scenarios that hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.assets import list_samples, sample
from vpcdesigner.checks import run_checks
from vpcdesigner.model import Design, dumps, load

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLES = sorted(p.name.removesuffix(".vpcd.json") for p in SAMPLES_DIR.glob("*.vpcd.json"))
CONCEPTS = ("vpc-and-igw", "public-private-subnets", "nat-gateway", "nacl-vs-sg", "vpn", "direct-connect",
            "dns-route53", "user-request-flow", "anycompany")
CONTAINERS = ("vpc", "subnet", "on-premises")


def _load(name: str) -> Design:
    return load(SAMPLES_DIR / f"{name}.vpcd.json")


def test_every_concept_has_a_sample() -> None:
    assert set(CONCEPTS) <= set(SAMPLES)
    assert list_samples() == SAMPLES


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_passes_check_without_errors(name: str) -> None:
    errors = [p for p in run_checks(_load(name)) if p.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_is_in_canonical_form(name: str) -> None:
    path = SAMPLES_DIR / f"{name}.vpcd.json"
    assert dumps(load(path)) == path.read_text(encoding="utf-8")
    assert sample(name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_has_scenarios_and_a_sized_container_layout(name: str) -> None:
    design = _load(name)
    assert design.scenarios and design.description
    for r in design.resources.values():
        if r.kind in CONTAINERS:
            p = design.layout.get(r.id)
            assert p is not None and p.width and p.height, f"{r.id} has no sized placement"


def _verdict(design: Design, scenario_id: str) -> str:
    from vpcdesigner.sim.request import request
    from vpcdesigner.sim.trace import trace

    s = next(s for s in design.scenarios if s.id == scenario_id)
    if s.type == "request":
        return "reachable" if request(design, s.source, s.destination).reachable else "blocked"
    result = trace(design, s.source, s.destination, s.protocol, s.port, s.source_port, s.icmp_type, s.icmp_code)
    return "reachable" if result.reachable else "blocked"


CASES = [(name, s.id, s.expected) for name in SAMPLES for s in _load(name).scenarios
         if s.expected is not None and s.type in ("connection", "request")]


@pytest.mark.parametrize(("name", "scenario", "expected"), CASES)
def test_saved_scenario_verdicts_hold(name: str, scenario: str, expected: str) -> None:
    pytest.importorskip("vpcdesigner.sim.trace")
    assert _verdict(_load(name), scenario) == expected
