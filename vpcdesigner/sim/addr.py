"""Fast IPv4 arithmetic on ints, with memoised CIDR parsing (traces run on every edit).

Addresses AWS assigns only at deployment (an `allocated` public IP) are carried as readable
placeholders like `<public IP of web-1>`; they match only 0.0.0.0/0 rules, never a narrower CIDR.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

RFC1918 = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
RFC6598 = ("100.64.0.0/10",)
LINK_LOCAL_DNS = "169.254.169.253"
# Link-local AWS services that security groups and network ACLs never filter (semantics §1.5):
# address → (protocol, port, name)
LINK_LOCAL_SERVICES = {"169.254.169.254": ("tcp", 80, "instance metadata service (IMDS)"),
                       "169.254.169.123": ("udp", 123, "Amazon Time Sync Service")}


def placeholder(owner: str) -> str:
    return f"<public IP of {owner}>"


def is_placeholder(addr: str) -> bool:
    return addr.startswith("<")


@lru_cache(maxsize=65536)
def ip_int(addr: str) -> int | None:
    """The IPv4 address as an int, or None for a placeholder or an IPv6 address."""
    if is_placeholder(addr) or ":" in addr:
        return None
    try:
        return int(ipaddress.IPv4Address(addr))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def cidr_range(cidr: str) -> tuple[int, int, int] | None:
    """(first, last, prefixlen) of an IPv4 CIDR; None for IPv6."""
    if ":" in cidr:
        return None
    net = ipaddress.IPv4Network(cidr, strict=False)
    return int(net.network_address), int(net.broadcast_address), net.prefixlen


def in_cidr(addr: str, cidr: str) -> bool:
    """True when `addr` lies in `cidr`; placeholders (unknown public IPs) lie only in /0."""
    rng = cidr_range(cidr)
    if rng is None:
        return False
    value = ip_int(addr)
    if value is None:
        return rng[2] == 0 and is_placeholder(addr)
    return rng[0] <= value <= rng[1]


def in_any(addr: str, cidrs: tuple[str, ...] | list[str]) -> bool:
    return any(in_cidr(addr, c) for c in cidrs)


def is_private(addr: str) -> bool:
    """RFC 1918 or RFC 6598 (carrier-grade NAT) space: never routed on the internet."""
    return in_any(addr, RFC1918) or in_any(addr, RFC6598)


def first_host(cidr: str) -> str:
    rng = cidr_range(cidr)
    if rng is None:
        return cidr
    first, last, _ = rng
    return str(ipaddress.IPv4Address(first + 1 if last > first else first))


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    return True
