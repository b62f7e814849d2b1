"""Second audit: ICMP and UDP through gateways, route-table association, peering with secondary
blocks, isolated transit gateway route tables, gateway endpoints and an internal ALB reached over
VPN (aws-semantics §1.2-§1.4, §3, §4, §5, §6, §9, §10, §11, §12). Each docstring gives the section
and the verdict AWS would give, decided from the semantics."""

from __future__ import annotations

from audit_builder import OPEN_IN, onprem_vpn, open_t0, peered_b, where
from sim_builder import S, custom_nacl, nacl_rule, t0, t_alb, tcp, with_nat

from vpcdesigner.model import (
    Instance,
    PrefixList,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    TgwAttachment,
    TgwRouteTable,
    TransitGateway,
    Vpc,
    VpcEndpoint,
)
from vpcdesigner.sim import trace

# -- §6.4 / §4: ICMP through the internet gateway ---------------------------------------------------

def _pub_icmp_nacl(inbound_type: int) -> object:
    """pub-a NACL: out allows icmp type 8 and type 0; in allows icmp of `inbound_type` only."""
    b = t0()
    out = (nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),
           nacl_rule(110, protocol="icmp", icmp_type=0, icmp_code=-1))
    custom_nacl(b, "acl-pub", ("pub-a",), (nacl_rule(100, protocol="icmp", icmp_type=inbound_type, icmp_code=-1),),
                out)
    return b


def test_ping_out_through_the_igw_needs_echo_reply_in() -> None:
    """§6.4 + §1.2: WEB (public IP, all out) pings S through igw-a; pub-a's NACL lets echo request
    (8) out but only type 8 in, so the echo reply (type 0) is dropped: NOT REACHABLE, return blocked
    at acl-pub NACL_INBOUND (rule `*`). With type 0 allowed in: REACHABLE."""
    t = trace(_pub_icmp_nacl(8).design(), "web", S, "icmp")  # type: ignore[attr-defined]
    assert where(t) == ("acl-pub", "return", "NACL_INBOUND")
    assert trace(_pub_icmp_nacl(0).design(), "web", S, "icmp").reachable is True  # type: ignore[attr-defined]


def test_ping_from_the_internet_to_a_public_ip_needs_an_icmp_sg_rule() -> None:
    """§7.2 + §4.2: S pings WEB's public IP 203.0.113.10; sg-web admits tcp/80 only: NOT REACHABLE,
    forward blocked at WEB's SG inbound. With an ICMP echo-request rule (type 8, any code) added:
    REACHABLE (the reply leaves by connection tracking; the default NACL allows all)."""
    b = t0()
    t = trace(b.design(), S, "203.0.113.10", "icmp")
    assert where(t)[1:] == ("forward", "SG_INBOUND")
    b.change("sg-web", inbound=(tcp(80, "0.0.0.0/0"),
                                SgRule(protocol="icmp", icmp_type=8, icmp_code=-1, cidr="0.0.0.0/0")))
    assert trace(b.design(), S, "203.0.113.10", "icmp").reachable is True


def test_ping_from_the_internet_to_the_nat_eip_is_unsolicited() -> None:
    """§5: a NAT gateway admits nothing started from outside, ICMP included. S → nat-1's EIP
    198.51.100.50 ping: NOT REACHABLE, blocked at nat-1 (NAT_NO_SESSION)."""
    t = trace(with_nat(t0()).design(), S, "198.51.100.50", "icmp")
    assert t.reachable is False and t.blocked is not None
    assert (t.blocked.component, t.blocked.reason) == ("nat-1", "NAT_NO_SESSION")


# -- §6.2 / §6.3: UDP replies are checked statelessly ----------------------------------------------

