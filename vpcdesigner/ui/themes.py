"""Theme registry and switching: light, dark, high-contrast (and the projector theme of presentation mode).

`theme.current()` is what the canvas paints from; this module also gives the widgets a matching Qt
palette, scales the application font from the *system* font size (never below it), follows the
system light/dark setting unless the user picked a theme (remembered in QSettings), and repaints
open scenes — their items cache their pixels and fonts, so a switch must drop those caches.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene, QGraphicsView

from . import theme as theme_module
from .theme import DARK, HIGH_CONTRAST, LIGHT, Theme

THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK, "high-contrast": HIGH_CONTRAST}
LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark", "high-contrast": "High contrast"}
# The projector theme: high contrast with thick lines and a larger canvas font (read from the back of a room).
PRESENTATION = replace(HIGH_CONTRAST, name="presentation", line_width=3.6, font_size=12)
SETTINGS_KEY = "view/theme"
MIN_POINT_SIZE = 9.5


def system_theme_name() -> str:
    """'dark' when the desktop asks for a dark colour scheme, else 'light' (unknown counts as light)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return "light"
    scheme = QGuiApplication.styleHints().colorScheme()
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def chosen_name(settings: QSettings) -> str:
    """The user's explicit choice, or 'system' when none (or an unknown value) is stored."""
    value = settings.value(SETTINGS_KEY, "system")
    return value if isinstance(value, str) and (value in THEMES or value == "system") else "system"


def resolve(name: str) -> Theme:
    """The theme a choice stands for ('system' follows the desktop)."""
    if name == "system":
        name = system_theme_name()
    return THEMES.get(name, LIGHT)


def system_point_size() -> float:
    """The desktop's general font size, so the app grows when the user asked for bigger text."""
    size = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).pointSizeF()
    return max(size if size > 0 else MIN_POINT_SIZE, MIN_POINT_SIZE)


def palette_for(t: Theme) -> QPalette:
    """A widget palette that matches the canvas theme (menus, docks, tables, the caption bar)."""
    if t.name == "light":
        app = QApplication.instance()
        style = app.style() if isinstance(app, QApplication) else None
        return style.standardPalette() if style is not None else QPalette()
    R = QPalette.ColorRole
    pal = QPalette()
    if t.name == "dark":
        window, base, alt, text, button, hl, hl_text, link = (
            "#25292e", "#1b1f23", "#2b3036", "#e8ecf0", "#30363d", "#1e6fc4", "#ffffff", "#7cb7ff")
        disabled = "#7d8590"
    else:  # high-contrast and presentation: black on white, a strong blue selection
        window, base, alt, text, button, hl, hl_text, link = (
            "#ffffff", "#ffffff", "#f0f0f0", "#000000", "#f2f2f2", "#0033cc", "#ffffff", "#0033cc")
        disabled = "#4d4d4d"
    for role, colour in ((R.Window, window), (R.Base, base), (R.AlternateBase, alt), (R.Text, text),
                         (R.WindowText, text), (R.Button, button), (R.ButtonText, text), (R.ToolTipBase, base),
                         (R.ToolTipText, text), (R.Highlight, hl), (R.HighlightedText, hl_text), (R.Link, link),
                         (R.PlaceholderText, disabled), (R.BrightText, "#ff5252")):
        pal.setColor(role, QColor(colour))
    for role in (R.Text, R.WindowText, R.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return pal


def scaled_font(scale: float = 1.0) -> QFont:
    """The system font at `scale` times the system size (never below the readable minimum)."""
    font = QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
    font.setPointSizeF(round(system_point_size() * scale, 1))
    return font


def repaint_scene(scene: QGraphicsScene) -> None:
    """Drop what the canvas cached under the old theme (fonts, grid tile, item pixmaps) and repaint."""
    from .canvas import items

    items.font.cache_clear()
    items.metrics.cache_clear()
    items.refit_badges(scene.items())
    if hasattr(scene, "_grid_brush"):
        scene._grid_brush = None
    for item in scene.items():
        mode = item.cacheMode()
        if mode != QGraphicsItem.CacheMode.NoCache:  # update() alone leaves other views' device caches
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            item.setCacheMode(mode)
        item.update()
    for view in scene.views():
        if isinstance(view, QGraphicsView):
            view.resetCachedContent()
            view.viewport().update()
    scene.invalidate()


def apply(t: Theme, scenes: list[QGraphicsScene] | tuple[QGraphicsScene, ...] = (), font_scale: float = 1.0) -> None:
    """Make `t` current for the canvas and the widgets, with the app font at `font_scale`."""
    theme_module.set_current(t)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(palette_for(t))
        app.setFont(scaled_font(font_scale))
    for scene in scenes:
        repaint_scene(scene)


def choose(settings: QSettings, name: str, scenes: list[QGraphicsScene] | tuple[QGraphicsScene, ...] = ()) -> Theme:
    """Remember an explicit choice ('system' forgets it) and apply it."""
    if name not in THEMES and name != "system":
        raise ValueError(f"unknown theme {name!r}; choose one of: system, {', '.join(THEMES)}")
    if name == "system":
        settings.remove(SETTINGS_KEY)
    else:
        settings.setValue(SETTINGS_KEY, name)
    t = resolve(name)
    apply(t, scenes)
    return t
