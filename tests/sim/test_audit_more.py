"""Audit: the less travelled rules — NACLs around a transit gateway attachment in the sender's
subnet (§6.5), SG references through an appliance (§7.3), the NAT subnet's NACL on both legs
(§5), protocols other than TCP/UDP/ICMP through the IGW (§4), VPN route priority inside the VGW
(§8.1), secondary CIDRs (§2.1), overlapping peers (§9). Each docstring gives the section and the
verdict AWS would give."""

from __future__ import annotations

import pytest
from audit_builder import onprem_vpn, open_t0, where
from sim_builder import S, custom_nacl, nacl_rule, t0, tcp, with_nat

from vpcdesigner.model import (
    CustomerGateway,
    Instance,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    TgwAttachment,
    TgwRouteTable,
    TransitGateway,
    Vpc,
    VpcPeering,
    VpnConnection,
)
from vpcdesigner.sim import trace


def _tgw_in_priv_a() -> object:
    """VPC-A attached to tgw-1 with its attachment ENI in priv-a (APP's subnet); VPC-C attached in
    c-a; routes both ways; c1 (10.30.1.5) admits 10.0.0.0/16 on all ports."""
    b = t0()
    b.add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),
          Subnet(id="c-a", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="10.0.0.0/16", target="tgw-1"),)),
          SecurityGroup(id="sg-c1", vpc="vpc-c", inbound=(SgRule(cidr="10.0.0.0/16"),)),
          Instance(id="c1", subnet="c-a", private_ip="10.30.1.5", security_groups=("sg-c1",)),
          TransitGateway(id="tgw-1", attachments=(
              TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
              TgwAttachment(id="att-c", vpc="vpc-c", subnets=("c-a",))),
              route_tables=(TgwRouteTable(id="tgw-rtb", associations=("att-a", "att-c"),
                                          propagations=("att-a", "att-c")),)))
    return b.change("rtb-main", routes=(Route(destination="10.30.0.0/16", target="tgw-1"),))


# -- §6.5 NACLs around a TGW attachment in the instance's own subnet -----------------------------

def test_instance_to_tgw_in_its_own_subnet_is_checked_by_that_subnets_inbound_rules() -> None:
    """§6.5 (TGW-NACL): instance → TGW attachment ENI in the same subnet is checked by the subnet's
    outbound rules (destination IP) *and inbound rules (source IP)*. priv-a NACL in: 10 deny all from
    10.0.2.0/24, 100 allow all; out: allow all. APP → c1 tcp/443: NOT REACHABLE, forward blocked at
    priv-a's NACL inbound rule 10."""
    b = _tgw_in_priv_a()
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(10, "deny", cidr="10.0.2.0/24"), nacl_rule(100)),  # type: ignore[arg-type]
                (nacl_rule(100),))
    t = trace(b.design(), "app", "c1", "tcp", 443)  # type: ignore[attr-defined]
    assert where(t) == ("acl-a", "forward", "NACL_INBOUND")


def test_tgw_to_instance_in_the_attachment_subnet_is_not_checked() -> None:
    """§6.5 (TGW-NACL): TGW → instance traffic in the attachment subnet is not checked at all.
    priv-a NACL in: allow all from 10.0.2.0/24 only (nothing from 10.30.0.0/16); out: allow all.
    APP → c1 tcp/443: REACHABLE (the reply from c1 enters priv-a through the attachment ENI, which
    is not a subnet crossing)."""
    b = _tgw_in_priv_a()
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, cidr="10.0.2.0/24"),), (nacl_rule(100),))  # type: ignore[arg-type]
    assert trace(b.design(), "app", "c1", "tcp", 443).reachable is True  # type: ignore[attr-defined]


