"""Free text notes on the canvas (sticky paper): part of the layout, not of the network."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from ..theme import current
from .items import BaseItem, font


class NoteItem(BaseItem):
    """A free text note (sticky paper): part of the layout, not of the network."""

    role = "note"

    def __init__(self, rid: str, width: float, height: float) -> None:
        super().__init__(rid, "note", width, height)
        self.setZValue(8)
        self.colour = current().note_fill
        self.text = ""

    def mouseDoubleClickEvent(self, event: Any) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "note_edit_requested"):
            scene.note_edit_requested.emit(self.rid)
        event.accept()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        r = self.rect()
        painter.setPen(QPen(QColor(current().note_border), 1))
        painter.setBrush(QBrush(QColor(self.colour)))
        painter.drawRect(r)
        painter.setPen(QColor(current().text))
        painter.setFont(font(0))
        painter.drawText(r.adjusted(8, 6, -8, -6), Qt.TextFlag.TextWordWrap, self.text)
        if self.isSelected():
            painter.setPen(self._selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(r.adjusted(-3, -3, 3, 3))
