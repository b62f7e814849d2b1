"""Every packet scenario of ../shared/reference/scenarios.md, built with the model classes."""

from __future__ import annotations

from sim_builder import B, C, S, custom_nacl, nacl_rule, t0, t_alb, t_cf, tcp, with_nat

from vpcdesigner.model import (
    CustomerGateway,
    Instance,
    NatGateway,
    OnPremHost,
    OnPremises,
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
    VpnGateway,
)
from vpcdesigner.sim import Trace, trace


def blocked_at(t: Trace) -> tuple[str | None, str | None, str | None]:
    assert t.blocked is not None, t.reason
    return t.blocked.component, t.blocked.direction, t.blocked.reason


# -- A. Internet access ---------------------------------------------------------------------------

def test_s01_public_web_server() -> None:
    t = trace(t0().design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert t.reachable is True and t.client_sees == "connected"
    igw = next(h for h in t.forward if h.kind == "internet-gateway")
    assert (igw.packet_in.dst, igw.packet_out.dst) == ("203.0.113.10", "10.0.1.10")
    back = next(h for h in t.return_ if h.kind == "internet-gateway")
    assert (back.packet_in.src, back.packet_out.src) == ("10.0.1.10", "203.0.113.10")
    assert any(h.kind == "security-group" and "stateful" in h.explanation for h in t.return_)
    nacl_back = next(h for h in t.return_ if h.kind == "network-acl")
    assert nacl_back.packet_in.dst_port == 40000 and nacl_back.rule and nacl_back.rule.number == 100


def test_s02_public_subnet_without_public_ip() -> None:
    b = t0().add(Instance(id="web2", subnet="pub-a", private_ip="10.0.1.11", security_groups=("sg-web",)))
    t = trace(b.design(), C, "web2", "tcp", 80)
    assert t.reachable is False
    assert t.forward[-1].packet_in.dst == "10.0.1.11"
    assert t.blocked and t.blocked.code == "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
    assert t.blocked.kind in ("internet-gateway", "internet")
    # an unassigned public IP is just an internet address: never delivered into the VPC
    t2 = trace(b.design(), C, "203.0.113.99", "tcp", 80)
    assert not any(h.kind == "instance" for h in t2.forward)


def test_s04_private_subnet_without_nat_and_with_eip() -> None:
    t = trace(t0().design(), "app", S, "tcp", 443)
    assert t.reachable is False
    assert blocked_at(t) == ("rtb-main", "forward", "NO_ROUTE")
    assert t.blocked and t.blocked.code == "NO_ROUTE_TO_DESTINATION"
    b = t0().change("app", public_ip="198.51.100.200")
    assert blocked_at(trace(b.design(), "app", S, "tcp", 443)) == ("rtb-main", "forward", "NO_ROUTE")


def test_s06_nat_gateway() -> None:
    t = trace(with_nat(t0()).design(), "app", S, "tcp", 443, source_port=45000)
    assert t.reachable is True
    nat = next(h for h in t.forward if h.kind == "nat-gateway")
    assert nat.packet_out.src == "10.0.1.50" and nat.packet_out.src_port_range == (1024, 65535)
    last = t.forward[-1].packet_in
    assert last.src == "198.51.100.50" and last.dst == S
    kinds = [h.kind for h in t.forward]
    assert kinds.index("nat-gateway") < kinds.index("internet-gateway")
    # reply: NACL of the NAT subnet checks the NAT port range, priv-a checks the client port 45000
    nacls = [h for h in t.return_ if h.kind == "network-acl"]
    assert nacls[0].packet_in.dst_port_range == (1024, 65535)
    assert nacls[-1].packet_in.dst == "10.0.2.20" and nacls[-1].packet_in.dst_port == 45000


def test_s07_unsolicited_inbound_to_nat() -> None:
    t = trace(with_nat(t0()).design(), C, "198.51.100.50", "tcp", 22)
    assert t.reachable is False and blocked_at(t) == ("nat-1", "forward", "NAT_NO_SESSION")


def test_s09_nat_unsupported_protocol() -> None:
    t = trace(with_nat(t0()).design(), "app", S, "47")
    assert t.reachable is False and blocked_at(t) == ("nat-1", "forward", "NAT_PROTOCOL")
    assert t.blocked and t.blocked.code == "PROTOCOL_RESTRICTION"


# -- B. Network ACLs ------------------------------------------------------------------------------

def test_s11_stateless_nacl_without_ephemeral_rule() -> None:
    b = custom_nacl(t0(), "acl-web", ("pub-a",), (nacl_rule(100, protocol="tcp", ports=(80, 80)),),
                    (nacl_rule(100, protocol="tcp", ports=(80, 80)),))
    t = trace(b.design(), C, "203.0.113.10", "tcp", 80, source_port=40000)
    assert t.reachable is False
    assert blocked_at(t) == ("acl-web", "return", "RETURN_PATH(NACL_OUTBOUND)")
    hop = t.return_[-1]
    assert hop.rule and hop.rule.number == "*" and hop.packet_in.dst_port == 40000
    assert t.blocked and t.blocked.code == "SUBNET_ACL_RESTRICTION"


def _s13() -> B:
    b = custom_nacl(t0(), "acl-deny-all", ("pub-a",))
    b.add(SecurityGroup(id="sg-admin", vpc="vpc-a", inbound=()),
          Instance(id="admin", subnet="pub-a", private_ip="10.0.1.20", security_groups=("sg-admin",)))
    return b.change("sg-web", inbound=(tcp(80, "0.0.0.0/0"), tcp(22, "10.0.1.0/24")))


def test_s13_same_subnet_ignores_nacl() -> None:
    t = trace(_s13().design(), "admin", "10.0.1.10", "tcp", 22)
    assert t.reachable is True
    assert not any(h.kind == "network-acl" for h in t.forward + t.return_)
    assert [h.kind for h in t.forward if h.verdict == "pass"].count("security-group") == 2


def test_s14_crossing_the_subnet_boundary() -> None:
    b = _s13().add(Instance(id="admin2", subnet="pub-b", private_ip="10.0.3.20", security_groups=("sg-admin",)))
    b.change("sg-web", inbound=(tcp(80, "0.0.0.0/0"), tcp(22, "10.0.0.0/16")))
    t = trace(b.design(), "admin2", "web", "tcp", 22)
    assert blocked_at(t) == ("acl-deny-all", "forward", "NACL_INBOUND")
    assert t.forward[-1].rule and t.forward[-1].rule.number == "*"


def _s15(deny_number: int) -> B:
    b = custom_nacl(t0(), "acl-ord", ("pub-a",),
                    (nacl_rule(100), nacl_rule(deny_number, "deny", "tcp", "203.0.113.0/24", (22, 22))),
                    (nacl_rule(100),))
    return b.change("sg-web", inbound=(tcp(80, "0.0.0.0/0"), tcp(22, "0.0.0.0/0")))


def test_s15_lower_numbered_deny_wins_whatever_the_written_order() -> None:
    t = trace(_s15(90).design(), "203.0.113.66", "203.0.113.10", "tcp", 22)
    assert blocked_at(t) == ("acl-ord", "forward", "NACL_INBOUND")
    assert t.forward[-1].rule and t.forward[-1].rule.number == 90
    assert trace(_s15(90).design(), C, "203.0.113.10", "tcp", 22).reachable is True
    assert trace(_s15(110).design(), "203.0.113.66", "203.0.113.10", "tcp", 22).reachable is True


# -- C. Security groups ---------------------------------------------------------------------------

def test_s17_sg_reference() -> None:
    b = t0().change("sg-db", inbound=(tcp(5432, sg="sg-app"),))
    assert trace(b.design(), "app", "db", "tcp", 5432).reachable is True
    t = trace(b.design(), "web", "db", "tcp", 5432)
    assert blocked_at(t) == ("sg-db", "forward", "SG_INBOUND")
    assert t.blocked and t.blocked.code == "ENI_SG_RULES_MISMATCH"


def test_s19_default_security_group() -> None:
    b = t0().add(Instance(id="x", subnet="pub-a", private_ip="10.0.1.40", public_ip="203.0.113.40"),
                 Instance(id="y", subnet="priv-b", private_ip="10.0.4.40"))
    assert trace(b.design(), "x", "y", "tcp", 3306).reachable is True
    t = trace(b.design(), C, "203.0.113.40", "tcp", 80)
    assert t.reachable is False and t.blocked and t.blocked.reason == "SG_INBOUND"
    assert t.blocked.component == "vpc-a:default-sg"


def test_s21_sgs_on_one_eni_are_unioned() -> None:
    b = t0().add(SecurityGroup(id="sg-ssh", vpc="vpc-a", inbound=(tcp(22, "192.0.2.0/24"),)))
    b.change("web", security_groups=("sg-web", "sg-ssh"))
    d = b.design()
    assert trace(d, "192.0.2.5", "203.0.113.10", "tcp", 22).reachable is True
    t = trace(d, C, "203.0.113.10", "tcp", 22)
    assert t.blocked and t.blocked.reason == "SG_INBOUND"
    assert trace(d, C, "203.0.113.10", "tcp", 80).reachable is True


# -- D. Route tables ------------------------------------------------------------------------------

def _s22() -> B:
    b = with_nat(t0())
    b.add(VpnGateway(id="vgw-a", vpc="vpc-a"),
          OnPremises(id="site-p", cidrs=("10.20.5.0/24",), hosts=(OnPremHost(name="P", ip="10.20.5.9"),)),
          CustomerGateway(id="cgw-1", ip="192.0.2.1", on_premises="site-p"),
          VpnConnection(id="vpn-1", customer_gateway="cgw-1", vpn_gateway="vgw-a", static_routes=("10.20.5.0/24",)),
          Vpc(id="vpc-b", cidr="10.20.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.7.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),)),
          SecurityGroup(id="sg-b1", vpc="vpc-b", inbound=(tcp(443, "10.0.0.0/16"),)),
          Instance(id="b1", subnet="b-sub", private_ip="10.20.7.9", security_groups=("sg-b1",)),
          RouteTable(id="rtb-priva", vpc="vpc-a", subnets=("priv-a",), routes=(
              Route(destination="10.20.0.0/16", target="pcx-ab"),
              Route(destination="10.20.5.0/24", target="vgw-a"),
              Route(destination="0.0.0.0/0", target="nat-1"))))
    return b


def test_s22_longest_prefix_match() -> None:
    d = _s22().design()
    for dst, target in (("10.20.5.9", "vgw-a"), ("10.20.7.9", "pcx-ab"), (S, "nat-1")):
        t = trace(d, "app", dst, "tcp", 443)
        assert t.reachable is True, (dst, t.reason)
        route = next(h for h in t.forward if h.kind == "route-table")
        assert route.rule and d.resources[target].display_name in route.rule.text


def test_s24_blackhole_route_does_not_fall_back() -> None:
    b = with_nat(t0()).drop("nat-1")
    t = trace(b.design(), "app", S, "tcp", 443)
    assert blocked_at(t) == ("rtb-main", "forward", "BLACKHOLE") and t.blocked and t.blocked.code == "BAD_STATE_ROUTE"
    b = t0().add(NatGateway(id="nat-3", subnet="pub-b", private_ip="10.0.3.50", elastic_ip="198.51.100.53"))
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="nat-3"),
                                 Route(destination="93.184.216.0/24", target="nat-1")))
    assert blocked_at(trace(b.design(), "app", S, "tcp", 443))[2] == "BLACKHOLE"
    assert trace(b.design(), "app", "8.8.8.8", "tcp", 443).reachable is True


