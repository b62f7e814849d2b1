"""Timeline plot (pyqtgraph): each step at its time, on a lane for its layer (client, DNS, edge,
gateway, route table, NACL, security group, load balancer, instance — outside to inside), so the
request visibly dives in and the reply climbs back out. Forward solid, reply dashed; verdict by
colour *and* symbol (o pass, x block, t info). The cursor follows the player; a click seeks."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..theme import current
from .items import PALETTE_EVENTS
from .steps import SimStep

SYMBOL = {"pass": "o", "block": "x", "info": "t"}
LANES = ("Client / internet", "DNS", "CloudFront", "Gateway", "Route table", "NACL", "Security group",
         "Load balancer", "Instance")
LANE_OF = {
    "internet": 0, "internet-client": 0, "on-premises": 0, "dns-resolver": 1, "hosted-zone": 1, "cloudfront": 2,
    "internet-gateway": 3, "nat-gateway": 3, "vpn-gateway": 3, "vpn-connection": 3, "customer-gateway": 3,
    "direct-connect": 3, "transit-gateway": 3, "vpc-peering": 3, "vpc-endpoint": 3,
    "egress-only-internet-gateway": 3, "route-table": 4, "network-acl": 5, "security-group": 6,
    "load-balancer": 7, "target-group": 7, "instance": 8, "network-interface": 8, "auto-scaling-group": 8,
    "aws-service": 8, "subnet": 4, "vpc": 4,
}


def lane(step: SimStep) -> int:
    """The layer a step happens in (DNS messages: the DNS lane, except the answer reaching the client)."""
    if step.direction == "dns":
        return 0 if step.extra.get("dns_kind") == "reply" else 1
    return LANE_OF.get(step.kind, 3)
def brush(verdict: str) -> str:
    t = current()
    return {"pass": t.accept, "block": t.refuse}.get(verdict, t.info)


class TimelinePlot(QWidget):
    seek_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        pg.setConfigOptions(antialias=True)
        self.plot = pg.PlotWidget(background=current().canvas)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "time on the animation timeline (s)")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.forward = self.plot.plot([], [], pen=pg.mkPen("#1f4e8c", width=2))
        self.back = self.plot.plot([], [], pen=pg.mkPen("#1f4e8c", width=2, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.points = pg.ScatterPlotItem(size=13, pxMode=True, hoverable=True, tip=self._tip)
        self.plot.addItem(self.points)
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#e65100", width=3))
        self.plot.addItem(self.cursor_line)
        self.cursor_line.hide()
        self.steps: list[SimStep] = []
        self.times = np.zeros(0)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def set_steps(self, steps: list[SimStep]) -> None:
        self.steps = steps
        ys = [lane(s) for s in steps]
        self.times = np.array([s.time for s in steps], dtype=float)
        fwd = [(s.time, y) for s, y in zip(steps, ys, strict=True) if s.direction != "return"]
        ret = [(s.time, y) for s, y in zip(steps, ys, strict=True) if s.direction == "return"]
        if ret and fwd:
            ret.insert(0, fwd[-1])
        self.forward.setData([p[0] for p in fwd], [p[1] for p in fwd])
        self.back.setData([p[0] for p in ret], [p[1] for p in ret])
        self.apply_theme()
        rim = current().canvas
        self.points.setData([{"pos": (s.time, y), "symbol": SYMBOL[s.verdict], "brush": brush(s.verdict),
                              "pen": pg.mkPen(rim if s.verdict != "block" else brush("block")), "data": s.index}
                             for s, y in zip(steps, ys, strict=True)])
        used = sorted(set(ys))
        self.plot.getAxis("left").setTicks([[(v, LANES[v]) for v in used]])
        if steps:
            self.plot.setXRange(-0.3, self.times[-1] + 0.3, padding=0)
            self.plot.setYRange(min(used) - 0.6, max(used) + 0.6, padding=0)
        self.set_cursor(-1)

    def apply_theme(self) -> None:
        """Background, axes and lines from the current theme (a white plot glared in the dark theme)."""
        t = current()
        self.plot.setBackground(t.canvas)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(t.muted))
            axis.setTextPen(pg.mkPen(t.text))
        self.forward.setPen(pg.mkPen(t.edge_flow, width=2))
        self.back.setPen(pg.mkPen(t.edge_flow, width=2, style=pg.QtCore.Qt.PenStyle.DashLine))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() not in PALETTE_EVENTS:
            return
        if not self.steps:
            self.apply_theme()
            return
        at = self.cursor_time  # a theme switch: redraw in the new colours, the cursor where it was
        self.set_steps(self.steps)
        if at is not None:
            self.cursor_line.setValue(at)
            self.cursor_line.show()

    def _tip(self, x: float, y: float, data: object) -> str:
        step = self.steps[int(data)] if isinstance(data, int) and 0 <= data < len(self.steps) else None  # type: ignore[arg-type]
        return f"{step.index + 1}. {step.name}: {step.check} {step.mark}" if step else ""

    def set_cursor(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self.cursor_line.setValue(self.steps[index].time)
            self.cursor_line.show()
        else:
            self.cursor_line.hide()

    @property
    def cursor_time(self) -> float | None:
        return float(self.cursor_line.value()) if self.cursor_line.isVisible() else None

    def nearest(self, t: float) -> int:
        if len(self.times) == 0:
            return -1
        return int(np.argmin(np.abs(self.times - t)))

    def _clicked(self, event: object) -> None:
        pos = event.scenePos()  # type: ignore[attr-defined]
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(pos):
            return
        index = self.nearest(vb.mapSceneToView(pos).x())
        if index >= 0:
            self.seek_requested.emit(index)
