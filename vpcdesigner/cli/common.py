"""Helpers shared by subcommands: open any supported input as a design, report bad input plainly."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from ..model import Design, DesignFileError, load

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Raised by commands for input they cannot use; main prints it and exits 2."""


def fail(message: str) -> NoReturn:
    raise BadInput(message)


def detect_format(path: Path) -> str:
    """"design", "cloudformation", "aws-snapshot" or "png" (a PNG exported with the design inside)."""
    if path.is_dir():
        return "aws-snapshot"
    name = path.name.lower()
    if name.endswith(".png"):
        return "png"
    if name.endswith((".yaml", ".yml", ".template")):
        return "cloudformation"
    if name.endswith(".json") and not name.endswith(".vpcd.json"):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:200_000]
            data = json.loads(head)
        except (OSError, ValueError):
            return "design"
        if isinstance(data, dict) and ("Resources" in data or "AWSTemplateFormatVersion" in data):
            return "cloudformation"
    return "design"


def open_design(path_text: str, params: list[str] | None = None) -> Design:
    """Load a design file, a CloudFormation template or an AWS snapshot folder (auto-detected)."""
    path = Path(path_text)
    if not path.exists():
        fail(f"{path}: no such file or folder")
    kind = detect_format(path)
    try:
        if kind == "design":
            return load(path)
        if kind == "png":
            from ..exchange.png_embed import design_from_png  # type: ignore[import-not-found]

            return design_from_png(path)  # type: ignore[no-any-return]
        if kind == "cloudformation":
            from ..exchange.cloudformation.importer import import_templates  # type: ignore[import-not-found]

            return import_templates([str(path)], params=parse_params(params or [])).design  # type: ignore[no-any-return]
        from ..exchange.aws.snapshot import import_snapshot  # type: ignore[import-not-found]

        return import_snapshot(path).design  # type: ignore[no-any-return]
    except DesignFileError as exc:
        fail(str(exc))
    except ImportError as exc:
        fail(f"{path}: reading {kind} files is not available in this build ({exc})")
    except Exception as exc:  # importers raise their own error classes; all carry a place
        if type(exc).__name__.endswith("Error") and not isinstance(exc, (TypeError, AttributeError, KeyError)):
            fail(str(exc))
        raise


def parse_params(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            fail(f"--param {item!r}: expected KEY=VALUE")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def guarded(run: Any) -> Any:
    """Decorator for a command's run(args): BadInput becomes a plain message and exit code 2."""

    def wrapper(args: Any) -> int:
        try:
            return int(run(args))
        except BadInput as exc:
            print(f"vpcdesigner: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT

    wrapper.__doc__ = run.__doc__
    return wrapper
