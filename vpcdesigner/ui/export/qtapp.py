"""A QApplication for exporting, created offscreen when none exists (the CLI runs with no display)."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication


def ensure_app() -> QApplication:
    """The running QApplication, or a new offscreen one (QT_QPA_PLATFORM is respected when set)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    if app is not None:  # a QCoreApplication/QGuiApplication cannot host graphics scenes
        raise RuntimeError("image export needs a QApplication, but another kind of Qt application is running")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication(["vpcdesigner-export"])