def test_s25_main_vs_custom_route_table() -> None:
    b = t0().change("app", public_ip="198.51.100.201")
    b.add(RouteTable(id="rtb-x", vpc="vpc-a", routes=(Route(destination="0.0.0.0/0", target="igw-a"),)))
    assert blocked_at(trace(b.design(), "app", S, "tcp", 443)) == ("rtb-main", "forward", "NO_ROUTE")
    b.change("rtb-main", main=False).change("rtb-x", main=True)
    assert trace(b.design(), "app", S, "tcp", 443).reachable is True


# -- E. Peering -----------------------------------------------------------------------------------

def _three_vpcs() -> B:
    b = t0()
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16"), Vpc(id="vpc-c", cidr="10.30.0.0/16"),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
          Subnet(id="c-sub", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          VpcPeering(id="pcx-bc", requester_vpc="vpc-b", accepter_vpc="vpc-c"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(
              Route(destination="10.30.0.0/16", target="pcx-bc"), Route(destination="10.0.0.0/16", target="pcx-ab"))),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="10.0.0.0/16", target="pcx-bc"),)),
          SecurityGroup(id="sg-open-c", vpc="vpc-c", inbound=(SgRule(cidr="0.0.0.0/0"),)),
          Instance(id="c1", subnet="c-sub", private_ip="10.30.1.5", security_groups=("sg-open-c",)))
    b.change("rtb-main", routes=(Route(destination="10.30.0.0/16", target="pcx-ab"),
                                 Route(destination="10.20.0.0/16", target="pcx-ab")))
    return b


