"""`vpcdesigner export FILE --png OUT | --svg OUT | --pdf OUT | --cloudformation OUT.yaml`.

Pictures of the whole design, a selection (`--selection ID,...`) or a simulated connection
(`--trace-from A --trace-to B`), with an optional title and legend. A PNG carries the design, so
`vpcdesigner check picture.png` and the app reopen it. Qt is imported only inside `run`, so other
commands never load it; with no display an offscreen Qt platform is used.
Exit 0 = written, 2 = bad input (unknown id, bad scale, unwritable path, unreadable FILE).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Literal

from .common import EXIT_OK, fail, guarded, open_design


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(
        name, help="export the design as a PNG/SVG/PDF picture or a CloudFormation template",
        description="Export a picture of the design (whole, a selection, or a traced connection), "
        "or a CloudFormation template.")
    p.add_argument("file", help="design file (.vpcd.json), exported PNG, CloudFormation template or AWS snapshot")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--png", metavar="OUT", help="write a PNG (it carries the design: opening it reopens it)")
    out.add_argument("--svg", metavar="OUT", help="write an SVG (vector)")
    out.add_argument("--pdf", metavar="OUT", help="write a one-page vector PDF")
    out.add_argument("--cloudformation", metavar="OUT.yaml", help="write a CloudFormation template (YAML)")
    p.add_argument("--scale", type=float, default=None, metavar="N",
                   help="PNG pixels per canvas unit, 1 to 4 (default 1); capped at 16,384 pixels a side")
    p.add_argument("--transparent", action="store_true", help="PNG with a transparent background")
    p.add_argument("--selection", metavar="ID,...", help="only these objects (and what they contain)")
    title = p.add_mutually_exclusive_group()
    title.add_argument("--title", metavar="TEXT", help="title above the picture (default: the design's name)")
    title.add_argument("--no-title", action="store_true", help="no title")
    p.add_argument("--legend", action="store_true", help="add a legend of the boxes, lines and marks shown")
    p.add_argument("--trace-from", metavar="A", help="draw the path of a connection from A (id, name or address)")
    p.add_argument("--trace-to", metavar="B", help="... to B; the hop table is printed beside or below the picture")
    p.add_argument("--port", type=int, default=None, help="destination port of the traced connection")
    p.add_argument("--protocol", default="tcp", help="protocol of the traced connection (default tcp)")
    p.add_argument("--param", action="append", default=[], metavar="K=V",
                   help="template parameter when FILE is a CloudFormation template")
    p.set_defaults(run=run)


def _picture_args(args: argparse.Namespace) -> list[str]:
    given = [("--scale", args.scale is not None), ("--transparent", args.transparent),
             ("--selection", bool(args.selection)), ("--title", args.title is not None),
             ("--no-title", args.no_title), ("--legend", args.legend), ("--trace-from", bool(args.trace_from)),
             ("--trace-to", bool(args.trace_to)), ("--port", args.port is not None)]
    return [flag for flag, on in given if on]


def _cloudformation(args: argparse.Namespace) -> int:
    if extra := _picture_args(args):
        fail(f"{', '.join(extra)}: picture options do not apply to --cloudformation")
    design = open_design(args.file, args.param)
    try:
        from ..exchange.cloudformation.export import ExportError as CfnError
        from ..exchange.cloudformation.export import dump_template
    except ImportError as exc:
        fail(f"--cloudformation is not available in this build ({exc})")
    try:
        warnings = dump_template(design, args.cloudformation)
    except CfnError as exc:
        fail(str(exc))
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(f"wrote {args.cloudformation}")
    return EXIT_OK


@guarded
def run(args: argparse.Namespace) -> int:
    """Check the options, open FILE, render offscreen and write the file atomically."""
    if args.cloudformation:
        return _cloudformation(args)
    choices: tuple[tuple[Literal["png", "svg", "pdf"], str | None], ...] = (
        ("png", args.png), ("svg", args.svg), ("pdf", args.pdf))
    fmt, path = next((f, v) for f, v in choices if v)
    if fmt != "png" and (args.scale is not None or args.transparent):
        fail(f"--scale and --transparent apply to --png only, not --{fmt}")
    scale = 1.0 if args.scale is None else args.scale
    if not 1.0 <= scale <= 4.0:
        fail(f"--scale {scale:g}: expected a number from 1 to 4")
    if bool(args.trace_from) != bool(args.trace_to):
        fail("--trace-from and --trace-to go together")
    if args.selection is not None and args.trace_from:
        fail("--selection: a trace is drawn over the whole design; leave out --selection")
    if args.port is not None and not args.trace_from:
        fail("--port applies to a traced connection (--trace-from/--trace-to)")
    selection = tuple(s.strip() for s in (args.selection or "").split(",") if s.strip())
    if args.selection is not None and not selection:
        fail("--selection: give one or more ids, separated by commas")
    design = open_design(args.file, args.param)
    from ..ui.export import ExportError, ExportOptions, export_design, export_trace_image  # Qt loads here

    title = "" if args.no_title else args.title  # None: the default (design name, or "Trace: A → B")
    if title is None and not args.trace_from:
        title = design.name
    options = ExportOptions(fmt, scale, args.transparent, title, "", args.legend, selection)
    try:
        if args.trace_from:
            result = export_trace_image(design, _trace(design, args), path, options)
        else:
            result = export_design(design, path, options)
    except ExportError as exc:
        fail(str(exc))
    for message in result.messages:
        print(f"note: {message}", file=sys.stderr)
    unit = "pixels" if fmt == "png" else "points" if fmt == "pdf" else "units"
    print(f"wrote {result.path} ({result.width} × {result.height} {unit})")
    return EXIT_OK


def _trace(design: Any, args: argparse.Namespace) -> Any:
    from ..model.types import normalise_protocol
    from ..sim import TraceInputError, trace

    try:
        protocol = normalise_protocol(args.protocol)
    except ValueError as exc:
        fail(f"--protocol: {exc}")
    try:
        return trace(design, args.trace_from, args.trace_to, protocol, args.port)
    except TraceInputError as exc:
        fail(str(exc))
