"""VPC CIDR blocks: size, reserved ranges, and which secondary blocks AWS would refuse (aws-semantics §2.1)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.network import Vpc
from .context import Context, net, overlap
from .problem import Problem
from .registry import check, declare, problem

F = "vpc-cidrs"
VPC_CIDR_SIZE = declare(F, "VPC_CIDR_SIZE", "error", "A VPC CIDR block must be between /16 and /28.")
VPC_CIDR_RESTRICTED = declare(
    F, "VPC_CIDR_RESTRICTED", "error",
    "A VPC block lies in a range AWS never assigns (link-local 169.254/16, loopback, multicast, 0/8, 240/4).")
VPC_CIDR_DISCOURAGED = declare(
    F, "VPC_CIDR_DISCOURAGED", "warning", "A VPC block overlaps 172.17.0.0/16, which some AWS services use.")
SECONDARY_CIDR_REFUSED = declare(
    F, "SECONDARY_CIDR_REFUSED", "error",
    "A secondary block from an address family the primary block rules out (RFC 1918 matrix, 198.19/16).")
SECONDARY_CIDR_OVERLAP = declare(
    F, "SECONDARY_CIDR_OVERLAP", "error", "A secondary block overlaps another block of the same VPC.")
SECONDARY_CIDR_ROUTE_CONFLICT = declare(
    F, "SECONDARY_CIDR_ROUTE_CONFLICT", "error",
    "A secondary block is as large as, or larger than, an overlapping route destination in the VPC.")
SECONDARY_CIDR_QUOTA = declare(
    F, "SECONDARY_CIDR_QUOTA", "warning", "More than 5 IPv4 blocks on a VPC (the default quota).")

_NEVER = tuple(net(c) for c in ("0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"))
_TEN, _172, _192 = net("10.0.0.0/8"), net("172.16.0.0/12"), net("192.168.0.0/16")
_198_19, _172_31 = net("198.19.0.0/16"), net("172.31.0.0/16")
_TEN_15, _TEN_16 = net("10.0.0.0/15"), net("10.0.0.0/16")
_DOCKER = net("172.17.0.0/16")
DEFAULT_BLOCK_QUOTA = 5


def _family(cidr: str) -> str:
    n = net(cidr)
    for name, block in (("10/8", _TEN), ("172.16/12", _172), ("192.168/16", _192), ("198.19/16", _198_19)):
        if n.subnet_of(block):  # type: ignore[arg-type]
            return name
    return "public"


def _in(cidr: str, block: object) -> bool:
    n = net(cidr)
    return n.version == 4 and n.overlaps(block)  # type: ignore[arg-type]


def refusal_reason(primary: str, existing: tuple[str, ...], block: str) -> str | None:
    """Why AWS would refuse adding `block` to a VPC with this primary and these blocks, or None."""
    fam = _family(primary)
    rfc1918 = (("10.0.0.0/8", _TEN), ("172.16.0.0/12", _172), ("192.168.0.0/16", _192))
    if fam in ("10/8", "172.16/12", "192.168/16"):
        own = {"10/8": "10.0.0.0/8", "172.16/12": "172.16.0.0/12", "192.168/16": "192.168.0.0/16"}[fam]
        for text, other in rfc1918:
            if text != own and _in(block, other):
                return f"the primary block {primary} is in {own}, so blocks from {text} are not allowed"
    else:
        for text, other in rfc1918:
            if _in(block, other):
                return f"the primary block {primary} is not in RFC 1918 space, so blocks from {text} are not allowed"
    if fam != "198.19/16" and _in(block, _198_19):
        return "blocks from 198.19.0.0/16 are reserved"
    if fam == "172.16/12" and _in(block, _172_31):
        return f"the primary block {primary} is in 172.16.0.0/12, so 172.31.0.0/16 is not allowed"
    if any(_in(c, _TEN_15) for c in (primary, *existing)) and _in(block, _TEN_16):
        return "a block of this VPC lies in 10.0.0.0/15, so no block from 10.0.0.0/16 may be added"
    return None


def _blocks(vpc: Vpc) -> list[tuple[str, str]]:
    return [("cidr", vpc.cidr)] + [(f"secondary_cidrs[{i}]", c) for i, c in enumerate(vpc.secondary_cidrs)]


@check(F)
def check_vpc_cidrs(ctx: Context) -> Iterator[Problem]:
    for vpc in ctx.kind("vpc"):
        for field, cidr in _blocks(vpc):
            n = net(cidr)
            if not 16 <= n.prefixlen <= 28:
                yield problem(VPC_CIDR_SIZE, vpc.id, f"{vpc.display_name}: block {cidr} is a /{n.prefixlen}; "
                              "VPC blocks must be between /16 and /28.", field)
            if any(n.overlaps(b) for b in _NEVER):  # type: ignore[arg-type]
                yield problem(VPC_CIDR_RESTRICTED, vpc.id,
                              f"{vpc.display_name}: block {cidr} lies in a range AWS does not assign to VPCs.", field)
            elif n.overlaps(_DOCKER):  # type: ignore[arg-type]
                yield problem(VPC_CIDR_DISCOURAGED, vpc.id, f"{vpc.display_name}: block {cidr} overlaps "
                              "172.17.0.0/16, which AWS advises against because some services use it.", field)
        yield from _secondaries(ctx, vpc)


def _secondaries(ctx: Context, vpc: Vpc) -> Iterator[Problem]:
    if len(vpc.all_cidrs) > DEFAULT_BLOCK_QUOTA:
        yield problem(SECONDARY_CIDR_QUOTA, vpc.id, f"{vpc.display_name} has {len(vpc.all_cidrs)} IPv4 blocks; "
                      f"the default quota is {DEFAULT_BLOCK_QUOTA} (it can be raised to 50).", "secondary_cidrs")
    routes = [r.destination for rt in ctx.kind("route-table") if rt.vpc == vpc.id
              for r in rt.routes if r.destination and r.target != "local" and net(r.destination).version == 4]
    for i, block in enumerate(vpc.secondary_cidrs):
        field = f"secondary_cidrs[{i}]"
        earlier = vpc.all_cidrs[: i + 1]
        clash = next((c for c in earlier if overlap(c, block)), None)
        if clash is not None:
            yield problem(SECONDARY_CIDR_OVERLAP, vpc.id,
                          f"{vpc.display_name}: secondary block {block} overlaps block {clash}.", field)
            continue
        reason = refusal_reason(vpc.cidr, vpc.secondary_cidrs[:i], block)
        if reason:
            yield problem(SECONDARY_CIDR_REFUSED, vpc.id,
                          f"{vpc.display_name}: AWS would refuse secondary block {block}: {reason}.", field)
        for dest in routes:
            if overlap(dest, block) and net(block).prefixlen <= net(dest).prefixlen:
                yield problem(SECONDARY_CIDR_ROUTE_CONFLICT, vpc.id,
                              f"{vpc.display_name}: secondary block {block} is not smaller than the route "
                              f"destination {dest} it overlaps; AWS refuses it (use a /"
                              f"{net(dest).prefixlen + 1} or smaller, or remove the route).", field)
                break