def test_tgw_attachment_in_another_subnet_uses_the_ordinary_boundary_rules() -> None:
    """§6.5: with the attachment in a different subnet (priv-a) than the sender (dedicated subnet
    `app2` in 10.0.6.0/24, AZ a, main table), the sender's subnet NACL applies normally: app2's
    NACL in allows only from 10.0.0.0/16 → the reply from 10.30.1.5 is dropped: NOT REACHABLE,
    return blocked at app2's NACL inbound."""
    b = _tgw_in_priv_a()
    b.add(Subnet(id="app2", vpc="vpc-a", cidr="10.0.6.0/24", availability_zone="us-east-1a"),  # type: ignore[attr-defined]
          Instance(id="x", subnet="app2", private_ip="10.0.6.10", security_groups=("sg-app",)))
    custom_nacl(b, "acl-x", ("app2",), (nacl_rule(100, cidr="10.0.0.0/16"),), (nacl_rule(100),))  # type: ignore[arg-type]
    t = trace(b.design(), "x", "c1", "tcp", 443)  # type: ignore[attr-defined]
    assert where(t)[:2] == ("acl-x", "return")


# -- §7.3 SG references through an appliance -------------------------------------------------------

def test_sg_reference_does_not_match_traffic_forwarded_by_an_appliance() -> None:
    """§7.3 (VPC-SGR limitation, RA SG_REFERENCES_NOT_PRESERVED): priv-a's table sends 10.0.4.0/24
    (priv-b's exact CIDR) to appliance fw (source/dest check off, open SG). h-b's SG admits tcp 22
    from sg-app only. APP → h-b tcp/22 via fw: NOT REACHABLE at h-b's SG inbound. With h-b's rule
    on APP's private /32 instead: forward passes h-b's SG."""
    b = t0().add(SecurityGroup(id="sg-fw", vpc="vpc-a", inbound=(SgRule(cidr="0.0.0.0/0"),)),
                 Instance(id="fw", subnet="pub-b", private_ip="10.0.3.5", security_groups=("sg-fw",),
                          source_dest_check=False),
                 SecurityGroup(id="sg-hb", vpc="vpc-a", inbound=(tcp(22, sg="sg-app"),)),
                 Instance(id="h-b", subnet="priv-b", private_ip="10.0.4.40", security_groups=("sg-hb",)),
                 RouteTable(id="rtb-x", vpc="vpc-a", subnets=("priv-a",),
                            routes=(Route(destination="10.0.4.0/24", target="fw"),)))
    t = trace(b.design(), "app", "h-b", "tcp", 22)
    assert any(h.component == "fw" for h in t.forward)
    assert where(t) == ("sg-hb", "forward", "SG_INBOUND")
    b.change("sg-hb", inbound=(tcp(22, "10.0.2.20/32"),))
    t2 = trace(b.design(), "app", "h-b", "tcp", 22)
    assert not (t2.blocked and t2.blocked.component == "sg-hb")


# -- §5 NAT subnet NACL on both legs ----------------------------------------------------------------

def test_nat_subnet_outbound_nacl_applies_to_the_translated_packet() -> None:
    """§5/§6.2: after translation the NAT's packet leaves pub-a towards the IGW through pub-a's
    outbound NACL. pub-a out: allow all to 10.0.0.0/16 only; in: all. APP → S:443: NOT REACHABLE,
    forward blocked at pub-a NACL outbound."""
    b = with_nat(t0())
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100),), (nacl_rule(100, cidr="10.0.0.0/16"),))
    assert where(trace(b.design(), "app", S, "tcp", 443)) == ("acl", "forward", "NACL_OUTBOUND")


def test_nat_subnet_outbound_nacl_applies_to_the_reply_towards_the_private_host() -> None:
    """§5/§6.3: the NAT hands the reply back to APP:49152 through pub-a's outbound NACL. pub-a out:
    allow tcp 443 to 0.0.0.0/0 only; in: all. APP:49152 → S:443: forward passes, NOT REACHABLE,
    return blocked at pub-a NACL outbound (reply to port 49152)."""
    b = with_nat(t0())
    custom_nacl(b, "acl", ("pub-a",), (nacl_rule(100),), (nacl_rule(100, protocol="tcp", ports=(443, 443)),))
    t = trace(b.design(), "app", S, "tcp", 443, source_port=49152)
    assert where(t)[:2] == ("acl", "return")


