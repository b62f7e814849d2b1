"""Audit: route selection, NAT gateways, peering, VGW/VPN/Direct Connect and transit gateway
(aws-semantics §1.4, §3, §4, §5, §8, §9, §10) on new topologies. Each docstring gives the section
and the verdict AWS would give."""

from __future__ import annotations

from audit_builder import onprem_vpn, open_t0, peered_b, where
from sim_builder import S, t0, tcp, with_nat

from vpcdesigner.model import (
    DirectConnect,
    Instance,
    NatGateway,
    OnPremHost,
    PrefixList,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    TgwAttachment,
    TgwRouteTable,
    TransitGateway,
    VirtualInterface,
    Vpc,
    VpcEndpoint,
)
from vpcdesigner.sim import trace


def _components(t: object) -> set[str]:
    return {h.component for h in t.forward + t.return_}  # type: ignore[attr-defined]


# -- route selection ------------------------------------------------------------------------------

def test_more_specific_prefix_list_route_beats_a_broader_cidr_route() -> None:
    """§3.3.1/§3.3.4: longest prefix first whatever the kind. rtb-main: 52.0.0.0/8 → nat-1,
    prefix list pl-s3 (52.216.0.0/15) → vpce-s3. APP → 52.216.1.1:443: REACHABLE through the gateway
    endpoint (no NAT gateway on the path)."""
    b = with_nat(t0())
    b.add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),
          VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    b.change("rtb-main", routes=(Route(destination="52.0.0.0/8", target="nat-1"),
                                 Route(destination_prefix_list="pl-s3", target="vpce-s3")))
    t = trace(b.design(), "app", "52.216.1.1", "tcp", 443)
    assert t.reachable is True
    assert "vpce-s3" in _components(t) and "nat-1" not in _components(t)


def test_static_cidr_route_beats_a_prefix_list_route_of_the_same_prefix() -> None:
    """§3.3.4: a static CIDR route beats an overlapping static prefix-list route (same length).
    rtb-main: 52.216.0.0/15 → nat-1 and pl-s3 (52.216.0.0/15) → vpce-s3. APP → 52.216.1.1:443 goes
    through nat-1 (REACHABLE via NAT + IGW), not the endpoint."""
    b = with_nat(t0())
    b.add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),
          VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    b.change("rtb-main", routes=(Route(destination_prefix_list="pl-s3", target="vpce-s3"),
                                 Route(destination="52.216.0.0/15", target="nat-1")))
    t = trace(b.design(), "app", "52.216.1.1", "tcp", 443)
    assert "nat-1" in _components(t) and "vpce-s3" not in _components(t)


def test_static_route_beats_a_propagated_route_of_the_same_prefix() -> None:
    """§3.3.3: static beats propagated at an equal prefix. rtb-main propagates 172.16.0.0/16 from
    vgw-a and has a static 172.16.0.0/16 → nat-1. APP → H 172.16.5.5:443: the static route wins, the
    packet goes nat-1 → rtb-pub 0.0.0.0/0 → igw-a, which drops a private destination: NOT REACHABLE at
    igw-a (IGW_PRIVATE_DEST); the VGW is never used."""
    b = onprem_vpn(with_nat(t0()))
    b.change("rtb-main", routes=(Route(destination="172.16.0.0/16", target="nat-1"),))
    t = trace(b.design(), "app", "172.16.5.5", "tcp", 443)
    assert where(t) == ("igw-a", "forward", "IGW_PRIVATE_DEST")
    assert "vgw-a" not in {h.component for h in t.forward}


def test_more_specific_propagated_route_beats_a_broader_static_route() -> None:
    """§3.3.1: longest prefix before static/propagated. rtb-main: static 0.0.0.0/0 → nat-1,
    propagated 172.16.0.0/16 from vgw-a; H listens. APP → H:443: REACHABLE over the VPN."""
    b = onprem_vpn(with_nat(t0()))
    t = trace(b.design(), "app", "172.16.5.5", "tcp", 443)
    assert t.reachable is True and "vgw-a" in {h.component for h in t.forward}


