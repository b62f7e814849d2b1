"""Themes (issue 7): light / dark / high-contrast, remembered choice, palette and canvas colours, About."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRectF, QSettings
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from vpcdesigner import __version__
from vpcdesigner.ui import theme, themes
from vpcdesigner.ui.about import AboutDialog, about_html, dependencies


@pytest.fixture(autouse=True)
def light_theme() -> Iterator[None]:
    yield
    themes.apply(theme.LIGHT)


def _canvas_pixel(scene: Any) -> QColor:
    """Render an empty stretch of canvas (left of the design) and read its colour."""
    bounds = scene.itemsBoundingRect()
    source = QRectF(bounds.left() - 400, bounds.top(), 100, 100)
    image = QImage(100, 100, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 100, 100), source)
    painter.end()
    return image.pixelColor(50, 50)


def _node_fill(scene: Any, rid: str) -> QColor:
    """The tile's fill: a point inside its border, left of its icon."""
    item = scene.item(rid)
    rect = item.mapRectToScene(item.rect())
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    return image.pixelColor(5, int(rect.height() / 2))


def test_switching_theme_changes_palette_scene_and_is_remembered(window: Any) -> None:
    settings = window.settings
    assert themes.chosen_name(settings) == "system"
    assert _canvas_pixel(window.scene).name() == theme.LIGHT.canvas
    light_window = QApplication.palette().color(QPalette.ColorRole.Window)
    window.classroom.theme_actions["dark"].trigger()
    assert theme.current() is theme.DARK
    assert settings.value(themes.SETTINGS_KEY) == "dark"
    dark_window = QApplication.palette().color(QPalette.ColorRole.Window)
    assert dark_window.lightness() < 80 < light_window.lightness()
    assert _canvas_pixel(window.scene).name() == theme.DARK.canvas
    assert _node_fill(window.scene, "db").name() == theme.DARK.node_fill
    mini = window.minimap.grab().toImage()  # a second view of the scene: its item caches are dropped too
    assert mini.pixelColor(mini.width() // 2, mini.height() // 2).lightness() < 100
    window.classroom.choose_theme("high-contrast")
    assert QApplication.palette().color(QPalette.ColorRole.Text).name() == "#000000"
    assert _canvas_pixel(window.scene).name() == theme.HIGH_CONTRAST.canvas
    window.classroom.choose_theme("system")
    assert settings.value(themes.SETTINGS_KEY) is None
    assert theme.current() is themes.resolve("system")


def test_saved_choice_applies_at_start(qtbot: Any, tmp_path: Any, sample_design: Any) -> None:
    from vpcdesigner.ui.files import Recovery
    from vpcdesigner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(themes.SETTINGS_KEY, "dark")
    (tmp_path / "r").mkdir()
    w = MainWindow(settings=settings, recovery=Recovery(tmp_path / "r"), autosave_ms=3_600_000)
    qtbot.addWidget(w)
    assert theme.current() is theme.DARK
    assert w.classroom.theme_actions["dark"].isChecked()


def test_bad_stored_theme_falls_back_to_system(tmp_path: Any) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue(themes.SETTINGS_KEY, "neon")
    assert themes.chosen_name(settings) == "system"
    with pytest.raises(ValueError, match="unknown theme 'neon'"):
        themes.choose(settings, "neon")


def test_system_setting_and_font_size_are_respected(qapp: Any) -> None:
    assert themes.system_theme_name() in ("light", "dark")
    assert themes.resolve("system").name == themes.system_theme_name()
    base = themes.system_point_size()
    assert base >= themes.MIN_POINT_SIZE
    assert themes.scaled_font(1.0).pointSizeF() == pytest.approx(base, abs=0.1)
    assert themes.scaled_font(1.5).pointSizeF() == pytest.approx(base * 1.5, abs=0.1)
    names = {themes.palette_for(t).color(QPalette.ColorRole.Base).name() for t in themes.THEMES.values()}
    assert len(names) >= 2  # dark differs from the light ones


def test_about_lists_version_qt_and_licences(qapp: Any) -> None:
    deps = {d.name: d for d in dependencies()}
    assert {"pydantic", "pyqtgraph", "networkx"} <= set(deps)
    assert "pytest" not in deps  # test tools are not shipped
    assert deps["pydantic"].licence == "MIT"
    assert "LGPL" in deps["PySide6-Essentials"].licence
    text = about_html()
    assert __version__ in text and "Qt 6." in text
    dialog = AboutDialog()
    assert "pydantic" in dialog.text.toPlainText()
    dialog.close()
