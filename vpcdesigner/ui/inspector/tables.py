"""Table editor for a tuple of parts: SG rules, NACL rules, routes, DNS records, listeners, targets...

Each row is validated as you type; a valid change replaces the whole resource in one undo step.
Add, remove, move up/down, duplicate and presets (HTTP, HTTPS, SSH, ephemeral return range).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.model import NaclRule, SgRule

from .. import icons
from ..theme import current as current_theme
from .fields import FieldInfo, fields_of, format_value, parse_value

PRESETS: dict[str, dict[str, Any]] = {
    "HTTP (TCP 80)": {"protocol": "tcp", "port_from": 80, "port_to": 80, "cidr": "0.0.0.0/0"},
    "HTTPS (TCP 443)": {"protocol": "tcp", "port_from": 443, "port_to": 443, "cidr": "0.0.0.0/0"},
    "SSH (TCP 22) from 10.0.0.0/8": {"protocol": "tcp", "port_from": 22, "port_to": 22, "cidr": "10.0.0.0/8"},
    "Ephemeral return (TCP 1024-65535)": {"protocol": "tcp", "port_from": 1024, "port_to": 65535,
                                          "cidr": "0.0.0.0/0"},
}
HIDDEN = {"icmp_type", "icmp_code"}
SHORT = {"port_from": "from port", "port_to": "to port", "security_group": "SG", "prefix_list": "prefix list",
         "destination_prefix_list": "dest. prefix list", "protocol": "proto", "description": "note"}


class _ChoiceDelegate(QStyledItemDelegate):
    """A combo box for columns with a fixed set of values (action, protocol, record type)."""

    def __init__(self, choices: dict[int, tuple[str, ...]], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        values = self.choices.get(index.column())
        if not values:
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.addItems(list(values))
        box.setEditable(index.column() in getattr(self, "editable", set()))
        return box


class PartsTable(QWidget):
    """Edit `resource.<field>` (a tuple of parts) as a table."""

    def __init__(self, title: str, part_cls: type[BaseModel], commit: Callable[[tuple[Any, ...]], str | None],
                 parent: QWidget | None = None, default: Callable[[], dict[str, Any]] | None = None) -> None:
        super().__init__(parent)
        self.part_cls, self._commit, self._default = part_cls, commit, default
        self.columns: list[FieldInfo] = [f for f in fields_of(part_cls) if f.name not in HIDDEN
                                         and f.shape != "parts"]
        self.values: tuple[Any, ...] = ()
        self._loading = False
        self.ordered = part_cls is NaclRule
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        head = QHBoxLayout()
        label = QLabel(f"<b>{title}</b>")
        head.addWidget(label)
        head.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        for name, tip in (("add", "Add a row"), ("duplicate", "Duplicate the selected row"),
                          ("up", "Move up (NACL: lower rule number)"), ("down", "Move down"),
                          ("remove", "Remove the selected row")):
            b = QToolButton(self)
            b.setText({"add": "+", "duplicate": "Dup", "up": "▲", "down": "▼", "remove": "−"}[name])
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(getattr(self, f"_{name}"))
            head.addWidget(b)
            self.buttons[name] = b
        if part_cls in (SgRule, NaclRule):
            preset = QToolButton(self)
            preset.setText("Presets")
            preset.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(preset)
            for pname in PRESETS:
                act = QAction(pname, menu)
                act.triggered.connect(lambda _=False, p=pname: self.add_preset(p))
                menu.addAction(act)
            preset.setMenu(menu)
            head.addWidget(preset)
        layout.addLayout(head)
        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([SHORT.get(c.name, c.name.replace("_", " ")) for c in self.columns])
        for i, c in enumerate(self.columns):
            item = self.table.horizontalHeaderItem(i)
            if item is not None:
                item.setToolTip(c.description or (", ".join(c.choices) if c.choices else c.name))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        choices = {i: c.choices + (("",) if c.optional else ()) for i, c in enumerate(self.columns) if c.choices}
        self.table.setItemDelegate(_ChoiceDelegate(choices, self.table))
        self.table.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.table)
        self.explain = QLabel("", self)  # the selected rule in plain words
        self.explain.setStyleSheet(f"color: {current_theme().edge_flow};")
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.table.currentCellChanged.connect(lambda row, *_: self._explain(row))
        self.error = QLabel("", self)
        self.error.setStyleSheet(f"color: {current_theme().refuse};")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

    # ---- showing --------------------------------------------------------------------------
    def set_values(self, values: tuple[Any, ...]) -> None:
        self.values = tuple(values)
        self._loading = True
        current = self.table.currentRow()
        self.table.setRowCount(len(values))
        for row, part in enumerate(values):
            for col, info in enumerate(self.columns):
                text = format_value(info, getattr(part, info.name))
                item = self.table.item(row, col)
                if item is None:
                    item = QTableWidgetItem(text)
                    self.table.setItem(row, col, item)
                elif item.text() != text:
                    item.setText(text)
                item.setBackground(QColor(0, 0, 0, 0))
                if info.name == "action":
                    item.setIcon(icons.icon("verdict-pass" if text == "allow" else "verdict-block"))
        rows = max(3, min(len(values), 10))
        self.table.setMinimumHeight(28 + 26 * rows)
        if 0 <= current < len(values):
            self.table.selectRow(current)
        self._explain(self.table.currentRow())
        self._loading = False
        self.error.hide()

    def _explain(self, row: int) -> None:
        part = self.values[row] if 0 <= row < len(self.values) else None
        text = getattr(part, "text", "") if part is not None else ""
        if part is not None and isinstance(part, NaclRule):
            text = f"Rule {part.number}: {text}"
        self.explain.setText(f"▸ {text}" if text else "")

    # ---- editing --------------------------------------------------------------------------
    def _row_data(self, row: int) -> dict[str, Any]:
        base = self.values[row].model_dump() if row < len(self.values) else {}
        for col, info in enumerate(self.columns):
            item = self.table.item(row, col)
            text = item.text() if item is not None else ""
            base[info.name] = parse_value(info, text)
        return base

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        row = item.row()
        try:
            part = self.part_cls.model_validate(self._row_data(row))
        except (ValidationError, ValueError) as exc:
            self._show_error(row, item, exc)
            return
        values = list(self.values)
        values[row] = part
        self._apply(tuple(values), row)

    def _show_error(self, row: int, item: QTableWidgetItem, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            msg = f"Row {row + 1}: {where + ': ' if where else ''}{str(err['msg']).removeprefix('Value error, ')}"
        else:
            msg = f"Row {row + 1}: {exc}"
        self._loading = True
        item.setBackground(QColor(current_theme().error_fill))
        item.setToolTip(msg)
        self._loading = False
        self.error.setText("✗ " + msg)
        self.error.show()

    def _apply(self, values: tuple[Any, ...], select: int | None = None) -> None:
        if self.ordered:
            chosen = values[select] if select is not None and 0 <= select < len(values) else None
            values = tuple(sorted(values, key=lambda r: r.number))
            select = values.index(chosen) if chosen is not None else select
        problem = self._commit(values)
        if problem:
            self.error.setText("✗ " + problem)
            self.error.show()
            return
        self.set_values(values)
        if select is not None and 0 <= select < len(values):
            self.table.selectRow(select)

    def _selected(self) -> int:
        return self.table.currentRow()

    def _new_part(self, overrides: dict[str, Any] | None = None) -> Any:
        data: dict[str, Any] = {}
        if self.part_cls is SgRule:
            data = dict(PRESETS["HTTPS (TCP 443)"])
        elif self.part_cls is NaclRule:
            data = dict(PRESETS["HTTPS (TCP 443)"], action="allow")
        elif self._default is not None:
            data = self._default()
        elif self.values:
            data = self.values[-1].model_dump()
        data.update(overrides or {})
        if self.part_cls is NaclRule:
            used = {r.number for r in self.values}
            n = (max(used, default=0) // 100 + 1) * 100
            while n in used:
                n += 1
            data["number"] = n
        try:
            return self.part_cls.model_validate(data)
        except ValidationError as exc:
            self.error.setText("✗ Cannot add a default row: " + str(exc.errors()[0]["msg"]))
            self.error.show()
            return None

    def _add(self) -> None:
        part = self._new_part()
        if part is not None:
            self._apply((*self.values, part), len(self.values))

    def add_preset(self, name: str) -> None:
        part = self._new_part(PRESETS[name])
        if part is not None:
            self._apply((*self.values, part), len(self.values))

    def _duplicate(self) -> None:
        row = self._selected()
        if not 0 <= row < len(self.values):
            return
        part = self.values[row]
        copy = self._new_part(part.model_dump(exclude={"number"})) if self.part_cls is NaclRule else part
        if copy is not None:
            values = list(self.values)
            values.insert(row + 1, copy)
            self._apply(tuple(values), row + 1)

    def _remove(self) -> None:
        row = self._selected()
        if 0 <= row < len(self.values):
            values = list(self.values)
            del values[row]
            self._apply(tuple(values), min(row, len(values) - 1))

    def _move(self, delta: int) -> None:
        row = self._selected()
        other = row + delta
        if not (0 <= row < len(self.values) and 0 <= other < len(self.values)):
            return
        values = list(self.values)
        if self.ordered:  # NACL order is the rule number: swap the numbers
            a, b = values[row], values[other]
            values[row] = a.model_copy(update={"number": b.number})
            values[other] = b.model_copy(update={"number": a.number})
            self._apply(tuple(values), row)
            return
        values[row], values[other] = values[other], values[row]
        self._apply(tuple(values), other)

    def _up(self) -> None:
        self._move(-1)

    def _down(self) -> None:
        self._move(1)
