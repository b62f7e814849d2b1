"""File → Import ▸ CloudFormation Template(s)…: which templates, their stack names, parameters, region.

The dialog only collects the request (`request()`); `ImportActions` runs it. Adding a template
reads its Parameters section at once, so the table lists what the template declares, with each
default and the required ones marked, and a broken file is named before anything runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.exchange.cloudformation.errors import TemplateError
from vpcdesigner.exchange.cloudformation.loader import load_template
from vpcdesigner.exchange.cloudformation.parameters import read_parameter_file
from vpcdesigner.exchange.cloudformation.stacks import StackSpec

from .regions import REGIONS

TEMPLATE_FILTER = "CloudFormation templates (*.yaml *.yml *.json *.template);;All files (*)"
PARAMS_FILTER = "Parameter files (*.json *.yaml *.yml);;All files (*)"
STACK, KEY, VALUE, DEFAULT = range(4)
REQUIRED = "required"


def cell_text(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item is not None else ""


def set_cell(table: QTableWidget, row: int, col: int, text: str) -> None:
    item = table.item(row, col)
    if item is None:
        table.setItem(row, col, QTableWidgetItem(text))
    else:
        item.setText(text)


@dataclass(frozen=True)
class CfnRequest:
    """What to import: `file@Stack` specs, `[STACK.]K` → value, and the region."""

    specs: list[str]
    params: dict[str, str]
    region: str


def value_text(value: Any) -> str:
    """A parameter value as the text CloudFormation would see (lists comma-joined)."""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


class CloudFormationDialog(QDialog):
    """Kept by ImportActions between uses, so a failed import can be fixed and run again."""

    def __init__(self, parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import CloudFormation templates")
        self.folder = folder
        self.templates = QTableWidget(0, 2)
        self.templates.setHorizontalHeaderLabels(["Template file", "Stack name"])
        self._table_style(self.templates)
        self.templates.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.templates.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.templates.setColumnWidth(1, 210)
        self.templates.itemChanged.connect(self._on_template_edited)
        add = QPushButton("&Add templates…")
        add.clicked.connect(self.add_dialog)
        remove = QPushButton("&Remove")
        remove.clicked.connect(self.remove_selected_templates)
        group_t = QGroupBox("Templates — stacks given together resolve each other’s exports")
        lt = QVBoxLayout(group_t)
        lt.addWidget(self.templates)
        lt.addLayout(self._row(add, remove))
        self.params = QTableWidget(0, 4)
        self.params.setHorizontalHeaderLabels(["Stack", "Parameter", "Value", "Default"])
        self._table_style(self.params)
        for col, mode in ((STACK, QHeaderView.ResizeMode.Interactive), (KEY, QHeaderView.ResizeMode.Interactive),
                          (VALUE, QHeaderView.ResizeMode.Stretch), (DEFAULT, QHeaderView.ResizeMode.Interactive)):
            self.params.horizontalHeader().setSectionResizeMode(col, mode)
        self.params.setColumnWidth(STACK, 110)
        self.params.setColumnWidth(KEY, 230)
        self.params.setColumnWidth(DEFAULT, 120)
        load = QPushButton("&Load parameter file…")
        load.setToolTip("AWS CLI format: [{\"ParameterKey\": \"K\", \"ParameterValue\": \"V\"}, …]; "
                        "applied to the selected template's stack, else to every stack declaring the key")
        load.clicked.connect(self.load_params_dialog)
        add_row = QPushButton("Add ro&w")
        add_row.clicked.connect(lambda: self.set_param("", "", ""))
        remove_row = QPushButton("Remove r&ow")
        remove_row.clicked.connect(self.remove_selected_params)
        group_p = QGroupBox("Parameters — an empty value uses the default; an empty stack applies to every stack")
        lp = QVBoxLayout(group_p)
        lp.addWidget(self.params)
        lp.addLayout(self._row(load, add_row, remove_row))
        self.region = QComboBox()
        self.region.setEditable(True)
        self.region.addItems(REGIONS)
        self.region.setCurrentText("us-east-1")
        self.region.setToolTip("AWS::Region for the templates (GetAZs, region mappings, ARNs)")
        form = QFormLayout()
        form.addRow("Re&gion", self.region)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setStyleSheet("color:#c62828")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(group_t, 2)
        layout.addWidget(group_p, 3)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(860, 600)
        self._update_buttons()

    @staticmethod
    def _table_style(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            row.addWidget(w)
        row.addStretch(1)
        return row

    # ---- templates -----------------------------------------------------------------------------
    def add_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add CloudFormation templates", self.folder, TEMPLATE_FILTER)
        for path in paths:
            self.add_template(path)

    def add_template(self, path: str, stack: str | None = None) -> None:
        """Add a template; its declared parameters join the parameters table."""
        path = os.path.abspath(path)
        self.folder = os.path.dirname(path)
        name = stack or StackSpec.parse(path).stack_name
        row = self.templates.rowCount()
        self.templates.blockSignals(True)
        self.templates.insertRow(row)
        file_item = QTableWidgetItem(f"{os.path.basename(path)}   ({os.path.dirname(path)})")
        file_item.setData(Qt.ItemDataRole.UserRole, path)
        file_item.setFlags(file_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        file_item.setToolTip(path)
        self.templates.setItem(row, 0, file_item)
        stack_item = QTableWidgetItem(name)
        stack_item.setData(Qt.ItemDataRole.UserRole, name)
        stack_item.setToolTip("Double-click to rename the stack (used by ImportValue, STACK.K parameters, "
                              "and ids that collide across stacks)")
        self.templates.setItem(row, 1, stack_item)
        self.templates.blockSignals(False)
        self._declare(path, name)
        self._update_buttons()

    def _declare(self, path: str, stack: str) -> None:
        try:
            template = load_template(path)
        except TemplateError as exc:
            self.show_problem(str(exc))
            return
        except (OSError, ValueError) as exc:
            self.show_problem(f"{path}: {exc}")
            return
        for name, decl in template.parameters.items():
            default = value_text(decl.default) if decl.has_default else REQUIRED
            self.set_param(stack, name, None, default=default, tip=decl.type)

    def remove_selected_templates(self) -> None:
        for row in sorted({i.row() for i in self.templates.selectedIndexes()}, reverse=True):
            stack = cell_text(self.templates, row, 1)
            self.templates.removeRow(row)
            if stack not in self.stack_names():
                for prow in reversed(range(self.params.rowCount())):
                    if self._cell(prow, STACK) == stack and not self._cell(prow, VALUE):
                        self.params.removeRow(prow)
        self._update_buttons()

    def _on_template_edited(self, item: QTableWidgetItem) -> None:
        if item.column() != 1:
            return
        old = str(item.data(Qt.ItemDataRole.UserRole) or "")
        new = item.text().strip()
        spec = StackSpec.parse(f"x@{new}")
        if not new or spec.name != new:
            self.show_problem(f"“{new}” is not a valid stack name (letters, digits, - _ . ; starting with a letter "
                              "or digit)")
            self.templates.blockSignals(True)
            item.setText(old)
            self.templates.blockSignals(False)
            return
        item.setData(Qt.ItemDataRole.UserRole, new)
        for row in range(self.params.rowCount()):
            if self._cell(row, STACK) == old:
                set_cell(self.params, row, STACK, new)
        self.show_problem("")

    def template_path(self, row: int) -> str:
        item = self.templates.item(row, 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def stack_names(self) -> list[str]:
        return [cell_text(self.templates, r, 1) for r in range(self.templates.rowCount())]

    def specs(self) -> list[str]:
        out = []
        for row in range(self.templates.rowCount()):
            path, stack = self.template_path(row), cell_text(self.templates, row, 1)
            out.append(path if stack == StackSpec.parse(path).stack_name else f"{path}@{stack}")
        return out

    # ---- parameters ----------------------------------------------------------------------------
    def _cell(self, row: int, col: int) -> str:
        return cell_text(self.params, row, col)

    def set_param(self, stack: str, key: str, value: str | None, default: str = "", tip: str = "") -> int:
        """Set the value of (stack, key), adding the row when there is none; None keeps a value."""
        for row in range(self.params.rowCount()):
            if key and self._cell(row, STACK) == stack and self._cell(row, KEY) == key:
                if value is not None:
                    set_cell(self.params, row, VALUE, value)
                return row
        row = self.params.rowCount()
        self.params.insertRow(row)
        for col, text in ((STACK, stack), (KEY, key), (VALUE, value or ""), (DEFAULT, default)):
            cell = QTableWidgetItem(text)
            if col == DEFAULT:
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                cell.setToolTip(f"{tip}; give a value, the template has no default" if text == REQUIRED else tip)
                if text == REQUIRED:
                    cell.setForeground(QBrush(QColor("#c62828")))
                    font = QFont(cell.font())
                    font.setBold(True)
                    cell.setFont(font)
            self.params.setItem(row, col, cell)
        return row

    def remove_selected_params(self) -> None:
        for row in sorted({i.row() for i in self.params.selectedIndexes()}, reverse=True):
            self.params.removeRow(row)

    def load_params_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load parameter file", self.folder, PARAMS_FILTER)
        if path:
            self.load_params(path)

    def load_params(self, path: str, stack: str | None = None) -> bool:
        """Fill values from an AWS CLI parameter file, for `stack` (default: the selected template's)."""
        try:
            values = read_parameter_file(path)
        except TemplateError as exc:
            self.show_problem(str(exc))
            return False
        if stack is None:
            rows = sorted({i.row() for i in self.templates.selectedIndexes()})
            stack = cell_text(self.templates, rows[0], 1) if len(rows) == 1 else ""
        for key, value in values.items():
            matches = [r for r in range(self.params.rowCount()) if self._cell(r, KEY) == key
                       and (not stack or self._cell(r, STACK) == stack)]
            for row in matches:
                set_cell(self.params, row, VALUE, value_text(value))
            if not matches:
                self.set_param(stack, key, value_text(value))
        self.show_problem("")
        return True

    def param_values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for row in range(self.params.rowCount()):
            stack, key, value = self._cell(row, STACK), self._cell(row, KEY), self._cell(row, VALUE)
            if key and value:
                out[f"{stack}.{key}" if stack else key] = value
        return out

    def missing_required(self) -> list[str]:
        return [f"{self._cell(r, STACK)}.{self._cell(r, KEY)}" for r in range(self.params.rowCount())
                if self._cell(r, DEFAULT) == REQUIRED and not self._cell(r, VALUE)]

    # ---- answer --------------------------------------------------------------------------------
    def request(self) -> CfnRequest:
        return CfnRequest(self.specs(), self.param_values(), self.region.currentText().strip() or "us-east-1")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self.templates.rowCount() > 0)

    def _try_accept(self) -> None:
        if not self.templates.rowCount():
            self.show_problem("Add at least one template.")
            return
        self.show_problem("")  # required values left empty are named by the importer (a parent may pass them)
        self.accept()


def default_folder(window: Any) -> str:
    """The folder of the open design, else the home folder (like File → Open)."""
    path = getattr(window, "path", None)
    return os.path.dirname(path) if path else str(Path.home())
