"""`vpcdesigner check FILE [--json]`: list a design's problems; exit 1 when any is an error."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..checks import Problem, has_errors, run_checks
from ..checks.registry import CODES
from .common import EXIT_ERRORS, EXIT_OK, fail, guarded, open_design, print_json
from .schemas import register_output_schema


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(
        name, help="check a design for problems",
        description="Check a design (or CloudFormation template / AWS snapshot) for problems. "
        "Exit 0 = no errors (warnings allowed), 1 = errors found, 2 = bad input.")
    p.add_argument("file", metavar="FILE", nargs="?", help="design file (.vpcd.json)")
    p.add_argument("--json", action="store_true", help="print the problems as a JSON list")
    p.add_argument("--list-codes", action="store_true", help="list every problem code with its severity and meaning")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="CloudFormation parameter value (templates only)")
    p.set_defaults(run=run)


@guarded
def run(args: argparse.Namespace) -> int:
    if args.list_codes:
        codes = sorted(CODES.values(), key=lambda c: (c.family, c.code))
        if args.json:
            print_json([{"code": c.code, "severity": c.severity, "family": c.family, "meaning": c.meaning}
                        for c in codes])
        else:
            width = max(len(c.code) for c in codes)
            for c in codes:
                print(f"{c.code.ljust(width)}  {c.severity:<7}  {c.meaning}")
        return EXIT_OK
    if not args.file:
        fail("check: give a design FILE (or --list-codes)")
    if _is_lesson(args.file):
        from .lesson import run_check as check_lesson

        return int(check_lesson(argparse.Namespace(lesson=args.file, json=args.json)))
    design = open_design(args.file, args.param)
    problems = run_checks(design)
    if args.json:
        print_json([p.as_dict() for p in problems])
    else:
        sys.stdout.write(format_table(problems, args.file))
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


def _is_lesson(path: str) -> bool:
    """Lesson files are checked by running their steps (see `vpcdesigner lesson check`)."""
    if path.endswith(".lesson.json"):
        return True
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return '"vpcdesigner-lesson"' in head


def format_table(problems: list[Problem], file: str) -> str:
    """A plain fixed-width table, readable in a terminal and in CI logs."""
    if not problems:
        return f"{file}: no problems found.\n"
    rows = [("SEVERITY", "CODE", "OBJECT", "PROBLEM")]
    rows += [(p.severity, p.code, p.object + (f" ({p.field})" if p.field else ""), p.message) for p in problems]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3] for r in rows]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append("")
    lines.append(f"{file}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}.")
    return "\n".join(lines) + "\n"


def output_schema() -> dict[str, Any]:
    return {
        "title": "vpcdesigner check --json",
        "description": "The problems found, errors first; an empty list means none.",
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "severity", "object", "field", "message"],
            "properties": {
                "code": {"type": "string", "enum": sorted({*CODES, "CHECK_FAILED"}),
                         "description": "Stable problem code (see the README's table)"},
                "severity": {"enum": ["error", "warning"]},
                "object": {"type": "string", "description": "Id of the object concerned; empty for the design"},
                "field": {"type": "string", "description": "Path of the field inside the object, or empty"},
                "message": {"type": "string", "description": "One plain sentence"},
            },
        },
    }


register_output_schema("check", output_schema)
