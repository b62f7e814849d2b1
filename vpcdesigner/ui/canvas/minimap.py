"""Overview of the whole design with the main view's visible area; click or drag to move there."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsView

from ..theme import current
from .view import DesignView


class Minimap(QGraphicsView):
    is_minimap = True  # items that only make sense in the main view skip painting here

    def __init__(self, main: DesignView) -> None:
        super().__init__(main.scene())
        self.main = main
        self.setInteractive(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setMinimumSize(160, 110)
        main.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        main.verticalScrollBar().valueChanged.connect(self.viewport().update)
        main.zoom_changed.connect(lambda _z: self.viewport().update())
        main.design_scene.synced.connect(self.refit)

    def refit(self) -> None:
        rect = self.main._content_rect()
        if not rect.isNull() and rect != getattr(self, "_fitted", None):
            self._fitted = rect  # refit only when the design's extent changed (cheap on every edit)
            self.fitInView(rect.adjusted(-60, -60, 60, 60), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fitted = None
        self.refit()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        visible = self.main.mapToScene(self.main.viewport().rect()).boundingRect()
        frame = QColor(current().overview_frame)
        pen = QPen(frame, 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        frame.setAlpha(30)
        painter.setBrush(frame)
        painter.drawRect(visible)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.main.centerOn(self.mapToScene(event.position().toPoint()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.main.centerOn(self.mapToScene(event.position().toPoint()))
