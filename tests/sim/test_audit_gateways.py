"""Audit: gateway admission rules and the request flow (aws-semantics §3.4, §4.3, §5, §8.2,
§12.3, §14.3, §14.6) on new topologies. Each docstring gives the section and the verdict AWS would
give."""

from __future__ import annotations

from audit_builder import onprem_vpn, where
from sim_builder import C, S, custom_nacl, nacl_rule, t0, t_alb, tcp, with_nat

from vpcdesigner.model import (
    DirectConnect,
    DirectConnectGateway,
    DnsResolver,
    Instance,
    InternetClient,
    NatGateway,
    OnPremHost,
    OnPremises,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    VirtualInterface,
    Vpc,
    VpnGateway,
)
from vpcdesigner.sim import trace
from vpcdesigner.sim.request import request
from vpcdesigner.sim.request_types import RequestSession

# -- IGW admission ----------------------------------------------------------------------------------


def test_igw_drops_rfc6598_destinations() -> None:
    """§4.3: the IGW drops outbound traffic to RFC 6598 (100.64.0.0/10) as well as RFC 1918.
    WEB → 100.64.5.5:443: NOT REACHABLE at igw-a (IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS)."""
    t = trace(t0().design(), "web", "100.64.5.5", "tcp", 443)
    assert where(t) == ("igw-a", "forward", "IGW_PRIVATE_DEST")
    assert t.blocked is not None and t.blocked.code == "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"


def test_public_nat_does_not_make_a_private_destination_routable() -> None:
    """§4.3/§5: APP → 172.31.9.9 (RFC 1918, in no VPC or site) through nat-1 then igw-a: NOT
    REACHABLE at igw-a (private destination), after the NAT translated the source."""
    t = trace(with_nat(t0()).design(), "app", "172.31.9.9", "tcp", 443)
    assert where(t) == ("igw-a", "forward", "IGW_PRIVATE_DEST")
    assert "nat-1" in {h.component for h in t.forward}


def test_route_to_a_detached_internet_gateway_is_a_blackhole() -> None:
    """§3.4 [derived: a route whose target no longer works stays as blackhole]: igw-a detached
    (no VPC). WEB → S:443: NOT REACHABLE at rtb-pub (BLACKHOLE, BAD_STATE_ROUTE)."""
    t = trace(t0().change("igw-a", vpc=None).design(), "web", S, "tcp", 443)
    assert where(t) == ("rtb-pub", "forward", "BLACKHOLE")


# -- on-premises, Direct Connect ---------------------------------------------------------------------

def test_on_premises_cannot_query_the_vpc_resolver_directly() -> None:
    """§14.6 (R53-RESFWD: forwarding to VPC+2 from on-prem is not supported; inbound endpoints are
    needed): H → 10.0.0.2 udp/53 over the VPN: NOT REACHABLE."""
    t = trace(onprem_vpn(t0()).design(), "H", "10.0.0.2", "udp", 53)
    assert t.reachable is False


def test_public_virtual_interface_does_not_reach_the_vpc() -> None:
    """§8.2 (DX-VIF): a public VIF reaches AWS public services only, not a VPC. Site dc with a
    public VIF on vgw-a, rtb-main propagates: srv 172.17.0.9 → APP tcp/22 (sg-app admits the site):
    NOT REACHABLE."""
    b = t0().add(VpnGateway(id="vgw-a", vpc="vpc-a"),
                 OnPremises(id="dc", cidrs=("172.17.0.0/16",), hosts=(OnPremHost(name="srv", ip="172.17.0.9"),)),
                 DirectConnect(id="dx", on_premises="dc", virtual_interfaces=(
                     VirtualInterface(id="vif", type="public", vpn_gateway="vgw-a",
                                      advertised_prefixes=("172.17.0.0/16",)),)))
    b.change("rtb-main", propagating_gateways=("vgw-a",)).change("sg-app", inbound=(tcp(22, "172.17.0.0/16"),))
    assert trace(b.design(), "srv", "app", "tcp", 22).reachable is False


