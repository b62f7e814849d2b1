"""Shared pieces of the screenshot generators (editor, simulation, classroom): a window on throw-away
settings and recovery folders, so a screenshot never reads or changes the user's own state."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPixmap

from .app import open_window
from .files import Recovery
from .main_window import MainWindow


def throwaway_window(width: int = 1280, height: int = 720) -> MainWindow:
    """The app's window on the AnyCompany sample at a fixed geometry, shown (not yet settled)."""
    folder = Path(tempfile.mkdtemp())
    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    window = open_window([], settings=settings, recovery=Recovery(folder))
    window.setGeometry(0, 0, width, height)
    window.show()
    return window


def save_png(shot: QPixmap, path: Path) -> None:
    """Smallest PNG encoding (the docs keep each picture small), and say what was written."""
    shot.save(str(path), "PNG", 0)
    print(f"{path}: {path.stat().st_size // 1024} KB")
