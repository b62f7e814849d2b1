"""The runner: fast on big designs, resilient to a crashing check, NACL first-match evaluation."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from vpcdesigner import checks
from vpcdesigner.checks import Problem, run_checks
from vpcdesigner.checks.context import Context
from vpcdesigner.checks.security import nacl_decision
from vpcdesigner.model import NaclRule, load
from vpcdesigner.model.synthetic import synthetic_design


def test_anycompany_sample_has_no_problems(anycompany_path: object) -> None:
    assert run_checks(load(anycompany_path)) == []  # type: ignore[arg-type]


def test_generated_design_is_clean_and_checks_fast() -> None:
    design = synthetic_design(1000)
    assert len(design.resources) == 1000
    assert run_checks(design) == []
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        run_checks(design)
        timings.append(time.perf_counter() - start)
    # Target is well under 100 ms (see benchmarks/); the bound here leaves room for a loaded CI machine.
    assert sorted(timings)[1] < 0.5


def test_a_crashing_check_becomes_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: Context) -> Iterator[Problem]:
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, ("broken", broken)])
    found = run_checks(synthetic_design(20))
    assert [(p.code, p.severity) for p in found] == [("CHECK_FAILED", "warning")]
    assert "broken" in found[0].message and "boom" in found[0].message


RULES = (
    NaclRule(number=200, action="allow", protocol="tcp", cidr="0.0.0.0/0", port_from=1024, port_to=65535),
    NaclRule(number=100, action="deny", protocol="tcp", cidr="10.0.5.0/24", port_from=0, port_to=65535),
    NaclRule(number=150, action="allow", protocol="udp", cidr="10.0.0.0/16", port_from=53, port_to=53),
)


@pytest.mark.parametrize(("protocol", "ip", "port", "expected"), [
    ("tcp", "10.0.5.9", 40000, "deny"),  # the lower-numbered deny wins although 200 would allow
    ("tcp", "10.0.6.9", 40000, "allow"),
    ("tcp", "10.0.6.9", 80, "deny"),  # nothing matches: the '*' rule denies
    ("udp", "10.0.1.1", 53, "allow"),
    ("udp", "192.0.2.1", 53, "deny"),
])
def test_nacl_first_match(protocol: str, ip: str, port: int, expected: str) -> None:
    assert nacl_decision(RULES, protocol, ip, port) == expected
