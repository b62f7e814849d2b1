"""The Conditions section: each named condition evaluated once, on demand.

Conditions may refer to each other (``!Condition Other``); evaluating them lazily
in any order and remembering which ones are in progress turns a loop into an
error that names the whole cycle rather than a RecursionError.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import CircularReferenceError, Place, UnresolvedReferenceError
from .nodes import LineDict


class ConditionTable:
    """Named conditions of one stack, evaluated lazily with cycle detection."""

    def __init__(
        self,
        definitions: LineDict,
        evaluate: Callable[[Any, Place], bool],
        file: Path | None,
    ) -> None:
        self._definitions = definitions
        self._evaluate = evaluate
        self._file = file
        self._values: dict[str, bool] = {}
        self._in_progress: list[str] = []

    def place(self, name: str) -> Place:
        """Where the condition ``name`` is defined."""
        return Place(self._file, self._definitions.line_of(name), None, ("Conditions", name))

    def value(self, name: str, used_at: Place) -> bool:
        """The value of condition ``name``; ``used_at`` is where it is referred to."""
        known = self._values.get(name)
        if known is not None:
            return known
        if name not in self._definitions:
            names = ", ".join(sorted(self._definitions)) or "none"
            raise UnresolvedReferenceError(f"no condition named {name!r} (conditions: {names})", place=used_at)
        if name in self._in_progress:
            cycle = [*self._in_progress[self._in_progress.index(name) :], name]
            raise CircularReferenceError(
                f"conditions refer to each other in a circle: {' -> '.join(cycle)}", place=self.place(name)
            )
        self._in_progress.append(name)
        try:
            result = self._evaluate(self._definitions[name], self.place(name))
        finally:
            self._in_progress.pop()
        self._values[name] = result
        return result

    def all(self) -> dict[str, bool]:
        """Every condition's value, in the order they are defined."""
        return {name: self.value(name, self.place(name)) for name in self._definitions}
