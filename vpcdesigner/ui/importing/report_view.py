"""The import report in the app: what was mapped, skipped or stands in as a placeholder.

A non-modal window (read it beside the imported design): a summary line, severity and category
filters, a text filter, and Copy, which puts the rows shown (or the selected rows) on the
clipboard as the same plain text the CLI prints.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.exchange.report import (
    MAPPED,
    PLACEHOLDER,
    SEVERITIES,
    SKIPPED,
    ImportResult,
    ReportItem,
    format_report,
)

CATEGORIES = (("All kinds", ""), ("Mapped", MAPPED), ("Skipped", SKIPPED), ("Placeholders", PLACEHOLDER),
              ("Other notes", "other"))
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#b26a00", "info": "#546e7a"}


def category_of(item: ReportItem) -> str:
    """mapped / skipped / placeholder by the message's first word (the importers' convention)."""
    first = item.message.lstrip().split(" ", 1)[0].rstrip(":").lower()
    if first in (MAPPED, SKIPPED):
        return first
    if first.startswith(PLACEHOLDER):
        return PLACEHOLDER
    return "other"


def summary_text(result: ImportResult, source: str) -> str:
    """`Imported 'x' from y: 13 objects — 21 mapped, 2 skipped, 1 placeholder; 1 warning`."""
    kinds = Counter(category_of(i) for i in result.report)
    severities = Counter(i.severity for i in result.report)
    parts = [f"{kinds[c]} {label.lower() if kinds[c] != 1 else label.lower().rstrip('s')}"
             for label, c in CATEGORIES[1:4] if kinds[c]]
    issues = [f"{severities[s]} {s}{'' if severities[s] == 1 else 's'}" for s in ("error", "warning") if severities[s]]
    text = f"Imported “{result.design.name}” from {source}: {len(result.design.resources)} design objects."
    text += " Report: " + ", ".join(parts + (issues or ["no warnings"]))
    return text


class ReportDialog(QDialog):
    """One window per main window, refilled by each import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.items: list[ReportItem] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setStyleSheet("font-weight:600")
        self.severity_boxes: dict[str, QCheckBox] = {}
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        for severity in reversed(SEVERITIES):
            box = QCheckBox(severity)
            box.setChecked(True)
            box.toggled.connect(self.refilter)
            self.severity_boxes[severity] = box
            filters.addWidget(box)
        self.category = QComboBox()
        for label, key in CATEGORIES:
            self.category.addItem(label, key)
        self.category.currentIndexChanged.connect(self.refilter)
        filters.addWidget(self.category)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("Filter by name, file or text")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self.refilter)
        filters.addWidget(self.text_filter, 1)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Severity", "Where", "What happened"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 300)
        self.shown_label = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the rows shown (or the selected rows) as plain text")
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy)
        bottom = QHBoxLayout()
        bottom.addWidget(self.shown_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(980, 520)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Where gets about a third of the width; what happened keeps the rest."""
        super().resizeEvent(event)
        self.table.setColumnWidth(1, max(160, int(self.table.viewport().width() * 0.36)))
        self.table.resizeRowsToContents()

    def show_result(self, result: ImportResult, source: str) -> None:
        self.items = list(result.report)
        self.summary.setText(summary_text(result, source))
        counts: Counter[str] = Counter(i.severity for i in self.items)
        for severity, box in self.severity_boxes.items():
            box.setText(f"{severity}s ({counts[severity]})")
        self.category.setCurrentIndex(0)
        self.text_filter.clear()
        important = counts["error"] + counts["warning"]
        self.severity_boxes["info"].setChecked(not important)  # open on what needs a look
        self.refilter()

    def visible_items(self) -> list[ReportItem]:
        wanted = {s for s, box in self.severity_boxes.items() if box.isChecked()}
        category = self.category.currentData()
        needle = self.text_filter.text().strip().lower()
        return [i for i in self.items if i.severity in wanted
                and (not category or category_of(i) == category)
                and (not needle or needle in f"{i.where} {i.message}".lower())]

    def refilter(self) -> None:
        shown = self.visible_items()
        self.table.setRowCount(len(shown))
        for row, item in enumerate(shown):
            severity = QTableWidgetItem(item.severity)
            severity.setForeground(QBrush(QColor(SEVERITY_COLOURS[item.severity])))
            self.table.setItem(row, 0, severity)
            for col, text in ((1, item.where or "—"), (2, item.message)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item))
                self.table.setItem(row, col, cell)
        self.table.resizeRowsToContents()
        self.shown_label.setText(f"{len(shown)} of {len(self.items)} lines shown")

    def copy_text(self) -> str:
        shown = self.visible_items()
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        chosen = [shown[r] for r in rows if r < len(shown)] or shown
        return format_report(chosen)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.copy_text())
        self.shown_label.setText("Copied to the clipboard")