def test_s26_peering_is_not_transitive() -> None:
    t = trace(_three_vpcs().design(), "app", "10.30.1.5", "tcp", 443)
    assert blocked_at(t) == ("pcx-ab", "forward", "PEERING_NON_TRANSITIVE")
    assert t.blocked and t.blocked.code == "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"


def _s29(region: str = "us-east-1") -> B:
    b = t0()
    b.add(Vpc(id="vpc-b", cidr="10.20.0.0/16", region=region),
          Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone=f"{region}a"),
          VpcPeering(id="pcx-ab", requester_vpc="vpc-a", accepter_vpc="vpc-b"),
          RouteTable(id="rtb-b", vpc="vpc-b", main=True, routes=(Route(destination="10.0.0.0/16", target="pcx-ab"),)),
          SecurityGroup(id="sg-dbb", vpc="vpc-b", inbound=(tcp(5432, sg="sg-app"),)),
          Instance(id="db-b", subnet="b-sub", private_ip="10.20.1.8", security_groups=("sg-dbb",)))
    return b.change("rtb-main", routes=(Route(destination="10.20.0.0/16", target="pcx-ab"),))


def test_s29_sg_reference_across_peering() -> None:
    assert trace(_s29().design(), "app", "10.20.1.8", "tcp", 5432).reachable is True
    other = _s29("us-west-2")
    t = trace(other.design(), "app", "10.20.1.8", "tcp", 5432)
    assert blocked_at(t) == ("sg-dbb", "forward", "SG_INBOUND")
    other.change("sg-dbb", inbound=(tcp(5432, "10.0.2.0/24"),))
    assert trace(other.design(), "app", "10.20.1.8", "tcp", 5432).reachable is True
    gone = _s29().drop("pcx-ab")
    assert blocked_at(trace(gone.design(), "app", "10.20.1.8", "tcp", 5432)) == ("rtb-main", "forward", "BLACKHOLE")