def test_udp_dns_to_an_on_prem_resolver_needs_the_udp_reply_in() -> None:
    """§8.1 + §6.2: APP queries the on-prem resolver 172.16.5.5 on udp/53 over the VPN (rtb-main
    propagates vgw-a). priv-a NACL out: udp/53 to 172.16.0.0/16; in: tcp 1024-65535 only. The UDP
    reply to APP's ephemeral port matches no inbound rule: NOT REACHABLE, return blocked at acl-a
    NACL_INBOUND. With a udp 1024-65535 inbound rule: REACHABLE."""
    b = onprem_vpn(t0())
    b.change("sg-app", outbound=(SgRule(protocol="udp", port_from=53, port_to=53, cidr="172.16.0.0/16"),))
    out = (nacl_rule(100, protocol="udp", cidr="172.16.0.0/16", ports=(53, 53)),)
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="tcp", ports=(1024, 65535)),), out)
    t = trace(b.design(), "app", "172.16.5.5", "udp", 53)
    assert where(t) == ("acl-a", "return", "NACL_INBOUND")
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="udp", ports=(1024, 65535)),), out)
    assert trace(b.design(), "app", "172.16.5.5", "udp", 53).reachable is True


def test_ntp_through_the_nat_needs_udp_in_on_the_nat_subnet() -> None:
    """§5 + §6.3: APP → S udp/123 through nat-1 (in pub-a). pub-a NACL in: tcp 1024-65535 from
    anywhere and all from 10.0.0.0/16; out: all. The NTP reply comes back to the NAT on a port in
    1024-65535 over UDP: NOT REACHABLE, return blocked at acl-pub NACL_INBOUND."""
    b = with_nat(t0())
    custom_nacl(b, "acl-pub", ("pub-a",), (nacl_rule(90, cidr="10.0.0.0/16"),
                                           nacl_rule(100, protocol="tcp", ports=(1024, 65535))),
                (nacl_rule(100),))
    t = trace(b.design(), "app", S, "udp", 123)
    assert where(t) == ("acl-pub", "return", "NACL_INBOUND")


def test_nacl_protocol_6_without_ports_matches_every_tcp_port_only() -> None:
    """§6.2: a NACL rule with protocol 6 and no port range covers every TCP port and no UDP.
    priv-b NACL in: 10 deny protocol 6 from 10.0.2.0/24, 100 allow all; out: allow all.
    APP → h-b tcp/5432: NOT REACHABLE at acl-b rule 10 (forward, NACL_INBOUND);
    APP → h-b udp/5432: REACHABLE."""
    b = open_t0()
    custom_nacl(b, "acl-b", ("priv-b",), (nacl_rule(10, "deny", protocol="6", cidr="10.0.2.0/24"),
                                          nacl_rule(100)), (nacl_rule(100),))
    t = trace(b.design(), "app", "h-b", "tcp", 5432)
    assert where(t) == ("acl-b", "forward", "NACL_INBOUND")
    assert trace(b.design(), "app", "h-b", "udp", 5432).reachable is True


# -- §3.1: route table association ------------------------------------------------------------------

def test_replaced_main_table_serves_the_unassociated_subnets() -> None:
    """§3.1: the main table was replaced: rtb-main is no longer main, rtb-new (0.0.0.0/0 → nat-1)
    is. priv-a has no explicit association, so it uses rtb-new: APP → S tcp/443 REACHABLE through
    nat-1. When rtb-new has no default route (and the old table has one): NOT REACHABLE, NO_ROUTE at
    rtb-new."""
    b = with_nat(t0())
    b.change("rtb-main", main=False)
    b.add(RouteTable(id="rtb-new", vpc="vpc-a", main=True, routes=(Route(destination="0.0.0.0/0", target="nat-1"),)))
    b.change("sg-app", outbound=(SgRule(cidr="0.0.0.0/0"),))
    assert trace(b.design(), "app", S, "tcp", 443).reachable is True
    b.change("rtb-new", routes=())
    t = trace(b.design(), "app", S, "tcp", 443)
    assert t.blocked is not None and (t.blocked.component, t.blocked.reason) == ("rtb-new", "NO_ROUTE")


# -- §9 + §2.1: peering and secondary blocks ---------------------------------------------------------

def _peer_with_secondary() -> object:
    """VPC-B (peered, active) gets a secondary block 10.21.0.0/16 with subnet b2 and host b2h
    10.21.1.9 open to 10.0.0.0/16; B's table routes 10.0.0.0/16 back over pcx-ab."""
    b = peered_b(open_t0())
    b.change("vpc-b", secondary_cidrs=("10.21.0.0/16",))
    b.add(Subnet(id="b2", vpc="vpc-b", cidr="10.21.1.0/24", availability_zone="us-east-1a"),
          SecurityGroup(id="sg-b2", vpc="vpc-b", inbound=(SgRule(cidr="10.0.0.0/16"),)),
          Instance(id="b2h", subnet="b2", private_ip="10.21.1.9", security_groups=("sg-b2",)))
    b.change("sg-app", outbound=(SgRule(cidr="0.0.0.0/0"),))
    return b