def test_more_specific_blackhole_route_does_not_fall_back_to_the_peering() -> None:
    """§3.4: blackhole takes part in longest prefix match. rtb-main: 10.20.0.0/16 → pcx-ab (active),
    10.20.1.0/24 → nat-1 in state blackhole. APP → b1 10.20.1.8 (sg-b1 open): NOT REACHABLE at
    rtb-main (BLACKHOLE); 10.20.2.x would still go to the peering."""
    b = peered_b(with_nat(t0())).change("sg-b1", inbound=(SgRule(cidr="10.0.0.0/16"),))
    rt = b.r["rtb-main"]
    b.change("rtb-main", routes=(*rt.routes,  # type: ignore[attr-defined]
                                 Route(destination="10.20.1.0/24", target="nat-1", state="blackhole")))
    assert where(trace(b.design(), "app", "b1", "tcp", 22)) == ("rtb-main", "forward", "BLACKHOLE")


def test_explicit_association_wins_over_the_main_table() -> None:
    """§3.1: a subnet uses its explicit table, not the main one. rtb-main gets 0.0.0.0/0 → igw-a;
    pub-b is moved to a new table rtb-x with only the local route. An instance with a public IP in
    pub-b → S: NOT REACHABLE at rtb-x (NO_ROUTE)."""
    b = t0().change("rtb-pub", subnets=("pub-a",))
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="igw-a"),))
    b.add(RouteTable(id="rtb-x", vpc="vpc-a", subnets=("pub-b",)),
          Instance(id="pb", subnet="pub-b", private_ip="10.0.3.10", public_ip="203.0.113.30",
                   security_groups=("sg-app",)))
    assert where(trace(b.design(), "pb", S, "tcp", 443)) == ("rtb-x", "forward", "NO_ROUTE")


# -- NAT gateways ---------------------------------------------------------------------------------

def test_nat_gateway_in_another_az_still_works() -> None:
    """§5: a NAT gateway lives in one AZ but any subnet of the VPC may route to it. priv-b
    (us-east-1b) → nat-1 in pub-a (us-east-1a). h-b → S:443: REACHABLE."""
    b = with_nat(open_t0())
    t = trace(b.design(), "h-b", S, "tcp", 443)
    assert t.reachable is True and "nat-1" in _components(t)


def test_nat_gateway_placed_in_a_private_subnet_fails_at_its_own_route_table() -> None:
    """§5: the NAT's own traffic follows *its subnet's* route table. nat-p sits in priv-b (main
    table: local only); priv-a uses rtb-x 0.0.0.0/0 → nat-p. APP → S:443: NOT REACHABLE, forward
    blocked at rtb-main (NO_ROUTE) after the NAT."""
    b = t0()
    b.add(NatGateway(id="nat-p", subnet="priv-b", private_ip="10.0.4.50", elastic_ip="198.51.100.60"),
          RouteTable(id="rtb-x", vpc="vpc-a", subnets=("priv-a",),
                     routes=(Route(destination="0.0.0.0/0", target="nat-p"),)))
    t = trace(b.design(), "app", S, "tcp", 443)
    assert where(t) == ("rtb-main", "forward", "NO_ROUTE")
    assert "nat-p" in {h.component for h in t.forward}


def test_private_nat_gateway_cannot_reach_the_internet_through_the_igw() -> None:
    """§5: a private NAT gateway has no EIP; if its traffic is routed to an IGW the IGW drops it.
    nat-priv (connectivity private) in pub-a, rtb-main 0.0.0.0/0 → nat-priv. APP → S:443: NOT
    REACHABLE, blocked at igw-a (no public address for the NAT's private IP)."""
    b = t0()
    b.add(NatGateway(id="nat-priv", subnet="pub-a", connectivity="private", private_ip="10.0.1.60"))
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="nat-priv"),))
    t = trace(b.design(), "app", S, "tcp", 443)
    assert where(t) == ("igw-a", "forward", "NO_PUBLIC_IP_EGRESS")


