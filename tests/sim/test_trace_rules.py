"""One test per rule of aws-semantics.md that the scenarios do not already pin down."""

from __future__ import annotations

from pathlib import Path

import pytest
from sim_builder import C, S, custom_nacl, nacl_rule, t0, t_alb, t_cf, tcp, with_nat

from vpcdesigner.model import (
    CustomerGateway,
    Instance,
    NaclRule,
    NetworkAcl,
    OnPremHost,
    OnPremises,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    Target,
    Vpc,
    VpcEndpoint,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)
from vpcdesigner.sim import KINDS, TraceInputError, trace
from vpcdesigner.sim.addr import cidr_range
from vpcdesigner.sim.results import Packet
from vpcdesigner.sim.rules import evaluate_nacl
from vpcdesigner.sim.topology import RouteEntry, topology
from vpcdesigner.sim.walk import choose_route


def _r(cidr: str, origin: str, target: str = "t", active: bool = True) -> RouteEntry:
    first, last, plen = cidr_range(cidr) or (0, 0, 0)
    return RouteEntry(first, last, plen, origin, target, active, f"{cidr} {origin}")


# -- route selection ------------------------------------------------------------------------------

def test_route_selection_order() -> None:
    routes = [_r("10.0.0.0/16", "local", "local"), _r("10.0.2.0/24", "propagated"), _r("0.0.0.0/0", "static"),
              _r("172.16.0.0/16", "propagated", "vgw"), _r("172.16.0.0/16", "static", "pcx"),
              _r("192.168.0.0/16", "prefix-list", "vpce"), _r("192.168.0.0/16", "propagated", "vgw"),
              _r("192.168.1.0/24", "propagated", "vgw2")]
    assert choose_route(routes, "10.0.2.9").origin == "local"  # local beats a more specific propagated
    assert choose_route(routes, "172.16.1.1").target == "pcx"  # static beats propagated, same prefix
    assert choose_route(routes, "192.168.0.1").target == "vpce"  # prefix list beats propagated
    assert choose_route(routes, "192.168.1.1").target == "vgw2"  # longer prefix wins regardless of kind
    assert choose_route(routes, "8.8.8.8").origin == "static"
    assert choose_route([_r("10.0.0.0/16", "local", "local")], "8.8.8.8") is None


def test_local_route_beats_propagated_more_specific_in_a_trace() -> None:
    b = t0().add(VpnGateway(id="vgw-a", vpc="vpc-a"), OnPremises(id="site", cidrs=("10.0.2.0/24",)),
                 CustomerGateway(id="cgw", ip="192.0.2.1", on_premises="site"),
                 VpnConnection(id="vpn", customer_gateway="cgw", vpn_gateway="vgw-a", static_routes=("10.0.2.0/24",)))
    b.add(Instance(id="app-b", subnet="priv-b", private_ip="10.0.4.20", security_groups=("sg-app",)))
    b.change("rtb-main", propagating_gateways=("vgw-a",)).change("sg-app", inbound=(tcp(22, "10.0.0.0/16"),))
    t = trace(b.design(), "app-b", "app", "tcp", 22)
    assert t.reachable is True
    route = next(h for h in t.forward if h.kind == "route-table")
    assert route.rule and "local" in route.rule.text


# -- network ACLs ---------------------------------------------------------------------------------

def _nacl(inbound: tuple[NaclRule, ...]) -> NetworkAcl:
    return NetworkAcl(id="n", vpc="v", inbound=inbound)


def test_nacl_icmp_type_and_code_matching() -> None:
    acl = _nacl((nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),))
    ping = Packet("1.1.1.1", "10.0.0.5", "icmp", icmp_type=8, icmp_code=0)
    assert evaluate_nacl(acl, True, ping).allowed
    assert not evaluate_nacl(acl, True, ping.reply().with_(src="1.1.1.1")).allowed  # echo reply is type 0
    acl3 = _nacl((nacl_rule(100, protocol="icmp", icmp_type=3, icmp_code=4),))
    assert evaluate_nacl(acl3, True, Packet("1.1.1.1", "x", "icmp", icmp_type=3, icmp_code=4)).allowed
    assert not evaluate_nacl(acl3, True, Packet("1.1.1.1", "x", "icmp", icmp_type=3, icmp_code=1)).allowed


