"""Editor polish: crisp icons on high-DPI screens, a window destroyed with a full undo stack."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QRectF, QSettings, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from vpcdesigner.model import Design


def test_icon_is_crisp_at_device_pixel_ratio_two(qtbot) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui import icons

    pm = icons.icon("vpc").pixmap(QSize(24, 24), 2.0)
    assert (pm.width(), pm.height()) == (48, 48)
    assert pm.devicePixelRatio() == 2.0
    assert not pm.toImage().isNull() and pm.toImage().pixelColor(24, 24).alpha() + sum(
        pm.toImage().pixelColor(x, 24).alpha() for x in range(48)) > 0


def test_closing_window_with_commands_on_the_stack_raises_nothing(
        qtbot, tmp_path: Path, sample_design: Design) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.files import Recovery
    from vpcdesigner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    (tmp_path / "recovery").mkdir()
    w = MainWindow(settings=settings, recovery=Recovery(tmp_path / "recovery"), autosave_ms=3_600_000)
    w.ask_unsaved = lambda: "discard"  # type: ignore[method-assign]
    w.set_design(sample_design, None)
    w.show()
    w.scene.items_by_id()["store-vpc"].setSelected(True)
    w.editing.nudge(10, 0)
    assert w.stack.count() > 0
    titles: list[str] = []
    w.stack.indexChanged.connect(lambda _i: titles.append(w.windowTitle()))
    w.close()
    shiboken6.delete(w)  # destroy the C++ window now, as the end of a test (or the app) does
    QApplication.processEvents()
    assert titles == []  # the stack stayed silent while the window went away


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _render(item, under: str, size: tuple[int, int]) -> QImage:  # type: ignore[no-untyped-def]
    scene = QGraphicsScene()
    scene.addItem(item)
    img = QImage(size[0], size[1], QImage.Format.Format_ARGB32)
    img.fill(QColor(under))
    p = QPainter(img)
    scene.render(p, QRectF(0, 0, size[0], size[1]), QRectF(0, 0, size[0], size[1]))
    p.end()
    return img


@pytest.mark.parametrize("name", ["light", "dark", "high-contrast"])
def test_auto_scaling_band_and_badges_are_legible_in_every_theme(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui import theme
    from vpcdesigner.ui.canvas.items import BandItem, NodeItem
    from vpcdesigner.ui.themes import THEMES

    t = THEMES[name]
    old = theme.current()
    theme.set_current(t)
    try:
        band = BandItem("web-asg", "autoscaling-group")
        band.set_size(320, 56)
        fill = _render(band, t.private_fill, (330, 60)).pixelColor(250, 48)  # inside, away from the text
        assert _contrast(fill, QColor(t.text)) >= 4.5, (name, fill.name())
        node = NodeItem("web-1", "instance")
        node.set_badges([("web-sg", "security-group", "web-sg", "#b71c1c")])
        rect = node.badges[0][4]
        img = _render(node, t.private_fill, (200, 140))
        inside = img.pixelColor(int(rect.right() - 3), int(rect.center().y()))
        assert _contrast(inside, QColor(t.badge_sg)) >= 3.0, (name, inside.name())
        assert _contrast(inside, QColor(t.text)) >= 4.5
    finally:
        theme.set_current(old)


def test_typing_a_name_resyncs_only_that_item_then_settles(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.canvas import scene as scene_module

    calls: list[int] = []
    real = scene_module.derive
    monkeypatch.setattr(scene_module, "derive", lambda d: calls.append(1) or real(d))
    window.show_object("db")
    edit = window.inspector.editors[("name",)]
    for text in ("d", "da", "dat"):
        edit.setText(text)
        edit.textEdited.emit(text)
        window.scene.flush()
        assert window.scene.item("db").view.title == text  # shown at once
    assert calls == []  # no full projection per keystroke
    assert window.scene._settle.isActive()
    window.scene._settle_now()  # typing paused: the full projection catches up once
    assert len(calls) == 1
    assert window.scene.item("db").view.title == "dat"
    # A structural edit (an address) still takes the full path at once.
    ip = window.inspector.editors[("private_ip",)]
    ip.setText("10.0.11.77")
    ip.textEdited.emit("10.0.11.77")
    window.scene.flush()
    assert len(calls) == 2 and "10.0.11.77" in window.scene.item("db").view.subtitle


def test_renaming_a_security_group_updates_the_badges_at_once(window) -> None:  # type: ignore[no-untyped-def]
    window.show_object("db-sg")
    edit = window.inspector.editors[("name",)]
    edit.setText("database tier")
    edit.textEdited.emit("database tier")
    window.scene.flush()
    assert any(b[2] == "database tier" for b in window.scene.item("db").badges)


def test_badges_are_measured_again_after_a_theme_with_a_larger_font(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui import themes
    from vpcdesigner.ui.canvas.items import BadgeItem, metrics

    old = themes.theme_module.current()
    try:
        themes.apply(themes.PRESENTATION, [window.scene])
        pills = [c for i in window.scene.items_by_id().values() for c in i.childItems() if isinstance(c, BadgeItem)]
        assert pills
        for pill in pills:
            assert pill.boundingRect().width() >= metrics(-2, True).horizontalAdvance(pill.text) + 20
            parent = pill.parentItem()
            if pill.ref_kind != "network-acl":  # pills on the header stay inside their box
                assert pill.mapRectToParent(pill.boundingRect()).right() <= parent.size()[0]
        node = window.scene.item("db")
        (_ref, _kind, text, _colour, rect) = node.badges[0]
        assert rect.width() >= metrics(-2, True).horizontalAdvance(text) + 20
    finally:
        themes.apply(old, [window.scene])


def test_fitted_view_stays_fitted_when_resized_until_the_user_zooms(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    view.fit_all()
    before = view.zoom()
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: abs(view.zoom() - before) > 1e-3, timeout=3000)
    content = view._content_rect()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(content)  # still the whole design
    view.set_zoom(1.0)
    window.resize(1300, 850)
    QApplication.processEvents()
    assert view.zoom() == 1.0  # the user's zoom is kept


def test_first_start_window_fits_a_small_screen(window) -> None:  # type: ignore[no-untyped-def]
    avail = window.screen().availableGeometry()
    window._fit_screen()
    if avail.width() < 1440 or avail.height() < 900:
        assert window.width() <= avail.width() and window.height() <= avail.height()
    else:
        assert window.width() == 1400  # a big screen keeps the window's own size
