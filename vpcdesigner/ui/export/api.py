"""Image export entry points used by the app, the CLI and the simulation panel.

`export_design` writes the whole design or a selection; `export_trace_image` adds a simulated
connection's path and hop table. Both write atomically and return an `ExportResult` whose
`messages` the caller shows (for example when the 16,384-pixel cap applied). A PNG carries the
design (png_embed), so opening it reopens the editable design.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from vpcdesigner.exchange.png_embed import embed_design
from vpcdesigner.model import Design
from vpcdesigner.model.files import atomic_write
from vpcdesigner.sim import Trace

from .canvas import build_scene, isolate
from .options import ExportError, ExportOptions, ExportResult
from .page import Page
from .qtapp import ensure_app
from .writers import to_pdf, to_png, to_svg

if TYPE_CHECKING:  # the simulation package loads pyqtgraph: only trace exports import it
    from ..simulation.steps import SimStep


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Fail early (before minutes of rendering) when the file cannot be written."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f"{target}: is a folder, not a file name")
    if not folder.is_dir():
        raise ExportError(f"{target}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ExportError(f"{target}: cannot write here (permission denied)")
    return target


def render(design: Design, options: ExportOptions, steps: list[SimStep] | None = None,
           destination: str | None = None) -> tuple[bytes, ExportResult]:
    """The file bytes for `options` and a result describing them (path left empty)."""
    options = options.checked()
    if steps and options.selection:
        raise ExportError("a trace is drawn over the whole design; leave out the selection")
    ensure_app()
    scene = build_scene(design)
    try:
        if options.selection:
            isolate(scene, options.selection)
        page = Page(scene, options.title, options.subtitle, options.legend, steps, options.transparent, destination)
        title = options.title or design.name
        messages: list[str] = []
        if options.format == "png":
            data, width, height, scale, note = to_png(page, options.scale)
            data = embed_design(data, design)
        elif options.format == "svg":
            data = to_svg(page, title)
            width, height, scale, note = round(page.size.width()), round(page.size.height()), 1.0, None
        else:
            data, fit, note = to_pdf(page, title)
            width, height, scale = round(page.size.width() * 0.75 * fit), round(page.size.height() * 0.75 * fit), fit
        if note:
            messages.append(note)
        return data, ExportResult(Path(), options.format, width, height, scale, messages)
    finally:
        scene.deleteLater()


def _write(path: str | os.PathLike[str], data: bytes, result: ExportResult) -> ExportResult:
    target = Path(path)
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the picture: {exc.strerror or exc}") from None
    result.path = target
    return result


def export_design(design: Design, path: str | os.PathLike[str], options: ExportOptions) -> ExportResult:
    """Write the design (or `options.selection`) as PNG, SVG or PDF to `path`."""
    check_writable(path)
    data, result = render(design, options)
    return _write(path, data, result)


def trace_summary(tr: Trace) -> str:
    word = {True: "REACHABLE", False: "NOT REACHABLE", None: "UNKNOWN"}[tr.reachable]
    mark = {True: "✓", False: "✗", None: "?"}[tr.reachable]
    return f"{mark} {word} — {tr.source} → {tr.destination} ({tr.packet.describe()}). {tr.reason}"


def _service(tr: Trace) -> str:
    p = tr.packet
    if p.protocol == "icmp":
        return f"ICMP type {p.icmp_type}"
    return f"{p.protocol.upper()} {p.dst_port}" if p.dst_port is not None else p.protocol.upper()


def _destination_id(design: Design, tr: Trace) -> str | None:
    """The drawn object the trace was aimed at (by id, or by name), if there is one."""
    if tr.destination in design.resources:
        return tr.destination
    for rid, res in design.resources.items():
        if getattr(res, "name", None) == tr.destination:
            return rid
    return None


def export_trace_image(design: Design, trace: Trace | list[SimStep], path: str | os.PathLike[str],
                       options: ExportOptions, summary: str = "", destination: str | None = None) -> ExportResult:
    """The design with the path of `trace` drawn on it and its hop table, as PNG/SVG/PDF.

    `trace` is a sim Trace, or the steps the simulation panel plays (then pass `summary`, the
    verdict line shown under the title). The title defaults to "Trace: SOURCE → DESTINATION".
    """
    from ..simulation.steps import from_trace

    check_writable(path)
    if isinstance(trace, Trace):
        steps = from_trace(trace)
        summary = summary or trace_summary(trace)
        default_title = f"Trace: {trace.source} → {trace.destination} ({_service(trace)})"
        destination = destination or _destination_id(design, trace)
    else:
        steps = list(trace)
        default_title = "Trace"
    if not steps:
        raise ExportError("the trace has no hops to draw")
    title = options.title if options.title is not None else default_title
    subtitle = options.subtitle or summary
    opts = ExportOptions(options.format, options.scale, options.transparent, title, subtitle, options.legend,
                         options.selection)
    data, result = render(design, opts, steps, destination)
    return _write(path, data, result)