def test_ping_needs_echo_reply_rule_on_the_way_back() -> None:
    b = t0().change("sg-web", inbound=(SgRule(protocol="icmp", icmp_type=8, icmp_code=-1, cidr="0.0.0.0/0"),))
    only_request = (nacl_rule(100, protocol="icmp", icmp_type=8, icmp_code=-1),)
    custom_nacl(b, "acl-ping", ("pub-a",), (nacl_rule(100),), only_request)
    t = trace(b.design(), C, "203.0.113.10", "icmp")
    assert t.packet.icmp_type == 8
    assert t.blocked and t.blocked.direction == "return" and t.blocked.component == "acl-ping"
    b.change("acl-ping", outbound=(nacl_rule(100, protocol="icmp", icmp_type=0, icmp_code=-1),))
    assert trace(b.design(), C, "203.0.113.10", "icmp").reachable is True


def test_protocol_all_and_other_protocols_ignore_ports() -> None:
    acl = _nacl((nacl_rule(100, protocol="tcp", ports=(80, 80)), nacl_rule(200, protocol="all")))
    assert evaluate_nacl(acl, True, Packet("1.1.1.1", "x", "all")).rule.number == 200
    gre = _nacl((nacl_rule(100, protocol="47"),))
    assert evaluate_nacl(gre, True, Packet("1.1.1.1", "x", "47")).allowed
    b = t0()
    assert trace(b.design(), "app", "db", "all").blocked is not None  # sg-db admits nothing
    b.change("sg-db", inbound=(tcp(5432, sg="sg-app"),))
    assert trace(b.design(), "app", "db", "all").reachable is False  # a TCP-only rule is not "all traffic"
    b.change("sg-db", inbound=(SgRule(security_group="sg-app"),))
    assert trace(b.design(), "app", "db", "all").reachable is True


def test_nacl_port_range_picked_by_aws_must_be_fully_allowed() -> None:
    narrow = _nacl((nacl_rule(100, protocol="tcp", ports=(32768, 65535)),))
    lb_reply = Packet("10.0.2.50", "10.0.1.100", "tcp", 8080, 1024, dst_port_range=(1024, 65535))
    d = evaluate_nacl(narrow, True, lb_reply)
    assert not d.allowed and d.partial and d.rule.number == "*"
    split = _nacl((nacl_rule(100, protocol="tcp", ports=(1024, 32767)), nacl_rule(110, protocol="tcp",
                                                                                   ports=(32768, 65535))))
    assert evaluate_nacl(split, True, lb_reply).allowed
    # the ALB → target reply crosses the target subnet's NACL on 1024-65535: a narrow rule gives 504
    b = t_alb()
    custom_nacl(b, "acl-priv", ("priv-a", "priv-b"), (nacl_rule(100),),
                (nacl_rule(100, protocol="tcp", ports=(32768, 65535)),))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert t.client_sees == "HTTP 504" and t.blocked and t.blocked.direction == "return"
    assert t.blocked.component == "acl-priv"


@pytest.mark.parametrize(("os", "port", "reachable"), [("linux", 49152, True), ("windows", 49152, True),
                                                       ("windows-legacy", 1025, False)])
def test_ephemeral_source_port_follows_the_client_os(os: str, port: int, reachable: bool) -> None:
    b = t0().add(OnPremises(id="site", cidrs=("172.16.0.0/16",), hosts=(OnPremHost(name="h", ip="172.16.0.9", os=os),)),
                 VpnGateway(id="vgw-a", vpc="vpc-a"), CustomerGateway(id="cgw", ip="192.0.2.1", on_premises="site"),
                 VpnConnection(id="vpn", customer_gateway="cgw", vpn_gateway="vgw-a", static_routes=("172.16.0.0/16",)))
    b.change("rtb-main", propagating_gateways=("vgw-a",)).change("sg-app", inbound=(tcp(22, "172.16.0.0/16"),))
    custom_nacl(b, "acl", ("priv-a",), (nacl_rule(100),), (nacl_rule(100, protocol="tcp", ports=(32768, 65535)),))
    t = trace(b.design(), "h", "app", "tcp", 22)
    assert t.packet.src_port == port and t.reachable is reachable


# -- security groups ------------------------------------------------------------------------------

