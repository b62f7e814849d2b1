"""Open the desktop app, or explain plainly why it cannot start (no display, Qt missing)."""

from __future__ import annotations

import os
import sys

HEADLESS_HINT = (
    "No display found, so the VPC Designer window cannot open.\n"
    "Run it on a desktop, under a virtual display (xvfb-run -a vpcdesigner), or use the headless\n"
    "commands, for example:\n"
    "  vpcdesigner check resources/samples/anycompany.vpcd.json\n"
    "  vpcdesigner trace resources/samples/anycompany.vpcd.json --from customer --to db --port 5432\n"
    "  vpcdesigner --help"
)


def has_display() -> bool:
    if sys.platform.startswith("linux"):
        platform = os.environ.get("QT_QPA_PLATFORM", "")
        if platform in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
            return True
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def launch_gui(argv: list[str]) -> int:
    if not has_display():
        print(HEADLESS_HINT, file=sys.stderr)
        return 2
    try:
        from ..ui.app import main as ui_main
    except ImportError as exc:
        print(f"The desktop app cannot start: {exc}.\nInstall it with: pip install vpcdesigner", file=sys.stderr)
        return 2
    return ui_main(argv)
