"""Route tables: associations, route destinations and targets, and subnet intent against the routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model.network import RouteTable
from ..model.types import ALLOCATED
from .context import Context, net, within
from .problem import Problem
from .registry import check, declare, problem

F = "routing"
MULTIPLE_MAIN_ROUTE_TABLES = declare(F, "MULTIPLE_MAIN_ROUTE_TABLES", "error",
                                     "A VPC has more than one main route table.")
SUBNET_MULTIPLE_ROUTE_TABLES = declare(F, "SUBNET_MULTIPLE_ROUTE_TABLES", "error",
                                       "A subnet is explicitly associated with more than one route table.")
ASSOCIATION_OTHER_VPC = declare(F, "ASSOCIATION_OTHER_VPC", "error",
                                "A route table, network ACL or endpoint is tied to a subnet or table of another VPC.")
ROUTE_DUPLICATE_DESTINATION = declare(F, "ROUTE_DUPLICATE_DESTINATION", "error",
                                      "A route table has two routes for the same destination.")
ROUTE_MORE_SPECIFIC_THAN_LOCAL = declare(
    F, "ROUTE_MORE_SPECIFIC_THAN_LOCAL", "error",
    "A route inside the VPC's own range that AWS refuses (only a subnet's exact CIDR to a NAT gateway or ENI).")
ROUTE_TARGET_NOT_IN_VPC = declare(F, "ROUTE_TARGET_NOT_IN_VPC", "error",
                                  "A route or propagation uses a gateway, interface or peering "
                                  "not attached to this VPC.")
ROUTE_TARGET_FAMILY = declare(F, "ROUTE_TARGET_FAMILY", "error",
                              "A route sends IPv4 to an IPv6-only target (egress-only IGW) "
                              "or IPv6 to an IPv4-only one.")
BLACKHOLE_ROUTE = declare(F, "BLACKHOLE_ROUTE", "warning",
                          "A route drops its traffic (blackhole, or a peering that is not active).")
PUBLIC_SUBNET_WITHOUT_IGW_ROUTE = declare(F, "PUBLIC_SUBNET_WITHOUT_IGW_ROUTE", "error",
                                          "A subnet meant to be public has no route to an internet gateway.")
SUBNET_INTENT_CONTRADICTED = declare(F, "SUBNET_INTENT_CONTRADICTED", "error",
                                     "A subnet meant to be private has a route to an internet gateway.")
PRIVATE_SUBNET_WITH_PUBLIC_IP = declare(
    F, "PRIVATE_SUBNET_WITH_PUBLIC_IP", "warning",
    "An instance in a private subnet has a public or Elastic IP, which the internet cannot use.")

_LOCAL_EXCEPTION_TARGETS = ("nat-gateway", "network-interface", "instance")


def target_vpcs(ctx: Context, target: Any) -> set[str]:
    """The VPCs a route target is attached to (a peering has two; a transit gateway one per VPC attachment)."""
    kind = target.kind
    if kind in ("internet-gateway", "egress-only-internet-gateway", "vpn-gateway", "vpc-endpoint"):
        return {target.vpc} if target.vpc else set()
    if kind in ("nat-gateway", "instance", "network-interface"):
        v = ctx.vpc_of_subnet(target.subnet)
        return {v} if v else set()
    if kind == "vpc-peering":
        return {target.requester_vpc, target.accepter_vpc}
    if kind == "transit-gateway":
        return {a.vpc for a in target.attachments if a.type == "vpc" and a.vpc}
    return set()


@check(F)
def check_route_tables(ctx: Context) -> Iterator[Problem]:
    mains: dict[str, str] = {}
    assoc: dict[str, str] = {}
    for rt in ctx.kind("route-table"):
        if rt.main:
            if rt.vpc in mains:
                yield problem(MULTIPLE_MAIN_ROUTE_TABLES, rt.id,
                              f"{rt.display_name}: {mains[rt.vpc]} is already the main route table of {rt.vpc}.",
                              "main")
            else:
                mains[rt.vpc] = rt.id
        for i, sid in enumerate(rt.subnets):
            field = f"subnets[{i}]"
            if sid in assoc:
                yield problem(SUBNET_MULTIPLE_ROUTE_TABLES, rt.id, f"{rt.display_name}: subnet {sid} is already "
                              f"associated with {assoc[sid]}; a subnet has one route table.", field)
            else:
                assoc[sid] = rt.id
            sv = ctx.vpc_of_subnet(sid)
            if sv is not None and sv != rt.vpc:
                yield problem(ASSOCIATION_OTHER_VPC, rt.id,
                              f"{rt.display_name} belongs to {rt.vpc} but is associated with subnet {sid} of {sv}.",
                              field)
        yield from _routes(ctx, rt)
        for i, gw in enumerate(rt.propagating_gateways):
            target = ctx.res.get(gw)
            if target is not None and rt.vpc not in target_vpcs(ctx, target):
                yield problem(ROUTE_TARGET_NOT_IN_VPC, rt.id, f"{rt.display_name}: propagates routes from {gw}, "
                              f"which is not attached to {rt.vpc}.", f"propagating_gateways[{i}]")
    for ep in ctx.kind("vpc-endpoint"):
        for i, rt_id in enumerate(ep.route_tables):
            rt = ctx.res.get(rt_id)
            if isinstance(rt, RouteTable) and rt.vpc != ep.vpc:
                yield problem(ASSOCIATION_OTHER_VPC, ep.id, f"{ep.display_name} belongs to {ep.vpc} but lists "
                              f"route table {rt_id} of {rt.vpc}.", f"route_tables[{i}]")


def _routes(ctx: Context, rt: RouteTable) -> Iterator[Problem]:
    vpc = ctx.vpc(rt.vpc)
    seen: set[str] = set()
    subnet_cidrs = {s.cidr for s in ctx.subnets_of_vpc.get(rt.vpc, [])}
    for i, route in enumerate(rt.routes):
        field = f"routes[{i}]"
        key = route.destination or f"pl:{route.destination_prefix_list}"
        if key in seen:
            yield problem(ROUTE_DUPLICATE_DESTINATION, rt.id,
                          f"{rt.display_name}: two routes for {route.destination_text}.", field)
        seen.add(key)
        target = ctx.res.get(route.target) if route.target and route.target != "local" else None
        if route.destination and vpc is not None and route.target != "local":
            blocks = [*vpc.all_cidrs, *([vpc.ipv6_cidr] if vpc.ipv6_cidr and vpc.ipv6_cidr != ALLOCATED else [])]
            inside = next((b for b in blocks if within(route.destination, b)), None)
            allowed = (route.destination in subnet_cidrs and target is not None
                       and target.kind in _LOCAL_EXCEPTION_TARGETS)
            if inside is not None and not allowed:
                yield problem(ROUTE_MORE_SPECIFIC_THAN_LOCAL, rt.id, f"{rt.display_name}: route to "
                              f"{route.destination} lies inside the VPC block {inside}, which the local route "
                              "serves; AWS only accepts a subnet's exact CIDR pointing at a NAT gateway or "
                              "network interface there.", field)
        if target is not None:
            if rt.vpc not in target_vpcs(ctx, target):
                yield problem(ROUTE_TARGET_NOT_IN_VPC, rt.id, f"{rt.display_name}: route to "
                              f"{route.destination_text} uses {target.display_name} ({target.kind}), which is not "
                              f"attached to {rt.vpc}.", f"{field}.target")
            if route.destination:
                v6 = net(route.destination).version == 6
                if v6 and target.kind in ("nat-gateway", "vpn-gateway"):
                    yield problem(ROUTE_TARGET_FAMILY, rt.id, f"{rt.display_name}: IPv6 route "
                                  f"{route.destination} cannot use {target.display_name} ({target.kind}: IPv4 only).",
                                  f"{field}.target")
                elif not v6 and target.kind == "egress-only-internet-gateway":
                    yield problem(ROUTE_TARGET_FAMILY, rt.id, f"{rt.display_name}: IPv4 route "
                                  f"{route.destination} cannot use egress-only gateway {target.display_name} "
                                  "(IPv6 only).", f"{field}.target")
            if target.kind == "vpc-peering" and target.status != "active":
                yield problem(BLACKHOLE_ROUTE, rt.id, f"{rt.display_name}: route to {route.destination_text} "
                              f"uses peering {target.display_name}, which is {target.status}: traffic is dropped.",
                              field)
        if route.state == "blackhole":
            yield problem(BLACKHOLE_ROUTE, rt.id, f"{rt.display_name}: route to {route.destination_text} is a "
                          "blackhole: matching traffic is dropped.", field)


@check(F)
def check_subnet_intent(ctx: Context) -> Iterator[Problem]:
    for s in ctx.kind("subnet"):
        rt = ctx.route_table(s.id)
        rt_name = rt.display_name if rt else "its route table"
        if s.intent == "public" and not ctx.has_igw_route(s.id):
            yield problem(PUBLIC_SUBNET_WITHOUT_IGW_ROUTE, s.id, f"{s.display_name} is meant to be public, but "
                          f"{rt_name} has no route to an internet gateway.", "intent")
        elif s.intent == "private" and ctx.has_igw_route(s.id):
            yield problem(SUBNET_INTENT_CONTRADICTED, s.id, f"{s.display_name} is meant to be private, but "
                          f"{rt_name} routes to an internet gateway, which makes it public.", "intent")
    for inst in ctx.kind("instance") + ctx.kind("network-interface"):
        if inst.public_ip and ctx.subnet(inst.subnet) is not None and ctx.is_private(inst.subnet):
            what = "an Elastic IP" if getattr(inst, "public_ip_type", "") == "elastic" else "a public IP"
            yield problem(PRIVATE_SUBNET_WITH_PUBLIC_IP, inst.id, f"{inst.display_name} has {what} but sits in "
                          f"private subnet {inst.subnet}: with no route to an internet gateway nobody can use it.",
                          "public_ip")
    for asg in ctx.kind("auto-scaling-group"):
        private = [sid for sid in asg.subnets if ctx.subnet(sid) is not None and ctx.is_private(sid)]
        if asg.launch.associate_public_ip and private:
            yield problem(PRIVATE_SUBNET_WITH_PUBLIC_IP, asg.id, f"{asg.display_name} gives its instances public "
                          f"IPs, but private subnet {private[0]} has no route to an internet gateway.",
                          "launch.associate_public_ip")
