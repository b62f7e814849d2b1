"""Stand-ins: objects an importer invented because the template or snapshot only points at them
(a subnet, VPC, security group or prefix list defined elsewhere). Their description starts with
"placeholder:" and their contents (address blocks, routes, rules, gateways) are guesses.

Rule (documented for users and tests): when a trace is blocked at a hop whose decision rests on a
stand-in, the design cannot tell the answer, so `reachable` is None and the reason names the
stand-in. A hop rests on a stand-in when its component is one (or is the implicit route table,
network ACL or default security group of a stand-in VPC), or when it is a network-level hop
(internet, gateway, route table, VPC, subnet delivery) about an address inside a stand-in subnet
or VPC (its routes and public address are unknown). A security group or network ACL the
design itself defines decides on its own: a "no" from it stays a "no" (INDEX 1.1: the template's
SG admits 22 and not 80 whatever subnet the instance ends up in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .results import Hop

if TYPE_CHECKING:
    from .topology import Topology

PLACEHOLDER_PREFIX = "placeholder:"
NETWORK_KINDS = ("internet", "internet-gateway", "egress-only-internet-gateway", "route-table", "vpc", "subnet")


def standin_ids(topo: Topology) -> dict[str, str]:
    """Stand-in id → the id of the stand-in it comes from (itself for the invented objects)."""
    out: dict[str, str] = {}
    for r in topo.res.values():
        if r.description.startswith(PLACEHOLDER_PREFIX):
            out[r.id] = r.id
    for vpc_id in [v.id for v in topo.vpcs if v.id in out]:
        for suffix in ("main-rtb", "default-nacl", "default-sg"):
            out.setdefault(f"{vpc_id}:{suffix}", vpc_id)
        for s in topo.subnets_of_vpc.get(vpc_id, []):
            out.setdefault(s.id, vpc_id)
    return out


def standin_behind(topo: Topology, hop: Hop) -> str | None:
    """The stand-in (id) a blocking hop's decision rests on, or None."""
    standins = topo.standins
    if not standins:
        return None
    if hop.component in standins:
        return standins[hop.component]
    if hop.kind not in NETWORK_KINDS:
        return None
    for addr in (hop.packet_in.src, hop.packet_in.dst):
        eni = topo.eni_by_public.get(addr) or next(
            (e for (vpc, a), e in topo.eni_by_private.items() if a == addr), None)
        where = (eni.subnet, eni.vpc) if eni is not None else (None, topo.vpc_of_address(addr))
        for place in where:
            if place is not None and place in standins:
                return standins[place]
    return None
