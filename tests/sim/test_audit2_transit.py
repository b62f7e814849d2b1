"""Second audit: centralised egress through a transit gateway and a NAT gateway, SG egress to a
prefix list, ICMP replies on the private side of a NAT gateway, and a private hosted zone of a VPC
without DNS host names (aws-semantics §5, §6.4, §7.2, §10, §14.3). Each docstring gives the section
and the verdict AWS would give, decided from the semantics."""

from __future__ import annotations

from audit_builder import where
from sim_builder import S, custom_nacl, nacl_rule, t0, tcp, with_nat

from vpcdesigner.model import (
    HostedZone,
    Instance,
    PrefixList,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    TgwAttachment,
    TgwRoute,
    TgwRouteTable,
    TransitGateway,
    Vpc,
    VpcEndpoint,
)
from vpcdesigner.model.edge import DnsRecord
from vpcdesigner.sim import trace
from vpcdesigner.sim.dns import resolve


def _central_egress() -> object:
    """VPC-A is the egress VPC: nat-1 in pub-a, tgw-1 attachment att-a in priv-a (priv-a's main table:
    0.0.0.0/0 → nat-1), rtb-pub routes 10.20.0.0/16 back to tgw-1. VPC-B (10.20.0.0/16) sends
    0.0.0.0/0 to tgw-1; the TGW table sends 0.0.0.0/0 to att-a and 10.20.0.0/16 to att-b."""
    b = with_nat(t0())
    b.change("rtb-pub", routes=(Route(destination="0.0.0.0/0", target="igw-a"),
                                Route(destination="10.20.0.0/16", target="tgw-1")))
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(Route(destination="0.0.0.0/0", target="tgw-1"),)),
          SecurityGroup(id="sg-b1", vpc="vpc-b", inbound=()),
          Instance(id="b1", subnet="b-sub", private_ip="10.20.1.8", security_groups=("sg-b1",)),
          TransitGateway(id="tgw-1", attachments=(
              TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
              TgwAttachment(id="att-b", vpc="vpc-b", subnets=("b-sub",))),
              route_tables=(TgwRouteTable(id="tgw-rtb", associations=("att-a", "att-b"), propagations=("att-b",),
                                          routes=(TgwRoute(destination="0.0.0.0/0", attachment="att-a"),)),)))
    return b


def test_centralised_egress_through_a_transit_gateway_and_a_nat_gateway() -> None:
    """§10 + §5: the NAT gateway refuses sources reached over peering, VPN or Direct Connect only;
    a spoke VPC behind a transit gateway may use it (the TGW attachment delivers into VPC-A, whose
    subnet table sends the packet on to nat-1). b1 → S tcp/443: REACHABLE, through tgw-1, nat-1 and
    igw-a; the reply returns via rtb-pub's 10.20.0.0/16 → tgw-1."""
    t = trace(_central_egress().design(), "b1", S, "tcp", 443)  # type: ignore[attr-defined]
    comps = {h.component for h in t.forward}
    assert {"tgw-1", "nat-1", "igw-a"} <= comps
    assert t.reachable is True, t.reason


def test_centralised_egress_without_the_route_back_fails_on_the_return() -> None:
    """§1.2 + §5: without rtb-pub's 10.20.0.0/16 → tgw-1, nat-1's reply to 10.20.1.8 (translated
    back after the IGW) matches only 0.0.0.0/0 → igw-a, and the IGW drops a private destination:
    NOT REACHABLE, return-path failure."""
    b = _central_egress()
    b.change("rtb-pub", routes=(Route(destination="0.0.0.0/0", target="igw-a"),))  # type: ignore[attr-defined]
    t = trace(b.design(), "b1", S, "tcp", 443)  # type: ignore[attr-defined]
    assert t.reachable is False and t.blocked is not None and t.blocked.direction == "return"