# -- F. VPN, Direct Connect, TGW ------------------------------------------------------------------

def _s30(propagate_main: bool = True) -> B:
    b = t0()
    b.add(VpnGateway(id="vgw-a", vpc="vpc-a"),
          OnPremises(id="onprem", cidrs=("172.16.0.0/16",), hosts=(OnPremHost(name="H", ip="172.16.5.5"),)),
          CustomerGateway(id="cgw-1", ip="192.0.2.1", on_premises="onprem"),
          VpnConnection(id="vpn-1", customer_gateway="cgw-1", vpn_gateway="vgw-a", routing="bgp",
                        bgp_prefixes=("172.16.0.0/16",)))
    if propagate_main:
        b.change("rtb-main", propagating_gateways=("vgw-a",))
    return b.change("sg-app", inbound=(tcp(22, "172.16.0.0/16"),))


def test_s30_vpn_with_propagated_routes() -> None:
    d = _s30().design()
    t = trace(d, "H", "app", "tcp", 22)
    assert t.reachable is True
    assert [h.kind for h in t.forward[:5]] == ["on-premises", "on-premises", "customer-gateway", "vpn-connection",
                                               "vpn-gateway"]
    route = next(h for h in t.return_ if h.kind == "route-table")
    assert route.rule and "propagated" in route.rule.text
    assert trace(d, "app", "172.16.5.5", "tcp", 443).reachable is True


