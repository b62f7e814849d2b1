"""Benchmark: load + validate and save a generated 10,000-resource design; run the design checks.

Run: .venv/bin/python benchmarks/bench_model.py [--resources N] [--repeat K]
Prints a markdown table of medians. Targets: load ≤ 0.5 s, save ≤ 0.5 s, checks of 1,000 resources ≪ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vpcdesigner.checks import run_checks
from vpcdesigner.model import dumps, load, save
from vpcdesigner.model.synthetic import synthetic_design


def median_time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time stays meaningful on a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    design = synthetic_design(args.resources)
    small = synthetic_design(1000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.vpcd.json"
        save(design, path)
        size_mb = path.stat().st_size / 1e6
        n = f"{args.resources:,}"
        rows = [
            (f"load + validate {n} resources ({size_mb:.1f} MB)", median_time(lambda: load(path), args.repeat), 0.5),
            (f"save {n} resources (serialise + atomic write)",
             median_time(lambda: save(design, path), args.repeat), 0.5),
            ("  of which serialise (dumps)", median_time(lambda: dumps(design), args.repeat), None),
            ("design checks, 1,000 resources", median_time(lambda: run_checks(small), args.repeat), 0.1),
            (f"design checks, {n} resources", median_time(lambda: run_checks(design), args.repeat), None),
        ]
    print(f"| operation (median of {args.repeat}) | wall time | CPU time | target |")
    print("|---|---:|---:|---:|")
    failed = False
    for name, (seconds, cpu), target in rows:
        mark = "" if target is None else f"≤ {target * 1000:.0f} ms" + (" ✗" if seconds > target else " ✓")
        failed |= target is not None and seconds > target
        print(f"| {name} | {seconds * 1000:.0f} ms | {cpu * 1000:.0f} ms | {mark} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
