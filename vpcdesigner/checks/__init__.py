"""Design checks: plain-language problems with stable codes, fast enough to run on every keystroke.

`run_checks(design)` returns every problem, sorted (errors first, then by object and code).
Each family module declares its codes and registers its check functions on import.
"""

from __future__ import annotations

from ..model.design import Design
from . import addresses, dns, gateways, hybrid, load_balancing, references, routing, security, subnets, vpc_cidrs
from .context import Context
from .problem import Problem, Severity
from .registry import CHECKS, CODES, CodeInfo

_FAMILIES = (vpc_cidrs, subnets, addresses, references, routing, gateways, security, load_balancing, hybrid, dns)

INTERNAL_ERROR = "CHECK_FAILED"


def run_checks(design: Design) -> list[Problem]:
    """Run every registered check; a check that crashes becomes one problem instead of a traceback."""
    ctx = Context(design)
    found: set[Problem] = set()
    for family, fn in CHECKS:
        try:
            found.update(fn(ctx))
        except Exception as exc:  # a bug in one check must not hide the others' findings
            found.add(Problem(INTERNAL_ERROR, "warning", "", f"the {family} check could not finish: {exc!r}"))
    return sorted(found, key=Problem.sort_key)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


__all__ = ["CHECKS", "CODES", "CodeInfo", "Context", "Problem", "Severity", "has_errors", "run_checks"]
_ = _FAMILIES