def test_s32_public_subnet_sends_onprem_traffic_to_igw() -> None:
    t = trace(_s30().design(), "web", "172.16.5.5", "tcp", 443)
    assert blocked_at(t) == ("igw-a", "forward", "IGW_PRIVATE_DEST")
    assert t.blocked and t.blocked.code == "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"


def test_s33_vgw_drops_unknown_prefixes() -> None:
    b = t0().add(VpnGateway(id="vgw-a", vpc="vpc-a"), OnPremises(id="onprem", cidrs=("192.168.100.0/24",)),
                 CustomerGateway(id="cgw-1", ip="192.0.2.1", on_premises="onprem"),
                 VpnConnection(id="vpn-static", customer_gateway="cgw-1", vpn_gateway="vgw-a",
                               static_routes=("192.168.100.0/24",)))
    b.change("rtb-main", routes=(Route(destination="0.0.0.0/0", target="vgw-a"),))
    assert blocked_at(trace(b.design(), "app", S, "tcp", 443)) == ("vgw-a", "forward", "VGW_NO_ROUTE")


def _s35() -> B:
    b = t0()
    b.add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),
          Subnet(id="c-a", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
          Subnet(id="c-b", vpc="vpc-c", cidr="10.30.2.0/24", availability_zone="us-east-1b"),
          RouteTable(id="rtb-c", vpc="vpc-c", main=True, routes=(Route(destination="10.0.0.0/16", target="tgw-1"),)),
          SecurityGroup(id="sg-c1", vpc="vpc-c", inbound=(tcp(443, "10.0.0.0/16"),)),
          Instance(id="c1", subnet="c-a", private_ip="10.30.1.5", security_groups=("sg-c1",)),
          Instance(id="app-b", subnet="priv-b", private_ip="10.0.4.20", security_groups=("sg-app",)),
          TransitGateway(id="tgw-1", attachments=(
              TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
              TgwAttachment(id="att-c", vpc="vpc-c", subnets=("c-a", "c-b"))),
              route_tables=(TgwRouteTable(id="tgw-rtb", associations=("att-a", "att-c"),
                                          propagations=("att-a", "att-c")),)))
    return b.change("rtb-main", routes=(Route(destination="10.30.0.0/16", target="tgw-1"),))


def test_s35_tgw_az_restriction() -> None:
    d = _s35().design()
    assert trace(d, "app", "10.30.1.5", "tcp", 443).reachable is True
    t = trace(d, "app-b", "10.30.1.5", "tcp", 443)
    assert t.blocked and t.blocked.reason == "TGW_AZ" and t.blocked.code == "TGW_ROUTE_AZ_RESTRICTION"
    assert t.blocked.direction == "forward" and t.blocked.kind == "route-table"


# -- G. Application Load Balancer -----------------------------------------------------------------

