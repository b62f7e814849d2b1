"""Packet Tracer-style event list, the hop detail and the connection-tracking table.

Selecting a row asks the player to seek there; the player's `current_hop_changed` selects the
row back (so stepping with the keyboard keeps the list, the plot and the canvas together).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import icons
from ..theme import current
from .items import PALETTE_EVENTS
from .steps import SimStep, conntrack

COLUMNS = ["#", "Time (s)", "Last component", "At component", "Check", "Verdict"]
def colour(verdict: str) -> str:
    """The theme's verdict colour (the row also carries a ✓/✗ icon and word, never colour alone)."""
    t = current()
    return {"pass": t.accept, "block": t.refuse}.get(verdict, t.info)


def _table(columns: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setHorizontalHeaderLabels(columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)  # compact: more hops in view
    t.setWordWrap(False)
    return t


def detail_html(step: SimStep) -> str:
    """The hop detail: packet in/out headers, matched rule, code and the plain explanation."""
    e = html.escape
    tint, muted = colour(step.verdict), current().muted
    rows = [("Check", step.check), ("Packet in", step.packet_in)]
    if step.packet_out and step.packet_out != step.packet_in:
        rows.append(("Packet out", step.packet_out + ("  (address translated)" if step.translated else "")))
    if step.rule:
        number = f"rule {step.rule_number}: " if step.rule_number is not None else ""
        rows.append(("Matched rule", number + step.rule))
    elif step.tracked:
        rows.append(("Matched rule", "none needed: connection tracking remembers the request"))
    if step.code:
        rows.append(("Code", step.code + (f" ({step.reason})" if step.reason else "")))
    if step.leg_text:
        rows.append(("Leg", step.leg_text))
    body = "".join(f"<tr><td style='color:{muted};padding-right:8px'>{e(k)}</td><td>{e(v)}</td></tr>"
                   for k, v in rows)
    return (f"<p style='font-size:12pt'><b style='color:{tint}'>{e(step.verdict_text)}</b> "
            f"&nbsp;<b>{e(step.name)}</b> <span style='color:{muted}'>({e(step.kind)})</span></p>"
            f"<table>{body}</table><p style='font-size:11pt'>{e(step.explanation)}</p>")


class EventsPanel(QWidget):
    row_selected = Signal(int)
    object_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[SimStep] = []
        self.table = _table(COLUMNS)
        head = self.table.horizontalHeader()
        for c in range(len(COLUMNS)):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        for c in (2, 3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(c, 118)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.cellDoubleClicked.connect(lambda *_: self._reveal())
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.show_rule = QPushButton("Show the matched rule in the inspector")
        self.show_rule.setEnabled(False)
        self.show_rule.clicked.connect(self._reveal)
        self.tracking = _table(["Security group", "Remembered flow", "Since step", "Reply let through at"])
        self.tracking.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        side = QWidget()
        lay = QVBoxLayout(side)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.detail, 1)
        lay.addWidget(self.show_rule)
        self.tabs = QTabWidget()
        self.tabs.addTab(side, "Hop detail")
        self.tabs.addTab(self.tracking, "Connection tracking")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.tabs)
        split.setSizes([680, 300])
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)  # a wide window widens the hop detail too
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.addWidget(split)
        self._current = -1

    def set_steps(self, steps: list[SimStep]) -> None:
        self.steps = steps
        self.table.blockSignals(True)
        self.table.setRowCount(len(steps))
        for r, s in enumerate(steps):
            last = s.extra.get("source_name") or (steps[r - 1].name if r > 0 else "")
            arrow = {"return": "← ", "dns": ""}.get(s.direction, "→ ")
            cells = [str(r + 1), f"{s.time:.1f}", last, s.name, arrow + s.check, s.verdict_text]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setIcon(icons.icon(s.icon))
                    item.setForeground(QColor(colour(s.verdict)))
                item.setToolTip(s.callout)
                self.table.setItem(r, c, item)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.show_step(-1)

    def show_step(self, index: int) -> None:
        """Select row `index` (without re-seeking), fill the detail and the tracking table."""
        self._current = index
        self.table.blockSignals(True)
        if 0 <= index < len(self.steps):
            self.table.selectRow(index)
            first = self.table.item(index, 0)
            if first is not None:
                self.table.scrollToItem(first)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        step = self.steps[index] if 0 <= index < len(self.steps) else None
        self.detail.setHtml(detail_html(step) if step else
                            f"<p style='color:{current().muted}'>Run a scenario, then step with → or Space.</p>")
        self.show_rule.setEnabled(step is not None and bool(step.component))
        rows = conntrack(self.steps, index) if index >= 0 else []
        self.tracking.setRowCount(len(rows))
        for r, row in enumerate(rows):
            used = f"step {row.used_by + 1} ✓" if row.used_by is not None else "—"
            for c, text in enumerate([row.group, row.flow, f"step {row.since + 1}", used]):
                self.tracking.setItem(r, c, QTableWidgetItem(text))

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch (a new application palette) recolours the verdicts and the hop detail."""
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS and self.steps:
            current_index = self._current
            self.set_steps(self.steps)
            self.show_step(current_index)

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _on_select(self) -> None:
        row = self.selected_row()
        if row >= 0 and row != self._current:
            self.tabs.setCurrentIndex(0)  # a picked row opens its hop detail
            self.row_selected.emit(row)

    def _reveal(self) -> None:
        if 0 <= self._current < len(self.steps):
            self.object_requested.emit(self.steps[self._current].component)
