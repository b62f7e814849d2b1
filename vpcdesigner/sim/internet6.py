"""IPv6 to and from the internet: the internet gateway without translation and the egress-only
internet gateway (semantics §4.4).

IPv6 addresses are public, so the internet gateway forwards IPv6 packets unchanged both ways.
The egress-only internet gateway lets connections out and their replies back in (it is stateful:
it remembers each connection it let out) and drops every connection started from the internet.

Which gateway a packet from the internet enters by (fixed, documented choice): the one the
destination subnet's route table uses for the packet's source (normally `::/0`). A subnet that
sends `::/0` to the egress-only gateway is therefore closed to connections from the internet even
when the VPC also has an internet gateway (scenarios S52 b); a reply to a connection the egress-only
gateway let out always comes back through it.
"""

from __future__ import annotations

from ..model import EgressOnlyInternetGateway, InternetGateway
from .addr import is_placeholder, is_private, is_v6
from .results import Packet
from .topology import Eni
from .walk import Place, Session, WalkBase, choose_route

EIGW_SESSION = "eigw:"


class Internet6(WalkBase):
    """The IPv6 internet edge of a VPC (mixed into gateways.Walker)."""

    def igw_egress6(self, igw: InternetGateway, sender: Eni, pkt: Packet) -> Place:
        self._not_private6(igw.id, "internet-gateway", igw.display_name, pkt)
        owner = self.owner(sender.vpc, pkt.src)
        if owner is None or owner.ipv6 != pkt.src:
            raise self.block(igw.id, "internet-gateway", "gateway", f"Internet gateway {igw.display_name} drops the "
                             f"packet: its source {pkt.src} is not an IPv6 address of an interface in "
                             f"{self.topo.name(sender.vpc)}.", pkt, "GATEWAY_REJECTS_SPOOFED_TRAFFIC",
                             "NO_PUBLIC_IP_EGRESS")
        self.add(igw.id, "internet-gateway", "gateway", "pass",
                 f"Internet gateway {igw.display_name} sends the IPv6 packet to the internet unchanged: IPv6 "
                 "addresses are public, so there is no address translation.", pkt)
        return self.on_internet6(pkt)

    def eigw_egress(self, eigw: EgressOnlyInternetGateway, sender: Eni, pkt: Packet) -> Place:
        if not is_v6(pkt.dst):
            raise self.block(eigw.id, "egress-only-internet-gateway", "gateway",
                             f"Egress-only internet gateway {eigw.display_name} carries IPv6 only; it cannot take "
                             f"the IPv4 packet to {pkt.dst}.", pkt, "CANNOT_ROUTE", "NO_ROUTE")
        self._not_private6(eigw.id, "egress-only-internet-gateway", eigw.display_name, pkt)
        if not self.reply:
            self.sessions[EIGW_SESSION + eigw.vpc] = Session(eigw.id, pkt, pkt)
        self.add(eigw.id, "egress-only-internet-gateway", "gateway", "pass",
                 f"Egress-only internet gateway {eigw.display_name} lets the connection out to the internet and "
                 "remembers it (it is stateful), so the reply may come back in.", pkt)
        return self.on_internet6(pkt)

    def _not_private6(self, comp: str, kind: str, name: str, pkt: Packet) -> None:
        if is_private(pkt.dst):
            raise self.block(comp, kind, "gateway",
                             f"{name} drops the packet: {pkt.dst} is a unique-local or link-local IPv6 address, "
                             "which is never reachable through the internet.", pkt, None, "IGW_PRIVATE_DEST")

    def _owner6(self, addr: str) -> Eni | None:
        eni = self.topo.eni_by_ipv6.get(addr)
        if eni is None:
            eni = next((h for h in self.hypothetical if h.ipv6 == addr), None)
        return eni

    def on_internet6(self, pkt: Packet) -> Place:
        """The internet carries an IPv6 packet: to a host out there, or into the VPC that owns it."""
        topo = self.topo
        owner = self._owner6(pkt.dst)
        if owner is None:
            vpc = topo.vpc_of_address(pkt.dst)
            if is_private(pkt.dst) or is_placeholder(pkt.dst) or (vpc is not None and vpc not in topo.igw_of_vpc):
                raise self.block("internet", "internet", "internet routing",
                                 f"The internet cannot deliver to {pkt.dst}: it is not a public IPv6 address of "
                                 "anything it can reach.", pkt, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
                                 "NOT_PUBLIC_ADDRESS_INGRESS", name="internet")
            if vpc is not None:
                igw = topo.igw_of_vpc[vpc]
                self.add(igw.id, "internet-gateway", "gateway", "pass",
                         f"Internet gateway {igw.display_name} passes the IPv6 packet into {topo.name(vpc)} "
                         "unchanged.", pkt)
                return self.deliver_local(vpc, pkt, None, f"internet gateway {igw.display_name}")
            self.add("internet", "internet", "delivery", "pass",
                     f"The internet delivers the {'reply' if self.reply else 'packet'} to {pkt.dst}.", pkt,
                     name="internet")
            return Place("internet", pkt.dst, component="internet")
        vpc = owner.vpc
        session = self.sessions.get(EIGW_SESSION + vpc)
        if self.reply and session is not None and session.inside.src == pkt.dst and session.inside.dst == pkt.src:
            self.add(session.nat, "egress-only-internet-gateway", "gateway", "pass",
                     f"Egress-only internet gateway {topo.name(session.nat)} recognises the reply to the connection "
                     f"it let out and passes it in to {pkt.dst}.", pkt)
            return self.deliver_local(vpc, pkt, None, f"egress-only internet gateway {topo.name(session.nat)}")
        route = choose_route(topo.routes6_of_table.get(topo.route_table(owner.subnet).id, []), pkt.src)
        entry = topo.res.get(route.target or "") if route is not None and route.active else None
        eigw = topo.eigw_of_vpc.get(vpc)
        gateway = topo.igw_of_vpc.get(vpc)
        if isinstance(entry, EgressOnlyInternetGateway) or (gateway is None and eigw is not None):
            gw = entry if isinstance(entry, EgressOnlyInternetGateway) else eigw
            assert gw is not None
            what = "reply matches no such connection" if self.reply else "connection was started from the internet"
            raise self.block(gw.id, "egress-only-internet-gateway", "gateway",
                             f"Egress-only internet gateway {gw.display_name} only lets in replies to connections "
                             f"started from inside {topo.name(vpc)}; this {what}, so it is dropped.", pkt, None,
                             "EIGW_INBOUND")
        if gateway is None:
            raise self.block("internet", "internet", "internet routing",
                             f"{pkt.dst} belongs to {owner.name}, but {topo.name(vpc)} has no internet gateway, so "
                             "the address is not reachable from the internet.", pkt,
                             "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "NOT_PUBLIC_ADDRESS_INGRESS", name="internet")
        self.add(gateway.id, "internet-gateway", "gateway", "pass",
                 f"Internet gateway {gateway.display_name} passes the IPv6 packet to {owner.name} unchanged: IPv6 "
                 "addresses are public, so there is no address translation.", pkt)
        return self.deliver_local(vpc, pkt, None, f"internet gateway {gateway.display_name}")