def test_s36_alb_in_front_of_private_instances() -> None:
    t = trace(t_alb().design(), C, "app.example.com", "tcp", 443)
    assert t.reachable is True and len(t.legs) == 2
    target_leg = next(h for h in t.forward if h.kind == "instance" and h.check == "delivery")
    assert target_leg.component == "asg-app-1" and target_leg.packet_in.src.startswith("10.0.1.")
    assert target_leg.packet_in.dst_port == 8080
    direct = trace(t_alb().design(), C, "asg-app-1", "tcp", 8080)
    assert direct.reachable is False and direct.blocked and direct.blocked.reason == "NOT_PUBLIC_ADDRESS_INGRESS"


def test_s37_target_sg_allows_client_not_alb() -> None:
    b = t_alb().change("sg-app", inbound=(tcp(8080, "198.51.100.0/24"),))
    t = trace(b.design(), C, "app.example.com", "tcp", 443)
    assert t.reachable is False and t.client_sees == "HTTP 504"
    assert t.blocked and t.blocked.component == "sg-app" and t.blocked.leg == 1
    assert t.blocked.code == "ENI_SG_RULES_MISMATCH"


def test_s39_internet_facing_alb_in_private_subnets() -> None:
    b = t_alb().change("alb-1", subnets=("priv-a", "priv-b"))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert t.reachable is False
    assert t.blocked and (t.blocked.component, t.blocked.direction) == ("rtb-main", "return")


def test_s40_port_without_listener() -> None:
    b = t_alb().change("sg-alb", inbound=(tcp(443, "0.0.0.0/0"), tcp(80, "0.0.0.0/0")))
    t = trace(b.design(), C, "app.example.com", "tcp", 80)
    assert t.blocked and (t.blocked.component, t.blocked.reason) == ("alb-1", "ELB_NO_LISTENER")
    assert t.blocked.code == "ELBV2_LISTENERS_MISMATCH"
    t2 = trace(t_alb().design(), C, "app.example.com", "tcp", 80)
    assert t2.blocked and (t2.blocked.component, t2.blocked.reason) == ("sg-alb", "SG_INBOUND")


def test_s41_no_registered_targets() -> None:
    b = t_alb().change("asg-app", desired=0)
    t = trace(b.design(), C, "app.example.com", "tcp", 443)
    assert t.reachable is False and t.client_sees == "HTTP 503"
    assert t.legs[0].reachable is True
    assert t.blocked and t.blocked.reason == "ELB_NO_TARGETS" and t.blocked.component == "tg-app"


# -- H. CloudFront --------------------------------------------------------------------------------

def test_s42_cloudfront_to_alb() -> None:
    t = trace(t_cf().design(), C, "www.example.com", "tcp", 443)
    assert t.reachable is True and [leg.destination for leg in t.legs][:1] == ["cdn"]
    assert len(t.legs) == 3
    sg = next(h for h in t.forward if h.component == "sg-alb")
    assert sg.packet_in.src.startswith("130.176.") and sg.rule and "pl-cloudfront" in sg.rule.text


def test_s44_https_only_origin_but_http_listener() -> None:
    b = t_cf().change("alb-1", listeners=({"protocol": "HTTP", "port": 80, "target_group": "tg-app"},))
    b.change("sg-alb", inbound=(tcp(80, pl="pl-cloudfront"), tcp(443, pl="pl-cloudfront")))
    t = trace(b.design(), C, "www.example.com", "tcp", 443)
    assert t.reachable is False and t.client_sees == "HTTP 502"
    assert t.blocked and t.blocked.component == "alb-1" and t.blocked.reason == "ELB_NO_LISTENER"


def test_s48_peer_vpc_dns_server_is_not_reachable() -> None:
    t = trace(_s29().design(), "app", "10.20.0.2", "udp", 53)
    assert t.reachable is False and t.blocked and t.blocked.reason == "NO_DESTINATION"
