"""Lesson highlights: a thick dashed amber ring around each object a lesson step points at.

Drawn as overlay items (not the selection), so a highlight never opens the inspector or changes
what the user had selected, and the ring width does not shrink when the design is zoomed out.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

RING = "#ff8f00"
Z = 40.0


class RingItem(QGraphicsItem):
    def __init__(self, rect: QRectF) -> None:
        super().__init__()
        pad = 8.0 if rect.height() > 30 else 5.0  # badges are small: a tighter ring
        self.rect = rect.adjusted(-pad, -pad, pad, pad)
        self.setZValue(Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-8, -8, 8, 8)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(RING), 6, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.rect, 12, 12)


class Highlighter:
    """Owns the rings on one scene; `show(ids)` replaces them, unknown ids are skipped."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.rings: dict[str, list[RingItem]] = {}

    def show(self, ids: tuple[str, ...] | list[str]) -> list[str]:
        """Ring each id's object; a security group, NACL or route table is ringed wherever its badge is."""
        self.clear()
        find = getattr(self.scene, "item", None)
        for rid in ids:
            item = find(rid) if find is not None else None
            rects = [item.mapRectToScene(item.rect())] if item is not None else self._badges(rid) or self._edges(rid)
            if not rects:
                continue
            self.rings[rid] = []
            for rect in rects:
                ring = RingItem(rect)
                self.scene.addItem(ring)
                self.rings[rid].append(ring)
        return list(self.rings)

    def _badges(self, rid: str) -> list[QRectF]:
        """Where `rid` shows as a badge, ring what it guards: each subnet whose badge names the NACL or
        route table, each node whose pill names the security group (with the pill). Badges are
        hidden when zoomed out; the things they guard are not."""
        rects = []
        for item in self.scene.items():
            if getattr(item, "ref_id", None) != rid:
                continue
            parent = item.parentItem()
            if parent is None:
                rects.append(item.mapRectToScene(item.boundingRect()))
            else:
                own_rect = getattr(parent, "rect", None)
                rects.append(parent.mapRectToScene(own_rect() if callable(own_rect) else parent.boundingRect()))
        for item in getattr(self.scene, "items_by_id", dict)().values():
            for badge in getattr(item, "badges", ()):
                if badge[0] == rid:
                    rects.append(item.mapRectToScene(item.rect().united(badge[4])))
        return rects

    def _edges(self, rid: str) -> list[QRectF]:
        """VPN connections and peerings are drawn as edges: ring the middle of the line."""
        out = []
        for edge in getattr(self.scene, "edge_items", dict)().values():
            if getattr(edge, "rid", None) == rid:
                c = edge.sceneBoundingRect().center()
                out.append(QRectF(c.x() - 22, c.y() - 22, 44, 44))
        return out

    def rects(self) -> list[QRectF]:
        return [ring.sceneBoundingRect() for rings in self.rings.values() for ring in rings]

    def clear(self) -> None:
        for rings in self.rings.values():
            for ring in rings:
                if ring.scene() is self.scene:
                    self.scene.removeItem(ring)
        self.rings.clear()