def test_sg_reference_matches_private_addresses_only() -> None:
    b = t0().add(SecurityGroup(id="sg-x", vpc="vpc-a"),
                 Instance(id="x", subnet="pub-a", private_ip="10.0.1.40", public_ip="203.0.113.40",
                          security_groups=("sg-x",)))
    b.change("sg-web", inbound=(tcp(80, sg="sg-x"),))
    assert trace(b.design(), "x", "10.0.1.10", "tcp", 80).reachable is True
    hairpin = trace(b.design(), "x", "203.0.113.10", "tcp", 80)
    assert hairpin.blocked and hairpin.blocked.component == "sg-web"
    assert any(h.kind == "internet-gateway" and h.packet_out.src == "203.0.113.40" for h in hairpin.forward)


def test_sg_with_no_outbound_rules_blocks_egress() -> None:
    b = t0().change("sg-app", outbound=())
    t = trace(b.design(), "app", "db", "tcp", 5432)
    assert t.blocked and t.blocked.reason == "SG_OUTBOUND" and t.blocked.code == "SG_HAS_NO_RULES"


# -- internet gateway, NAT, peering ---------------------------------------------------------------

def test_igw_drops_private_source_without_public_ip() -> None:
    b = t0().add(Instance(id="web2", subnet="pub-a", private_ip="10.0.1.11", security_groups=("sg-web",)))
    t = trace(b.design(), "web2", S, "tcp", 443)
    assert t.blocked and t.blocked.reason == "NO_PUBLIC_IP_EGRESS"
    assert t.blocked.code == "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"


def test_instance_with_public_ip_in_private_subnet_answers_nobody() -> None:
    b = t0().change("db", public_ip="198.51.100.99").change("sg-db", inbound=(tcp(22, "0.0.0.0/0"),))
    t = trace(b.design(), C, "db", "tcp", 22)
    assert t.forward[-1].kind == "instance"  # delivered through the IGW (semantics §1.4)
    assert t.blocked and t.blocked.direction == "return" and t.blocked.component == "rtb-main"


def test_peering_has_no_edge_to_edge_routing() -> None:
    b = with_nat(t0())
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(Route(destination="0.0.0.0/0", target="pcx-ab"),)),
          Instance(id="b1", subnet="b-sub", private_ip="10.20.1.9"))
    t = trace(b.design(), "b1", S, "tcp", 443)
    assert t.blocked and t.blocked.reason == "PEERING_NON_TRANSITIVE"


def test_pending_peering_is_a_blackhole() -> None:
    b = t0().add(Vpc(id="vpc-b", cidr="10.20.0.0/16"),
                 VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b", status="pending-acceptance"))
    b.change("rtb-main", routes=(Route(destination="10.20.0.0/16", target="pcx-ab"),))
    assert trace(b.design(), "app", "10.20.1.1", "tcp", 443).blocked.reason == "BLACKHOLE"  # type: ignore[union-attr]


def test_gateway_endpoint_carries_tcp_only() -> None:
    from vpcdesigner.model import PrefixList
    b = t0().add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),
                 VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    b.change("rtb-main", routes=(Route(destination_prefix_list="pl-s3", target="vpce-s3"),))
    assert trace(b.design(), "app", "52.216.1.1", "tcp", 443).reachable is True
    assert trace(b.design(), "app", "52.216.1.1", "udp", 53).blocked.code == "VPCE_GATEWAY_PROTOCOL_RESTRICTION"  # type: ignore[union-attr]


# -- load balancer and CloudFront -----------------------------------------------------------------

def test_target_selection_rule() -> None:
    b = t_alb()
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert t.legs[1].destination == "asg-app-1"  # entry node in pub-a (1a): first healthy target in 1a
    b.change("tg-app", targets=(Target(target="db", healthy=False), Target(target="app", healthy=True)))
    b.change("asg-app", desired=0)
    assert trace(b.design(), C, "alb-1", "tcp", 443).legs[1].destination == "app"
    b.change("tg-app", targets=(Target(target="db", healthy=False),))
    picked = trace(b.design(), C, "alb-1", "tcp", 443)
    assert picked.legs[1].destination == "db"  # all unhealthy: fail open
    assert any("fails open" in h.explanation for h in picked.forward)


def test_target_in_zone_without_lb_node_gets_no_traffic() -> None:
    b = t_alb().change("alb-1", subnets=("pub-a",)).change("asg-app", subnets=("priv-b",))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert t.blocked and t.blocked.code == "ELB_INSTALLED_AZ_RESTRICTION" and t.client_sees == "HTTP 503"


