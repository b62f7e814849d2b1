"""What each route target does with a packet: IGW 1:1 NAT, NAT gateway, VGW (VPN / Direct
Connect), peering, transit gateway, gateway endpoint, appliance ENI; plus the internet and
on-premises ends of a path. Semantics references are to ../shared/reference/aws-semantics.md."""

from __future__ import annotations

from ..model import (
    DirectConnect,
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    OnPremises,
    TgwAttachment,
    TransitGateway,
    VpcEndpoint,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)
from .addr import cidr_range, in_any, ip_int, is_private, is_v6
from .hybrid_routes import vpn_prefixes
from .internet6 import Internet6
from .results import Packet, RuleRef
from .topology import AWS_PORTS, Eni, RouteEntry
from .walk import Place, Session

NAT_PROTOCOLS = ("tcp", "udp", "icmp")


class Walker(Internet6):
    """Walks one packet through the design (see walk.py for the ENI/subnet part)."""

    def forward_to(self, route: RouteEntry, sender: Eni, pkt: Packet) -> Place:
        if route.target == "local":
            return self.deliver_local(sender.vpc, pkt, sender.subnet, "the local route")
        target = self.topo.res.get(route.target or "")
        if isinstance(target, InternetGateway):
            if is_v6(pkt.dst):
                return self.igw_egress6(target, sender, pkt)
            return self.igw_egress(target, sender, pkt)
        if isinstance(target, EgressOnlyInternetGateway):
            return self.eigw_egress(target, sender, pkt)
        if isinstance(target, NatGateway):
            if is_v6(pkt.dst):
                raise self.block(target.id, "nat-gateway", "NAT translation",
                                 f"NAT gateway {target.display_name} translates IPv4 only; an IPv6 packet cannot "
                                 "use it (DNS64/NAT64 is not simulated).", pkt, "PROTOCOL_RESTRICTION",
                                 "NAT_PROTOCOL")
            return self.nat_forward(self.topo.enis_of_component[target.id][0], sender, pkt)
        if isinstance(target, VpnGateway):
            return self.vgw_egress(target, pkt)
        if isinstance(target, VpcPeering):
            return self.peering(target, sender.vpc, pkt)
        if isinstance(target, TransitGateway):
            return self.tgw_from_subnet(target, sender, pkt)
        if isinstance(target, VpcEndpoint):
            return self.endpoint(target, pkt)
        enis = self.topo.enis_of_component.get(route.target or "", [])
        if enis:
            eni = enis[0]
            if eni.subnet != sender.subnet:
                self.nacl_check(eni.subnet, pkt, inbound=True)
            return self.receive(eni, pkt)
        family = "IPv6" if is_v6(pkt.dst) else "IPv4"
        raise self.block(route.target or "", "route-table", "route target",
                         f"The route's target {route.target} cannot carry this {family} packet.", pkt,
                         "CANNOT_ROUTE", "NO_ROUTE")

    # -- internet gateway -------------------------------------------------------------------------
    def igw_egress(self, igw: InternetGateway, sender: Eni, pkt: Packet) -> Place:
        if is_private(pkt.dst):
            rfc = "RFC1918" if not in_any(pkt.dst, ("100.64.0.0/10",)) else "RFC6598"
            raise self.block(igw.id, "internet-gateway", "address translation",
                             f"Internet gateway {igw.display_name} drops the packet: {pkt.dst} is a private "
                             "address, which is never reachable through the internet.", pkt,
                             f"IGW_DESTINATION_ADDRESS_NOT_IN_{rfc}_EGRESS", "IGW_PRIVATE_DEST")
        eni = self.topo.eni_by_private.get((sender.vpc, pkt.src))
        public = eni.public_ip if eni else None
        if public is None:
            raise self.block(igw.id, "internet-gateway", "address translation",
                             f"Internet gateway {igw.display_name} drops the packet: its source {pkt.src} has "
                             "no public or Elastic IP to translate to, and a private address cannot be used on "
                             "the internet.", pkt, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "NO_PUBLIC_IP_EGRESS")
        out = pkt.with_(src=public)
        self.add(igw.id, "internet-gateway", "address translation", "pass",
                 f"Internet gateway {igw.display_name} swaps the private source {pkt.src} for the public "
                 f"address {public} (one-to-one NAT) and sends the packet to the internet.", pkt, out)
        return self.on_internet(out)

    def on_internet(self, pkt: Packet) -> Place:
        topo = self.topo
        if is_v6(pkt.dst):
            return self.on_internet6(pkt)
        cf_id = topo.cloudfront_by_address.get(pkt.dst)
        if cf_id is not None:
            self.add("internet", "internet", "internet routing", "info",
                     f"The internet carries the packet to the nearest CloudFront edge location of "
                     f"{topo.name(cf_id)}.", pkt, name="internet")
            return Place("cloudfront", pkt.dst, component=cf_id)
        owner = topo.eni_by_public.get(pkt.dst)
        if owner is not None:
            igw = topo.igw_of_vpc.get(owner.vpc)
            if igw is None:
                raise self.block("internet", "internet", "internet routing",
                                 f"{pkt.dst} belongs to {owner.name}, but {topo.name(owner.vpc)} has no internet "
                                 "gateway, so the address is not reachable from the internet.", pkt,
                                 "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "NOT_PUBLIC_ADDRESS_INGRESS",
                                 name="internet")
            return self.igw_ingress(igw, owner, pkt)
        if self.reply:
            for site_key, session in self.sessions.items():
                if site_key.startswith("site:") and pkt.dst == session.outside.src:
                    site = topo.res[site_key[5:]]
                    back = pkt.with_(dst=session.inside.src)
                    self.add(site.id, "on-premises", "address translation", "pass",
                             f"The router of {site.display_name} translates the reply back to {back.dst}.",
                             pkt, back)
                    return self.deliver_onprem(site, back)
        if is_private(pkt.dst) or ip_int(pkt.dst) is None:
            vpc = topo.vpc_of_address(pkt.dst)
            igw = topo.igw_of_vpc.get(vpc) if vpc else None
            comp, kind = (igw.id, "internet-gateway") if igw else ("internet", "internet")
            raise self.block(comp, kind, "internet routing",
                             f"{pkt.dst} is a private address, which the internet cannot route: only a public "
                             "or Elastic IP associated with an instance is reachable from outside.", pkt,
                             "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "NOT_PUBLIC_ADDRESS_INGRESS",
                             name=None if igw else "internet")
        self.add("internet", "internet", "delivery", "pass",
                 f"The internet delivers the {'reply' if self.reply else 'packet'} to {pkt.dst}.", pkt, name="internet")
        return Place("internet", pkt.dst, component="internet")

    def igw_ingress(self, igw: InternetGateway, eni: Eni, pkt: Packet) -> Place:
        if is_private(pkt.src):
            raise self.block(igw.id, "internet-gateway", "address translation",
                             f"Internet gateway {igw.display_name} drops a packet from the private address "
                             f"{pkt.src}.", pkt, "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS", "IGW_PRIVATE_DEST")
        out = pkt.with_(dst=eni.private_ip)
        self.add(igw.id, "internet-gateway", "address translation", "pass",
                 f"Internet gateway {igw.display_name} translates the public destination {pkt.dst} to "
                 f"{eni.name}'s private address {eni.private_ip} and passes it into the VPC.", pkt, out)
        return self.deliver_local(eni.vpc, out, None, f"internet gateway {igw.display_name}")

    # -- NAT gateway ------------------------------------------------------------------------------
    def nat_forward(self, nat: Eni, sender: Eni, pkt: Packet) -> Place:
        if pkt.protocol not in NAT_PROTOCOLS:
            raise self.block(nat.id, "nat-gateway", "NAT translation",
                             f"NAT gateway {nat.name} only translates TCP, UDP and ICMP, so it drops "
                             f"{pkt.protocol} traffic.", pkt, "PROTOCOL_RESTRICTION", "NAT_PROTOCOL")
        if not in_any(pkt.src, self.topo.vpc_cidrs(nat.vpc)) and sender.kind != "transit-gateway":
            raise self.block(nat.id, "nat-gateway", "NAT translation",
                             f"NAT gateway {nat.name} only serves sources inside its own VPC; {pkt.src} is not.",
                             pkt, "NGW_REQUIRES_SOURCE_IN_VPC", "NAT_SOURCE_OUTSIDE_VPC")
        if sender.subnet != nat.subnet:
            self.nacl_check(nat.subnet, pkt, inbound=True)
        if pkt.protocol == "icmp":
            out = pkt.with_(src=nat.private_ip)
        else:
            out = pkt.with_(src=nat.private_ip, src_port=AWS_PORTS[0], src_port_range=AWS_PORTS)
        self.sessions[nat.id] = Session(nat.id, pkt, out)
        self.add(nat.id, "nat-gateway", "NAT translation", "pass",
                 f"NAT gateway {nat.name} replaces the source {pkt.src} with its own address "
                 f"{nat.private_ip}" + ("" if pkt.protocol == "icmp" else
                                        f" and a port it picks from {AWS_PORTS[0]}-{AWS_PORTS[1]}") +
                 ", and remembers the connection so the reply can come back.", pkt, out)
        return self.send_from_eni(nat, out)

    def nat_receive(self, eni: Eni, pkt: Packet) -> Place:
        session = self.sessions.get(eni.id)
        if not self.reply or session is None or pkt.src != session.outside.dst:
            raise self.block(eni.id, "nat-gateway", "NAT translation",
                             f"NAT gateway {eni.name} drops the packet: it only lets in replies to connections "
                             "started from inside, and this packet matches none.", pkt, None, "NAT_NO_SESSION")
        inside = session.inside
        back = pkt.with_(dst=inside.src, dst_port=inside.src_port, dst_port_range=inside.src_port_range)
        self.add(eni.id, "nat-gateway", "NAT translation", "pass",
                 f"NAT gateway {eni.name} matches the reply to the connection it remembers and sends it "
                 f"back to {inside.src}.", pkt, back)
        return self.send_from_eni(eni, back)

    # -- virtual private gateway, VPN, Direct Connect --------------------------------------------
    def vgw_egress(self, vgw: VpnGateway, pkt: Packet) -> Place:
        topo = self.topo
        if vgw.vpc and not topo.in_vpc(vgw.vpc, pkt.src):
            raise self.block(vgw.id, "vpn-gateway", "gateway route lookup",
                             f"Virtual private gateway {vgw.display_name} only carries traffic from addresses of "
                             f"{topo.name(vgw.vpc)}; {pkt.src} is not one (no edge-to-edge routing), so it drops "
                             "the packet.", pkt, "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS", "VGW_NO_ROUTE")
        value = ip_int(pkt.dst)
        matches = [g for g in topo.vgw_routes.get(vgw.id, []) if value is not None and g.first <= value <= g.last]
        if not matches:
            raise self.block(vgw.id, "vpn-gateway", "gateway route lookup",
                             f"Virtual private gateway {vgw.display_name} knows no on-premises route for "
                             f"{pkt.dst} (it only forwards to prefixes from its VPN and Direct Connect "
                             "connections), so it drops the packet.", pkt, None, "VGW_NO_ROUTE")
        best = matches[0]
        others = [g for g in matches[1:] if g.prefixlen == best.prefixlen and g.via != best.via]
        why = ""
        if others:
            why = (", preferred over " + ", ".join(f"{topo.name(o.via)}" for o in others) +
                   " for the same prefix (Direct Connect first, then VPN static, then VPN BGP routes)")
        via_text = "Direct Connect" if best.via_kind == "direct-connect" else "VPN"
        self.add(vgw.id, "vpn-gateway", "gateway route lookup", "pass",
                 f"Virtual private gateway {vgw.display_name} sends {pkt.dst} over {via_text} "
                 f"{topo.name(best.via)} (route {best.cidr}){why}.", pkt,
                 rule=RuleRef(None, "route", f"{best.cidr} → {topo.name(best.via)}"))
        site = topo.res.get(best.site or "")
        self.cross_link(best.via_kind, best.via, site, outbound=True, pkt=pkt)
        if not isinstance(site, OnPremises):
            raise self.block(best.via, best.via_kind, "delivery",
                             "This connection is not linked to an on-premises network in the design.", pkt,
                             None, "NO_DESTINATION")
        return self.deliver_onprem(site, pkt)

    def cross_link(self, kind: str, link: str, site: object, outbound: bool, pkt: Packet) -> None:
        topo = self.topo
        site_name = getattr(site, "display_name", "the on-premises network")
        if kind == "direct-connect":
            self.add(link, "direct-connect", "Direct Connect", "pass",
                     f"The packet crosses the dedicated Direct Connect link {topo.name(link)} "
                     + (f"to {site_name}." if outbound else "into AWS."), pkt)
            return
        vpn = topo.res.get(link)
        cgw = vpn.customer_gateway if isinstance(vpn, VpnConnection) else None
        steps = [(link, "vpn-connection", f"The packet travels through an encrypted tunnel of VPN {topo.name(link)}.")]
        if cgw:
            steps.append((cgw, "customer-gateway", f"Customer gateway {topo.name(cgw)} is the {site_name} end of "
                          "the VPN tunnel."))
        for comp, k, text in steps if outbound else list(reversed(steps)):
            self.add(comp, k, "VPN", "pass", text, pkt)

    def deliver_onprem(self, site: OnPremises, pkt: Packet) -> Place:
        if not in_any(pkt.dst, site.cidrs):
            raise self.block(site.id, "on-premises", "delivery",
                             f"{pkt.dst} is not inside {site.display_name}'s address blocks "
                             f"({', '.join(site.cidrs) or 'none'}).", pkt, None, "NO_DESTINATION")
        host = next((h.name for h in site.hosts if h.ip == pkt.dst), pkt.dst)
        self.add(site.id, "on-premises", "delivery", "pass",
                 f"The {'reply' if self.reply else 'packet'} arrives in {site.display_name} and reaches {host}.", pkt)
        return Place("on-premises", pkt.dst, site=site.id, component=site.id)

    def send_from_onprem(self, site: OnPremises, pkt: Packet) -> Place:
        """An on-prem router prefers Direct Connect over VPN when both reach the destination VPC."""
        topo = self.topo
        if in_any(pkt.dst, site.cidrs):
            return self.deliver_onprem(site, pkt)
        candidates: list[tuple[int, str, str, str]] = []
        for pref, kind, link, vgw_id in topo.site_links.get(site.id, []):
            vgw = topo.res.get(vgw_id)
            if isinstance(vgw, VpnGateway) and vgw.vpc and in_any(pkt.dst, topo.vpc_cidrs(vgw.vpc)):
                candidates.append((pref, kind, link, vgw_id))
        for tgw, att in self._site_tgw_attachments(site):
            if self.tgw_lookup(tgw, att, pkt.dst, probe=True):
                candidates.append((1, "vpn-connection", att.vpn_connection or "", f"tgw:{tgw.id}:{att.id}"))
        if not candidates:
            hub = self._cloudhub(site, pkt)
            if hub is not None:
                return hub
            if not is_private(pkt.dst):
                return self._onprem_to_internet(site, pkt)
            raise self.block(site.id, "on-premises", "on-premises routing",
                             f"{site.display_name} has no VPN or Direct Connect route to {pkt.dst}, so its "
                             "router cannot send the packet to AWS.", pkt, "NO_ROUTE_TO_DESTINATION", "NO_ROUTE")
        candidates.sort()
        pref, kind, link, aws_end = candidates[0]
        backup = [topo.name(c[2]) for c in candidates[1:]]
        label = "Direct Connect" if kind == "direct-connect" else "VPN"
        extra = f" (preferred over {', '.join(backup)})" if backup else ""
        self.add(site.id, "on-premises", "on-premises routing", "pass",
                 f"The router of {site.display_name} sends the packet to AWS over {label} "
                 f"{topo.name(link)}{extra}.", pkt)
        self.cross_link(kind, link, site, outbound=False, pkt=pkt)
        if aws_end.startswith("tgw:"):
            _, tgw_id, att_id = aws_end.split(":", 2)
            tgw = topo.res[tgw_id]
            att = next(a for a in tgw.attachments if a.id == att_id)
            self.add(tgw.id, "transit-gateway", "attachment", "pass",
                     f"The packet enters transit gateway {tgw.display_name} through its VPN attachment.", pkt)
            return self.tgw_route(tgw, att, pkt)
        vgw = topo.res[aws_end]
        self.add(vgw.id, "vpn-gateway", "gateway", "pass",
                 f"Virtual private gateway {vgw.display_name} passes the packet into {topo.name(vgw.vpc)}.", pkt)
        return self.deliver_local(vgw.vpc, pkt, None, f"virtual private gateway {vgw.display_name}")

    def _cloudhub(self, site: OnPremises, pkt: Packet) -> Place | None:
        """VPN CloudHub (semantics §8.1): sites with VPN connections on one virtual private gateway
        reach each other through it (hub and spoke). The gateway relays a packet from one VPN to the
        VPN whose prefixes cover the destination (its usual choice: longest prefix, then static
        before BGP). Direct Connect links do not take part here."""
        topo = self.topo
        value = ip_int(pkt.dst)
        if value is None:
            return None
        for _, kind, link, vgw_id in topo.site_links.get(site.id, []):
            if kind != "vpn-connection":
                continue
            out = next((g for g in topo.vgw_routes.get(vgw_id, []) if g.via_kind == "vpn-connection"
                        and g.site not in (None, site.id) and g.via != link and g.first <= value <= g.last), None)
            far = topo.res.get(out.site or "") if out is not None else None
            if out is None or not isinstance(far, OnPremises):
                continue
            vgw = topo.res[vgw_id]
            self.add(site.id, "on-premises", "on-premises routing", "pass",
                     f"The router of {site.display_name} sends the packet for {pkt.dst} to AWS over VPN "
                     f"{topo.name(link)}: virtual private gateway {vgw.display_name} advertises {far.display_name}'s "
                     "prefixes to every site connected to it (VPN CloudHub).", pkt)
            self.cross_link("vpn-connection", link, site, outbound=False, pkt=pkt)
            self.add(vgw_id, "vpn-gateway", "gateway route lookup", "pass",
                     f"Virtual private gateway {vgw.display_name} relays the packet between its VPN connections "
                     f"(VPN CloudHub): route {out.cidr} leads over VPN {topo.name(out.via)} to {far.display_name}.",
                     pkt, rule=RuleRef(None, "route", f"{out.cidr} → {topo.name(out.via)}"))
            self.cross_link("vpn-connection", out.via, far, outbound=True, pkt=pkt)
            return self.deliver_onprem(far, pkt)
        return None

    def _onprem_to_internet(self, site: OnPremises, pkt: Packet) -> Place:
        cgw = next((r for r in self.topo.res.values() if r.kind == "customer-gateway"
                    and r.on_premises == site.id and ip_int(r.ip) is not None), None)
        out = pkt.with_(src=cgw.ip) if cgw is not None else pkt
        self.sessions[f"site:{site.id}"] = Session(site.id, pkt, out)
        self.add(site.id, "on-premises", "on-premises routing", "pass",
                 f"{site.display_name} sends internet traffic through its own internet connection"
                 + (f", translated to its public address {out.src}." if cgw is not None else "."), pkt, out)
        return self.on_internet(out)

    # -- peering ----------------------------------------------------------------------------------
    def peering(self, pcx: VpcPeering, from_vpc: str, pkt: Packet) -> Place:
        peer = pcx.accepter_vpc if pcx.requester_vpc == from_vpc else pcx.requester_vpc
        cidrs = self.topo.vpc_cidrs_all(peer)
        if not self.topo.in_vpc(peer, pkt.dst):
            raise self.block(pcx.id, "vpc-peering", "peering",
                             f"Peering {pcx.display_name} only carries packets to addresses inside "
                             f"{self.topo.name(peer)} ({', '.join(cidrs)}); {pkt.dst} is not there, and peering "
                             "is not transitive, so the packet is dropped.", pkt,
                             "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "PEERING_NON_TRANSITIVE")
        if not self.topo.in_vpc(from_vpc, pkt.src):
            raise self.block(pcx.id, "vpc-peering", "peering",
                             f"Peering {pcx.display_name} only carries packets from addresses of "
                             f"{self.topo.name(from_vpc)}; {pkt.src} came from elsewhere (no edge-to-edge or "
                             "transit routing), so the packet is dropped.", pkt,
                             "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "PEERING_NON_TRANSITIVE")
        self.add(pcx.id, "vpc-peering", "peering", "pass",
                 f"Peering {pcx.display_name} carries the packet into {self.topo.name(peer)}.", pkt)
        return self.deliver_local(peer, pkt, None, f"peering {pcx.display_name}")

    # -- transit gateway --------------------------------------------------------------------------
    def tgw_from_subnet(self, tgw: TransitGateway, sender: Eni, pkt: Packet) -> Place:
        topo = self.topo
        att = next((a for a in tgw.attachments if a.type == "vpc" and a.vpc == sender.vpc), None)
        if att is None:
            raise self.block(tgw.id, "transit-gateway", "attachment",
                             f"{topo.name(sender.vpc)} is not attached to transit gateway {tgw.display_name}.",
                             pkt, "NO_PATH", "TGW_NO_ROUTE")
        att_subnet = next((s for s in att.subnets if s in topo.res and topo.subnet(s).availability_zone == sender.az),
                          None)
        if att_subnet is None:
            rt = topo.route_table(sender.subnet)
            raise self.block(rt.id, "route-table", "transit gateway attachment",
                             f"The route to transit gateway {tgw.display_name} cannot be used from "
                             f"{topo.name(sender.subnet)}: the transit gateway has no attachment subnet in "
                             f"{sender.az}, and resources can only reach it in an AZ where it has one.", pkt,
                             "TGW_ROUTE_AZ_RESTRICTION", "TGW_AZ", name=rt.display_name)
        self.nacl_check(att_subnet, pkt, inbound=True)
        self.add(tgw.id, "transit-gateway", "attachment", "pass",
                 f"The packet enters transit gateway {tgw.display_name} through its attachment in "
                 f"{topo.name(att_subnet)} ({sender.az}).", pkt)
        return self.tgw_route(tgw, att, pkt)

    def tgw_transit(self, tgw: TransitGateway, att: TgwAttachment, att_subnet: str, pkt: Packet) -> Place:
        """A packet from the transit gateway for an address outside the attached VPC leaves its
        attachment ENI by the attachment subnet's route table, e.g. to a NAT gateway (centralised
        egress; the NAT refuses only peering, VPN and Direct Connect sources, semantics §5, §10)."""
        topo = self.topo
        sub = topo.subnet(att_subnet)
        sender = Eni(id=f"{tgw.id}:{att.id}", component=tgw.id, name=f"{tgw.display_name} attachment {att.id}",
                     kind="transit-gateway", subnet=att_subnet, vpc=att.vpc or "", az=sub.availability_zone,
                     private_ip="", public_ip=None, sgs=None, source_dest_check=False)
        route = self.route_lookup(att_subnet, pkt)
        if route.target == tgw.id:
            raise self.block(tgw.id, "transit-gateway", "transit gateway attachment",
                             f"The route table of {topo.name(att_subnet)} sends {pkt.dst} back to "
                             f"{tgw.display_name}, where it came from: the packet loops and is dropped.", pkt,
                             "NO_ROUTE_TO_DESTINATION", "NO_ROUTE")
        self.nacl_check(att_subnet, pkt, inbound=False)
        return self.forward_to(route, sender, pkt)

    def tgw_lookup(self, tgw: TransitGateway, att: TgwAttachment, dst: str,
                   probe: bool = False) -> tuple[str, str | None, bool] | None:
        """(route text, target attachment or None for blackhole, found) from att's route table."""
        table = next((t for t in tgw.route_tables if att.id in t.associations), None)
        if table is None:
            return None
        value = ip_int(dst)
        best: tuple[int, int, str, str | None] | None = None
        entries: list[tuple[str, int, str | None]] = [(r.destination, 0, None if r.blackhole else r.attachment)
                                                     for r in table.routes]
        ranks = {"vpc": 1, "direct-connect-gateway": 2, "peering": 3, "vpn": 4}  # static routes are 0
        for pid in table.propagations:
            patt = next((a for a in tgw.attachments if a.id == pid), None)
            for cidr in self._attachment_prefixes(patt) if patt else ():
                entries.append((cidr, ranks.get(patt.type, 5) if patt else 5, pid))
        for cidr, rank, target in entries:
            rng = cidr_range(cidr)
            if rng is None or value is None or not rng[0] <= value <= rng[1]:
                continue
            cand = (-rng[2], rank, cidr, target)
            if best is None or cand[:2] < best[:2]:
                best = cand
        if best is None:
            return None
        return (f"{best[2]} → {best[3] or 'blackhole'}", best[3], True)

    def _attachment_prefixes(self, att: TgwAttachment) -> tuple[str, ...]:
        topo = self.topo
        if att.type == "vpc" and att.vpc:
            return topo.vpc_cidrs(att.vpc)
        if att.type == "vpn" and att.vpn_connection:
            vpn = topo.res.get(att.vpn_connection)
            return vpn_prefixes(topo, vpn)[0] if isinstance(vpn, VpnConnection) else ()
        if att.type == "direct-connect-gateway":
            out: list[str] = []
            for dx in topo.res.values():
                if isinstance(dx, DirectConnect):
                    site = topo.res.get(dx.on_premises)
                    for vif in dx.virtual_interfaces:
                        if vif.type == "transit" and vif.direct_connect_gateway == att.direct_connect_gateway:
                            out += vif.advertised_prefixes or (site.cidrs if isinstance(site, OnPremises) else ())
            return tuple(out)
        return ()

    def _site_tgw_attachments(self, site: OnPremises) -> list[tuple[TransitGateway, TgwAttachment]]:
        out = []
        for tgw in self.topo.tgws:
            for att in tgw.attachments:
                vpn = self.topo.res.get(att.vpn_connection or "")
                if att.type == "vpn" and isinstance(vpn, VpnConnection) and vpn_prefixes(self.topo, vpn)[2] is site:
                    out.append((tgw, att))
        return out

    def tgw_route(self, tgw: TransitGateway, att: TgwAttachment, pkt: Packet) -> Place:
        topo = self.topo
        table = next((t for t in tgw.route_tables if att.id in t.associations), None)
        if table is None:
            raise self.block(tgw.id, "transit-gateway", "transit gateway route lookup",
                             f"Attachment {att.id} of {tgw.display_name} is associated with no transit gateway "
                             "route table, so the transit gateway cannot route its packets.", pkt,
                             "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION", "TGW_NO_ROUTE")
        found = self.tgw_lookup(tgw, att, pkt.dst)
        if found is None:
            raise self.block(tgw.id, "transit-gateway", "transit gateway route lookup",
                             f"Transit gateway route table {table.name or table.id} has no route for {pkt.dst}.",
                             pkt, "TGW_RTB_CANNOT_ROUTE", "TGW_NO_ROUTE")
        text, target, _ = found
        if target is None:
            raise self.block(tgw.id, "transit-gateway", "transit gateway route lookup",
                             f"Transit gateway route {text} is a blackhole: it drops the packet.", pkt,
                             "TGW_RTB_BAD_STATE_ROUTE", "TGW_BLACKHOLE", RuleRef(None, "blackhole", text))
        out_att = next((a for a in tgw.attachments if a.id == target), None)
        self.add(tgw.id, "transit-gateway", "transit gateway route lookup", "pass",
                 f"Transit gateway {tgw.display_name} picks route {text}.", pkt,
                 rule=RuleRef(None, "route", text))
        if out_att is None:
            raise self.block(tgw.id, "transit-gateway", "transit gateway route lookup",
                             f"The route points at attachment {target}, which does not exist.", pkt,
                             "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT", "TGW_NO_ROUTE")
        if out_att.type == "vpc" and out_att.vpc:
            dst_subnet = topo.subnet_of_address(out_att.vpc, pkt.dst)
            subs = [s for s in out_att.subnets if s in topo.res]
            dst_az = dst_subnet.availability_zone if dst_subnet else None
            same_az = [s for s in subs if topo.subnet(s).availability_zone == dst_az]
            att_subnet: str | None = (same_az or subs)[0] if (same_az or subs) else None
            if att_subnet and not topo.in_vpc(out_att.vpc, pkt.dst) and self.owner(out_att.vpc, pkt.dst) is None:
                return self.tgw_transit(tgw, out_att, att_subnet, pkt)
            if att_subnet and (dst_subnet is None or att_subnet != dst_subnet.id):
                self.nacl_check(att_subnet, pkt, inbound=False)
            return self.deliver_local(out_att.vpc, pkt, att_subnet, f"transit gateway {tgw.display_name}")
        if out_att.type == "vpn" and out_att.vpn_connection:
            vpn = topo.res.get(out_att.vpn_connection)
            site = vpn_prefixes(topo, vpn)[2] if isinstance(vpn, VpnConnection) else None
            self.cross_link("vpn-connection", out_att.vpn_connection, site, outbound=True, pkt=pkt)
            if site is None:
                raise self.block(out_att.vpn_connection, "vpn-connection", "delivery",
                                 "This VPN is not linked to an on-premises network.", pkt, None, "NO_DESTINATION")
            return self.deliver_onprem(site, pkt)
        raise self.block(tgw.id, "transit-gateway", "attachment",
                         f"Attachment {out_att.id} ({out_att.type}) is not simulated.", pkt, None, "TGW_NO_ROUTE")

    # -- gateway endpoint -------------------------------------------------------------------------
    def endpoint(self, ep: VpcEndpoint, pkt: Packet) -> Place:
        if ep.vpc and not self.topo.in_vpc(ep.vpc, pkt.src):
            raise self.block(ep.id, "vpc-endpoint", "gateway endpoint",
                             f"Gateway endpoint {ep.display_name} only serves sources inside "
                             f"{self.topo.name(ep.vpc)}; {pkt.src} is not one (no edge-to-edge routing).", pkt,
                             "VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION", "NO_ROUTE")
        if not (pkt.protocol == "tcp" or (pkt.protocol == "icmp" and pkt.icmp_type in (0, 8))):
            raise self.block(ep.id, "vpc-endpoint", "gateway endpoint",
                             f"Gateway endpoint {ep.display_name} only carries TCP and ICMP echo traffic.", pkt,
                             "VPCE_GATEWAY_PROTOCOL_RESTRICTION", "NO_ROUTE")
        self.add(ep.id, "vpc-endpoint", "gateway endpoint", "pass",
                 f"Gateway endpoint {ep.display_name} carries the packet privately to Amazon {ep.service.upper()}.",
                 pkt)
        return Place("service", pkt.dst, component=ep.id, vpc=ep.vpc)
