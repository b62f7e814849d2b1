"""Edges between items: a line from border to border that follows its ends, styled by kind."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..connections import EdgeSpec
from ..theme import current
from .items import BaseItem, font, lod_of, metrics
from .labels import label_rect

_STYLE = {
    # style: (theme colour attribute, pen style, width factor, arrow)
    "flow": ("edge_flow", Qt.PenStyle.SolidLine, 1.3, True),
    "hybrid": ("edge_hybrid", Qt.PenStyle.DashLine, 1.8, False),
    "member": ("edge_member", Qt.PenStyle.DotLine, 1.0, False),
    "dns": ("edge_dns", Qt.PenStyle.DashDotLine, 1.2, True),
    "attach": ("edge_attach", Qt.PenStyle.SolidLine, 1.0, False),
    "peering": ("edge_flow", Qt.PenStyle.DashDotDotLine, 1.8, False),
}


def _border_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the line from the rect's centre to `toward` leaves the rect."""
    c = rect.center()
    dx, dy = toward.x() - c.x(), toward.y() - c.y()
    if dx == 0 and dy == 0:
        return c
    sx = (rect.width() / 2) / abs(dx) if dx else math.inf
    sy = (rect.height() / 2) / abs(dy) if dy else math.inf
    s = min(sx, sy, 1.0)
    return QPointF(c.x() + dx * s, c.y() + dy * s)


def _clip(line: QLineF, rect: QRectF) -> QLineF | None:
    """The part of `line` inside `rect` (Liang-Barsky), or None."""
    x0, y0, dx, dy = line.x1(), line.y1(), line.dx(), line.dy()
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - rect.left()), (dx, rect.right() - x0), (-dy, y0 - rect.top()), (dy, rect.bottom() - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return QLineF(line.pointAt(t0), line.pointAt(t1))


LABEL_STOPS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)


def _covers(item: QGraphicsItem, box: QRectF) -> bool:
    """Does a node's tile or name lie under `box`? (Containers and other edges may be crossed.)"""
    if not isinstance(item, BaseItem) or item.role not in ("node", "mounted", "member") or not item.isVisible():
        return False
    return item.mapRectToScene(item.rect()).intersects(box) or label_rect(item).intersects(box)


class EdgeItem(QGraphicsItem):
    """A connection drawn at the top level; `adjust()` recomputes it when an end moves."""

    def __init__(self, spec: EdgeSpec, src: BaseItem, dst: BaseItem) -> None:
        super().__init__()
        self.spec, self.src, self.dst = spec, src, dst
        self.rid = spec.owner
        self._line = QLineF()
        self._path = QPainterPath()
        self.setZValue(3)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect for clipping
        label = f" ({spec.label})" if spec.label else ""
        self.setToolTip(f"{spec.style} connection: {spec.src} → {spec.dst}{label}")
        self.adjust()

    def adjust(self) -> None:
        a = self.src.mapRectToScene(self.src.rect())
        b = self.dst.mapRectToScene(self.dst.rect())
        if a.contains(b) or b.contains(a):  # member inside its group's container: go edge to edge
            p1, p2 = QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.top())
        else:
            p1, p2 = _border_point(a, b.center()), _border_point(b, a.center())
        self.prepareGeometryChange()
        self._line = QLineF(p1, p2)
        path = QPainterPath(p1)
        path.lineTo(p2)
        self._path = path

    def boundingRect(self) -> QRectF:
        r = QRectF(self._line.p1(), self._line.p2()).normalized()
        return r.adjusted(-60, -20, 60, 20)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(self._path)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = current()
        attr, style, factor, arrow = _STYLE.get(self.spec.style, _STYLE["attach"])
        colour = QColor(getattr(t, attr))
        lod = lod_of(painter, option)
        pen = QPen(colour, t.line_width * factor * (2.0 if self.isSelected() else 1.0) * 1.2, style)
        pen.setCosmetic(True)  # same width on screen at any zoom, and the fast stroker for dashes
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.2)
        painter.setPen(pen)
        visible = _clip(self._line, option.exposedRect.adjusted(-20, -20, 20, 20))
        if visible is not None:  # dashed pens are costly over long invisible stretches: draw only what shows
            painter.drawLine(visible)
        if arrow and self._line.length() > 12:
            self._arrow(painter, colour)
        if self.spec.label and lod > 0.6 and self._line.length() > 90:
            box = self._label_box()
            painter.setPen(QPen(colour, 0.8))
            painter.setBrush(QColor(t.label_fill))
            painter.drawRoundedRect(box, 4, 4)
            painter.setFont(font(-2))
            painter.setPen(colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.spec.label)

    def _label_box(self) -> QRectF:
        """Where the label goes: the point along the edge nearest its middle whose box covers no
        node tile or node label (so "https-only" does not hide nat-a's name). Cached per geometry."""
        key = (self._line.p1().x(), self._line.p1().y(), self._line.p2().x(), self._line.p2().y())
        if getattr(self, "_label_key", None) == key:
            return self._label_cache
        w = metrics(-2).horizontalAdvance(self.spec.label) + 8
        boxes = []
        for t in LABEL_STOPS:
            p = self._line.pointAt(t)
            boxes.append(QRectF(p.x() - w / 2, p.y() - 8, w, 16))
        chosen = boxes[0]
        scene = self.scene()
        if scene is not None:
            for box in boxes:
                if not any(_covers(other, box) for other in scene.items(box) if other is not self):
                    chosen = box
                    break
        self._label_key, self._label_cache = key, chosen
        return chosen

    def _arrow(self, painter: QPainter, colour: QColor) -> None:
        line = self._line
        angle = math.atan2(-line.dy(), line.dx())
        tip = line.p2()
        size = 9.0
        p1 = tip - QPointF(math.cos(angle - math.pi / 7) * size, -math.sin(angle - math.pi / 7) * size)
        p2 = tip - QPointF(math.cos(angle + math.pi / 7) * size, -math.sin(angle + math.pi / 7) * size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([tip, p1, p2]))

    def touches(self, item: Any) -> bool:
        return item is self.src or item is self.dst or item.isAncestorOf(self.src) or item.isAncestorOf(self.dst)