def test_sg_egress_to_a_prefix_list_only() -> None:
    """§7.2 (peer = prefix list) + §11: sg-app's only outbound rule is tcp/443 to pl-s3. APP →
    52.216.1.1 tcp/443 through the gateway endpoint: REACHABLE; APP → S tcp/443 (through a NAT):
    NOT REACHABLE, forward blocked at sg-app outbound."""
    b = with_nat(t0()).add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),
                           VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    rt = b.r["rtb-main"]
    b.change("rtb-main", routes=(*rt.routes, Route(destination_prefix_list="pl-s3", target="vpce-s3")))  # type: ignore[attr-defined]
    b.change("sg-app", outbound=(tcp(443, pl="pl-s3"),))
    d = b.design()
    assert trace(d, "app", "52.216.1.1", "tcp", 443).reachable is True
    assert where(trace(d, "app", S, "tcp", 443)) == ("sg-app", "forward", "SG_OUTBOUND")


def test_ping_through_the_nat_needs_echo_reply_in_on_the_private_subnet() -> None:
    """§6.4 + §5: APP pings S through nat-1. priv-a NACL out: all; in: icmp type 8 only. The echo
    reply (type 0) translated back by nat-1 enters priv-a and is dropped: NOT REACHABLE, return
    blocked at acl-a NACL_INBOUND."""
    b = with_nat(t0())
    b.change("sg-app", outbound=(SgRule(cidr="0.0.0.0/0"),))
    custom_nacl(b, "acl-a", ("priv-a",), (nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),),
                (nacl_rule(100),))
    assert where(trace(b.design(), "app", S, "icmp")) == ("acl-a", "return", "NACL_INBOUND")


def test_private_zone_of_a_vpc_without_dns_host_names_does_not_answer() -> None:
    """§14.3 / §2.3: a private hosted zone needs enableDnsHostnames and enableDnsSupport. VPC-A has
    host names off; its private zone corp.internal has db.corp.internal → 10.0.2.30. APP asks for
    db.corp.internal: no answer with 10.0.2.30 (the private zone is ignored). With host names on:
    the answer is 10.0.2.30."""
    b = t0().add(HostedZone(id="phz", zone_name="corp.internal", private=True, vpcs=("vpc-a",),
                            records=(DnsRecord(name="db.corp.internal", values=("10.0.2.30",)),)))
    b.change("vpc-a", enable_dns_hostnames=False)
    assert "10.0.2.30" not in resolve(b.design(), "db.corp.internal", "app").addresses
    b.change("vpc-a", enable_dns_hostnames=True)
    assert resolve(b.design(), "db.corp.internal", "app").addresses == ["10.0.2.30"]


# -- §10 with §4.3 / §8.1 / §9 / §11: what a transit-gateway spoke may not use in the hub VPC ---------

def _hub_route(*routes: Route) -> object:
    """The central-egress topology with priv-a's table (the attachment subnet) replaced by `routes`."""
    b = _central_egress()
    b.change("rtb-main", routes=routes)  # type: ignore[attr-defined]
    b.change("sg-b1", outbound=(SgRule(cidr="0.0.0.0/0"),))  # type: ignore[attr-defined]
    return b


def test_spoke_cannot_use_the_hub_igw_without_a_public_address() -> None:
    """§4.3: the attachment subnet sends 0.0.0.0/0 straight to igw-a; 10.20.1.8 has no public IP
    association: NOT REACHABLE at igw-a (IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS)."""
    t = trace(_hub_route(Route(destination="0.0.0.0/0", target="igw-a")).design(), "b1", S, "tcp", 443)  # type: ignore[attr-defined]
    assert t.blocked is not None and (t.blocked.component, t.blocked.direction) == ("igw-a", "forward")
    assert t.blocked.code == "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"


def test_spoke_cannot_use_the_hub_gateway_endpoint() -> None:
    """§11 (RA VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION) + §9 edge-to-edge: a gateway endpoint
    serves only sources inside its VPC. The attachment subnet routes pl-s3 to vpce-s3; b1 →
    52.216.1.1 tcp/443 through tgw-1: NOT REACHABLE at vpce-s3."""
    b = _hub_route(Route(destination_prefix_list="pl-s3", target="vpce-s3"))
    b.add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),  # type: ignore[attr-defined]
          VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    b.change("tgw-1", route_tables=(TgwRouteTable(  # type: ignore[attr-defined]
        id="tgw-rtb", associations=("att-a", "att-b"), propagations=("att-b",),
        routes=(TgwRoute(destination="0.0.0.0/0", attachment="att-a"),)),))
    t = trace(b.design(), "b1", "52.216.1.1", "tcp", 443)  # type: ignore[attr-defined]
    assert t.blocked is not None and t.blocked.component == "vpce-s3"
    assert t.blocked.code == "VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION"


