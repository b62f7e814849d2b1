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
        self.rect = rect.adjusted(-8, -8, 8, 8)
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
        self.rings: dict[str, RingItem] = {}

    def show(self, ids: tuple[str, ...] | list[str]) -> list[str]:
        self.clear()
        find = getattr(self.scene, "item", None)
        for rid in ids:
            item = find(rid) if find is not None else None
            if item is None:
                item = self._badge(rid)
            if item is None:
                continue
            rect = item.mapRectToScene(item.rect() if hasattr(item, "rect") and callable(item.rect)
                                       else item.boundingRect())
            ring = RingItem(rect)
            self.scene.addItem(ring)
            self.rings[rid] = ring
        return list(self.rings)

    def _badge(self, rid: str) -> QGraphicsItem | None:
        """Security groups, NACLs and route tables are badges: ring the objects that carry them."""
        for item in self.scene.items():
            if getattr(item, "ref_id", None) == rid:
                return item
        for item in getattr(self.scene, "items_by_id", dict)().values():
            if any(b[0] == rid for b in getattr(item, "badges", ())):
                return item
        return None

    def clear(self) -> None:
        for ring in self.rings.values():
            if ring.scene() is self.scene:
                self.scene.removeItem(ring)
        self.rings.clear()
