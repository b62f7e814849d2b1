"""Live problems: the design checks run shortly after each edit, off the typing path, in a worker thread.

Clicking a problem selects and reveals its object. Without `vpcdesigner.checks` the panel says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from vpcdesigner.model import Design, Document

from . import icons

try:
    from vpcdesigner.checks import run_checks
except ImportError:  # the checks package is optional for the editor
    run_checks = None  # type: ignore[assignment]

SEVERITY_ICON = {"error": "verdict-block", "warning": "verdict-info", "info": "verdict-pass"}
ID_ROLE = Qt.ItemDataRole.UserRole


class _Relay(QObject):
    finished = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, generation: int, design: Design, relay: _Relay) -> None:
        super().__init__()
        self.generation, self.design, self.relay = generation, design, relay

    def run(self) -> None:
        try:
            result: Any = run_checks(self.design) if run_checks is not None else None
        except Exception as exc:  # a crashing check must not take the editor down
            result = exc
        self.relay.finished.emit(self.generation, result)


class ProblemsPanel(QWidget):
    object_requested = Signal(str)
    counts_changed = Signal(int, int)  # errors, warnings

    def __init__(self, doc: Document, delay_ms: int = 350) -> None:
        super().__init__()
        self.doc = doc
        self.problems: list[Any] = []
        self._generation = 0
        self._relay = _Relay()
        self._relay.finished.connect(self._on_finished)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Severity", "Code", "Object", "Problem"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 200)
        self.tree.setColumnWidth(2, 140)
        self.tree.setMinimumHeight(40)
        self.tree.itemActivated.connect(self._on_item)
        self.tree.itemClicked.connect(self._on_item)
        layout.addWidget(self.tree)
        for sig in (doc.resource_added, doc.resource_removed, doc.resource_changed, doc.reset):
            sig.connect(self.schedule)
        if run_checks is None:
            self.status.setText("Design checks are not available in this build.")
        self.schedule()

    def schedule(self, *args: Any) -> None:
        if run_checks is not None:
            self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        if run_checks is None:
            return
        self._generation += 1
        self._pool.start(_Job(self._generation, self.doc.snapshot(), self._relay))

    def wait(self) -> None:
        """Block until pending checks are done (tests)."""
        if self._timer.isActive():
            self.run_now()
        self._pool.waitForDone()

    def _on_finished(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # an older run finished after a newer edit
        self.tree.clear()
        if isinstance(result, Exception):
            self.status.setText(f"The checks failed: {result}")
            return
        self.problems = list(result or [])
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = sum(p.severity == "warning" for p in self.problems)
        for p in self.problems:
            item = QTreeWidgetItem([p.severity, p.code, p.object or "design", p.message])
            item.setIcon(0, icons.icon(SEVERITY_ICON.get(p.severity, "verdict-info")))
            item.setToolTip(3, p.message)
            item.setData(0, ID_ROLE, p.object)
            self.tree.addTopLevelItem(item)
        self.status.setText(f"{errors} error(s), {warnings} warning(s), {len(self.problems) - errors - warnings} "
                            "note(s)" if self.problems else "No problems found.")
        self.counts_changed.emit(errors, warnings)

    def _on_item(self, item: QTreeWidgetItem, column: int = 0) -> None:
        rid = item.data(0, ID_ROLE)
        if rid:
            self.object_requested.emit(str(rid))
