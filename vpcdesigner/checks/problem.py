"""A design problem: a stable code, a severity, the object it concerns and one plain sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Problem:
    """One finding. `object` is a resource id (or "" for the design as a whole); `field` a path in it."""

    code: str
    severity: Severity
    object: str
    message: str
    field: str = ""

    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (SEVERITY_ORDER[self.severity], self.object, self.code, self.field, self.message)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "object": self.object,
                "field": self.field, "message": self.message}
