"""What the intrinsic evaluator needs to know about the stack it evaluates in.

The evaluator is pure function-by-function logic; names (parameters, resources,
conditions, exports) are looked up through this narrow protocol, which the
stack resolver implements and tests can fake.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from .errors import Place


class Scope(Protocol):
    """Name lookups for one stack."""

    @property
    def stack(self) -> str: ...

    @property
    def file(self) -> Path | None: ...

    @property
    def region(self) -> str: ...

    @property
    def mappings(self) -> Mapping[str, Any]: ...

    def ref(self, name: str, place: Place) -> Any:
        """A parameter or pseudo parameter value, a `ResourceRef`, or NO_VALUE."""

    def get_att(self, logical_id: str, attribute: str, place: Place) -> Any:
        """An `AttrRef`, or a nested stack's output value."""

    def condition(self, name: str, place: Place) -> bool:
        """The value of a named condition."""

    def import_value(self, name: str, place: Place) -> Any:
        """The value another stack exports under ``name``."""

    def availability_zones(self, region: str) -> list[str]:
        """The AZ names ``Fn::GetAZs`` gives for ``region``."""

    def concrete(self, value: Any, place: Place) -> Any:
        """``value`` with markers replaced by what the template implies, or None if unknowable."""

    def warn(self, message: str, place: Place) -> None:
        """Record a warning for the user."""
