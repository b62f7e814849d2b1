"""What every check needs, computed once per run: resources grouped by kind, derived facts, parsed CIDRs.

Checks run live as the user types, so nothing here is recomputed per check, and CIDR strings are
parsed once (ipaddress objects are slow to build).
"""

from __future__ import annotations

import functools
import ipaddress
from collections import defaultdict
from typing import Any

from ..model.derived import Derived, derive
from ..model.design import Design
from ..model.network import InternetGateway, RouteTable, Subnet, Vpc

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=65536)
def net(cidr: str) -> Network:
    """The parsed network of a canonical CIDR string (cached)."""
    return ipaddress.ip_network(cidr, strict=False)


@functools.lru_cache(maxsize=65536)
def addr(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(ip)


def reserved(cidr: str, ip: str) -> bool:
    """One of the 5 addresses AWS keeps in every subnet: base+0..3 and the last (ip must be inside)."""
    n, a = net(cidr), int(addr(ip))
    return a - int(n.network_address) < 4 or a == int(n.broadcast_address)


def within(inner: str, outer: str) -> bool:
    a, b = net(inner), net(outer)
    return a.version == b.version and a.subnet_of(b)  # type: ignore[arg-type]


def overlap(a: str, b: str) -> bool:
    na, nb = net(a), net(b)
    return na.version == nb.version and na.overlaps(nb)  # type: ignore[arg-type]


def contains_ip(cidr: str, ip: str) -> bool:
    n, a = net(cidr), addr(ip)
    return n.version == a.version and a in n


class Context:
    """A design plus the facts checks share. Build with `Context(design)`."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.res: dict[str, Any] = design.resources
        self.derived: Derived = derive(design)
        self.by_kind: dict[str, list[Any]] = defaultdict(list)
        for rid in sorted(self.res):
            r = self.res[rid]
            self.by_kind[r.kind].append(r)
        self.subnets_of_vpc: dict[str, list[Subnet]] = defaultdict(list)
        for s in self.by_kind["subnet"]:
            self.subnets_of_vpc[s.vpc].append(s)

    def kind(self, kind: str) -> list[Any]:
        return self.by_kind.get(kind, [])

    def vpc(self, vpc_id: str | None) -> Vpc | None:
        r = self.res.get(vpc_id) if vpc_id else None
        return r if isinstance(r, Vpc) else None

    def subnet(self, subnet_id: str | None) -> Subnet | None:
        r = self.res.get(subnet_id) if subnet_id else None
        return r if isinstance(r, Subnet) else None

    def vpc_of_subnet(self, subnet_id: str | None) -> str | None:
        s = self.subnet(subnet_id)
        return s.vpc if s else None

    def route_table(self, subnet_id: str) -> RouteTable | None:
        return self.derived.route_table_of.get(subnet_id)

    @functools.cached_property
    def _igw_route_tables(self) -> set[str]:
        out = set()
        for rt in self.kind("route-table"):
            for route in rt.routes:
                if route.state == "active" and isinstance(self.res.get(route.target or ""), InternetGateway):
                    out.add(rt.id)
                    break
        return out

    def has_igw_route(self, subnet_id: str) -> bool:
        """True when the subnet's effective route table sends something to an internet gateway."""
        rt = self.route_table(subnet_id)
        return rt is not None and rt.id in self._igw_route_tables

    def is_private(self, subnet_id: str) -> bool:
        """Meant to be private, or with no route to an internet gateway (so a public IP is useless)."""
        s = self.subnet(subnet_id)
        if s is None:
            return False
        return s.intent == "private" or not self.has_igw_route(subnet_id)
