"""Subnets: inside their VPC, sized /16–/28, not overlapping, in an AZ of the VPC's Region."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.network import Subnet, Vpc
from .context import Context, net, within
from .problem import Problem
from .registry import check, declare, problem

F = "subnets"
SUBNET_OUTSIDE_VPC = declare(F, "SUBNET_OUTSIDE_VPC", "error",
                             "A subnet's CIDR is not inside one of its VPC's blocks.")
SUBNET_CIDR_SIZE = declare(F, "SUBNET_CIDR_SIZE", "error", "A subnet must be between /16 and /28.")
SUBNET_OVERLAP = declare(F, "SUBNET_OVERLAP", "error", "Two subnets of one VPC overlap.")
SUBNET_AZ_REGION = declare(F, "SUBNET_AZ_REGION", "error",
                           "A subnet's Availability Zone is not in its VPC's Region.")
SUBNET_IPV6_INVALID = declare(F, "SUBNET_IPV6_INVALID", "error",
                              "A subnet's IPv6 block is not a /64 inside its VPC's IPv6 block.")


@check(F)
def check_subnets(ctx: Context) -> Iterator[Problem]:
    for vpc_id, subnets in ctx.subnets_of_vpc.items():
        vpc = ctx.vpc(vpc_id)
        if vpc is None:
            continue  # reported as a dangling reference
        for s in subnets:
            n = net(s.cidr)
            if not 16 <= n.prefixlen <= 28:
                yield problem(SUBNET_CIDR_SIZE, s.id, f"{s.display_name}: {s.cidr} is a /{n.prefixlen}; "
                              "subnets must be between /16 and /28.", "cidr")
            if not any(within(s.cidr, block) for block in vpc.all_cidrs):
                yield problem(SUBNET_OUTSIDE_VPC, s.id, f"{s.display_name}: {s.cidr} is not inside a block of "
                              f"{vpc.display_name} ({', '.join(vpc.all_cidrs)}).", "cidr")
            az = s.availability_zone
            if not (az.startswith(vpc.region) and az[len(vpc.region):].lstrip("-").isalpha()):
                yield problem(SUBNET_AZ_REGION, s.id, f"{s.display_name}: Availability Zone {az} is not in "
                              f"{vpc.display_name}'s Region {vpc.region}.", "availability_zone")
            if s.ipv6_cidr is not None:
                yield from _ipv6(s, vpc)
        yield from _overlaps(subnets)


def _ipv6(s: Subnet, vpc: Vpc) -> Iterator[Problem]:
    sub_v6, vpc_v6, name, sid = s.ipv6_cidr or "", vpc.ipv6_cidr, s.display_name, s.id
    if vpc_v6 is None:
        yield problem(SUBNET_IPV6_INVALID, sid, f"{name} has an IPv6 block but its VPC has none.", "ipv6_cidr")
    elif sub_v6 != "allocated":
        if net(sub_v6).prefixlen != 64:
            yield problem(SUBNET_IPV6_INVALID, sid, f"{name}: IPv6 block {sub_v6} must be a /64.", "ipv6_cidr")
        elif vpc_v6 != "allocated" and not within(sub_v6, vpc_v6):
            yield problem(SUBNET_IPV6_INVALID, sid, f"{name}: IPv6 block {sub_v6} is not inside the VPC's {vpc_v6}.",
                          "ipv6_cidr")


def _overlaps(subnets: list[Subnet]) -> Iterator[Problem]:
    """Sweep the subnets in address order: O(n log n), fine for thousands while typing."""
    ordered = sorted(subnets, key=lambda s: (int(net(s.cidr).network_address), net(s.cidr).prefixlen, s.id))
    reach_end, reach_id = -1, ""
    for s in ordered:
        n = net(s.cidr)
        start, end = int(n.network_address), int(n.broadcast_address)
        if start <= reach_end:
            other = reach_id
            yield problem(SUBNET_OVERLAP, s.id, f"{s.display_name} ({s.cidr}) overlaps subnet {other}.", "cidr")
        if end > reach_end:
            reach_end, reach_id = end, s.id