def test_cloudfront_origin_protocol_policy() -> None:
    b = t_cf()
    b.change("cdn", origins=({"id": "o1", "target": "alb-1", "protocol_policy": "http-only"},))
    t = trace(b.design(), C, "cdn", "tcp", 443)
    assert t.blocked and t.blocked.component == "sg-alb"  # port 80 not allowed from the prefix list
    assert t.client_sees == "HTTP 504"
    b.change("cdn", origins=({"id": "o1", "target": "alb-1", "protocol_policy": "match-viewer"},))
    assert trace(b.design(), C, "cdn", "tcp", 443).reachable is True
    redirect = trace(b.design(), C, "cdn", "tcp", 80)
    assert redirect.reachable is True and "301" in redirect.client_sees and len(redirect.legs) == 1
    assert trace(b.design(), C, "cdn", "tcp", 8443).reachable is False


def test_cloudfront_source_defaults_to_builtin_range_without_prefix_list() -> None:
    b = t_cf().drop("pl-cloudfront").change("sg-alb", inbound=(tcp(443, "0.0.0.0/0"),))
    t = trace(b.design(), C, "www.example.com", "tcp", 443)
    assert t.reachable is True
    assert any(h.kind == "cloudfront" and "built-in" in h.explanation for h in t.forward)


# -- resolver exemption and endpoints -------------------------------------------------------------

def test_vpc_resolver_is_never_filtered() -> None:
    b = custom_nacl(t0(), "acl-deny", ("priv-a",)).change("sg-app", outbound=())
    t = trace(b.design(), "app", "10.0.0.2", "udp", 53)
    assert t.reachable is True
    assert not any(h.kind in ("network-acl", "security-group") and h.verdict == "block" for h in t.forward)
    assert trace(b.design(), "app", "169.254.169.253", "udp", 53).reachable is True


def test_endpoint_rules() -> None:
    d = t0().design()
    hyp = trace(d, "app", "10.0.4.99", "tcp", 22)
    assert hyp.reachable is True and hyp.notes
    nowhere = trace(d, "app", "10.0.200.5", "tcp", 22)
    assert nowhere.blocked and nowhere.blocked.reason == "NO_DESTINATION"
    no_v6 = trace(d, "app", "2001:db8::1", "tcp", 22)  # app has no IPv6 address: answered, not an input error
    assert no_v6.reachable is False and no_v6.blocked and no_v6.blocked.reason == "NO_IPV6_ADDRESS"
    with pytest.raises(TraceInputError, match="nosuch"):
        trace(d, "nosuch", "app", "tcp", 22)
    with pytest.raises(TraceInputError, match="port"):
        trace(d, "app", "db", "tcp", 70000)
    with pytest.raises(TraceInputError, match="port"):
        trace(d, "app", "db", "tcp")
    asg = trace(t_alb().design(), "asg-app", "db", "tcp", 5432)
    assert asg.forward[0].component == "asg-app-1"


def test_json_contract_and_kind_vocabulary() -> None:
    t = trace(t_cf().design(), C, "www.example.com", "tcp", 443)
    data = t.to_json()
    assert {"reachable", "reason", "forward", "return", "legs", "client_sees", "blocked"} <= set(data)
    for hop in data["forward"] + data["return"]:
        assert set(hop) == {"component", "name", "kind", "check", "verdict", "rule", "packet_in", "packet_out",
                            "code", "reason", "explanation"}
        assert hop["kind"] in KINDS and hop["verdict"] in ("pass", "block", "info")
        assert {"src", "dst", "protocol", "src_port", "dst_port", "icmp_type", "icmp_code"} <= set(hop["packet_in"])
    for leg in data["legs"]:
        assert {"from", "to", "reachable"} <= set(leg)
    blocked = trace(t0().design(), "web", "db", "tcp", 5432).to_json()["blocked"]
    assert set(blocked) >= {"component", "name", "kind", "direction", "leg", "code", "reason"}


def test_topology_is_cached_until_a_resource_changes() -> None:
    d = t0().design()
    first = topology(d)
    assert topology(d) is first
    d.resources["app"] = d.resources["app"].with_changes(private_ip="10.0.2.21")  # type: ignore[assignment]
    assert topology(d) is not first
    assert trace(d, "app", "10.0.2.21", "tcp", 1).forward[0].packet_in.src == "10.0.2.21"


