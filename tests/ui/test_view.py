"""Zoom (wheel, fit, 100 %, selection) with level of detail, middle-button pan, keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from vpcdesigner.ui.canvas.items import BadgeItem


def _wheel(view, delta: int) -> None:  # type: ignore[no-untyped-def]
    vp = view.viewport()
    centre = QPointF(vp.rect().center())
    event = QWheelEvent(centre, vp.mapToGlobal(centre), QPoint(), QPoint(0, delta), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, event)


def _at_100(window) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()  # let the deferred fit-to-design of opening run first
    window.view.set_zoom(1.0)


def test_wheel_zoom_and_level_of_detail(window) -> None:  # type: ignore[no-untyped-def]
    _at_100(window)
    view, scene = window.view, window.scene
    _wheel(view, 120)
    assert view.zoom() > 1.0
    for _ in range(12):
        _wheel(view, -240)
    assert view.zoom() < 0.2 and scene.detail == 0
    assert not scene.item("db").isVisible()  # overview: the subnet draws its boxes as tiles
    view.set_zoom(1.0)
    assert scene.detail == 2 and scene.item("db").isVisible()
    badges = [b for b in scene.item("public-a").childItems() if isinstance(b, BadgeItem)]
    assert badges and all(b.isVisible() for b in badges)


def test_fit_and_zoom_to_selection(window) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    window.actions_by_name["zoom_fit"].trigger()
    vp_rect = view.mapToScene(view.viewport().rect()).boundingRect()
    for rid in ("customer", "store-vpc", "datacenter"):
        assert vp_rect.contains(window.scene.item(rid).sceneBoundingRect().center())
    window.scene.select_ids(["db"])
    window.actions_by_name["zoom_sel"].trigger()
    assert view.zoom() == 1.5  # zoom to selection stops at 150 %
    window.actions_by_name["zoom_100"].trigger()
    assert view.zoom() == 1.0


def test_middle_button_pans(window) -> None:  # type: ignore[no-untyped-def]
    _at_100(window)
    view = window.view
    view.centerOn(window.scene.item("db"))
    vp = view.viewport()
    before = view.mapToScene(vp.rect().center())

    def send(kind, pos: QPointF, button, buttons) -> None:  # type: ignore[no-untyped-def]
        QApplication.sendEvent(vp, QMouseEvent(kind, pos, vp.mapToGlobal(pos), button, buttons,
                                               Qt.KeyboardModifier.NoModifier))

    start = QPointF(vp.rect().center())
    send(QMouseEvent.Type.MouseButtonPress, start, Qt.MouseButton.MiddleButton, Qt.MouseButton.MiddleButton)
    send(QMouseEvent.Type.MouseMove, start + QPointF(-80, -60), Qt.MouseButton.NoButton, Qt.MouseButton.MiddleButton)
    send(QMouseEvent.Type.MouseButtonRelease, start + QPointF(-80, -60), Qt.MouseButton.MiddleButton,
         Qt.MouseButton.NoButton)
    after = view.mapToScene(vp.rect().center())
    assert after.x() == before.x() + 80  # dragging left by 80 px shows what was to the right


def test_shortcuts_follow_platform_conventions(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    acts = window.actions_by_name
    assert acts["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert acts["save"].shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert acts["find"].shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert acts["delete"].shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    acts["find"].trigger()
    assert window.find_box.hasFocus() or QApplication.focusWidget() is window.find_box