def test_peer_route_for_the_primary_block_does_not_cover_the_secondary_one() -> None:
    """§9 + §3.3: A's rtb-main routes only 10.20.0.0/16 (B's primary) to pcx-ab, so APP → b2h
    10.21.1.9 tcp/443 matches no route: NOT REACHABLE, NO_ROUTE at rtb-main. With 10.21.0.0/16 →
    pcx-ab added: REACHABLE (the secondary block is part of the peer VPC's CIDRs)."""
    b = _peer_with_secondary()
    t = trace(b.design(), "app", "b2h", "tcp", 443)  # type: ignore[attr-defined]
    assert t.blocked is not None and (t.blocked.component, t.blocked.reason) == ("rtb-main", "NO_ROUTE")
    rt = b.r["rtb-main"]  # type: ignore[attr-defined]
    b.change("rtb-main", routes=(*rt.routes, Route(destination="10.21.0.0/16", target="pcx-ab")))  # type: ignore[attr-defined]
    assert trace(b.design(), "app", "b2h", "tcp", 443).reachable is True  # type: ignore[attr-defined]


# -- §10: transit gateway with isolated route tables ------------------------------------------------

def _tgw_hub_and_spokes() -> object:
    """tgw-1 with VPC-A (hub, att-a in priv-a) and spokes VPC-B (att-b) and VPC-C (att-c). Spokes are
    associated with `spokes` (only A propagated); att-a with `hub` (B and C propagated). Every VPC
    routes 10.0.0.0/8 to tgw-1; every host admits 10.0.0.0/8."""
    b = open_t0()
    b.change("sg-app", inbound=(SgRule(cidr="10.0.0.0/8"),))
    b.change("rtb-main", routes=(Route(destination="10.0.0.0/8", target="tgw-1"),))
    for v, n in (("vpc-b", 20), ("vpc-c", 30)):
        b.add(Vpc(id=v, cidr=f"10.{n}.0.0/16"),
              Subnet(id=f"{v}-s", vpc=v, cidr=f"10.{n}.1.0/24", availability_zone="us-east-1a"),
              RouteTable(id=f"{v}-rt", vpc=v, main=True, routes=(Route(destination="10.0.0.0/8", target="tgw-1"),)),
              SecurityGroup(id=f"{v}-sg", vpc=v, inbound=(SgRule(cidr="10.0.0.0/8"),)),
              Instance(id=f"{v}-h", subnet=f"{v}-s", private_ip=f"10.{n}.1.5", security_groups=(f"{v}-sg",)))
    b.add(TransitGateway(id="tgw-1", attachments=(
        TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
        TgwAttachment(id="att-b", vpc="vpc-b", subnets=("vpc-b-s",)),
        TgwAttachment(id="att-c", vpc="vpc-c", subnets=("vpc-c-s",))),
        route_tables=(TgwRouteTable(id="hub", associations=("att-a",), propagations=("att-b", "att-c")),
                      TgwRouteTable(id="spokes", associations=("att-b", "att-c"), propagations=("att-a",)))))
    return b


def test_spokes_on_an_isolated_tgw_route_table_cannot_reach_each_other() -> None:
    """§10: a packet from att-b is looked up in `spokes`, which only holds VPC-A's CIDR. B → C
    tcp/22: NOT REACHABLE, forward blocked at tgw-1 (no route in the TGW route table). B → APP
    (hub) tcp/22: REACHABLE both ways (the reply from att-a is looked up in `hub`)."""
    d = _tgw_hub_and_spokes().design()  # type: ignore[attr-defined]
    t = trace(d, "vpc-b-h", "vpc-c-h", "tcp", 22)
    assert t.reachable is False and t.blocked is not None
    assert (t.blocked.component, t.blocked.direction) == ("tgw-1", "forward")
    assert trace(d, "vpc-b-h", "app", "tcp", 22).reachable is True