def test_internet_facing_lb_is_reached_on_its_public_addresses_even_from_inside() -> None:
    d = t_alb().design()
    via_igw = trace(d, "web", "app.example.com", "tcp", 443)
    assert via_igw.reachable is True
    assert any(h.kind == "internet-gateway" for h in via_igw.forward)
    no_way_out = trace(d, "app", "alb-1", "tcp", 443)
    assert no_way_out.blocked and no_way_out.blocked.reason == "NO_ROUTE"
    assert trace(with_nat(t_alb()).design(), "app", "alb-1", "tcp", 443).reachable is True
    internal = t_alb().change("alb-1", scheme="internal").design()
    assert trace(internal, "app", "alb-1", "tcp", 443).reachable is True
    outside = trace(internal, C, "alb-1", "tcp", 443)
    assert outside.blocked and outside.blocked.reason == "NOT_PUBLIC_ADDRESS_INGRESS"


def test_onprem_host_uses_its_own_internet_connection_for_public_addresses() -> None:
    b = t0().add(OnPremises(id="site", cidrs=("172.16.0.0/16",), hosts=(OnPremHost(name="h", ip="172.16.0.9"),)),
                 CustomerGateway(id="cgw", ip="192.0.2.1", on_premises="site"))
    t = trace(b.design(), "h", "203.0.113.10", "tcp", 80)
    assert t.reachable is True
    igw = next(h for h in t.forward if h.kind == "internet-gateway")
    assert igw.packet_in.src == "192.0.2.1"
    assert t.return_[-1].kind == "on-premises" and t.return_[-1].packet_in.dst == "172.16.0.9"


def test_transit_gateway_vpn_attachment() -> None:
    from vpcdesigner.model import TgwAttachment, TgwRouteTable, TransitGateway
    b = t0().add(OnPremises(id="site", cidrs=("172.16.0.0/16",), hosts=(OnPremHost(name="h", ip="172.16.0.9"),)),
                 CustomerGateway(id="cgw", ip="192.0.2.1", on_premises="site"),
                 VpnConnection(id="vpn", customer_gateway="cgw", transit_gateway="tgw", routing="bgp"),
                 TransitGateway(id="tgw", attachments=(TgwAttachment(id="att-vpc", vpc="vpc-a", subnets=("priv-a",)),
                                                       TgwAttachment(id="att-vpn", type="vpn", vpn_connection="vpn")),
                                route_tables=(TgwRouteTable(id="rt", associations=("att-vpc", "att-vpn"),
                                                            propagations=("att-vpc", "att-vpn")),)))
    b.change("rtb-main", routes=(Route(destination="172.16.0.0/16", target="tgw"),))
    b.change("sg-app", inbound=(tcp(22, "172.16.0.0/16"),))
    t = trace(b.design(), "h", "app", "tcp", 22)
    assert t.reachable is True, t.reason
    assert "tgw" in {h.component for h in t.forward} and "tgw" in {h.component for h in t.return_}


def test_appliance_route_needs_source_dest_check_off() -> None:
    b = t0().add(SecurityGroup(id="sg-fw", vpc="vpc-a", inbound=(SgRule(cidr="0.0.0.0/0"),)),
                 Instance(id="fw", subnet="pub-b", private_ip="10.0.3.5", public_ip="203.0.113.50",
                          security_groups=("sg-fw",)))
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="fw"),))
    t = trace(b.design(), "app", S, "tcp", 443)
    assert t.blocked and t.blocked.reason == "SRC_DST_CHECK"
    b.change("fw", source_dest_check=False)
    t = trace(b.design(), "app", S, "tcp", 443)
    assert any(h.check == "forwarding" for h in t.forward)
    # the appliance forwards with the app's private source: the IGW has no public IP for it
    assert t.blocked and t.blocked.reason == "NO_PUBLIC_IP_EGRESS"


