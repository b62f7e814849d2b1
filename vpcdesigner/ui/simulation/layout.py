"""Where the Simulation dock sits on first start, sized for the screen.

On a short screen (a 1280×720 projector) every pixel of height matters to the canvas: the dock
waits hidden until a scenario first runs, then opens compact (three rows of the event list). On a
tall screen it opens roomy. A saved window layout, or a dock the user moved or closed, is left alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QTabWidget

SHORT_SCREEN = 820  # window heights below this count as a projector / small laptop
COMPACT_HEIGHT = 172  # dock height on a short screen: tab bar, table header and three rows
ROOMY_HEIGHT = 230
PROBLEMS_HEIGHT = 90
MIN_SIZE = QSize(300, 96)  # the tabs' floor (the reachability form alone asked for 678 px)


class SimDockLayout(QObject):
    """Sizes the Simulation dock once, after the window's own first-start layout."""

    def __init__(self, window: Any, dock: QDockWidget, tabs: QTabWidget) -> None:
        super().__init__(window)
        self.window, self.dock = window, dock
        tabs.setMinimumSize(MIN_SIZE)
        tabs.setDocumentMode(True)  # a slimmer frame: the rows get the pixels
        self.auto_hidden = False
        self._shown = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show and not self._shown:
            self._shown = True
            settings = getattr(self.window, "settings", None)
            if settings is None or settings.value("window/state") is None:
                QTimer.singleShot(0, self, self._after_window_layout)
        return False

    def _after_window_layout(self) -> None:
        QTimer.singleShot(0, self, self.first_layout)  # the window sizes its docks on the first turn

    def short(self) -> bool:
        return bool(self.window.height() < SHORT_SCREEN)

    def first_layout(self) -> None:
        """Short screen: hide the dock until a scenario runs. Tall: give the event list room."""
        if self.short():
            self.dock.hide()
            self.auto_hidden = True
            problems = getattr(self.window, "problems_dock", None)
            if problems is not None and problems.isVisible():  # the editor's list alone, kept short
                problems.raise_()
                self.window.resizeDocks([problems], [PROBLEMS_HEIGHT], Qt.Orientation.Vertical)
        elif self.dock.isVisible():
            self.window.resizeDocks([self.dock], [ROOMY_HEIGHT], Qt.Orientation.Vertical)

    def scenario_loaded(self) -> None:
        """The first run brings the waiting dock back, compact, in front of its tab group —
        except in presentation mode, which hides every dock on purpose."""
        if not self.auto_hidden:
            return
        classroom = getattr(self.window, "classroom", None)
        if classroom is not None and getattr(classroom, "presenting", False):
            return
        self.auto_hidden = False
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [COMPACT_HEIGHT], Qt.Orientation.Vertical)
        layout = self.window.layout()
        if layout is not None:
            layout.activate()  # the canvas gets its new size now, before the trace is fitted into it