def test_ping_and_udp_through_the_nat_gateway() -> None:
    """§5: NAT gateways carry TCP, UDP and ICMP. APP → S ping: REACHABLE; APP → S udp/123:
    REACHABLE."""
    d = with_nat(t0()).design()
    assert trace(d, "app", S, "icmp").reachable is True
    assert trace(d, "app", S, "udp", 123).reachable is True


def test_igw_carries_protocols_the_nat_gateway_does_not() -> None:
    """§4/§5/§7.5: the NAT gateway refuses GRE (47) but the IGW's 1:1 NAT does not care about the
    protocol; SGs track other protocols by IP + protocol. WEB (public IP, out all) → S protocol 47:
    REACHABLE."""
    assert trace(t0().design(), "web", S, "47").reachable is True


def test_unsolicited_udp_to_the_nat_eip_is_dropped() -> None:
    """§5: the NAT gateway admits no connection started from outside, whatever the protocol.
    198.51.100.7 → 198.51.100.50 (nat-1's EIP) udp/53: NOT REACHABLE at nat-1 (NAT_NO_SESSION)."""
    t = trace(with_nat(t0()).design(), "198.51.100.7", "198.51.100.50", "udp", 53)
    assert t.reachable is False and t.blocked is not None and t.blocked.component == "nat-1"
    assert t.blocked.reason == "NAT_NO_SESSION"


# -- §8.1 priority inside the VGW -------------------------------------------------------------------

def test_vgw_prefers_a_vpn_static_route_over_a_vpn_bgp_route_for_the_same_prefix() -> None:
    """§8.1 (VPN-ROUTING): inside the VGW, for the same prefix: DX BGP > VPN static > VPN BGP. Two
    VPNs to the same site: vpn-1 BGP 172.16.0.0/16, vpn-s static 172.16.0.0/16 (second customer
    gateway). APP → H:443: REACHABLE over vpn-s, not vpn-1."""
    b = onprem_vpn(t0())
    b.add(CustomerGateway(id="cgw-2", ip="192.0.2.2", on_premises="onprem"),
          VpnConnection(id="vpn-s", customer_gateway="cgw-2", vpn_gateway="vgw-a", routing="static",
                        static_routes=("172.16.0.0/16",)))
    t = trace(b.design(), "app", "172.16.5.5", "tcp", 443)
    fwd = {h.component for h in t.forward}
    assert t.reachable is True and "vpn-s" in fwd and "vpn-1" not in fwd


def test_vpn_without_propagation_or_static_route_gives_no_route() -> None:
    """§8.1 (VPN-SETUP): without propagation, routes to the VGW must be added by hand. rtb-main has
    neither: APP → H:443: NOT REACHABLE at rtb-main (NO_ROUTE)."""
    b = onprem_vpn(t0(), propagate=())
    assert where(trace(b.design(), "app", "172.16.5.5", "tcp", 443)) == ("rtb-main", "forward", "NO_ROUTE")


# -- §2.1 secondary CIDR local route ---------------------------------------------------------------

def test_secondary_cidr_is_reached_by_the_local_route_of_every_table() -> None:
    """§2.1/§3.2: adding a block puts a local route for it in every table. VPC-A + 100.64.0.0/16,
    subnet sec-b 100.64.1.0/24 with host s (open SG). APP → s tcp/22: REACHABLE (no route added
    by hand)."""
    b = open_t0().change("vpc-a", secondary_cidrs=("100.64.0.0/16",))
    b.add(Subnet(id="sec-b", vpc="vpc-a", cidr="100.64.1.0/24", availability_zone="us-east-1b"),
          Instance(id="s", subnet="sec-b", private_ip="100.64.1.10", security_groups=("sg-open",)))
    assert trace(b.design(), "app", "s", "tcp", 22).reachable is True


