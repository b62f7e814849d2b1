"""Reachability view: a source × destination matrix for one port (cells open their trace) and the
list of what the internet can reach.

Instance × instance cells come from `vpcdesigner.sim.matrix.matrix()` and the exposure list from
`vpcdesigner.sim.exposure.exposure()` when those exist; the extra rows (internet clients,
on-premises hosts) and columns (load balancers), and everything when those modules are missing,
are traced here with `trace` (fine for small designs)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vpcdesigner.model import Design, Scenario, derive
from vpcdesigner.sim import TraceInputError, trace

from ..theme import current

try:  # the bulk engines, when installed
    from vpcdesigner.sim.exposure import exposure as sim_exposure
    from vpcdesigner.sim.matrix import matrix as sim_matrix
except ImportError:  # pragma: no cover - depends on what is installed
    sim_matrix = None  # type: ignore[assignment]
    sim_exposure = None  # type: ignore[assignment]

EXPOSURE_PORTS = (22, 80, 443, 3389, 3306, 5432)
MAX_CELLS = 900


@dataclass(frozen=True)
class Cell:
    source: str
    destination: str
    reachable: bool | None
    where: str


def matrix_endpoints(design: Design) -> tuple[list[str], list[str]]:
    """Sources: internet clients, instances, ASG members, on-premises hosts. Destinations: instances,
    members and load balancers (what a port can be open on)."""
    d = derive(design)
    machines = sorted(d.instances)
    clients = [r.id for r in design.of_kind("internet-client")]
    hosts = [h.name for op in design.of_kind("on-premises") for h in getattr(op, "hosts", ())]
    lbs = [r.id for r in design.of_kind("load-balancer")]
    return clients + machines + hosts, machines + lbs


def _traced(design: Design, s: str, t: str, protocol: str, port: int) -> Cell:
    if s == t:
        return Cell(s, t, None, "itself")
    try:
        tr = trace(design, s, t, protocol=protocol, port=port)
    except TraceInputError as exc:
        return Cell(s, t, None, str(exc))
    return Cell(s, t, bool(tr.reachable), tr.blocked.name if tr.blocked else "")


def compute_matrix(design: Design, protocol: str, port: int) -> tuple[list[str], list[str], list[list[Cell]]]:
    sources, dests = matrix_endpoints(design)
    if len(sources) * len(dests) > MAX_CELLS:
        dests = dests[: max(1, MAX_CELLS // max(1, len(sources)))]
    bulk: dict[tuple[str, str], bool] = {}
    if sim_matrix is not None:
        try:
            m = sim_matrix(design, port=port, protocol=protocol)
        except (TraceInputError, ValueError):
            m = None
        if m is not None:
            for i, a in enumerate(m.endpoints):
                for j, b in enumerate(m.endpoints):
                    if a != b:
                        bulk[(a, b)] = bool(m.reachable[i, j])
    rows = []
    for s in sources:
        row = []
        for t in dests:
            if (s, t) in bulk:
                row.append(Cell(s, t, bulk[(s, t)], "" if bulk[(s, t)] else "double-click to see where"))
            else:
                row.append(_traced(design, s, t, protocol, port))
        rows.append(row)
    return sources, dests, rows


@dataclass(frozen=True)
class ExposedLine:
    """One line of the exposure list and the trace question behind it."""

    text: str
    source: str
    destination: str
    port: int | None


def exposure_lines(design: Design) -> list[ExposedLine]:
    """From `sim.exposure` when installed, else a fixed set of ports traced from an internet client."""
    if sim_exposure is None:
        return [ExposedLine(text, "", text.split(":")[0], None) for text in exposure(design)]
    out = []
    for e in sim_exposure(design):
        ports = f"{e.protocol.upper()} {e.port_from}" + (f"-{e.port_to}" if e.port_to != e.port_from else "")
        out.append(ExposedLine(f"{e.name}: {ports} from the internet — {e.allowed_by}; client sees {e.client_sees}",
                               e.source, e.component, e.port_from))
    return out


def exposure(design: Design, ports: tuple[int, ...] = EXPOSURE_PORTS) -> list[str]:
    """"db: TCP 22 from the internet" lines for everything an internet client can open."""
    clients = [r.id for r in design.of_kind("internet-client")] or ["198.51.100.77"]
    _sources, dests = matrix_endpoints(design)
    dests = [r.id for r in design.of_kind("cloudfront")] + dests
    out = []
    for t in dests:
        for port in ports:
            try:
                tr = trace(design, clients[0], t, protocol="tcp", port=port)
            except TraceInputError:
                continue
            if tr.reachable:
                ends = [leg.destination for leg in tr.legs[1:]]
                via = f" (through to {' → '.join(ends)})" if ends else ""
                out.append(f"{t}: TCP {port} is reachable from the internet{via}")
    return out


class ReachabilityPanel(QWidget):
    trace_requested = Signal(object)  # Scenario

    def __init__(self) -> None:
        super().__init__()
        self.design: Design | None = None
        self.cells: list[list[Cell]] = []
        self.protocol = QComboBox()
        self.protocol.addItems(["tcp", "udp"])
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(443)
        self.go = QPushButton("Compute")
        self.go.clicked.connect(self.compute)
        top = QHBoxLayout()
        for w in (QLabel("Matrix for"), self.protocol, QLabel("port"), self.port, self.go):
            top.addWidget(w)
        top.addStretch(1)
        self.note = QLabel("Rows: sources; columns: destinations. Double-click a cell to watch its trace.")
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted in every theme
        self.table = QTableWidget(0, 0)
        self.table.cellDoubleClicked.connect(self._open)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.exposed = QListWidget()
        self.exposed.setWordWrap(True)
        self.exposed.setToolTip("Double-click a line to watch its trace")
        self.exposed.itemDoubleClicked.connect(lambda _item: self._open_exposed(self.exposed.currentRow()))
        self.exposed_lines: list[ExposedLine] = []
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("<b>Exposed to the internet</b>"))
        rl.addWidget(self.exposed, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([640, 300])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        outer.addWidget(split)

    def set_design(self, design: Design) -> None:
        self.design = design

    def compute(self) -> None:
        if self.design is None:
            return
        sources, dests, self.cells = compute_matrix(self.design, self.protocol.currentText(), self.port.value())
        self.table.setRowCount(len(sources))
        self.table.setColumnCount(len(dests))
        self.table.setVerticalHeaderLabels(sources)
        self.table.setHorizontalHeaderLabels(dests)
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                text = "—" if cell.reachable is None else "✓" if cell.reachable else "✗"
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if cell.reachable is not None:  # a tint of the theme's verdict colour over the table's own base
                    tint = QColor(current().accept if cell.reachable else current().refuse)
                    tint.setAlpha(70)
                    item.setBackground(tint)
                item.setToolTip(f"{cell.source} → {cell.destination}: " + (
                    cell.where if cell.reachable is None else "reachable" if cell.reachable
                    else f"blocked at {cell.where}"))
                self.table.setItem(r, c, item)
        self.exposed.clear()
        self.exposed_lines = exposure_lines(self.design)
        self.exposed.addItems([line.text for line in self.exposed_lines]
                              or ["Nothing is reachable from the internet."])

    def _open_exposed(self, row: int) -> None:
        if 0 <= row < len(self.exposed_lines) and self.exposed_lines[row].source:
            line = self.exposed_lines[row]
            self.trace_requested.emit(Scenario(id="exposure", name=line.text.split(" — ")[0], source=line.source,
                                               destination=line.destination, port=line.port))

    def _open(self, row: int, col: int) -> None:
        cell = self.cells[row][col]
        if cell.reachable is None:
            return
        self.trace_requested.emit(Scenario(
            id="matrix-cell", name=f"{cell.source} → {cell.destination}", source=cell.source,
            destination=cell.destination, protocol=self.protocol.currentText(), port=self.port.value()))
