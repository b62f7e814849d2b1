"""Benchmark of the CloudFormation import (issue 6): the Quick Start VPC template with 4 AZs and every
option (target ≤ 0.5 s, median of several runs), split into the template engine and the mapping to
the model (with layout), plus a few other corpus imports and an export → import round trip.

Run: `.venv/bin/python benchmarks/bench_exchange.py [RUNS]` — prints a markdown table (not a test).
Needs the shared corpus at ../shared/corpus (the team's checkout).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from vpcdesigner.exchange.cloudformation import load_stacks  # noqa: E402
from vpcdesigner.exchange.cloudformation.export import dump_template  # noqa: E402
from vpcdesigner.exchange.cloudformation.importer import import_templates, map_resolved  # noqa: E402
from vpcdesigner.model import load  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "cloudformation"
QUICKSTART = CORPUS / "aws-quickstart__quickstart-aws-vpc" / "templates" / "aws-vpc.template.yaml"
ALL_OPTIONS = {
    "AvailabilityZones": "us-east-1a,us-east-1b,us-east-1c,us-east-1d",
    "NumberOfAZs": "4",
    "CreateAdditionalPrivateSubnets": "true",
    "CreateVPCFlowLogsToCloudWatch": "true",
}
WIDDIX = CORPUS / "widdix__aws-cf-templates"
TARGET_S = 0.5


def median_time(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm-up: imports, caches of the YAML loader
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    if not QUICKSTART.is_file():
        print(f"corpus not found at {CORPUS} (only in the team's checkout)", file=sys.stderr)
        return 1
    rows: list[tuple[str, float, str]] = []

    engine, resolved = median_time(lambda: load_stacks([QUICKSTART], ALL_OPTIONS), runs)
    mapping, result = median_time(lambda: map_resolved(resolved), runs)
    full, result = median_time(lambda: import_templates([str(QUICKSTART)], ALL_OPTIONS), runs)
    label = f"{len(resolved.resources)} resources → {len(result.design.resources)} objects"
    rows.append((f"Quick Start VPC, 4 AZs, all options: template engine ({label})", engine, ""))
    rows.append(("Quick Start VPC, 4 AZs, all options: mapping + layout", mapping, ""))
    verdict = "pass" if full <= TARGET_S else "FAIL"
    rows.append(("**Quick Start VPC, 4 AZs, all options: import_templates**", full, f"≤ {TARGET_S} s: {verdict}"))

    defaults, _ = median_time(
        lambda: import_templates([str(QUICKSTART)], {"AvailabilityZones": "us-east-1a,us-east-1b"}), runs
    )
    rows.append(("Quick Start VPC, defaults (24 resources)", defaults, ""))
    family = [
        str(WIDDIX / "vpc" / f)
        for f in ("vpc-2azs.yaml", "vpc-nat-gateway.yaml", "vpc-ssh-bastion.yaml", "zone-public.yaml")
    ] + [str(WIDDIX / "static-website" / "static-website.yaml")]
    params = {
        "vpc-nat-gateway.ParentVPCStack": "vpc-2azs",
        "vpc-ssh-bastion.ParentVPCStack": "vpc-2azs",
        "zone-public.Name": "example.com",
        "static-website.ParentZoneStack": "zone-public",
    }
    widdix, _ = median_time(lambda: import_templates(family, params), runs)
    rows.append(("widdix family, 5 stacks with cross-stack imports (54 resources)", widdix, ""))

    design = load(REPO / "resources" / "samples" / "anycompany.vpcd.json")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "anycompany.yaml"

        def round_trip() -> Any:
            dump_template(design, path)
            return import_templates([str(path)], {}).design

        trip, back = median_time(round_trip, runs)
    rows.append((f"AnyCompany export → import round trip (equal: {back == design})", trip, ""))

    print(f"| CloudFormation import (median of {runs} runs) | time | target |")
    print("|---|---:|---|")
    for name, seconds, target in rows:
        print(f"| {name} | {seconds * 1000:.0f} ms | {target} |")
    return 0 if full <= TARGET_S else 2


if __name__ == "__main__":
    raise SystemExit(main())
