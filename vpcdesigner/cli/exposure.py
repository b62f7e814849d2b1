"""`vpcdesigner exposure FILE [--json]`: every endpoint and port the internet can open."""

from __future__ import annotations

import argparse
from typing import Any

from ..sim.exposure import exposure
from .common import EXIT_OK, guarded, open_design, print_json
from .schemas import register_output_schema


def exposure_schema() -> dict[str, Any]:
    item = {"type": "object",
            "required": ["component", "name", "kind", "address", "protocol", "port_from", "port_to", "source",
                         "allowed_by", "client_sees"],
            "properties": {"component": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
                           "address": {"type": "string"}, "protocol": {"type": "string"},
                           "port_from": {"type": ["integer", "null"]}, "port_to": {"type": ["integer", "null"]},
                           "source": {"type": "string"}, "allowed_by": {"type": "string"},
                           "client_sees": {"type": "string"}}}
    return {"title": "vpcdesigner exposure --json", "type": "object", "required": ["exposed"],
            "properties": {"exposed": {"type": "array", "items": item}}}


register_output_schema("exposure", exposure_schema)  # at import time, as cli/schemas.py expects


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(name, help="what the internet can open in this design",
                              description="Every endpoint and port reachable from the internet, with the rule "
                                          "that opens it (each answer is a full trace).")
    p.add_argument("file", help="design file (.vpcd.json), CloudFormation template or AWS snapshot folder")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="template parameter")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


@guarded
def run(args: argparse.Namespace) -> int:
    """List the exposed endpoints (exit 0 whatever is found)."""
    design = open_design(args.file, args.param)
    found = exposure(design)
    if args.json:
        print_json({"exposed": [e.to_json() for e in found]})
        return EXIT_OK
    if not found:
        print("Nothing in this design can be opened from the internet.")
    for e in found:
        ports = "" if e.port_from is None else (f" {e.port_from}" if e.port_from == e.port_to
                                                else f" {e.port_from}-{e.port_to}")
        print(f"{e.name} ({e.kind}, {e.address}): {e.protocol.upper()}{ports} — {e.allowed_by}; "
              f"client sees {e.client_sees}")
    return EXIT_OK
