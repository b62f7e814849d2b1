"""Fast address arithmetic on ints, with memoised CIDR parsing (traces run on every edit).

IPv4 and IPv6 are separate families: `ip_int`/`cidr_range` are IPv4 only (the matrix works on
them), `ip6_int`/`cidr6_range` IPv6 only, and `in_cidr` never matches across families
(0.0.0.0/0 does not cover IPv6, ::/0 does not cover IPv4; semantics §3.3 and §6.2).

Addresses AWS assigns only at deployment (an `allocated` public IP, an address in an allocated
IPv6 block) are carried as readable placeholders like `<public IP of web-1>` or
`<IPv6 address of ...>`; they match only the /0 rule of their own family, never a narrower CIDR.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

RFC1918 = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
RFC6598 = ("100.64.0.0/10",)
IPV6_NOT_INTERNET = ("fc00::/7", "fe80::/10")  # unique local and link-local: never routed on the internet
LINK_LOCAL_DNS = "169.254.169.253"
LINK_LOCAL_DNS6 = "fd00:ec2::253"  # the Amazon DNS server's IPv6 address (Nitro instances)
# Link-local AWS services that security groups and network ACLs never filter (semantics §1.5):
# address → (protocol, port, name)
LINK_LOCAL_SERVICES = {"169.254.169.254": ("tcp", 80, "instance metadata service (IMDS)"),
                       "fd00:ec2::254": ("tcp", 80, "instance metadata service (IMDS, IPv6)"),
                       "169.254.169.123": ("udp", 123, "Amazon Time Sync Service")}


def placeholder(owner: str) -> str:
    return f"<public IP of {owner}>"


def shown_address(value: str | None, owner: str) -> str | None:
    """How an address is shown everywhere (DNS answers, trace packets, the request narration):
    the address itself, or for one AWS allocates at deployment ("allocated") the placeholder
    naming its owner. One helper so DNS and trace agree on every load balancer node address."""
    if value == "allocated":
        return placeholder(owner)
    return value


def lb_node_name(lb_name: str, subnet_name: str) -> str:
    """The label of a load balancer node: the owner named in its placeholder address."""
    return f"{lb_name} node in {subnet_name}"


def placeholder6(owner: str) -> str:
    """An IPv6 address only known after deployment (the block is Amazon-provided)."""
    return f"<IPv6 address of {owner}>"


def is_placeholder(addr: str) -> bool:
    return addr.startswith("<")


def is_v6(addr: str) -> bool:
    """True for an IPv6 address, CIDR or IPv6 placeholder."""
    return ":" in addr or addr.startswith("<IPv6")


@lru_cache(maxsize=65536)
def ip6_int(addr: str) -> int | None:
    """The IPv6 address as an int, or None for a placeholder or an IPv4 address."""
    if is_placeholder(addr) or ":" not in addr:
        return None
    try:
        return int(ipaddress.IPv6Address(addr))
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def cidr6_range(cidr: str) -> tuple[int, int, int] | None:
    """(first, last, prefixlen) of an IPv6 CIDR; None for IPv4 (or the 'allocated' placeholder)."""
    if ":" not in cidr:
        return None
    net = ipaddress.IPv6Network(cidr, strict=False)
    return int(net.network_address), int(net.broadcast_address), net.prefixlen


def canonical_ip(text: str) -> str:
    """The canonical spelling of an address (IPv6 compressed, lower case), unchanged if not an IP."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return text


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
    try:
        net = ipaddress.IPv4Network(cidr, strict=False)
    except ValueError:  # 'allocated' or other placeholder text
        return None
    return int(net.network_address), int(net.broadcast_address), net.prefixlen


def in_cidr(addr: str, cidr: str) -> bool:
    """True when `addr` lies in `cidr` (same family only); placeholders lie only in their family's /0."""
    if is_v6(cidr):
        if not is_v6(addr):
            return False
        rng = cidr6_range(cidr)
        value = ip6_int(addr)
    else:
        if is_v6(addr):
            return False
        rng = cidr_range(cidr)
        value = ip_int(addr)
    if rng is None:
        return False
    if value is None:
        return rng[2] == 0 and is_placeholder(addr)
    return rng[0] <= value <= rng[1]


def in_any(addr: str, cidrs: tuple[str, ...] | list[str]) -> bool:
    return any(in_cidr(addr, c) for c in cidrs)


def is_private(addr: str) -> bool:
    """RFC 1918 or RFC 6598 (carrier-grade NAT) space, or IPv6 unique-local / link-local space:
    never routed on the internet."""
    if is_v6(addr):
        return in_any(addr, IPV6_NOT_INTERNET)
    return in_any(addr, RFC1918) or in_any(addr, RFC6598)


def first_host(cidr: str) -> str:
    rng = cidr_range(cidr)
    if rng is None:
        return cidr
    first, last, _ = rng
    return str(ipaddress.IPv4Address(first + 1 if last > first else first))


def reserved_address(subnet_cidr: str, addr: str) -> bool:
    """One of the five addresses AWS reserves in an IPv4 subnet (semantics §2.2): the network
    address, base+1 (router), base+2 (DNS), base+3 (future use) and the broadcast address."""
    rng = cidr_range(subnet_cidr)
    value = ip_int(addr)
    if rng is None or value is None or not rng[0] <= value <= rng[1]:
        return False
    return value - rng[0] <= 3 or value == rng[1]


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    return True