def test_unused_space_of_a_secondary_block_has_no_destination() -> None:
    """§1.1 (discard route per VPC block): APP → 100.64.200.9 (in the secondary block, no
    subnet), with rtb-main 0.0.0.0/0 → nat-1: NOT REACHABLE, NO_DESTINATION (not sent to the NAT)."""
    b = with_nat(open_t0()).change("vpc-a", secondary_cidrs=("100.64.0.0/16",))
    t = trace(b.design(), "app", "100.64.200.9", "tcp", 22)
    assert t.reachable is False and t.blocked is not None and t.blocked.reason == "NO_DESTINATION"
    assert "nat-1" not in {h.component for h in t.forward}


# -- §9 reply routing with overlapping peers -------------------------------------------------------

def test_reply_follows_the_route_table_to_the_wrong_overlapping_peer() -> None:
    """§9 (PCX-PARTIAL: no reverse-path forwarding): VPC-B and VPC-C both 10.20.0.0/16, peered with
    A (pcx-ab, pcx-ac). A's rtb-main: 10.20.0.0/16 → pcx-ab. c9 (10.20.1.9 in C, C routes
    10.0.0.0/16 → pcx-ac) → APP tcp/22 (sg-app admits 10.20.0.0/16): the forward packet arrives,
    the reply is routed to pcx-ab, so C never gets it: NOT REACHABLE on the return path."""
    b = t0().change("sg-app", inbound=(tcp(22, "10.20.0.0/16"),))
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16"), Vpc(id="vpc-c", cidr="10.20.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.2.0/24", availability_zone="us-east-1a"),
          Subnet(id="c-sub", vpc="vpc-c", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          VpcPeering(id="pcx-ac", requester_vpc="vpc-a", accepter_vpc="vpc-c"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),)),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="10.0.0.0/16", target="pcx-ac"),)),
          SecurityGroup(id="sg-c9", vpc="vpc-c", inbound=()),
          Instance(id="c9", subnet="c-sub", private_ip="10.20.1.9", security_groups=("sg-c9",)))
    b.change("rtb-main", routes=(Route(destination="10.20.0.0/16", target="pcx-ab"),))
    t = trace(b.design(), "c9", "app", "tcp", 22)
    assert t.reachable is False and t.blocked is not None and t.blocked.direction == "return"
    assert "pcx-ab" in {h.component for h in t.return_}


# -- §2.2 reserved addresses are nobody's ------------------------------------------------------------

@pytest.mark.parametrize("address", ["10.0.4.0", "10.0.4.1", "10.0.4.2", "10.0.4.3", "10.0.4.255"])
def test_reserved_subnet_addresses_are_not_hypothetical_hosts(address: str) -> None:
    """§2.2: in priv-b 10.0.4.0/24 the addresses .0, .1 (router), .2 (reserved; the DNS server is
    10.0.0.2, the primary block's base+2), .3 and .255 cannot belong to a host. APP → address
    tcp/22: NOT REACHABLE."""
    t = trace(t0().design(), "app", address, "tcp", 22)
    assert t.reachable is False


def test_a_free_usable_subnet_address_is_a_hypothetical_host() -> None:
    """Control for the test above (issue 3 endpoints; §2.2 usable range .4-.254): APP → 10.0.4.77
    tcp/22 is a network-level answer: REACHABLE with default NACLs."""
    assert trace(t0().design(), "app", "10.0.4.77", "tcp", 22).reachable is True


def test_resolver_of_a_vpc_with_dns_support_off_does_not_answer() -> None:
    """§2.3: enableDnsSupport=false → queries to the Amazon DNS server fail. APP → 10.0.0.2 udp/53:
    NOT REACHABLE."""
    d = t0().change("vpc-a", enable_dns_support=False).design()
    assert trace(d, "app", "10.0.0.2", "udp", 53).reachable is False
