"""Image export (issue 6 item 1): PNG/SVG/PDF of a design, a selection or a simulated trace.

`export_design`, `export_trace_image` and `render` work headless (an offscreen QApplication is
created when none runs); `install_export(window)` adds File → Export… and Simulation → Export trace….
"""

from .api import export_design, export_trace_image, render, trace_summary
from .options import FORMATS, MAX_SCALE, MAX_SIDE, MIN_SCALE, ExportError, ExportOptions, ExportResult, format_of

__all__ = ["FORMATS", "MAX_SCALE", "MAX_SIDE", "MIN_SCALE", "ExportError", "ExportOptions", "ExportResult",
           "export_design", "export_trace_image", "format_of", "install_export", "render", "trace_summary"]


def install_export(window: object) -> object:
    """Add the export actions to a MainWindow (imported lazily: the dialog pulls in widgets)."""
    from .dialog import install_export as _install

    return _install(window)