def test_direct_connect_gateway_does_not_pass_traffic_between_two_vgws() -> None:
    """§8.2 (DX-GW): a DX gateway does not route between its own VGW associations. VPC-A (vgw-a)
    and VPC-B (vgw-b) both on dxgw; A's rtb-main 10.20.0.0/16 → vgw-a. APP → b1 tcp/22: NOT
    REACHABLE, stopped at vgw-a (no route for VPC-B through the DX gateway)."""
    b = t0().add(VpnGateway(id="vgw-a", vpc="vpc-a"), VpnGateway(id="vgw-b", vpc="vpc-b"),
                 Vpc(id="vpc-b", cidr="10.20.0.0/16"),
                 Subnet(id="b-sub", vpc="vpc-b", cidr="10.20.1.0/24", availability_zone="us-east-1a"),
                 RouteTable(id="rtb-b", vpc="vpc-b", main=True,
                            routes=(Route(destination="10.0.0.0/16", target="vgw-b"),)),
                 SecurityGroup(id="sg-b1", vpc="vpc-b", inbound=(SgRule(cidr="0.0.0.0/0"),)),
                 Instance(id="b1", subnet="b-sub", private_ip="10.20.1.8", security_groups=("sg-b1",)),
                 OnPremises(id="dc", cidrs=("172.17.0.0/16",), hosts=(OnPremHost(name="srv", ip="172.17.0.9"),)),
                 DirectConnectGateway(id="dxgw", vpn_gateways=("vgw-a", "vgw-b")),
                 DirectConnect(id="dx", on_premises="dc", virtual_interfaces=(
                     VirtualInterface(id="vif", direct_connect_gateway="dxgw"),)))
    b.change("rtb-main", routes=(Route(destination="10.20.0.0/16", target="vgw-a"),))
    t = trace(b.design(), "app", "b1", "tcp", 22)
    assert t.reachable is False and t.blocked is not None and t.blocked.component == "vgw-a"
    assert not any(h.component == "b1" for h in t.forward)


# -- load balancer node per AZ and the request flow ----------------------------------------------------

def test_nacl_on_one_alb_subnet_breaks_only_the_node_in_that_az() -> None:
    """§12.3: each ALB node sits in its subnet and that subnet's NACL applies. pub-b NACL in: 100
    deny tcp 443, 200 allow all. C → alb-1 entering at pub-a: REACHABLE; entering at pub-b: NOT
    REACHABLE at pub-b's NACL inbound rule 100 (client leg)."""
    b = t_alb()
    custom_nacl(b, "acl-b", ("pub-b",), (nacl_rule(100, "deny", "tcp", ports=(443, 443)), nacl_rule(200)),
                (nacl_rule(100),))
    assert trace(b.design(), C, "alb-1", "tcp", 443, entry_subnet="pub-a").reachable is True
    t = trace(b.design(), C, "alb-1", "tcp", 443, entry_subnet="pub-b")
    assert where(t) == ("acl-b", "forward", "NACL_INBOUND") and t.blocked is not None and t.blocked.leg == 0


def test_request_from_inside_the_vpc_to_a_shadowed_name_is_a_dns_failure() -> None:
    """§14.3 through the request flow: a private zone corp.example.com for VPC-A without `api`;
    the public zone has api.corp.example.com. APP opening https://api.corp.example.com/: DNS error
    NXDOMAIN, no connection. The internet viewer resolving it gets 192.0.2.5 (no connection attempt
    needed to prove it: the DNS step answers)."""
    from test_audit_edge import _dns
    d = _dns().design()  # type: ignore[attr-defined]
    r = request(d, "app", "https://api.corp.example.com/")
    assert r.outcome == "dns-failure" and "NXDOMAIN" in r.client_sees and r.reachable is False
    outside = request(d, "viewer", "https://api.corp.example.com/")
    assert outside.dns is not None and outside.dns.addresses == ["192.0.2.5"]


