"""The path of a simulated connection drawn over the exported diagram.

Steps come from the simulation panel's own `from_trace` / `assign` (so a picture and the panel
agree on where each hop happens). Consecutive steps at one place become one *stop*: a numbered
pill ("4–6") with a verdict mark (✓ disc, ✗ octagon, • dot). The request path is a solid line
with arrowheads, the reply path a dashed one beside it. Places outside the design (the internet,
DNS servers) are drawn as small stations in a column left of the design.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from .. import icons
from ..canvas.scene import DesignScene
from ..simulation.anchors import assign
from ..simulation.steps import SimStep
from ..theme import current
from .marks import BLOCK, FORWARD, RETURN, draw_arrow_head, draw_mark, pfont

STATION_LABELS = {
    "internet": ("Internet", "internet"), "root": ("DNS root servers", "dns-resolver"),
    "tld": ("TLD name servers", "dns-resolver"), "aws-dns": ("AWS DNS (Route 53)", "hosted-zone"),
    "resolver": ("Default resolver", "dns-resolver"),
}
STATION_W, STATION_H, STATION_GAP = 220.0, 60.0, 40.0
RANK = {"block": 2, "pass": 1, "info": 0}


@dataclass
class Stop:
    anchor: str
    direction: str
    numbers: list[int] = field(default_factory=list)
    verdict: str = "info"
    point: QPointF = field(default_factory=QPointF)
    marker: QPointF = field(default_factory=QPointF)

    @property
    def label(self) -> str:
        a, b = self.numbers[0], self.numbers[-1]
        return str(a) if a == b else f"{a}–{b}"


class TraceLayer:
    """Lays the stops of `steps` out over `scene` and paints them in scene coordinates."""

    def __init__(self, scene: DesignScene, steps: list[SimStep], design_rect: QRectF,
                 destination: str | None = None) -> None:
        self.scene = scene
        self.steps = steps
        target = scene.item(destination) if destination else None
        self.target = QRectF()
        if target is not None:  # a node with its name and detail lines, or a whole container
            box = target.rect() if target.role in ("container", "band") else target.footprint()
            self.target = target.mapRectToScene(box).adjusted(-6, -8, 6, 4)
        edges = {e.rid: key for key, e in scene.edge_items().items()}
        if steps and not all(s.anchor for s in steps):
            assign(steps, scene.doc.design, scene.derived, set(scene.items_by_id()), edges)
        used = [a.split(":", 1)[1] for a in self._anchors() if a.startswith("station:")]
        self.stations: dict[str, QRectF] = {}
        x = design_rect.left() - STATION_W - 48
        y = design_rect.top() + 40
        for name in STATION_LABELS:
            if name in used:
                self.stations[name] = QRectF(x, y, STATION_W, STATION_H)
                y += STATION_H + STATION_GAP
        self.stops = self._stops()

    def _anchors(self) -> list[str]:
        out = [s.anchor for s in self.steps]
        out += [s.extra["from_anchor"] for s in self.steps if "from_anchor" in s.extra]
        return out

    def bounds(self) -> QRectF:
        """Scene area the layer draws on outside the design (stations, markers)."""
        rect = QRectF()
        for r in self.stations.values():
            rect = r if rect.isNull() else rect.united(r)
        for stop in self.stops:
            m = QRectF(stop.marker.x() - 10, stop.marker.y() - 26, 200 if stop.verdict == "block" else 90, 52)
            rect = m if rect.isNull() else rect.united(m)
        if not self.target.isNull():
            rect = self.target.adjusted(0, -24, 0, 0) if rect.isNull() else rect.united(
                self.target.adjusted(0, -24, 0, 0))
        return rect

    def point(self, anchor: str) -> QPointF:
        if anchor.startswith("station:"):
            r = self.stations.get(anchor.split(":", 1)[1])
            return r.center() if r is not None else QPointF()
        if anchor.startswith("edge:"):
            edge = self.scene.edge_items().get(anchor.split(":", 1)[1])
            return edge.mapToScene(edge._line.pointAt(0.5)) if edge is not None else QPointF()
        item = self.scene.item(anchor)
        if item is None:
            return QPointF()
        r = item.mapRectToScene(item.rect())
        if item.role in ("container", "band"):  # on the header icon, leaving the name readable
            return QPointF(r.left() + 19, r.top() + 16)
        return r.center()

    def _stops(self) -> list[Stop]:
        stops: list[Stop] = []
        for n, step in enumerate(self.steps, 1):
            if "from_anchor" in step.extra and not stops:
                first = Stop(step.extra["from_anchor"], step.direction, [], "info")
                stops.append(first)
            last = stops[-1] if stops else None
            if last is not None and last.anchor == step.anchor and last.direction == step.direction:
                last.numbers.append(n)
                if RANK[step.verdict] > RANK[last.verdict]:
                    last.verdict = step.verdict
            else:
                stops.append(Stop(step.anchor, step.direction, [n], step.verdict))
        stops = [s for s in stops if s.numbers]
        seen: dict[tuple[float, float], int] = {}
        for stop in stops:
            stop.point = self.point(stop.anchor)
            key = (round(stop.point.x()), round(stop.point.y()))
            k = seen.get(key, 0)
            seen[key] = k + 1
            stop.marker = QPointF(stop.point.x() + 14, stop.point.y() - 34 - 27 * k)  # a column, upwards
        return stops

    # ---- painting -------------------------------------------------------------------------------
    def paint(self, painter: QPainter) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for name, rect in self.stations.items():
            self._station(painter, name, rect)
        fwd = [s.point for s in self.stops if s.direction != "return"]
        back = [s.point for s in self.stops if s.direction == "return"]
        if back and fwd:
            back.insert(0, fwd[-1])
        self._path(painter, fwd, FORWARD, Qt.PenStyle.SolidLine, 4.0, QPointF(0, 0))
        self._path(painter, back, RETURN, Qt.PenStyle.DashLine, 3.0, QPointF(7, 7))
        if not self.target.isNull():
            self._target(painter)
        for stop in self.stops:
            self._marker(painter, stop)
        painter.restore()

    def _target(self, painter: QPainter) -> None:
        """The destination the packet was meant for: a dashed ring and the word, so a blocked
        trace still shows where it was going."""
        pen = QPen(QColor(FORWARD), 2.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.target, 12, 12)
        label = QRectF(self.target.left(), self.target.top() - 22, self.target.width(), 18)
        painter.setFont(pfont(13, True))
        w = QFontMetricsF(pfont(13, True)).horizontalAdvance("destination") + 14
        pill = QRectF(label.left(), label.top(), w, 18)  # left: hop markers sit right of centre
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FORWARD))
        painter.drawRoundedRect(pill, 9, 9)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, "destination")

    def _station(self, painter: QPainter, name: str, rect: QRectF) -> None:
        t = current()
        label, icon = STATION_LABELS[name]
        painter.setPen(QPen(QColor(t.muted), 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(QColor("#fbfcfd"))
        painter.drawRoundedRect(rect, 10, 10)
        icons.draw(painter, icon, QRectF(rect.left() + 10, rect.top() + 12, 36, 36))
        painter.setPen(QColor(t.text))
        painter.setFont(pfont(14, True))
        painter.drawText(rect.adjusted(54, 0, -6, 0), int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                         label)

    @staticmethod
    def _path(painter: QPainter, points: list[QPointF], colour: str, style: Qt.PenStyle, width: float,
              shift: QPointF) -> None:
        pts = [p + shift for p in points]
        if len(pts) < 2:
            return
        tint = QColor(colour)
        tint.setAlpha(215)
        pen = QPen(tint, width, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        path = QPainterPath(pts[0])
        for p in pts[1:]:
            path.lineTo(p)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for a, b in itertools.pairwise(pts):
            length = math.hypot(b.x() - a.x(), b.y() - a.y())
            if length < 30:
                continue
            angle = math.atan2(b.y() - a.y(), b.x() - a.x())
            mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
            tip = QPointF(mid.x() + 8 * math.cos(angle), mid.y() + 8 * math.sin(angle))
            draw_arrow_head(painter, tip, angle, 16, colour)

    @staticmethod
    def _marker(painter: QPainter, stop: Stop) -> None:
        big = stop.verdict == "block"
        painter.setPen(QPen(QColor(FORWARD if stop.direction != "return" else RETURN), 1.5))
        painter.drawLine(stop.point, stop.marker)
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(stop.point, 4, 4)
        font = pfont(13, True)
        w = QFontMetricsF(font).horizontalAdvance(stop.label) + 16
        pill = QRectF(stop.marker.x(), stop.marker.y() - 11, max(24.0, w), 22)
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.setBrush(QColor("#263238") if stop.direction != "return" else QColor(RETURN).darker(130))
        painter.drawRoundedRect(pill, 11, 11)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, stop.label)
        r = 20.0 if big else 11.0
        centre = QPointF(pill.right() + r + 2, pill.center().y())
        draw_mark(painter, stop.verdict, centre, r)
        if big:
            font = pfont(14, True)
            w = QFontMetricsF(font).horizontalAdvance("BLOCKED") + 14
            box = QRectF(centre.x() + r + 4, centre.y() - 11, w, 22)
            painter.setPen(QPen(QColor(BLOCK), 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawRoundedRect(box, 4, 4)
            painter.setFont(font)
            painter.setPen(QColor(BLOCK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "BLOCKED")
