"""Simulation screenshots from the real window: `python -m vpcdesigner.ui.simulation.screenshots DIR`.

Run under a real X server at projector size: xvfb-run -a -s "-screen 0 1280x720x24". Writes
sim-request-1280.png (the README hero: the AnyCompany user request mid-flight), sim-blocked-1280.png
(the internet trying the database), sim-dns-1280.png (a cold DNS lookup at the TLD servers) and
sim-request-frames.gif (the request hop by hop; needs ImageMagick's `convert`, skipped without it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from vpcdesigner.model import Scenario

from ..app import make_app
from ..main_window import MainWindow
from ..shotkit import save_png, throwaway_window

HERO_STEP = 12  # alb-sg lets CloudFront in: "allow TCP 443 (HTTPS) from prefix list pl-cloudfront"
GIF_LIMIT = 1024 * 1024


def _settle(seconds: float = 0.4) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        QApplication.processEvents()


def _window() -> MainWindow:
    window = throwaway_window(1280, 720)
    _settle(1.0)  # first-start layout: the window's docks, then the simulation dock
    return window


def _scenario(window: MainWindow, sid: str) -> Scenario:
    return next(s for s in window.doc.design.scenarios if s.id == sid)


def _select(window: MainWindow, sid: str) -> None:
    """Show the scenario as picked in the Scenarios list (the form then shows its question)."""
    sim = window.simulation
    row = [s.id for s in window.doc.design.scenarios].index(sid)
    sim.scenarios.table.selectRow(row)
    sim.scenarios_dock.raise_()


def _start(window: MainWindow, sid: str) -> None:
    sim = window.simulation
    _select(window, sid)
    sim.run_scenario(_scenario(window, sid), autoplay=False)
    _settle(0.6)  # the dock opens and the view fits the trace


def _mid_flight(window: MainWindow, step: int, fraction: float = 0.5) -> None:
    """Arrive at `step` with the packet `fraction` of the way along its glide, then hold it there."""
    sim = window.simulation
    sim.player.seek(step - 1)
    _settle(0.2)
    started = time.perf_counter()
    sim.player.step_forward()
    glide = sim.overlay.animator.glides.get(id(sim.overlay.packet))
    duration = glide.duration if glide is not None else 0.0
    while time.perf_counter() - started < duration * fraction:
        QApplication.processEvents()
    sim.overlay.animator.stop(sim.overlay.packet)  # freeze it mid-edge for the picture
    _settle(0.15)


def _save(window: MainWindow, path: Path) -> None:
    save_png(window.grab(), path)


def request(out: Path) -> None:
    window = _window()
    _start(window, "shop")
    _mid_flight(window, HERO_STEP)
    _save(window, out / "sim-request-1280.png")
    window.stack.setClean()
    window.close()


def blocked(out: Path) -> None:
    window = _window()
    _start(window, "attack-db")
    sim = window.simulation
    while sim.player.step_forward():
        pass
    _settle(1.0)  # the last glide ends on the internet gateway
    _save(window, out / "sim-blocked-1280.png")
    window.stack.setClean()
    window.close()


def dns(out: Path) -> None:
    window = _window()
    window.simulation.clear_dns_cache()
    _start(window, "dns")
    sim = window.simulation
    tld = next(i for i, s in enumerate(sim.player.steps) if s.anchor == "station:tld")
    sim.player.seek(tld)
    _settle(1.0)
    _save(window, out / "sim-dns-1280.png")
    window.stack.setClean()
    window.close()


def frames(out: Path) -> None:
    """Every hop of the request at rest, plus a mid-glide frame where the packet crosses the canvas."""
    convert = shutil.which("convert")
    if convert is None:
        print("sim-request-frames.gif skipped: ImageMagick's convert is not installed")
        return
    window = _window()
    _start(window, "shop")
    sim = window.simulation
    folder = Path(tempfile.mkdtemp())
    shots: list[Path] = []

    def grab() -> None:
        pixmap: QPixmap = window.view.viewport().grab()
        path = folder / f"f{len(shots):03d}.png"
        pixmap.save(str(path), "PNG")
        shots.append(path)

    for i in range(len(sim.player.steps)):
        step = sim.player.steps[i]
        if i > 0 and sim.overlay.from_anchor(i) != step.anchor:
            _mid_flight(window, i, 0.5)
            grab()
        sim.player.seek(i)
        _settle(0.1)
        grab()
    target = out / "sim-request-frames.gif"
    for colours, width, fuzz in ((64, 760, 3), (48, 680, 4), (32, 600, 5)):  # no dithering: flat areas compress
        subprocess.run([convert, "-delay", "70", "-loop", "0", *map(str, shots), "-resize", f"{width}x", "+dither",
                        "-colors", str(colours), "-fuzz", f"{fuzz}%", "-layers", "Optimize", str(target)], check=True)
        if target.stat().st_size <= GIF_LIMIT:
            break
    print(f"{target}: {target.stat().st_size // 1024} KB, {len(shots)} frames")
    window.stack.setClean()
    window.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    make_app()
    request(out)
    blocked(out)
    dns(out)
    frames(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
