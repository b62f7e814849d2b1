"""Addresses of instances, interfaces and gateways: inside their subnet, not reserved, unique, available."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.types import ALLOCATED
from .context import Context, contains_ip, reserved
from .problem import Problem
from .registry import check, declare, problem

F = "addresses"
RESERVED_ADDRESS = declare(F, "RESERVED_ADDRESS", "error",
                           "A fixed private IP is one of the 5 addresses AWS reserves in every subnet.")
INSTANCE_IP_OUTSIDE_SUBNET = declare(F, "INSTANCE_IP_OUTSIDE_SUBNET", "error",
                                     "A fixed private IP is not inside the subnet it is placed in.")
DUPLICATE_IP = declare(F, "DUPLICATE_IP", "error", "Two things in one VPC have the same private IP.")
DUPLICATE_PUBLIC_IP = declare(F, "DUPLICATE_PUBLIC_IP", "error", "Two things have the same public or Elastic IP.")
SUBNET_FULL = declare(F, "SUBNET_FULL", "error", "A subnet has no free address left for something placed in it.")


def _fixed(ctx: Context) -> Iterator[tuple[str, str, str, str]]:
    """(owner id, subnet id, ip, field) for every address the designer typed."""
    for kind in ("instance", "network-interface", "nat-gateway"):
        for r in ctx.kind(kind):
            if r.private_ip:
                yield r.id, r.subnet, r.private_ip, "private_ip"
    for lb in ctx.kind("load-balancer"):
        for i, node in enumerate(lb.node_addresses):
            yield lb.id, node.subnet, node.private_ip, f"node_addresses[{i}].private_ip"


@check(F)
def check_fixed_addresses(ctx: Context) -> Iterator[Problem]:
    for owner, subnet_id, ip, field in _fixed(ctx):
        s = ctx.subnet(subnet_id)
        if s is None:
            continue
        if not contains_ip(s.cidr, ip):
            yield problem(INSTANCE_IP_OUTSIDE_SUBNET, owner,
                          f"{owner}: {ip} is not inside its subnet {s.display_name} ({s.cidr}).", field)
        elif reserved(s.cidr, ip):
            yield problem(RESERVED_ADDRESS, owner, f"{owner}: {ip} is reserved by AWS in {s.display_name} "
                          f"({s.cidr}: the first four addresses and the last one are reserved).", field)


def _all_private(ctx: Context) -> Iterator[tuple[str, str, str]]:
    """(owner, subnet, ip) for everything that gets an address, as the simulator will see it."""
    d = ctx.derived
    for inst in d.instances.values():
        yield inst.id, inst.subnet, inst.private_ip or ""
    for r in ctx.kind("network-interface"):
        if r.private_ip:
            yield r.id, r.subnet, r.private_ip
    for nat_id, ip in d.nat_ip.items():
        yield nat_id, ctx.res[nat_id].subnet, ip
    for lb_id, nodes in d.lb_nodes.items():
        for node in nodes:
            yield f"{lb_id}", node.subnet, node.private_ip


@check(F)
def check_unique_addresses(ctx: Context) -> Iterator[Problem]:
    seen: dict[tuple[str, str], str] = {}
    for owner, subnet_id, ip in _all_private(ctx):
        if ctx.subnet(subnet_id) is None:
            continue
        if ip in ("", "0.0.0.0"):
            s = ctx.subnet(subnet_id)
            yield problem(SUBNET_FULL, owner, f"{owner}: subnet {s.display_name if s else subnet_id} has no free "
                          "address left for it.")
            continue
        key = (ctx.vpc_of_subnet(subnet_id) or "", ip)
        if key in seen and seen[key] != owner:
            yield problem(DUPLICATE_IP, owner, f"{owner}: private IP {ip} is already used by {seen[key]}.",
                          "private_ip")
        else:
            seen.setdefault(key, owner)
    public: dict[str, str] = {}
    for owner, ip, field in _public(ctx):
        if ip in public:
            yield problem(DUPLICATE_PUBLIC_IP, owner, f"{owner}: public IP {ip} is already used by {public[ip]}.",
                          field)
        else:
            public[ip] = owner


def _public(ctx: Context) -> Iterator[tuple[str, str, str]]:
    for kind in ("instance", "network-interface"):
        for r in ctx.kind(kind):
            if r.public_ip and r.public_ip != ALLOCATED:
                yield r.id, r.public_ip, "public_ip"
    for r in ctx.kind("nat-gateway"):
        if r.elastic_ip and r.elastic_ip != ALLOCATED:
            yield r.id, r.elastic_ip, "elastic_ip"
