"""Presentation mode: full screen, docks/toolbars/menus hidden, the projector theme, big caption.

`enter()` remembers everything it changes (window state and geometry, dock and toolbar layout,
menu and status bar, theme, palette and font) and `leave()` puts exactly that back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar, QWidget

from .. import theme as theme_module
from .. import themes
from ..theme import Theme

APP_FONT_SCALE = 1.45  # menus, quiz buttons, lists: readable from the back of a room
CAPTION_SCALE = 1.25  # the caption bar on top of the larger application font


@dataclass
class Saved:
    state: QByteArray
    geometry: QByteArray
    window_state: Qt.WindowState
    menu_visible: bool
    status_visible: bool
    theme: Theme
    palette: QPalette
    font: QFont
    docks: list[QDockWidget]
    scrollbars: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy]


class Presentation:
    def __init__(self, window: Any, keep: list[QWidget]) -> None:
        self.window = window
        self.keep = keep  # toolbars that stay (the caption bar)
        self.saved: Saved | None = None

    @property
    def active(self) -> bool:
        return self.saved is not None

    def enter(self) -> None:
        if self.saved is not None:
            return
        w = self.window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        docks = [d for d in w.findChildren(QDockWidget) if d.isVisible()]
        self.saved = Saved(w.saveState(), w.saveGeometry(), w.windowState(), w.menuBar().isVisible(),
                           w.statusBar().isVisible(), theme_module.current(), QPalette(app.palette()),
                           QFont(app.font()), docks,
                           (w.view.horizontalScrollBarPolicy(), w.view.verticalScrollBarPolicy()))
        for dock in w.findChildren(QDockWidget):
            dock.hide()
        for bar in w.findChildren(QToolBar):
            if bar not in self.keep:
                bar.hide()
        w.menuBar().hide()
        w.statusBar().hide()
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        w.view.setHorizontalScrollBarPolicy(off)  # every pixel for the design on a projector
        w.view.setVerticalScrollBarPolicy(off)
        themes.apply(themes.PRESENTATION, [w.scene], font_scale=APP_FONT_SCALE)
        w.showFullScreen()
        QTimer.singleShot(0, w.view.fit_all)

    def leave(self) -> bool:
        saved, self.saved = self.saved, None
        if saved is None:
            return False
        w = self.window
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme_module.set_current(saved.theme)
        app.setPalette(saved.palette)
        app.setFont(saved.font)
        themes.repaint_scene(w.scene)
        w.setWindowState(saved.window_state)
        if not saved.window_state & Qt.WindowState.WindowFullScreen:
            w.showNormal() if saved.window_state == Qt.WindowState.WindowNoState else w.show()
        w.restoreGeometry(saved.geometry)
        w.restoreState(saved.state)
        w.view.setHorizontalScrollBarPolicy(saved.scrollbars[0])
        w.view.setVerticalScrollBarPolicy(saved.scrollbars[1])
        w.menuBar().setVisible(saved.menu_visible)
        w.statusBar().setVisible(saved.status_visible)
        for dock in saved.docks:
            dock.show()
        QTimer.singleShot(0, w.view.fit_all)
        return True