def test_private_nat_gateway_translates_to_its_private_address_for_vpn_traffic() -> None:
    """§5: a private NAT rewrites the source to its own private IP. rtb-main sends 172.16.0.0/16 to
    nat-priv in pub-b; rtb-pub propagates from vgw-a; H's SG-free network sees 10.0.3.60.
    APP → H:443: REACHABLE and the packet arriving on-prem has source 10.0.3.60."""
    b = t0().add(NatGateway(id="nat-priv", subnet="pub-b", connectivity="private", private_ip="10.0.3.60"))
    onprem_vpn(b, propagate=("rtb-pub",))
    b.change("rtb-main", routes=(Route(destination="172.16.0.0/16", target="nat-priv"),))
    t = trace(b.design(), "app", "172.16.5.5", "tcp", 443)
    assert t.reachable is True
    assert t.forward[-1].packet_in.src == "10.0.3.60"


def test_nat_gateway_from_a_peered_vpc_is_not_usable() -> None:
    """§5/§9 (edge-to-edge): B's table sends 0.0.0.0/0 → pcx-ab, A would NAT it. b1 → S:443: NOT
    REACHABLE, stopped at pcx-ab (destination not in VPC-A's CIDR)."""
    b = peered_b(with_nat(t0()))
    b.change("rtb-b", routes=(Route(destination="0.0.0.0/0", target="pcx-ab"),))
    t = trace(b.design(), "b1", S, "tcp", 443)
    assert t.reachable is False and t.blocked is not None
    assert t.blocked.component == "pcx-ab"
    assert "nat-1" not in {h.component for h in t.forward}


# -- peering --------------------------------------------------------------------------------------

def test_peered_vpc_cannot_use_the_vgw_of_its_peer() -> None:
    """§9 (no edge-to-edge): B's table 172.16.0.0/16 → pcx-ab; A reaches H over vgw-a. b1 → H:443:
    NOT REACHABLE, stopped at pcx-ab (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR)."""
    b = onprem_vpn(peered_b(t0()))
    b.change("rtb-b", routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),
                              Route(destination="172.16.0.0/16", target="pcx-ab")))
    t = trace(b.design(), "b1", "172.16.5.5", "tcp", 443)
    assert t.blocked is not None and t.blocked.component == "pcx-ab"
    assert t.blocked.code == "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
    assert "vgw-a" not in {h.component for h in t.forward}


def test_peering_without_the_route_back_fails_on_the_return() -> None:
    """§9/§1.4: routes are needed on both sides. B's table has no route to 10.0.0.0/16. APP → b1
    tcp/22 (sg-b1 admits 10.0.0.0/16): forward delivered, NOT REACHABLE, return blocked at rtb-b
    (NO_ROUTE)."""
    b = peered_b(t0(), routes_back=False).change("sg-b1", inbound=(tcp(22, "10.0.0.0/16"),))
    assert where(trace(b.design(), "app", "b1", "tcp", 22)) == ("rtb-b", "return", "NO_ROUTE")


def test_peer_to_unused_space_in_the_vpc_has_no_destination() -> None:
    """§9 / §1.1 (VPC discard route): b1 → 10.0.200.5 (inside VPC-A's CIDR, in no subnet): NOT
    REACHABLE, NO_DESTINATION (dropped inside VPC-A, not leaked out a default route)."""
    b = peered_b(t0())
    t = trace(b.design(), "b1", "10.0.200.5", "tcp", 22)
    assert t.reachable is False and t.blocked is not None and t.blocked.reason == "NO_DESTINATION"


