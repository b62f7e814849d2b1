"""`vpcdesigner` entry point: no arguments opens the app; subcommands answer questions headless.

Exit codes: 0 = answered / no errors (warnings allowed), 1 = errors found, 2 = bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from .. import __version__

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT = 0, 1, 2

# name -> module under vpcdesigner.cli that defines `register(subparsers)` and `run(args) -> int`
COMMANDS: dict[str, str] = {
    "check": "check",
    "schema": "schema",
}


def _optional_commands() -> dict[str, str]:
    """Subcommands whose modules exist in this build (later features add theirs here)."""
    out = {}
    for name, module in {**COMMANDS, **EXTRA_COMMANDS}.items():
        if importlib.util.find_spec(f"vpcdesigner.cli.{module}") is not None:
            out[name] = module
    return out


EXTRA_COMMANDS: dict[str, str] = {
    "trace": "trace",
    "resolve": "resolve",
    "request": "request",
    "exposure": "exposure",
    "matrix": "matrix",
    "export": "export",
    "import": "import_cmd",
    "lesson": "lesson",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vpcdesigner",
        description="Design AWS networks and simulate packets and DNS lookups hop by hop. "
        "With no command, opens the app.",
        epilog="Exit codes: 0 ok (warnings allowed), 1 errors found, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"vpcdesigner {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in _optional_commands().items():
        mod = importlib.import_module(f"vpcdesigner.cli.{module}")
        mod.register(subparsers, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list and args_list[0].endswith(".vpcd.json")):
        from .gui_launch import launch_gui

        return launch_gui(args_list)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on bad usage; keep its code
        return int(exc.code) if isinstance(exc.code, int) else EXIT_BAD_INPUT
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
