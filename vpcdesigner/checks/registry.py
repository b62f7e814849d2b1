"""The registry of check codes and check functions; each family module registers its own.

A code is declared once with its severity and a one-line meaning, so the CLI, the problems panel
and the README table all read the same list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .context import Context
from .problem import Problem, Severity

CheckFunction = Callable[[Context], Iterator[Problem]]


@dataclass(frozen=True)
class CodeInfo:
    code: str
    severity: Severity
    meaning: str
    family: str


CODES: dict[str, CodeInfo] = {}
CHECKS: list[tuple[str, CheckFunction]] = []


def declare(family: str, code: str, severity: Severity, meaning: str) -> str:
    """Declare a code (once); returns the code so modules can keep it in a constant."""
    if code in CODES and CODES[code].family != family:
        raise ValueError(f"check code {code} declared twice")
    CODES[code] = CodeInfo(code, severity, meaning, family)
    return code


def check(family: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register a check function of a family."""

    def wrap(fn: CheckFunction) -> CheckFunction:
        CHECKS.append((family, fn))
        return fn

    return wrap


def problem(code: str, obj: str, message: str, field: str = "") -> Problem:
    """Build a Problem with the severity declared for its code."""
    return Problem(code, CODES[code].severity, obj, message, field)