def test_pending_peering_route_is_a_blackhole_on_the_accepter_side_too() -> None:
    """§3.4/§9 (PCX-ROUTING): routes to a pending-acceptance peering are blackhole. b1 → APP:22:
    NOT REACHABLE at rtb-b (BLACKHOLE)."""
    b = peered_b(t0(), status="pending-acceptance").change("sg-app", inbound=(tcp(22, "10.20.0.0/16"),))
    assert where(trace(b.design(), "b1", "app", "tcp", 22)) == ("rtb-b", "forward", "BLACKHOLE")


# -- VGW, VPN, Direct Connect ---------------------------------------------------------------------

def _dx_and_vpn() -> object:
    """On-prem 172.16.0.0/16 over both a BGP VPN (advertising 172.16.0.0/16 and 172.16.5.0/24) and a
    Direct Connect private VIF (advertising 172.16.0.0/16); rtb-main propagates from vgw-a."""
    b = onprem_vpn(t0())
    b.change("onprem", hosts=(OnPremHost(name="H", ip="172.16.5.5"), OnPremHost(name="K", ip="172.16.6.6")))
    b.change("vpn-1", bgp_prefixes=("172.16.0.0/16", "172.16.5.0/24"))
    b.add(DirectConnect(id="dx", on_premises="onprem", virtual_interfaces=(
        VirtualInterface(id="vif", vpn_gateway="vgw-a", advertised_prefixes=("172.16.0.0/16",)),)))
    return b.change("sg-app", inbound=(tcp(22, "172.16.0.0/16"),))


def test_direct_connect_is_preferred_over_vpn_for_the_same_prefix() -> None:
    """§8.1/§8.2: same prefix 172.16.0.0/16 from DX and VPN → the VGW prefers DX. APP → K
    172.16.6.6:443: REACHABLE over dx, vpn-1 not on the forward path."""
    t = trace(_dx_and_vpn().design(), "app", "172.16.6.6", "tcp", 443)  # type: ignore[attr-defined]
    fwd = {h.component for h in t.forward}
    assert t.reachable is True and "dx" in fwd and "vpn-1" not in fwd


def test_more_specific_vpn_prefix_beats_direct_connect() -> None:
    """§8.2: longest prefix first, then DX over VPN. VPN also advertises 172.16.5.0/24. APP → H
    172.16.5.5:443: REACHABLE over vpn-1, not dx."""
    t = trace(_dx_and_vpn().design(), "app", "172.16.5.5", "tcp", 443)  # type: ignore[attr-defined]
    fwd = {h.component for h in t.forward}
    assert t.reachable is True and "vpn-1" in fwd and "dx" not in fwd


def test_reply_to_on_prem_host_also_takes_the_more_specific_vpn_prefix() -> None:
    """§8.1/§8.2 on the return flow: H → APP tcp/22; APP's reply to 172.16.5.5 leaves the VGW over
    vpn-1 (the /24), not dx."""
    t = trace(_dx_and_vpn().design(), "H", "app", "tcp", 22)  # type: ignore[attr-defined]
    assert t.reachable is True
    back = {h.component for h in t.return_}
    assert "vpn-1" in back and "dx" not in back


def test_vgw_drops_a_private_destination_no_connection_advertises() -> None:
    """§8.1: the VGW only forwards to prefixes it knows. rtb-main: static 192.168.0.0/16 → vgw-a;
    VPN advertises 172.16.0.0/16 only. APP → 192.168.1.1:443: NOT REACHABLE at vgw-a (VGW_NO_ROUTE)."""
    b = onprem_vpn(t0())
    b.change("rtb-main", routes=(Route(destination="192.168.0.0/16", target="vgw-a"),))
    assert where(trace(b.design(), "app", "192.168.1.1", "tcp", 443)) == ("vgw-a", "forward", "VGW_NO_ROUTE")


