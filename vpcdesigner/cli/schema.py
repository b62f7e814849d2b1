"""`vpcdesigner schema [--output NAME] [-o FILE]`: print the published JSON Schemas."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..model.files import atomic_write
from .common import EXIT_OK, fail, guarded
from .schemas import design_schema, output_names, output_schema


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(
        name, help="print the JSON Schema of design files or of a command's --json output",
        description="Print the JSON Schema of the design file format, or with --output NAME the schema of "
        "command NAME's --json output.")
    p.add_argument("--output", metavar="NAME", help="a command whose --json output to describe (see --list)")
    p.add_argument("--list", action="store_true", help="list the commands that publish an output schema")
    p.add_argument("-o", "--out-file", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(run=run)


@guarded
def run(args: argparse.Namespace) -> int:
    if args.list:
        print("\n".join(output_names()))
        return EXIT_OK
    if args.output:
        schema = output_schema(args.output)
        if schema is None:
            fail(f"--output {args.output}: no such command output; known: {', '.join(output_names())}")
    else:
        schema = design_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if args.out_file:
        try:
            atomic_write(Path(args.out_file), text.encode("utf-8"))
        except OSError as exc:
            fail(f"{args.out_file}: cannot write ({exc.strerror or exc})")
    else:
        print(text, end="")
    return EXIT_OK
