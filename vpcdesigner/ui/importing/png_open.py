"""Open a PNG exported by VPC Designer as its editable design, through File → Open, the
recent-files list, the command line and drag-and-drop (the editor's Open reads only design files).

A small hook over the window's own file verbs rather than a change to them: `open_path` learns
`.png`, drops of a PNG open it, and the Open dialog lists pictures next to design files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFileDialog

from vpcdesigner.exchange.png_embed import design_from_png
from vpcdesigner.model import DesignFileError

OPEN_FILTER = ("Designs and exported pictures (*.vpcd.json *.png);;VPC designs (*.vpcd.json);;"
               "Pictures exported by VPC Designer (*.png);;All files (*)")


def is_png(path: str) -> bool:
    return path.lower().endswith(".png")


def open_png(window: Any, path: str, ask: bool = True) -> bool:
    """Replace the design by the one inside `path`; unsaved, since a picture is not a design file."""
    if ask and not window.maybe_save():
        return False
    try:
        design = design_from_png(path)
    except DesignFileError as exc:
        window.message("Cannot open the picture", str(exc))
        return False
    window.set_design(design, None)
    window.recent.add(path)
    window._on_hint(f"Opened the design inside {os.path.basename(path)}; Save As to keep it as a design file", True)
    return True


def install_png_open(window: Any) -> None:
    original_open: Callable[..., bool] = window.open_path
    original_drop: Callable[[list[str]], None] = window._on_files_dropped

    def open_path(path: str, ask: bool = True) -> bool:
        return open_png(window, path, ask) if is_png(path) else original_open(path, ask)

    def dropped_png(paths: list[str]) -> None:
        if not any(p.endswith(".json") for p in paths):  # a design file wins; the editor opens it
            png = next((p for p in paths if is_png(p)), None)
            if png is not None:
                open_path(png)

    def on_files_dropped(paths: list[str]) -> None:
        original_drop(paths)
        dropped_png(paths)

    def open_dialog() -> None:
        if not window.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(window, "Open design", window._dir(), OPEN_FILTER)
        if path:
            window.open_path(path, ask=False)

    window.open_path = open_path
    window._on_files_dropped = on_files_dropped  # drops on the window outside the canvas
    window.view.files_dropped.connect(dropped_png)  # the canvas signal is bound to the editor's handler
    action = getattr(window, "actions_by_name", {}).get("open")
    if action is not None:
        action.triggered.disconnect()
        action.triggered.connect(lambda _=False: open_dialog())
