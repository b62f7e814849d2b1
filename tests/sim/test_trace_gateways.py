"""Gateway rules: transit gateway route tables, Direct Connect gateway, gateway endpoint replies,
CloudFront VPC origins."""

from __future__ import annotations

from sim_builder import C, custom_nacl, nacl_rule, t0, t_cf, tcp

from vpcdesigner.model import (
    Instance,
    OnPremHost,
    OnPremises,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
    Vpc,
    VpcEndpoint,
    VpnGateway,
)
from vpcdesigner.sim import trace


def test_transit_gateway_route_table_rules() -> None:
    from vpcdesigner.model import TgwAttachment, TgwRoute, TgwRouteTable, TransitGateway
    b = t0().add(Vpc(id="vpc-c", cidr="10.30.0.0/16"),
                 Subnet(id="c-a", vpc="vpc-c", cidr="10.30.1.0/24", availability_zone="us-east-1a"),
                 RouteTable(id="rtb-c", vpc="vpc-c", main=True,
                            routes=(Route(destination="10.0.0.0/16", target="tgw"),)),
                 SecurityGroup(id="sg-c", vpc="vpc-c", inbound=(tcp(443, "10.0.0.0/16"),)),
                 Instance(id="c1", subnet="c-a", private_ip="10.30.1.5", security_groups=("sg-c",)))
    b.change("rtb-main", routes=(Route(destination="10.30.0.0/16", target="tgw"),))
    atts = (TgwAttachment(id="att-a", vpc="vpc-a", subnets=("priv-a",)),
            TgwAttachment(id="att-c", vpc="vpc-c", subnets=("c-a",)))

    def answer(*tables: TgwRouteTable) -> tuple[bool | None, str | None]:
        b.add(TransitGateway(id="tgw", attachments=atts, route_tables=tables))
        t = trace(b.design(), "app", "c1", "tcp", 443)
        return t.reachable, t.blocked.code if t.blocked else None

    both = ("att-a", "att-c")
    assert answer(TgwRouteTable(id="rt", associations=both, propagations=both)) == (True, None)
    assert answer(TgwRouteTable(id="rt", associations=("att-c",), propagations=both)) == \
        (False, "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION")
    assert answer(TgwRouteTable(id="rt", associations=both, propagations=("att-a",))) == \
        (False, "TGW_RTB_CANNOT_ROUTE")
    blackhole = TgwRoute(destination="10.30.1.0/24", blackhole=True)
    assert answer(TgwRouteTable(id="rt", associations=both, propagations=both, routes=(blackhole,))) == \
        (False, "TGW_RTB_BAD_STATE_ROUTE")


def test_direct_connect_through_a_direct_connect_gateway() -> None:
    from vpcdesigner.model import DirectConnect, DirectConnectGateway, VirtualInterface
    b = t0().add(VpnGateway(id="vgw-a", vpc="vpc-a"),
                 OnPremises(id="dc", cidrs=("172.17.0.0/16",), hosts=(OnPremHost(name="srv", ip="172.17.0.9"),)),
                 DirectConnectGateway(id="dxgw", vpn_gateways=("vgw-a",)),
                 DirectConnect(id="dx", on_premises="dc",
                               virtual_interfaces=(VirtualInterface(id="vif", direct_connect_gateway="dxgw"),)))
    b.change("rtb-main", propagating_gateways=("vgw-a",)).change("sg-app", inbound=(tcp(22, "172.17.0.0/16"),))
    t = trace(b.design(), "srv", "app", "tcp", 22)
    assert t.reachable is True and "dx" in {h.component for h in t.forward + t.return_}


def test_gateway_endpoint_reply_crosses_the_subnet_nacl() -> None:
    from vpcdesigner.model import PrefixList
    b = t0().add(PrefixList(id="pl-s3", managed=True, entries=("52.216.0.0/15",)),
                 VpcEndpoint(id="vpce-s3", vpc="vpc-a", route_tables=("rtb-main",), prefix_list="pl-s3"))
    b.change("rtb-main", routes=(Route(destination_prefix_list="pl-s3", target="vpce-s3"),))
    custom_nacl(b, "acl", ("priv-a",), (nacl_rule(100, protocol="tcp", cidr="52.216.0.0/15", ports=(443, 443)),),
                (nacl_rule(100),))
    t = trace(b.design(), "app", "52.216.1.1", "tcp", 443)
    assert t.blocked and t.blocked.direction == "return" and t.blocked.component == "acl"


def test_cloudfront_vpc_origin_reaches_an_internal_alb() -> None:
    b = t_cf().change("alb-1", scheme="internal")
    assert trace(b.design(), C, "www.example.com", "tcp", 443).client_sees == "HTTP 504"
    b.change("cdn", origins=({"id": "o1", "target": "alb-1", "vpc_origin": True},))
    t = trace(b.design(), C, "www.example.com", "tcp", 443)
    assert t.reachable is True and any(h.check == "VPC origin" for h in t.forward)


def test_nat_gateway_in_a_subnet_routing_to_itself_is_a_loop() -> None:
    from sim_builder import S, with_nat
    b = with_nat(t0(), subnet="priv-b", ip="10.0.4.50")  # NAT placed in a private subnet using rtb-main
    t = trace(b.design(), "app", S, "tcp", 443)
    assert t.blocked and t.blocked.reason == "ROUTING_LOOP" and len(t.forward) < 20
