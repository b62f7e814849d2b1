"""Clicker keys: Space / PageDown / → / ↓ step on, PageUp / ← / ↑ step back, Esc leaves presentation.

A presentation clicker sends PageDown/PageUp (some send arrows or Space). The simulation panel binds
the same keys as window shortcuts, so while a lesson plays or the app presents, an application
event filter takes them first (it accepts the ShortcutOverride, then handles the key press) and
routes them to the classroom. Typing in text fields and lists is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

K = Qt.Key
FORWARD = frozenset({K.Key_Space, K.Key_PageDown, K.Key_Right, K.Key_Down})
BACK = frozenset({K.Key_PageUp, K.Key_Left, K.Key_Up})
TYPING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QAbstractItemView)


class ClickerKeys(QObject):
    def __init__(self, forward: Callable[[], None], back: Callable[[], None], escape: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.forward, self.back, self.escape = forward, back, escape
        self.active = False

    def set_active(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self.active:
            return
        self.active = on
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def _ours(self, watched: QObject, event: QKeyEvent) -> str | None:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        target = watched if isinstance(watched, QWidget) else QApplication.focusWidget()
        if isinstance(target, TYPING) and event.key() != K.Key_Escape:
            return None
        key = event.key()
        if key in FORWARD:
            return "forward"
        if key in BACK:
            return "back"
        if key == K.Key_Escape:
            return "escape"
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(event, QKeyEvent):
            return False
        what = self._ours(watched, event)
        if what is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            if what == "escape":
                return False  # Esc has no window shortcut: let it arrive as a key press
            event.accept()  # "this key is mine": Qt then sends a key press instead of firing the shortcut
            return True
        if what == "forward":
            self.forward()
        elif what == "back":
            self.back()
        elif not self.escape():
            return False
        return True