def test_designs_with_missing_resources_never_crash(anycompany_path: Path) -> None:
    """Dropping any one resource (dangling references) gives answers or a TraceInputError, never a crash."""
    from vpcdesigner.model import Design, load
    from vpcdesigner.sim.exposure import exposure
    from vpcdesigner.sim.matrix import matrix

    design = load(anycompany_path)
    questions = [("customer", "www.anycompany.example", 443), ("customer", "db", 5432), ("corp-pc", "db", 5432),
                 ("dc-server", "db", 5432), ("db", "8.8.8.8", 443), ("web-asg-2", "store-alb", 443),
                 ("10.0.1.77", "db", 5432)]
    answered = 0
    for rid in sorted(design.resources):
        resources = dict(design.resources)
        del resources[rid]
        d = Design(resources=resources)
        for src, dst, port in questions:
            try:
                answered += trace(d, src, dst, "tcp", port).reachable is not None
            except TraceInputError as exc:
                assert str(exc)
        matrix(d, 5432)
        exposure(d)
    assert answered > len(design.resources) * 4


def test_metadata_and_time_sync_are_never_filtered() -> None:
    b = custom_nacl(t0(), "acl-deny", ("priv-a",)).change("sg-app", outbound=())
    assert trace(b.design(), "app", "169.254.169.254", "tcp", 80).reachable is True
    assert trace(b.design(), "app", "169.254.169.123", "udp", 123).reachable is True
    assert trace(b.design(), "app", "169.254.169.254", "tcp", 22).reachable is False


def test_sg_reference_over_a_transit_gateway_needs_the_option_on_both_attachments() -> None:
    from vpcdesigner.model import TgwAttachment, TgwRouteTable, TransitGateway
    b = t0().add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),
                 Subnet(id="c-a", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
                 RouteTable(id="rtb-c", vpc="vpc-c", main=True,
                            routes=(Route(destination="10.0.0.0/16", target="tgw"),)),
                 SecurityGroup(id="sg-c", vpc="vpc-c", inbound=(tcp(443, sg="sg-app"),)),
                 Instance(id="c1", subnet="c-a", private_ip="10.30.1.5", security_groups=("sg-c",)))
    b.change("rtb-main", routes=(Route(destination="10.30.0.0/16", target="tgw"),))

    def with_option(flag: bool) -> bool | None:
        b.add(TransitGateway(id="tgw", attachments=(
            TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",), security_group_referencing=flag),
            TgwAttachment(id="att-c", vpc="vpc-c", subnets=("c-a",), security_group_referencing=flag)),
            route_tables=(TgwRouteTable(id="rt", associations=("att-a", "att-c"), propagations=("att-a", "att-c")),)))
        return trace(b.design(), "app", "c1", "tcp", 443).reachable

    assert with_option(True) is True
    assert with_option(False) is False


def test_rules_on_an_address_aws_allocates_at_launch_give_no_answer() -> None:
    b = t0().add(Instance(id="x", subnet="pub-b", private_ip="10.0.3.40", public_ip="allocated",
                          security_groups=("sg-app",)))
    b.change("sg-web", inbound=(tcp(80, "203.0.113.0/24"),))
    t = trace(b.design(), "x", "203.0.113.10", "tcp", 80)
    assert t.reachable is None and "allocates" in t.reason
    b.change("sg-web", inbound=(tcp(80, "0.0.0.0/0"),))
    assert trace(b.design(), "x", "203.0.113.10", "tcp", 80).reachable is True
    b.change("sg-web", inbound=(tcp(80, sg="sg-app"),))  # a group reference never matches a public address
    assert trace(b.design(), "x", "203.0.113.10", "tcp", 80).reachable is False


def test_network_load_balancer_preserves_the_client_address() -> None:
    b = t_alb().change("alb-1", type="network", security_groups=(),
                       listeners=({"protocol": "TCP", "port": 443, "target_group": "tg-app"},))
    b.change("tg-app", protocol="TCP")
    t = trace(b.design(), C, "alb-1", "tcp", 443, source_port=40000)
    assert t.blocked and t.blocked.component == "sg-app" and t.client_sees == "timeout"
    assert t.forward[-1].packet_in.src == C  # the target sees the client, not the load balancer
    b.change("sg-app", inbound=(tcp(8080, "198.51.100.0/24"),))
    t = trace(b.design(), C, "alb-1", "tcp", 443, source_port=40000)
    assert t.reachable is True
    nacl = next(h for h in t.return_ if h.kind == "network-acl")
    assert nacl.packet_in.dst == C and nacl.packet_in.dst_port == 40000