def test_traffic_from_the_vgw_reaches_a_subnet_without_a_vgw_route_but_the_reply_fails() -> None:
    """§1.4/§8.1: traffic from the VGW is delivered to every subnet by local routing; the reply
    needs a route back. priv-b uses rtb-y (local only), rtb-main propagates. H → h-b tcp/22:
    forward delivered, NOT REACHABLE, return blocked at rtb-y (NO_ROUTE)."""
    b = onprem_vpn(open_t0())
    b.add(RouteTable(id="rtb-y", vpc="vpc-a", subnets=("priv-b",)))
    t = trace(b.design(), "H", "h-b", "tcp", 22)
    assert where(t) == ("rtb-y", "return", "NO_ROUTE")
    assert any(h.component == "h-b" for h in t.forward)


def test_public_ip_route_to_the_vgw_is_not_the_internet() -> None:
    """§4.5 (BF testFromPrivateToPublicSubnet): from a subnet whose default route is the VGW, a
    packet to WEB's *public* IP goes to the VGW and dies there. rtb-main 0.0.0.0/0 → vgw-a.
    APP → 203.0.113.10:80: NOT REACHABLE at vgw-a (VGW_NO_ROUTE)."""
    b = onprem_vpn(t0())
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="vgw-a"),))
    assert where(trace(b.design(), "app", "203.0.113.10", "tcp", 80)) == ("vgw-a", "forward", "VGW_NO_ROUTE")


# -- transit gateway ------------------------------------------------------------------------------

def _tgw() -> object:
    """VPC-A attached to tgw-1 only in priv-a (AZ a); VPC-C 10.30.0.0/16 attached in c-a and c-b.
    rtb-main (priv-a, priv-b) 10.30.0.0/16 → tgw-1; VPC-C 10.0.0.0/16 → tgw-1. c1 open."""
    b = open_t0().change("sg-app", inbound=(SgRule(cidr="10.30.0.0/16"),))
    b.add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),
          Subnet(id="c-a", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
          Subnet(id="c-b", vpc="vpc-c", cidr="10.30.2.0/24", availability_zone="us-east-1b"),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="10.0.0.0/16", target="tgw-1"),)),
          SecurityGroup(id="sg-c1", vpc="vpc-c", inbound=(SgRule(cidr="10.0.0.0/16"),)),
          Instance(id="c1", subnet="c-a", private_ip="10.30.1.5", security_groups=("sg-c1",)),
          TransitGateway(id="tgw-1", attachments=(
              TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
              TgwAttachment(id="att-c", vpc="vpc-c", subnets=("c-a", "c-b"))),
              route_tables=(TgwRouteTable(id="tgw-rtb", associations=("att-a", "att-c"),
                                          propagations=("att-a", "att-c")),)))
    return b.change("rtb-main", routes=(Route(destination="10.30.0.0/16", target="tgw-1"),))


def test_tgw_delivers_into_an_az_without_attachment_but_the_reply_cannot_leave() -> None:
    """§10/§17.4: c1 → h-b (priv-b, AZ b, no attachment there) tcp/22: the forward packet is
    delivered (VPC local routing), NOT REACHABLE, return blocked at rtb-main (TGW_AZ,
    TGW_ROUTE_AZ_RESTRICTION)."""
    t = trace(_tgw().design(), "c1", "h-b", "tcp", 22)  # type: ignore[attr-defined]
    assert where(t) == ("rtb-main", "return", "TGW_AZ")
    assert t.blocked is not None and t.blocked.code == "TGW_ROUTE_AZ_RESTRICTION"


def test_tgw_from_the_attached_az_works_both_ways() -> None:
    """§10 control: c1 → APP (priv-a, the attachment AZ) tcp/22: REACHABLE."""
    assert trace(_tgw().design(), "c1", "app", "tcp", 22).reachable is True  # type: ignore[attr-defined]