def test_spoke_cannot_use_the_hub_vpn() -> None:
    """§8.1 (RA VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: the VGW only accepts traffic from private IPs
    of its own VPC) + §9 edge-to-edge: the attachment subnet routes 172.16.0.0/16 to vgw-a; b1 →
    172.16.5.5 tcp/22 through tgw-1: NOT REACHABLE at vgw-a."""
    from audit_builder import onprem_vpn
    b = onprem_vpn(_hub_route(Route(destination="172.16.0.0/16", target="vgw-a")), propagate=())  # type: ignore[arg-type]
    b.change("tgw-1", route_tables=(TgwRouteTable(
        id="tgw-rtb", associations=("att-a", "att-b"), propagations=("att-b",),
        routes=(TgwRoute(destination="0.0.0.0/0", attachment="att-a"),)),))
    t = trace(b.design(), "b1", "172.16.5.5", "tcp", 22)
    assert t.blocked is not None and (t.blocked.component, t.blocked.direction) == ("vgw-a", "forward")


def test_spoke_cannot_transit_the_hub_peering() -> None:
    """§9 (no transit; RA PCX_REQUIRES_ADDRESS_IN_VPC_CIDR): VPC-C 10.30.0.0/16 is peered with the hub
    VPC-A; the attachment subnet routes 10.30.0.0/16 to pcx-ac. b1 → c1 tcp/22 through tgw-1 and the
    peering: NOT REACHABLE, forward blocked at pcx-ac (the peering carries only traffic between the
    two VPCs' addresses; the source 10.20.1.8 is not in VPC-A)."""
    from vpcdesigner.model import VpcPeering
    b = _hub_route(Route(destination="10.30.0.0/16", target="pcx-ac"))
    b.add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),  # type: ignore[attr-defined]
          Subnet(id="c-sub", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx-ac", requester_vpc="vpc-a", accepter_vpc="vpc-c"),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="10.0.0.0/8", target="pcx-ac"),)),
          SecurityGroup(id="sg-c1", vpc="vpc-c", inbound=(SgRule(cidr="0.0.0.0/0"),)),
          Instance(id="c1", subnet="c-sub", private_ip="10.30.1.5", security_groups=("sg-c1",)))
    b.change("tgw-1", route_tables=(TgwRouteTable(  # type: ignore[attr-defined]
        id="tgw-rtb", associations=("att-a", "att-b"), propagations=("att-b",),
        routes=(TgwRoute(destination="0.0.0.0/0", attachment="att-a"),)),))
    t = trace(b.design(), "b1", "c1", "tcp", 22)  # type: ignore[attr-defined]
    assert t.reachable is False and t.blocked is not None
    assert (t.blocked.component, t.blocked.direction) == ("pcx-ac", "forward")
    assert t.blocked.code == "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"


