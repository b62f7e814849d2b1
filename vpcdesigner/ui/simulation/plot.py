"""Timeline plot (pyqtgraph): each step at its time, one lane per component, forward and reply
told apart by line style, verdict by colour *and* symbol (o pass, x block, t info).
A vertical cursor follows the player; clicking the plot seeks to the nearest step."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .steps import SimStep

SYMBOL = {"pass": "o", "block": "x", "info": "t"}
BRUSH = {"pass": "#2e7d32", "block": "#c62828", "info": "#78909c"}


class TimelinePlot(QWidget):
    seek_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        pg.setConfigOptions(antialias=True)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "time on the animation timeline (s)")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.forward = self.plot.plot([], [], pen=pg.mkPen("#1f4e8c", width=2))
        self.back = self.plot.plot([], [], pen=pg.mkPen("#1f4e8c", width=2, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.points = pg.ScatterPlotItem(size=13, pxMode=True)
        self.plot.addItem(self.points)
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#e65100", width=3))
        self.plot.addItem(self.cursor)
        self.cursor.hide()
        self.steps: list[SimStep] = []
        self.times = np.zeros(0)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def set_steps(self, steps: list[SimStep]) -> None:
        self.steps = steps
        lanes: dict[str, int] = {}
        for s in steps:
            lanes.setdefault(s.name, len(lanes))
        ys = [lanes[s.name] for s in steps]
        self.times = np.array([s.time for s in steps], dtype=float)
        fwd = [(s.time, y) for s, y in zip(steps, ys, strict=True) if s.direction != "return"]
        ret = [(s.time, y) for s, y in zip(steps, ys, strict=True) if s.direction == "return"]
        if ret and fwd:
            ret.insert(0, fwd[-1])
        self.forward.setData([p[0] for p in fwd], [p[1] for p in fwd])
        self.back.setData([p[0] for p in ret], [p[1] for p in ret])
        self.points.setData([{"pos": (s.time, y), "symbol": SYMBOL[s.verdict], "brush": BRUSH[s.verdict],
                              "pen": pg.mkPen("w" if s.verdict != "block" else BRUSH["block"]), "data": s.index}
                             for s, y in zip(steps, ys, strict=True)])
        axis = self.plot.getAxis("left")
        axis.setTicks([[(v, k[:18]) for k, v in lanes.items()]])
        if steps:
            self.plot.setXRange(-0.3, self.times[-1] + 0.3, padding=0)
            self.plot.setYRange(-0.6, max(lanes.values()) + 0.6, padding=0)
        self.set_cursor(-1)

    def set_cursor(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self.cursor.setValue(self.steps[index].time)
            self.cursor.show()
        else:
            self.cursor.hide()

    @property
    def cursor_time(self) -> float | None:
        return float(self.cursor.value()) if self.cursor.isVisible() else None

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