def test_tgw_blackhole_static_route_beats_the_propagated_vpc_route() -> None:
    """§10: static beats propagated at the same prefix; a static blackhole drops. tgw-rtb gets a
    static blackhole 10.30.0.0/16. APP → c1 tcp/22: NOT REACHABLE at tgw-1 (TGW_BLACKHOLE)."""
    from vpcdesigner.model import TgwRoute
    b = _tgw()
    tgw = b.r["tgw-1"]  # type: ignore[attr-defined]
    rtb = tgw.route_tables[0].model_copy(update={"routes": (TgwRoute(destination="10.30.0.0/16", blackhole=True),)})
    b.change("tgw-1", route_tables=(rtb,))  # type: ignore[attr-defined]
    t = trace(b.design(), "app", "c1", "tcp", 22)  # type: ignore[attr-defined]
    assert t.blocked is not None and t.blocked.reason == "TGW_BLACKHOLE" and t.blocked.direction == "forward"


def _tgw_tables(*tables: TgwRouteTable) -> object:
    b = _tgw()
    return b.change("tgw-1", route_tables=tables)  # type: ignore[attr-defined]


def test_tgw_return_needs_a_route_in_the_peer_attachments_table() -> None:
    """§10: each attachment looks up in its associated table. att-a → r1 (propagations from att-c);
    att-c → r2 with nothing propagated. APP → c1 tcp/22: forward delivered, NOT REACHABLE, return
    blocked at tgw-1 (TGW_NO_ROUTE / TGW_RTB_CANNOT_ROUTE)."""
    b = _tgw_tables(TgwRouteTable(id="r1", associations=("att-a",), propagations=("att-c",)),
                    TgwRouteTable(id="r2", associations=("att-c",)))
    assert where(trace(b.design(), "app", "c1", "tcp", 22)) == ("tgw-1", "return", "TGW_NO_ROUTE")  # type: ignore[attr-defined]


def test_tgw_attachment_without_an_associated_table_cannot_send() -> None:
    """§10 (RA TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION): att-a associated with no table. APP → c1:
    NOT REACHABLE at tgw-1 on the forward path."""
    b = _tgw_tables(TgwRouteTable(id="r1", associations=("att-c",), propagations=("att-a", "att-c")))
    t = trace(b.design(), "app", "c1", "tcp", 22)  # type: ignore[attr-defined]
    assert t.blocked is not None and (t.blocked.component, t.blocked.direction) == ("tgw-1", "forward")
    assert t.blocked.code == "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION"


def test_tgw_static_route_beats_a_propagated_route_of_the_same_prefix() -> None:
    """§10 (static > propagated at the same prefix): a third VPC-D attachment att-d; the TGW table
    has a static 10.30.0.0/16 → att-d besides the propagated 10.30.0.0/16 from att-c. APP → c1:
    the packet goes to att-d (VPC-D), never reaches c1: NOT REACHABLE."""
    from vpcdesigner.model import TgwRoute
    b = _tgw()
    b.add(Vpc(id="vpc-d", cidr="10.40.0.0/16"),  # type: ignore[attr-defined]
          Subnet(id="d-a", vpc="vpc-d", cidr="10.40.1.0/24", availability_zone="us-east-1a"))
    tgw = b.r["tgw-1"]  # type: ignore[attr-defined]
    b.change("tgw-1", attachments=(*tgw.attachments, TgwAttachment(id="att-d", vpc="vpc-d", subnets=("d-a",))),  # type: ignore[attr-defined]
             route_tables=(TgwRouteTable(id="tgw-rtb", associations=("att-a", "att-c", "att-d"),
                                         propagations=("att-a", "att-c"),
                                         routes=(TgwRoute(destination="10.30.0.0/16", attachment="att-d"),)),))
    t = trace(b.design(), "app", "c1", "tcp", 22)  # type: ignore[attr-defined]
    assert t.reachable is False and not any(h.component == "c1" for h in t.forward)
    # dropped in VPC-D: by its VPC router, or by the attachment subnet's (implicit main) route table,
    # which has no route for an address outside VPC-D (semantics §10, centralised-egress routing)
    assert "vpc-d" in {h.component for h in t.forward} or (
        t.blocked is not None and t.blocked.component in ("vpc-d", "vpc-d:main-rtb"))
