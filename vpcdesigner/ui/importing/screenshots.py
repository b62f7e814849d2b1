"""Regenerate the import screenshot from the real widgets:
`python -m vpcdesigner.ui.importing.screenshots OUT.png TEMPLATE [PARAMS.json] [--region R] [--param K=V]`.

Run it under an X server (xvfb-run -a -s "-screen 0 1280x720x24"): the window shows the imported
design, dimmed; the CloudFormation dialog (filled in as the user left it) is drawn on the left and
the import report on the right, each with a title bar (xvfb has no window manager to draw one).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from ..app import make_app, open_window
from ..files import Recovery
from .actions import ImportActions
from .cfn_dialog import CloudFormationDialog
from .jobs import DONE, RUNNING


def _settle(ms: int = 150) -> None:
    app = QApplication.instance()
    assert app is not None
    end = QTimer()
    end.setSingleShot(True)
    end.start(ms)
    while end.isActive():
        app.processEvents()


def capture(out: Path, template: str, params: str | None, region: str, values: dict[str, str]) -> None:
    make_app()
    folder = Path(tempfile.mkdtemp())
    window = open_window([], settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
                         recovery=Recovery(folder))
    screen = QGuiApplication.primaryScreen().geometry()
    window.setGeometry(screen)
    window.show()
    _settle(300)
    dialog = CloudFormationDialog(window)
    dialog.add_template(template)
    if params:
        dialog.load_params(params)
    for key, value in values.items():
        dialog.set_param(dialog.stack_names()[0], key, value)
    dialog.region.setCurrentText(region)
    req = dialog.request()
    actions: ImportActions = window.import_actions  # type: ignore[attr-defined]  # set by install_import
    job = actions.import_cloudformation(req.specs, req.params, region=req.region, ask=False)
    while job is not None and job.state == RUNNING:
        _settle(50)
    if job is None or job.state != DONE:
        raise SystemExit(f"import failed: {getattr(job, 'error', '')}")
    window.view.fit_all()
    report = actions.report
    assert report is not None
    report.severity_boxes["info"].setChecked(True)
    w, h = screen.width(), screen.height()
    dialog.resize(w // 2, h - 60)
    report.resize(w - w // 2 - 46, int(h * 0.72))  # side by side, nothing of either hidden
    dialog.show()
    report.show()
    _settle(400)
    picture = window.grab().toImage()
    painter = QPainter(picture)
    _framed(painter, dialog, QPoint(14, 30))
    _framed(painter, report, QPoint(w - report.width() - 16, h - report.height() - 34))
    painter.end()
    picture.save(str(out))
    print(f"wrote {out}")


def _framed(painter: QPainter, widget: QWidget, at: QPoint) -> None:
    """A window as a desktop would draw it: a title bar and a thin border (xvfb has no decorations)."""
    bar = 26
    outer = QRect(at.x() - 1, at.y() - bar - 1, widget.width() + 2, widget.height() + bar + 2)
    painter.fillRect(outer.translated(4, 5), QColor(0, 0, 0, 60))
    painter.fillRect(outer, QColor("#5f6b7a"))
    painter.fillRect(QRect(at.x(), at.y() - bar, widget.width(), bar), QColor("#e8ebef"))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#263238"))
    painter.drawText(QRect(at.x() + 10, at.y() - bar, widget.width() - 20, bar),
                     int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), widget.windowTitle())
    painter.drawImage(at, widget.grab().toImage())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m vpcdesigner.ui.importing.screenshots")
    parser.add_argument("out")
    parser.add_argument("template")
    parser.add_argument("params", nargs="?")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--param", action="append", default=[], metavar="K=V")
    args = parser.parse_args(argv)
    values = dict(p.split("=", 1) for p in args.param)
    capture(Path(args.out), args.template, args.params, args.region, values)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