def test_tgw_static_blackhole_in_the_hub_table_stops_only_the_reply() -> None:
    """§10 + §1.2: a static blackhole for 10.30.0.0/16 in `hub` (beats the propagated route).
    C → APP tcp/22: the forward packet is looked up in `spokes` and delivered; the reply from att-a
    is looked up in `hub` and dropped: NOT REACHABLE, return blocked at tgw-1."""
    b = _tgw_hub_and_spokes()
    tgw = b.r["tgw-1"]  # type: ignore[attr-defined]
    hub, spokes = tgw.route_tables
    from vpcdesigner.model import TgwRoute
    hub = hub.model_copy(update={"routes": (TgwRoute(destination="10.30.0.0/16", blackhole=True),)})
    b.change("tgw-1", route_tables=(hub, spokes))  # type: ignore[attr-defined]
    t = trace(b.design(), "vpc-c-h", "app", "tcp", 22)  # type: ignore[attr-defined]
    assert t.reachable is False and t.blocked is not None
    assert (t.blocked.component, t.blocked.direction) == ("tgw-1", "return")


# -- §11: gateway endpoints ---------------------------------------------------------------------------

def _s3_endpoint() -> object:
    b = t0().add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),
                 VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    b.change("rtb-main", routes=(Route(destination_prefix_list="pl-s3", target="vpce-s3"),))
    b.change("sg-app", outbound=(SgRule(cidr="0.0.0.0/0"),))
    return b


def test_gateway_endpoint_passes_icmp_echo() -> None:
    """§3.5 / §11: through a gateway endpoint only TCP and ICMP echo pass. APP → 52.216.1.1 ping:
    REACHABLE; protocol 47 (GRE): NOT REACHABLE at vpce-s3 (VPCE_GATEWAY_PROTOCOL_RESTRICTION)."""
    d = _s3_endpoint().design()  # type: ignore[attr-defined]
    assert trace(d, "app", "52.216.1.1", "icmp").reachable is True
    t = trace(d, "app", "52.216.1.1", "47")
    assert t.blocked is not None and t.blocked.component == "vpce-s3"
    assert t.blocked.code == "VPCE_GATEWAY_PROTOCOL_RESTRICTION"


def test_gateway_endpoint_is_not_usable_from_a_peered_vpc() -> None:
    """§9 / §11: no edge-to-edge routing: B routes the S3 range to pcx-ab hoping to use A's endpoint.
    b1 → 52.216.1.1 tcp/443: NOT REACHABLE, the peering refuses a destination outside VPC-A
    (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR)."""
    b = peered_b(_s3_endpoint())  # type: ignore[arg-type]
    b.change("rtb-b", routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),
                              Route(destination="52.216.0.0/15", target="pcx-ab")))
    t = trace(b.design(), "b1", "52.216.1.1", "tcp", 443)
    assert t.reachable is False and t.blocked is not None
    assert t.blocked.code == "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"


# -- §12.1: internal ALB reached from on-premises over the VPN ---------------------------------------

def _internal_alb_onprem(propagate: tuple[str, ...]) -> object:
    b = t_alb()
    b.change("alb-1", scheme="internal")
    b.change("sg-alb", inbound=(tcp(443, "172.16.0.0/16"),))
    return onprem_vpn(b, propagate=propagate)


def test_internal_alb_is_reachable_from_on_prem_over_the_vpn() -> None:
    """§12.1 + §8.1: an internal ALB is reachable from any client with a network path into the VPC.
    H (172.16.5.5) → alb-1 tcp/443, with the ALB subnets' table (rtb-pub) propagating vgw-a:
    REACHABLE."""
    d = _internal_alb_onprem(("rtb-main", "rtb-pub")).design()  # type: ignore[attr-defined]
    assert trace(d, "H", "alb-1", "tcp", 443).reachable is True


def test_internal_alb_reply_to_on_prem_follows_the_alb_subnets_default_route() -> None:
    """§1.4 + §4.3: without propagation on rtb-pub, the forward packet still reaches the ALB node
    (local routing) but its reply to 172.16.5.5 takes rtb-pub's 0.0.0.0/0 → igw-a, which drops a
    private destination: NOT REACHABLE, return-path failure."""
    d = _internal_alb_onprem(("rtb-main",)).design()  # type: ignore[attr-defined]
    t = trace(d, "H", "alb-1", "tcp", 443)
    assert t.reachable is False and t.blocked is not None and t.blocked.direction == "return"


_ = OPEN_IN
