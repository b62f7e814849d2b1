"""IPv6 traces: which address family a trace uses and the IPv6 addresses of its two ends.

A trace is IPv6 when either end is written as an IPv6 address (an instance's IPv6 address, a
hypothetical host in a subnet's IPv6 block, an internet IPv6 address); the other end then uses its
IPv6 address too (an instance's `ipv6_address`, a hypothetical host's address in its subnet's
block). An end without an IPv6 address makes the answer "not reachable", said at that end.
IPv6 traces run between instances, network interfaces and internet addresses; load balancers,
CloudFront and on-premises networks are traced over IPv4.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .addr import is_v6
from .endpoints import Endpoint
from .gateways import Walker
from .results import Packet
from .walk import Place

if TYPE_CHECKING:
    from .legs import Run

V6_KINDS = ("eni", "internet", "no-subnet", "resolver")  # resolver: the Amazon DNS server / IMDS over IPv6
ICMP6_ECHO_REQUEST = 128


def wants_ipv6(src: Endpoint, dst: Endpoint) -> bool:
    return any(ep.address is not None and is_v6(ep.address) for ep in (src, dst))


def family_problem(src: Endpoint, dst: Endpoint) -> str | None:
    """Why these two ends cannot be traced over IPv6 (None when they can)."""
    for role, ep in (("source", src), ("destination", dst)):
        if ep.kind not in V6_KINDS or (ep.eni is not None and ep.eni.kind in ("load-balancer", "nat-gateway")):
            return (f"{role} {ep.text!r} is a {ep.kind if ep.eni is None else ep.eni.kind}: IPv6 traces run between "
                    "instances, network interfaces and internet addresses (load balancers, NAT gateways, CloudFront "
                    "and on-premises networks are traced over IPv4)")
        if ep.eni is None and ep.address is not None and not is_v6(ep.address):
            return (f"cannot mix address families: {role} {ep.text!r} is an IPv4 address and the other end is "
                    "IPv6 (0.0.0.0/0 never covers IPv6 and ::/0 never covers IPv4)")
    return None


def ipv6_of(ep: Endpoint) -> str | None:
    if ep.address is not None and is_v6(ep.address):
        return ep.address
    return ep.eni.ipv6 if ep.eni is not None else None


class Ipv6Legs:
    """Mixed into trace.Tracer (which provides these attributes and helpers)."""

    src: Endpoint
    dst: Endpoint
    packet: Packet
    run_: Run
    src_addr: str

    def sender(self, ep: Endpoint) -> Callable[[Walker, Packet], Place]:
        raise NotImplementedError

    def arrival(self, expect: Endpoint) -> Callable[[Walker, Place], Place | None]:
        raise NotImplementedError

    def replier(self, client: Endpoint) -> Callable[[Walker, Place, Packet], Place]:
        raise NotImplementedError

    def home_check(self, client: Endpoint, addr: str) -> Callable[[Place], bool]:
        raise NotImplementedError

    def run6(self) -> None:
        """One IPv6 connection; an end without an IPv6 address stops it where that end is."""
        src, dst = self.src, self.dst
        dst_addr = ipv6_of(dst)
        missing = next((ep for ep, addr in ((src, self.src_addr), (dst, dst_addr)) if not addr), None)
        send = self.sender(src)
        if missing is not None:
            def send(w: Walker, p: Packet, ep: Endpoint = missing) -> Place:
                comp = ep.eni.component if ep.eni is not None else ep.component
                raise w.block(comp, "subnet" if ep.eni is not None and ep.eni.hypothetical else "instance",
                              "IPv6 address", f"{ep.name} has no IPv6 address (give it one, in a subnet with an "
                              "IPv6 block), so it cannot take part in an IPv6 connection.", p, None,
                              "NO_IPV6_ADDRESS", name=ep.name)
        pkt = self.packet.with_(dst=dst_addr or "")
        self.run_.leg(src.name, dst.name, "connection", pkt, send, self.arrival(dst), self.replier(src),
                      self.home_check(src, self.src_addr))
