"""Undoable change of the design's saved scenarios (through Document.set_scenarios)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from vpcdesigner.model import Document, Scenario


class SetScenarios(QUndoCommand):
    def __init__(self, doc: Document, scenarios: tuple[Scenario, ...], text: str) -> None:
        super().__init__(text)
        self._doc = doc
        self._new = scenarios
        self._old: tuple[Scenario, ...] = doc.design.scenarios

    def redo(self) -> None:
        self._old = self._doc.set_scenarios(self._new)

    def undo(self) -> None:
        self._doc.set_scenarios(self._old)


def upsert(scenarios: tuple[Scenario, ...], sc: Scenario) -> tuple[Scenario, ...]:
    """Replace the scenario with the same id, or append it."""
    out = [s for s in scenarios if s.id != sc.id]
    index = next((i for i, s in enumerate(scenarios) if s.id == sc.id), len(out))
    out.insert(index, sc)
    return tuple(out)
