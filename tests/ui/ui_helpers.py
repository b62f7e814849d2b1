"""Mouse helpers for the editor tests (real events through the view's viewport)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication


def scene_point_to_view(view, p: QPointF) -> QPoint:  # type: ignore[no-untyped-def]
    view.ensureVisible(p.x() - 5, p.y() - 5, 10, 10, 60, 60)
    QApplication.processEvents()
    return view.mapFromScene(p)


def drag(view, start: QPointF, end: QPointF, steps: int = 6) -> None:  # type: ignore[no-untyped-def]
    """Press at `start`, move with the button held, release at `end` (scene coordinates)."""
    vp = view.viewport()
    a = scene_point_to_view(view, start)
    b = view.mapFromScene(end)
    if not vp.rect().contains(b):
        raise AssertionError("drag target is not visible in the view")

    def send(kind, pos: QPoint, buttons) -> None:  # type: ignore[no-untyped-def]
        ev = QMouseEvent(kind, QPointF(pos), vp.mapToGlobal(QPointF(pos)), Qt.MouseButton.LeftButton,
                         buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(vp, ev)

    send(QMouseEvent.Type.MouseButtonPress, a, Qt.MouseButton.LeftButton)
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        send(QMouseEvent.Type.MouseMove, p, Qt.MouseButton.LeftButton)
    send(QMouseEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton)
    QApplication.processEvents()


def centre(item) -> QPointF:  # type: ignore[no-untyped-def]
    return item.mapToScene(item.rect().center())
