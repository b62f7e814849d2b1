"""Benchmark image export: a generated 5,000-object design to PNG at scale 1 (target ≤ 3 s).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_export.py [--resources N] [--repeat K]
Prints a markdown table: the end-to-end `export_design` time (median of K runs) and, from one
instrumented run, where the time goes (scene, layout, paint, PNG encoding, embedding + writing).
The machine's load average is printed too: on a shared 2-core box the times scale with it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vpcdesigner.exchange.png_embed import embed_design
from vpcdesigner.model.files import atomic_write
from vpcdesigner.model.synthetic import synthetic_design
from vpcdesigner.ui.export import ExportOptions, export_design
from vpcdesigner.ui.export.canvas import build_scene
from vpcdesigner.ui.export.page import Page
from vpcdesigner.ui.export.pngwrite import encode_png
from vpcdesigner.ui.export.qtapp import ensure_app
from vpcdesigner.ui.export.writers import raster

TARGET_S = 3.0


def phases(design: object, out: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    t = time.perf_counter()
    scene = build_scene(design)  # type: ignore[arg-type]
    times["build the scene"] = time.perf_counter() - t
    t = time.perf_counter()
    page = Page(scene, "Synthetic", "", False)
    times["lay out the page"] = time.perf_counter() - t
    t = time.perf_counter()
    image, scale, _msg = raster(page, 1.0)
    times[f"paint ({image.width():,} × {image.height():,} px)"] = time.perf_counter() - t
    t = time.perf_counter()
    data = encode_png(image, 96.0 * scale, alpha=False)
    times["encode the PNG"] = time.perf_counter() - t
    t = time.perf_counter()
    atomic_write(out, embed_design(data, design))  # type: ignore[arg-type]
    times["embed the design + write"] = time.perf_counter() - t
    scene.deleteLater()
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ensure_app()
    design = synthetic_design(args.resources)
    tmp = Path(tempfile.mkdtemp())
    runs, cpu = [], []
    for i in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        result = export_design(design, tmp / f"run{i}.png", ExportOptions(scale=1.0, title="Synthetic"))
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    size = (tmp / "run0.png").stat().st_size
    median = statistics.median(runs)
    print(f"Image export, {len(design.resources):,} resources, PNG at scale 1 "
          f"({result.width:,} × {result.height:,} px, {size / 1e6:.1f} MB), {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| measure | time | target |")
    print("|---|---|---|")
    ok = "✓" if median <= TARGET_S else "✗"
    print(f"| export_design end to end (median of {args.repeat}) | {median:.2f} s | ≤ {TARGET_S:g} s {ok} |")
    print(f"| fastest run | {min(runs):.2f} s | |")
    print(f"| CPU time of the process (all threads, median) | {statistics.median(cpu):.2f} s | |")
    for name, seconds in phases(design, tmp / "phases.png").items():
        print(f"| · {name} | {seconds:.2f} s | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