def _inspection() -> object:
    """Hub-and-spoke (isolated spoke table, see _tgw_hub_and_spokes-style tables) where the spokes'
    table sends everything to the hub attachment att-a, whose subnet priv-a routes 10.0.0.0/8 to
    appliance fw (pub-a, source/dest check off, open SG); fw's subnet table pub-a routes 10.30.0.0/16
    and 10.20.0.0/16 back to tgw-1; the hub table (att-a) has both spokes propagated."""
    b = _central_egress()
    b.add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),  # type: ignore[attr-defined]
          Subnet(id="c-sub", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="0.0.0.0/0", target="tgw-1"),)),
          SecurityGroup(id="sg-c1", vpc="vpc-c", inbound=(SgRule(cidr="10.20.0.0/16"),)),
          Instance(id="c1", subnet="c-sub", private_ip="10.30.1.5", security_groups=("sg-c1",)),
          SecurityGroup(id="sg-fw", vpc="vpc-a", inbound=(SgRule(cidr="0.0.0.0/0"),)),
          Instance(id="fw", subnet="pub-a", private_ip="10.0.1.77", security_groups=("sg-fw",),
                   source_dest_check=False))
    b.change("rtb-main", routes=(Route(destination="10.0.0.0/8", target="fw"),))  # type: ignore[attr-defined]
    b.change("rtb-pub", routes=(Route(destination="0.0.0.0/0", target="igw-a"),  # type: ignore[attr-defined]
                                Route(destination="10.20.0.0/16", target="tgw-1"),
                                Route(destination="10.30.0.0/16", target="tgw-1")))
    b.change("sg-b1", outbound=(SgRule(cidr="0.0.0.0/0"),))  # type: ignore[attr-defined]
    b.change("tgw-1", attachments=(  # type: ignore[attr-defined]
        TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
        TgwAttachment(id="att-b", vpc="vpc-b", subnets=("b-sub",)),
        TgwAttachment(id="att-c", vpc="vpc-c", subnets=("c-sub",))),
        route_tables=(TgwRouteTable(id="hub", associations=("att-a",), propagations=("att-b", "att-c")),
                      TgwRouteTable(id="spokes", associations=("att-b", "att-c"),
                                    routes=(TgwRoute(destination="0.0.0.0/0", attachment="att-a"),))))
    return b


def test_spoke_to_spoke_through_an_inspection_appliance_in_the_hub() -> None:
    """§10 + §3.5: spoke traffic enters the hub through att-a, the attachment subnet's table sends it
    to appliance fw (source/dest check off), fw's subnet sends it back to tgw-1, whose hub table
    delivers it to VPC-C; the reply takes the same way. b1 → c1 tcp/22: REACHABLE through fw. With
    fw's source/dest check on: NOT REACHABLE at fw (SRC_DST_CHECK)."""
    b = _inspection()
    t = trace(b.design(), "b1", "c1", "tcp", 22)  # type: ignore[attr-defined]
    assert any(h.component == "fw" for h in t.forward)
    assert t.reachable is True, t.reason
    b.change("fw", source_dest_check=True)  # type: ignore[attr-defined]
    t = trace(b.design(), "b1", "c1", "tcp", 22)  # type: ignore[attr-defined]
    assert t.blocked is not None and (t.blocked.component, t.blocked.reason) == ("fw", "SRC_DST_CHECK")


def test_matrix_agrees_with_trace_through_the_inspection_hub() -> None:
    """The reachability matrix gives, for every pair of instances, the trace's verdict (§1.2), also
    when paths cross a transit gateway and a hub appliance."""
    from vpcdesigner.sim.matrix import matrix
    d = _inspection().design()  # type: ignore[attr-defined]
    ids = ["b1", "c1", "app", "web", "db", "fw"]
    m = matrix(d, 22, endpoints=ids)
    for s in ids:
        for t_ in ids:
            if s != t_:
                assert m.cell(s, t_) == (trace(d, s, t_, "tcp", 22).reachable is True), (s, t_)


def test_hub_vpc_resolver_is_not_reachable_from_a_spoke() -> None:
    """§2.3 / §14.6 (the Amazon DNS server answers only its own VPC; from elsewhere Route 53 Resolver
    inbound endpoints are needed): b1 → VPC-A's resolver 10.0.0.2 udp/53 through tgw-1: NOT
    REACHABLE (blocked in VPC-A). b1 → 169.254.169.253 udp/53 is its own VPC's resolver: REACHABLE."""
    b = _central_egress()
    b.change("sg-b1", outbound=(SgRule(cidr="0.0.0.0/0"),))  # type: ignore[attr-defined]
    d = b.design()  # type: ignore[attr-defined]
    t = trace(d, "b1", "10.0.0.2", "udp", 53)
    assert t.reachable is False and t.blocked is not None and t.blocked.component == "vpc-a"
    assert trace(d, "b1", "169.254.169.253", "udp", 53).reachable is True
