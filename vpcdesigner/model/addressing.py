"""Address arithmetic the editor and the simulator must agree on.

AWS reserves five addresses in every subnet (base+0..3 and the last); new subnets take the next
free block of the VPC and new instances the next free address of the subnet.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

RESERVED_OFFSETS = (0, 1, 2, 3)


def reserved_addresses(cidr: str) -> list[str]:
    net = ipaddress.IPv4Network(cidr)
    base = int(net.network_address)
    out = [str(ipaddress.IPv4Address(base + o)) for o in RESERVED_OFFSETS if base + o <= int(net.broadcast_address)]
    out.append(str(net.broadcast_address))
    return out


def is_reserved(cidr: str, ip: str) -> bool:
    net = ipaddress.IPv4Network(cidr)
    addr = ipaddress.IPv4Address(ip)
    offset = int(addr) - int(net.network_address)
    return offset in RESERVED_OFFSETS or addr == net.broadcast_address


def usable_count(cidr: str) -> int:
    return max(ipaddress.IPv4Network(cidr).num_addresses - 5, 0)


def vpc_resolver_address(vpc_cidr: str) -> str:
    """The Amazon DNS server sits at the primary VPC CIDR base plus two."""
    net = ipaddress.IPv4Network(vpc_cidr)
    return str(net.network_address + 2)


def next_free_ip(cidr: str, taken: Iterable[str], start_offset: int = 4) -> str | None:
    """First usable address at or after base+start_offset that is not taken; None when full."""
    net = ipaddress.IPv4Network(cidr)
    used = {int(ipaddress.IPv4Address(t)) for t in taken}
    first = int(net.network_address) + max(start_offset, 4)
    last = int(net.broadcast_address) - 1
    for value in range(first, last + 1):
        if value not in used:
            return str(ipaddress.IPv4Address(value))
    return None


def next_free_subnet(vpc_cidrs: Iterable[str], taken: Iterable[str], prefix: int = 24) -> str | None:
    """First /prefix block inside the VPC's CIDRs that overlaps no existing subnet."""
    nets = [ipaddress.IPv4Network(t) for t in taken]
    for vpc_cidr in vpc_cidrs:
        vnet = ipaddress.IPv4Network(vpc_cidr)
        if prefix < vnet.prefixlen:
            continue
        for candidate in vnet.subnets(new_prefix=prefix):
            if not any(candidate.overlaps(n) for n in nets):
                return str(candidate)
    return None


def contains(cidr: str, ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip) in ipaddress.ip_network(cidr)
    except ValueError:
        return False


def cidr_within(inner: str, outer: str) -> bool:
    a, b = ipaddress.ip_network(inner), ipaddress.ip_network(outer)
    return a.version == b.version and a.subnet_of(b)  # type: ignore[arg-type]


def overlaps(a: str, b: str) -> bool:
    na, nb = ipaddress.ip_network(a), ipaddress.ip_network(b)
    return na.version == nb.version and na.overlaps(nb)  # type: ignore[arg-type]
