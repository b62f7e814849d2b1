"""`vpcdesigner matrix FILE --port N [--protocol tcp] [--json|--csv]`: who can reach whom.

Rows are sources, columns destinations (every instance); each cell equals `vpcdesigner trace`.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..sim import TraceInputError
from ..sim.matrix import Matrix, matrix
from .common import EXIT_OK, fail, guarded, open_design, print_json
from .schemas import register_output_schema


def matrix_schema() -> dict[str, Any]:
    return {"title": "vpcdesigner matrix --json", "type": "object",
            "required": ["protocol", "port", "endpoints", "names", "reachable", "count"],
            "properties": {"protocol": {"type": "string"}, "port": {"type": ["integer", "null"]},
                           "endpoints": {"type": "array", "items": {"type": "string"}},
                           "names": {"type": "array", "items": {"type": "string"}},
                           "reachable": {"type": "array", "items": {"type": "array", "items": {"type": "boolean"}}},
                           "count": {"type": "integer",
                                     "description": "reachable pairs of two different endpoints"},
                           "traced_cells": {"type": "integer"}}}


register_output_schema("matrix", matrix_schema)  # at import time, as cli/schemas.py expects


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(name, help="reachability matrix between all instances on one port",
                              description="Who can open a connection to whom (rows: sources, columns: destinations).")
    p.add_argument("file", help="design file (.vpcd.json), CloudFormation template or AWS snapshot folder")
    p.add_argument("--port", type=int, default=None, help="destination port (required for tcp/udp)")
    p.add_argument("--protocol", default="tcp", help="tcp (default), udp, icmp, all, or an IP protocol number")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="template parameter")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--csv", action="store_true", help="print CSV (1 = reachable)")
    p.set_defaults(run=run)


def render(m: Matrix) -> str:
    n = len(m.endpoints)
    lines = [f"{m.count} of {n * (n - 1)} pairs of different instances can connect on "
             f"{m.protocol.upper()}{'' if m.port is None else ' port ' + str(m.port)}"]
    width = max((len(n) for n in m.endpoints), default=4)
    for i, src in enumerate(m.endpoints):
        targets = [m.endpoints[j] for j in range(n) if m.reachable[i, j] and j != i]
        lines.append(f"{src.ljust(width)} → {', '.join(targets) if targets else '(none)'}")
    return "\n".join(lines)


@guarded
def run(args: argparse.Namespace) -> int:
    """Print the matrix; bad ports or protocols exit 2 with a message."""
    design = open_design(args.file, args.param)
    try:
        m = matrix(design, args.port, args.protocol)
    except TraceInputError as exc:
        fail(str(exc))
    if args.json:
        print_json(m.to_json())
    elif args.csv:
        print(m.to_csv(), end="")
    else:
        print(render(m))
    return EXIT_OK
