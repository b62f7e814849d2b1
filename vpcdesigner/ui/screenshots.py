"""Regenerate the README screenshots from the real window: `python -m vpcdesigner.ui.screenshots DIR`.

Run it under a real X server (xvfb-run -a -s "-screen 0 1920x1080x24") so fonts and sizes match a
desktop. Each picture is the whole window grabbed after the scene settles.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from .app import make_app
from .canvas.interactions import drop_new
from .main_window import MainWindow
from .shotkit import save_png, throwaway_window


def _window(width: int, height: int) -> MainWindow:
    window = throwaway_window(width, height)
    _settle(window)
    window.resize(width - 1, height)  # a relayout places tab bars of docks tabified before showing
    _settle(window)
    window.resize(width, height)
    _settle(window)
    window.problems_dock.raise_()  # the editor's own bottom panel, kept compact
    window.resizeDocks([window.problems_dock], [110 if height < 900 else 150], Qt.Orientation.Vertical)
    _settle(window)
    window.view.fit_all()
    _settle(window)
    return window


def _settle(window: MainWindow) -> None:
    for _ in range(5):
        QApplication.processEvents()
    window.problems.wait()
    QApplication.processEvents()


def _save(window: MainWindow, path: Path) -> None:
    _settle(window)
    save_png(window.grab(), path)


def editor(out: Path, width: int, height: int, name: str) -> None:
    window = _window(width, height)
    window.scene.select_ids(["store-alb"])
    _save(window, out / name)
    window.stack.setClean()
    window.close()


def sg_rule_edit(out: Path) -> None:
    window = _window(1920, 1080)
    window.scene.select_ids(["web-asg-1"])
    window.show_object("web-sg")
    window.resizeDocks([window.inspector_dock], [600], Qt.Orientation.Horizontal)
    _settle(window)
    table = window.inspector.tables["inbound"]
    col = [c.name for c in table.columns].index("port_to")
    table.table.setCurrentCell(0, col)
    table.table.editItem(table.table.item(0, col))
    window.view.set_zoom(1.0)
    window.view.centerOn(window.scene.item("private-a"))
    _save(window, out / "sg-rule-edit.png")
    window.stack.setClean()
    window.close()


def refused_drop(out: Path) -> None:
    window = _window(1920, 1080)
    vpc = window.scene.item("store-vpc")
    assert vpc is not None
    spot = vpc.mapToScene(QPointF(150, 345))
    window.view.set_zoom(1.0)
    window.view.centerOn(spot)
    drop_new(window.scene, "instance", spot, commit=True)
    drop_new(window.scene, "instance", spot, commit=False)
    _save(window, out / "refused-drop.png")
    window.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    make_app()
    editor(out, 1920, 1080, "editor-1920.png")
    editor(out, 1280, 720, "editor-1280.png")
    sg_rule_edit(out)
    refused_drop(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