def test_request_through_an_alb_whose_target_nacl_lacks_ephemeral_rules_is_504() -> None:
    """§12.3 (ALB-TS 504) through the request flow: target subnets' NACL out allows tcp 32768-65535
    only. A viewer opening https://app.example.com/: not served, the client sees HTTP 504."""
    b = t_alb()
    custom_nacl(b, "acl-t", ("priv-a", "priv-b"), (nacl_rule(100),),
                (nacl_rule(100, protocol="tcp", ports=(32768, 65535)),))
    b.add(DnsResolver(id="isp", ip="198.51.100.53"), InternetClient(id="viewer", ip="198.51.100.8", resolver="isp"))
    r = request(b.design(), "viewer", "https://app.example.com/", session=RequestSession())
    assert r.reachable is False and r.client_sees == "HTTP 504"


# -- replies that leave through a NAT gateway instead of the IGW ----------------------------------------

def test_inbound_to_an_eip_whose_subnet_defaults_to_a_nat_fails_on_the_return() -> None:
    """§1.2/§4.1/§4.2: APP (priv-a) gets public IP 203.0.113.20, sg-app in tcp 22 from 0.0.0.0/0;
    rtb-main 0.0.0.0/0 → nat-1 (no IGW route). C → 203.0.113.20:22: the forward packet arrives
    through igw-a (1:1 DNAT), but the reply leaves through nat-1 with source 198.51.100.50, which
    is not the connection C opened: NOT REACHABLE, return-path failure."""
    b = with_nat(t0()).change("app", public_ip="203.0.113.20").change("sg-app", inbound=(tcp(22, "0.0.0.0/0"),))
    t = trace(b.design(), C, "203.0.113.20", "tcp", 22)
    assert t.reachable is False and t.blocked is not None and t.blocked.direction == "return"


def test_internet_facing_alb_in_subnets_that_default_to_a_nat_fails_on_the_return() -> None:
    """§12.1/§1.2: alb-1 moved to lb-a/lb-b (10.0.7.0/24, 10.0.8.0/24) whose table rtb-lb sends
    0.0.0.0/0 → nat-2 (in pub-b). C → alb-1:443: forward reaches the node through igw-a, the reply
    leaves through nat-2 with the NAT's address: NOT REACHABLE, return path of leg 0."""
    b = t_alb().add(NatGateway(id="nat-2", subnet="pub-b", private_ip="10.0.3.50", elastic_ip="198.51.100.51"),
                    Subnet(id="lb-a", vpc="vpc-a", cidr="10.0.7.0/24", availability_zone="us-east-1a"),
                    Subnet(id="lb-b", vpc="vpc-a", cidr="10.0.8.0/24", availability_zone="us-east-1b"),
                    RouteTable(id="rtb-lb", vpc="vpc-a", subnets=("lb-a", "lb-b"),
                               routes=(Route(destination="0.0.0.0/0", target="nat-2"),)))
    b.change("alb-1", subnets=("lb-a", "lb-b"))
    t = trace(b.design(), C, "alb-1", "tcp", 443)
    assert t.reachable is False and t.blocked is not None
    assert t.blocked.direction == "return" and t.blocked.leg == 0


def test_cloudfront_origin_with_an_eip_in_a_nat_routed_subnet_fails() -> None:
    """§1.2/§4.1/§13: distribution cdn with origin APP (http-only), APP has public IP 203.0.113.20,
    sg-app in tcp 80 from 0.0.0.0/0, rtb-main 0.0.0.0/0 → nat-1. C → cdn:443: the edge → origin
    leg fails on its return path: NOT REACHABLE."""
    from vpcdesigner.model import CloudFront, Origin
    b = with_nat(t0()).change("app", public_ip="203.0.113.20").change("sg-app", inbound=(tcp(80, "0.0.0.0/0"),))
    b.add(CloudFront(id="cdn", domain_name="d1.cloudfront.net",
                     origins=(Origin(id="o", target="app", protocol_policy="http-only"),), default_origin="o"))
    t = trace(b.design(), C, "cdn", "tcp", 443)
    assert t.reachable is False and t.blocked is not None and t.blocked.direction == "return"
