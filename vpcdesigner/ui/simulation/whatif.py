"""What-if: while the panel is open, every edit re-runs the saved scenarios (debounced, after the
edit settles, never inside the edit itself) and says what changed against a baseline:
"was reachable, now blocked at NACL private-nacl (rule *)". Undoing the edit clears the mark."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from vpcdesigner.model import Design, Document

from .runner import Run, run_scenario

DEBOUNCE_MS = 350


def describe_change(old: Run, new: Run) -> str | None:
    """A sentence when the verdict (or the blocking place) moved; None when nothing changed."""
    if old.verdict == new.verdict and old.where == new.where:
        return None
    was = old.verdict + (f" at {old.where}" if old.where and not old.ok else "")
    now = new.verdict + (f" at {new.where}" if new.where and not new.ok else "")
    return f"was {was}, now {now}"


def run_all(design: Design) -> dict[str, Run]:
    return {sc.id: run_scenario(design, sc) for sc in design.scenarios}


class WhatIf(QObject):
    """Watches the Document; emits `results(runs, changes)` after each settled edit."""

    results = Signal(object, object)  # dict[str, Run], dict[str, str]

    def __init__(self, doc: Document, parent: QObject | None = None,
                 active: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self.doc = doc
        self.active = active
        self.baseline: dict[str, Run] = {}
        self.runs: dict[str, Run] = {}
        self.changes: dict[str, str] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.rerun)
        self._links = [(sig, self._edited) for sig in (doc.resource_added, doc.resource_removed,
                                                         doc.resource_changed, doc.scenarios_changed)]
        self._links.append((doc.reset, self._reset))
        for sig, slot in self._links:
            sig.connect(slot)

    def detach(self) -> None:
        for sig, slot in self._links:
            sig.disconnect(slot)
        self._links = []

    def _edited(self, *_args: Any) -> None:
        if self.active():
            self.timer.start()

    def _reset(self, *_args: Any) -> None:
        self.baseline.clear()
        self.changes.clear()
        self.timer.start()

    def set_baseline(self) -> None:
        """Run everything now and call that "before" (Run all, opening a design)."""
        self.timer.stop()
        self.baseline = run_all(self.doc.design)
        self.runs, self.changes = dict(self.baseline), {}
        self.results.emit(self.runs, self.changes)

    def rerun(self) -> None:
        self.timer.stop()
        self.runs = run_all(self.doc.design)
        self.changes = {}
        for sid, new in self.runs.items():
            old = self.baseline.get(sid)
            if old is None:
                self.baseline[sid] = new
                continue
            text = describe_change(old, new)
            if text:
                self.changes[sid] = text
        self.results.emit(self.runs, self.changes)
