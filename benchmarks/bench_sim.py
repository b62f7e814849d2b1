"""Benchmark of the packet-trace engine on a generated design (fixed seed), issue 3 parameters:
10 VPCs peered in a chain × 10 subnets, 1,000 instances spread evenly, each with 1-3 security
groups drawn from 200 (20 per VPC, since a group belongs to one VPC), every group 20 rules (CIDRs,
port ranges, references to other groups), 50 network ACLs × 20 rules spread over the subnets.

Run: `.venv/bin/python benchmarks/bench_sim.py` — prints a markdown table (not a test).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vpcdesigner.model import (
    Design,
    Instance,
    InternetGateway,
    NaclRule,
    NatGateway,
    NetworkAcl,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    Vpc,
    VpcPeering,
)
from vpcdesigner.sim import trace
from vpcdesigner.sim.exposure import exposure
from vpcdesigner.sim.matrix import matrix
from vpcdesigner.sim.topology import build, topology

SEED = 20261127
PORTS = (22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9000, 27017)


def generate(seed: int = SEED, vpcs: int = 10, subnets: int = 10, instances: int = 1000,
             groups: int = 200, sg_rules: int = 20, nacls: int = 50, nacl_rules: int = 20,
             public: bool = False) -> Design:
    """The benchmark design; deterministic for a given seed."""
    rnd = random.Random(seed)
    res: dict[str, object] = {}

    def add(r: object) -> None:
        res[r.id] = r  # type: ignore[attr-defined]

    groups_per_vpc, nacls_per_vpc = groups // vpcs, nacls // vpcs
    for v in range(vpcs):
        vid = f"vpc{v}"
        add(Vpc(id=vid, cidr=f"10.{v}.0.0/16"))
        add(InternetGateway(id=f"igw{v}", vpc=vid))
        for s in range(subnets):
            add(Subnet(id=f"{vid}-s{s}", vpc=vid, cidr=f"10.{v}.{s}.0/24",
                       availability_zone="us-east-1a" if s % 2 == 0 else "us-east-1b"))
        add(NatGateway(id=f"nat{v}", subnet=f"{vid}-s0", private_ip=f"10.{v}.0.250",
                       elastic_ip=f"198.18.{v}.1"))
        peer_routes = []
        if v > 0:
            peer_routes.append(Route(destination=f"10.{v - 1}.0.0/16", target=f"pcx{v - 1}"))
        if v < vpcs - 1:
            peer_routes.append(Route(destination=f"10.{v + 1}.0.0/16", target=f"pcx{v}"))
        add(RouteTable(id=f"{vid}-rt-pub", vpc=vid, subnets=(f"{vid}-s0", f"{vid}-s1"),
                       routes=(Route(destination="0.0.0.0/0", target=f"igw{v}"), *peer_routes)))
        add(RouteTable(id=f"{vid}-rt-main", vpc=vid, main=True,
                       routes=(Route(destination="0.0.0.0/0", target=f"nat{v}"), *peer_routes)))
        if v < vpcs - 1:
            add(VpcPeering(id=f"pcx{v}", requester_vpc=vid, accepter_vpc=f"vpc{v + 1}"))
        for n in range(nacls_per_vpc):
            def rules(inbound: bool) -> tuple[NaclRule, ...]:
                out = []
                for i in range(nacl_rules - 1):
                    port = rnd.choice(PORTS)
                    out.append(NaclRule(number=10 * (i + 1), action="deny" if rnd.random() < 0.15 else "allow",
                                        protocol="tcp", cidr=f"10.{rnd.randrange(vpcs)}.0.0/16",
                                        port_from=port, port_to=port))
                out.append(NaclRule(number=1000, protocol="tcp", cidr="0.0.0.0/0", port_from=1024, port_to=65535))
                return tuple(out)
            owned = tuple(f"{vid}-s{s}" for s in range(subnets) if s % nacls_per_vpc == n)
            add(NetworkAcl(id=f"{vid}-acl{n}", vpc=vid, subnets=owned, inbound=rules(True), outbound=rules(False)))
        for g in range(groups_per_vpc):
            rules_in = []
            for _ in range(sg_rules):
                lo = rnd.choice(PORTS)
                hi = lo + rnd.choice((0, 0, 10, 1000))
                if rnd.random() < 0.05:
                    rules_in.append(SgRule(protocol="tcp", port_from=lo, port_to=hi, cidr="0.0.0.0/0"))
                elif rnd.random() < 0.3:
                    ref_vpc = rnd.choice([x for x in (v - 1, v, v + 1) if 0 <= x < vpcs])
                    rules_in.append(SgRule(protocol="tcp", port_from=lo, port_to=hi,
                                           security_group=f"vpc{ref_vpc}-sg{rnd.randrange(groups_per_vpc)}"))
                else:
                    rules_in.append(SgRule(protocol="tcp", port_from=lo, port_to=hi,
                                           cidr=f"10.{rnd.randrange(vpcs)}.{rnd.randrange(subnets)}.0/24"))
            add(SecurityGroup(id=f"{vid}-sg{g}", vpc=vid, inbound=tuple(rules_in)))
    per_vpc = instances // vpcs
    for i in range(instances):
        v, k = divmod(i, per_vpc)
        s = k % subnets
        sgs = tuple(sorted({f"vpc{v}-sg{rnd.randrange(groups_per_vpc)}" for _ in range(rnd.randint(1, 3))}))
        public_ip = f"198.19.{i // 250}.{i % 250 + 1}" if public and s < 2 else None
        add(Instance(id=f"i{i}", subnet=f"vpc{v}-s{s}", private_ip=f"10.{v}.{s}.{10 + k // subnets}",
                     security_groups=sgs, public_ip=public_ip))
    return Design(resources=res)  # type: ignore[arg-type]


def timed(fn: Any) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process): CPU time stays honest on a busy machine."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    design, gen, _ = timed(generate)
    builds = [timed(lambda: build(design))[1:] for _ in range(5)]
    topology(design)
    rnd = random.Random(SEED)
    pairs = [(f"i{rnd.randrange(1000)}", f"i{rnd.randrange(1000)}", rnd.choice(PORTS)) for _ in range(2000)]
    walls, cpus, full = [], [], []
    for src, dst, port in pairs:
        result, wall, cpu = timed(lambda src=src, dst=dst, port=port: trace(design, src, dst, "tcp", port))
        walls.append(wall)
        cpus.append(cpu)
        if result.reachable:
            full.append(cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Load average while measuring: {load:.1f} on {os.cpu_count()} CPUs (wall times suffer when it is high).")
    print()
    print("| measure | wall | CPU | target |")
    print("|---|---|---|---|")
    print(f"| design generation (not a target) | {gen * 1000:.0f} ms | - | - |")
    print(f"| graph/topology build, median of 5 | {statistics.median(b[0] for b in builds) * 1000:.1f} ms | "
          f"{statistics.median(b[1] for b in builds) * 1000:.1f} ms | ≤ 200 ms |")
    print(f"| one trace, median of {len(pairs)} instance pairs ({len(full)} reachable) | "
          f"{statistics.median(walls) * 1000:.3f} ms | {statistics.median(cpus) * 1000:.3f} ms | ≤ 1 ms |")
    if full:
        print(f"| one trace, median over the reachable pairs (full forward + return walk) | - | "
              f"{statistics.median(full) * 1000:.3f} ms | ≤ 1 ms |")
    for port in (5432, 80):
        m, wall, cpu = timed(lambda port=port: matrix(design, port))
        print(f"| full 1,000 × 1,000 matrix, TCP {port} ({m.count} reachable pairs, "
              f"{m.traced_cells} by per-pair traces) | {wall:.2f} s | {cpu:.2f} s | ≤ 2 s |")
    exposed_design = generate(public=True)
    topology(exposed_design)
    m, wall, cpu = timed(lambda: matrix(exposed_design, 5432))
    print(f"| full matrix, TCP 5432, same design with public IPs on the 200 instances of the public subnets "
          f"({m.count} reachable pairs, {m.traced_cells} by per-pair traces) | {wall:.2f} s | {cpu:.2f} s | - |")
    found, wall, cpu = timed(lambda: exposure(exposed_design))
    print(f"| exposure, same design with public IPs on the 200 instances of the public subnets "
          f"({len(found)} exposed endpoint/ports) | {wall:.2f} s | {cpu:.2f} s | ≤ 1 s |")


if __name__ == "__main__":
    main()
