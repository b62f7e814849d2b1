"""DesignView: zoom (wheel, fit, 100 %, selection), pan (middle button, space-drag), palette drops."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView

from .interactions import _set_highlight, drop_new
from .scene import DesignScene

KIND_MIME = "application/x-vpcdesigner-kind"
MIN_ZOOM, MAX_ZOOM = 0.05, 6.0


class DesignView(QGraphicsView):
    zoom_changed = Signal(float)
    files_dropped = Signal(list)  # list[str]: design files dropped on the canvas

    def __init__(self, scene: DesignScene) -> None:
        super().__init__(scene)
        self.design_scene = scene
        # No SmoothPixmapTransform here: item caches are blitted 1:1 (icons smooth themselves).
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAcceptDrops(True)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        if QPixmapCache.cacheLimit() < 256 * 1024:
            QPixmapCache.setCacheLimit(256 * 1024)  # KB: item caches of a large design fit
        self._space = False
        self._pan_from: QPointF | None = None
        # After "Fit design" the view keeps fitting when it is resized (docks settling at start, a
        # window made smaller), until the user zooms or pans themselves.
        self.follow_fit = False

    # ---- zoom ---------------------------------------------------------------------------
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        self.follow_fit = False
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        self.design_scene.set_zoom(factor)
        self.setTransform(self.transform().fromScale(factor, factor))
        self.zoom_changed.emit(factor)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom() * step)

    def fit_rect(self, rect: QRectF) -> None:
        if rect.isNull():
            return
        self.fitInView(rect.adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.5:
            self.set_zoom(1.5)
        self.design_scene.set_zoom(self.zoom())
        self.zoom_changed.emit(self.zoom())

    def fit_all(self) -> None:
        self.fit_rect(self._content_rect())
        self.follow_fit = True

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.follow_fit:
            self.fit_all()

    def _content_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.design_scene.top_level_items():
            rect = rect.united(item.sceneBoundingRect())
        for band in self.design_scene.region_bands().values():
            rect = rect.united(band.sceneBoundingRect())
        for note in self.design_scene.note_items().values():
            rect = rect.united(note.sceneBoundingRect())
        return rect

    def zoom_to_selection(self) -> None:
        rect = QRectF()
        for item in self.design_scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        self.fit_rect(rect if not rect.isNull() else self._content_rect())
        self.follow_fit = False

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.follow_fit = False
            super().wheelEvent(event)
            return
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(1.0015 ** delta)
        event.accept()

    # ---- pan ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.design_scene.connect_gesture.active:
            self.design_scene.connect_gesture.cancel()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._space or event.button() == Qt.MouseButton.MiddleButton:
            self.follow_fit = False
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            d = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(int(self.horizontalScrollBar().value() - d.x()))
            self.verticalScrollBar().setValue(int(self.verticalScrollBar().value() - d.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ---- drops from the palette and from the file manager -------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(KIND_MIME) or event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(KIND_MIME):
            kind = bytes(mime.data(KIND_MIME).data()).decode()
            ok, text = drop_new(self.design_scene, kind, self.mapToScene(event.position().toPoint()), commit=False)
            self.design_scene.hint.emit(text, ok)
            event.acceptProposedAction()  # accept anyway: a refused drop explains itself on release
        elif mime.hasUrls():
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        _set_highlight(self.design_scene, None, "")
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(KIND_MIME):
            kind = bytes(mime.data(KIND_MIME).data()).decode()
            drop_new(self.design_scene, kind, self.mapToScene(event.position().toPoint()), commit=True)
            event.acceptProposedAction()
        elif mime.hasUrls():
            self.files_dropped.emit([u.toLocalFile() for u in mime.urls() if u.isLocalFile()])
            event.acceptProposedAction()
