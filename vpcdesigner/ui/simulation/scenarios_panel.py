"""The scenarios dock: ask a question (connection, DNS lookup, user request), save it, run one or all.

Source and destination come from lists of the design's endpoints, free text (an IP, a DNS name),
or a click on the canvas after pressing "Pick". The last verdict column is runtime state only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.model import Derived, Design, Scenario

from ..theme import current
from .items import PALETTE_EVENTS
from .runner import HAS_REQUEST_ENGINE, Run

TYPES = (("connection", "Connection"), ("dns", "DNS lookup"), ("request", "User request"))
COL_VERDICT, COL_CHANGE, COL_QUESTION = 1, 2, 3
PALETTE = ("#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def swatch(colour: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(colour))
    return QIcon(pm)


def endpoints(design: Design, derived: Derived) -> list[str]:
    """Everything a packet can start from or go to, by id (hosts by name)."""
    out = [r.id for r in design.of_kind("internet-client", "instance", "load-balancer", "cloudfront",
                                        "dns-resolver", "nat-gateway")]
    out += [m.instance.id for members in derived.members.values() for m in members]
    out += [h.name for op in design.of_kind("on-premises") for h in getattr(op, "hosts", ())]
    out += [r.id for r in design.of_kind("auto-scaling-group")]
    return sorted(dict.fromkeys(out))


def question(sc: Scenario) -> str:
    if sc.type == "dns":
        return f"{sc.source} looks up {sc.destination}"
    if sc.type == "request":
        return f"{sc.source} opens {sc.destination}"
    port = f" {sc.port}" if sc.port is not None else ""
    return f"{sc.source} → {sc.destination} {sc.protocol.upper()}{port}"


class ScenariosPanel(QWidget):
    run_requested = Signal(object)  # Scenario (a saved row, double-clicked)
    run_form_requested = Signal()  # run the question in the form
    run_all_requested = Signal()
    save_form_requested = Signal()  # save the question in the form
    delete_requested = Signal(str)
    pick_requested = Signal(str)  # "source" | "destination"

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: tuple[Scenario, ...] = ()
        self.runs: dict[str, Run] = {}
        self.changes: dict[str, str] = {}
        self.colour = PALETTE[0]
        self.loaded: tuple[str, str] | None = None  # (id, name) of the saved scenario in the form
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Scenario", "Last verdict", "What-if", "Question"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.run_requested.emit(self.scenarios[r]))
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color:{current().hint_text}; font-weight:600")
        self.banner.hide()

        self.name = QLineEdit()
        self.name.setPlaceholderText("Name (for saving)")
        self.kind = QComboBox()
        for key, label in TYPES:
            self.kind.addItem(label, key)
        if not HAS_REQUEST_ENGINE:
            self.kind.setItemData(2, "Shown as its DNS lookup then the connection to the answer "
                                     "(the request engine is not installed)", Qt.ItemDataRole.ToolTipRole)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.source = self._combo()
        self.destination = self._combo()
        self.protocol = QComboBox()
        self.protocol.addItems(["tcp", "udp", "icmp", "all"])
        self.port = QSpinBox()
        self.port.setRange(-1, 65535)
        self.port.setSpecialValueText("default")
        self.port.setValue(443)
        self.colour_button = QPushButton()
        self.colour_button.setIcon(swatch(self.colour))
        self.colour_button.setToolTip("Animation colour")
        self.colour_button.clicked.connect(self._pick_colour)
        self.pick_src = QPushButton("Pick")
        self.pick_src.setToolTip("Then click the source on the canvas")
        self.pick_src.clicked.connect(lambda: self.pick_requested.emit("source"))
        self.pick_dst = QPushButton("Pick")
        self.pick_dst.setToolTip("Then click the destination on the canvas")
        self.pick_dst.clicked.connect(lambda: self.pick_requested.emit("destination"))

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.kind, 1)
        row.addWidget(self.colour_button)
        form.addRow("Ask", row)
        form.addRow("From", self._with(self.source, self.pick_src))
        self.dest_label = QLabel("To")
        form.addRow(self.dest_label, self._with(self.destination, self.pick_dst))
        prow = QHBoxLayout()
        prow.addWidget(self.protocol)
        prow.addWidget(QLabel("port"))
        prow.addWidget(self.port, 1)
        self.proto_label = QLabel("Protocol")
        form.addRow(self.proto_label, prow)
        form.addRow("Save as", self.name)

        buttons = QHBoxLayout()
        self.run_button = QPushButton("▶ Run")
        self.run_button.setToolTip("Run this question on the canvas (F9)")
        self.run_button.clicked.connect(self.run_form_requested.emit)
        self.run_all_button = QPushButton("Run all")
        self.run_all_button.setToolTip("Run every saved scenario and update its verdict")
        self.run_all_button.clicked.connect(self.run_all_requested.emit)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save this question in the design (undoable)")
        self.save_button.clicked.connect(self.save_form_requested.emit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._delete)
        for b in (self.run_button, self.run_all_button, self.save_button, self.delete_button):
            b.setMinimumWidth(56)  # the style's 80 px floor kept the dock (and so the canvas) wide
            buttons.addWidget(b)
        for b in (self.pick_src, self.pick_dst):
            b.setMinimumWidth(48)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addLayout(buttons)

    # ---- building helpers ----------------------------------------------------------------------
    @staticmethod
    def _combo() -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.setMinimumContentsLength(12)
        return box

    @staticmethod
    def _with(box: QComboBox, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(box, 1)
        row.addWidget(button)
        return row

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        self.dest_label.setText({"dns": "Look up", "request": "URL"}.get(kind, "To"))
        for w in (self.protocol, self.port, self.proto_label):
            w.setEnabled(kind == "connection")
        self.pick_dst.setEnabled(kind == "connection")

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour), self, "Animation colour")
        if colour.isValid():
            self.set_colour(colour.name())

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        self.colour_button.setIcon(swatch(colour))

    def _delete(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.scenarios):
            self.delete_requested.emit(self.scenarios[row].id)

    # ---- state ---------------------------------------------------------------------------------
    def set_endpoints(self, names: list[str]) -> None:
        for box in (self.source, self.destination):
            text = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            box.setEditText(text)
            box.blockSignals(False)

    def set_field(self, which: str, value: str) -> None:
        (self.source if which == "source" else self.destination).setEditText(value)

    def current(self) -> Scenario:
        """The question in the form as a Scenario (id from the name; validated by the model)."""
        kind = self.kind.currentData()
        name = self.name.text().strip()
        port = self.port.value()
        slug = "".join(c if c.isalnum() else "-" for c in (name or "scenario").lower()).strip("-") or "scenario"
        if self.loaded is not None and self.loaded[1] == name:
            slug = self.loaded[0]  # editing a saved scenario: Save updates it in place
        return Scenario(id=slug, name=name or question_text(kind, self.source.currentText(),
                                                             self.destination.currentText()),
                        type=kind, source=self.source.currentText().strip(),
                        destination=self.destination.currentText().strip(),
                        protocol=self.protocol.currentText() if kind == "connection" else "tcp",
                        port=port if kind == "connection" and port >= 0 else None, color=self.colour)

    def load_form(self, sc: Scenario) -> None:
        self.kind.setCurrentIndex(max(0, [k for k, _ in TYPES].index(sc.type)))
        self.source.setEditText(sc.source)
        self.destination.setEditText(sc.destination)
        self.protocol.setCurrentText(sc.protocol)
        self.port.setValue(sc.port if sc.port is not None else -1)
        self.name.setText(sc.name)
        for box in (self.source, self.destination):  # show a long URL from its start, not its tail
            edit = box.lineEdit()
            if edit is not None:
                edit.setCursorPosition(0)
        self.set_colour(sc.color)
        self.loaded = (sc.id, sc.name)

    def _on_select(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.scenarios):
            self.load_form(self.scenarios[row])

    def set_scenarios(self, scenarios: tuple[Scenario, ...]) -> None:
        self.scenarios = scenarios
        self.refresh()

    def set_results(self, runs: dict[str, Run], changes: dict[str, str]) -> None:
        self.runs, self.changes = runs, changes
        self.refresh()
        lines = [f"{sid}: {text}" for sid, text in changes.items()]
        self.banner.setText("What-if: " + " · ".join(lines) if lines else "")
        self.banner.setVisible(bool(lines))

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch recolours the verdicts and the what-if line."""
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:
            self.banner.setStyleSheet(f"color:{current().hint_text}; font-weight:600")
            self.refresh()

    def refresh(self) -> None:
        row_before = self.table.currentRow()
        self.table.setRowCount(len(self.scenarios))
        for r, sc in enumerate(self.scenarios):
            name = QTableWidgetItem(swatch(sc.color), sc.name or sc.id)
            name.setToolTip(sc.id)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, COL_QUESTION, QTableWidgetItem(question(sc)))
            run = self.runs.get(sc.id)
            verdict = QTableWidgetItem(run.short if run else "—")
            if run is not None:
                verdict.setForeground(QColor(current().accept if run.ok else current().refuse))
                verdict.setToolTip(run.summary)
                if sc.expected and (run.ok != (sc.expected == "reachable")) and not run.error:
                    verdict.setText(run.short + f" (expected {sc.expected})")
            self.table.setItem(r, COL_VERDICT, verdict)
            change = self.changes.get(sc.id, "")
            item = QTableWidgetItem(("⚠ " + change) if change else "")
            item.setToolTip(change)
            self.table.setItem(r, COL_CHANGE, item)
        if 0 <= row_before < len(self.scenarios):
            self.table.blockSignals(True)
            self.table.selectRow(row_before)
            self.table.blockSignals(False)


def question_text(kind: str, source: str, destination: str) -> str:
    verb = {"dns": "looks up", "request": "opens"}.get(kind, "→")
    return f"{source} {verb} {destination}"
