"""Start the desktop app: `main(argv)` opens the given designs, or the AnyCompany sample."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from vpcdesigner import assets
from vpcdesigner.model import DesignFileError, loads

from . import icons
from .main_window import MainWindow


def make_app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        QCoreApplication.setOrganizationName("VPC Designer")
        QCoreApplication.setApplicationName("vpcdesigner")
        app = QApplication(sys.argv[:1])
        app.setStyle("Fusion")
        font = QFont(app.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.5))
        app.setFont(font)
    app.setWindowIcon(icons.icon("app"))
    return app


def open_window(paths: list[str], **window_options: Any) -> MainWindow:
    window = MainWindow(**window_options)
    if paths:
        window.open_path(paths[0], ask=False)
    else:
        try:
            design = loads(assets.sample().read_bytes(), file="anycompany.vpcd.json")
        except DesignFileError as exc:
            window.message("Cannot open the sample", str(exc))
        else:
            window.set_design(design, None)
    return window


def main(argv: list[str]) -> int:
    app = make_app()
    # Import jobs run in worker threads; if Python's cyclic GC ran there it could destroy Qt objects
    # off the GUI thread and crash. pyqtgraph's collector disables automatic GC and collects on a
    # GUI-thread timer instead.
    from pyqtgraph.util.garbage_collector import GarbageCollector

    collector = GarbageCollector(interval=1.0)
    window = open_window([a for a in argv if not a.startswith("-")])
    window.show()
    QTimer.singleShot(0, window.view.fit_all)
    QTimer.singleShot(200, window.offer_recovery)
    code = app.exec()
    del collector
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
