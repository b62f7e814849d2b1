"""Batfish's single-object parser fixtures (../shared/corpus/aws-api-json/batfish__batfish/*.json)
mapped with their parent objects supplied, so the rule parsing itself is checked: ICMP type/code,
port ranges, IPv6, protocol numbers, VPN options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from vpcdesigner.exchange.aws.context import Ctx
from vpcdesigner.exchange.aws.map_hybrid import map_customer_gateways, map_peerings, map_vpn_connections
from vpcdesigner.exchange.aws.map_security import map_network_acls, map_security_groups
from vpcdesigner.exchange.aws.reader import find_sources
from vpcdesigner.exchange.report import Reporter
from vpcdesigner.model import CustomerGateway, Subnet, Vpc, VpnGateway


def mapped(shared: Path, name: str, step: Callable[[Ctx], None], parents: list[Any]) -> Ctx:
    rep = Reporter()
    (source,) = find_sources(shared / "corpus" / "aws-api-json" / "batfish__batfish" / name, rep)
    ctx = Ctx(rep=rep, source=source)
    for parent in parents:
        ctx.resources[parent.id] = parent
    step(ctx)
    return ctx


def test_security_group_fixture(shared_dir: Path) -> None:
    ctx = mapped(shared_dir, "SecurityGroupTest.json", map_security_groups,
                 [Vpc(id="vpc-6f6f8316", cidr="10.0.0.0/16")])
    sgs = ctx.resources
    single = sgs["sg-01a88a2ecd621d9ba"]
    assert [(r.protocol, r.port_from, r.port_to, r.cidr, r.description) for r in single.inbound] == [
        ("tcp", 22, 22, "1.2.3.4/32", "Allowing single port")]
    assert [(r.port_from, r.port_to) for r in sgs["sg-0089111f50bb7d828"].inbound] == [(0, 22)]
    icmp = [r for r in sgs["sg-0de0ddfa8a5a12348"].inbound if r.protocol == "icmp"]
    # FromPort is the ICMP type, ToPort the code; -1 means any.
    assert {(r.icmp_type, r.icmp_code, r.cidr) for r in icmp} == {(8, None, "0.0.0.0/0"), (8, None, "::/0")}
    # The fixture repeats that group id with other ICMP codes: the repeats are reported, the first kept.
    assert sum("sg-0de0ddfa8a5a12348 appears twice" in i.message for i in ctx.rep.items) == 2
    assert sgs["sg-0de0ddfa8a5a12348"].outbound == ()  # an empty egress list means no outbound rule
    stateful = sgs["sg-0de0ddfa8a5a12347"]
    assert [(r.port_from, r.cidr) for r in stateful.outbound] == [(80, "5.6.7.8/32")]
    assert [(r.protocol, r.cidr) for r in sgs["sg-0c1301cba55e50293"].inbound] == [("all", "0.0.0.0/0")]
    # A TCP range open at one end only is not widened to all ports: the rule is reported and left out.
    assert sgs["sg-0de0ddfa8a5a12345"].inbound == () and sgs["sg-0de0ddfa8a5a12346"].inbound == ()
    assert sum("open at one end only" in i.message for i in ctx.rep.items) == 2


def test_network_acl_fixtures(shared_dir: Path) -> None:
    parents = [Vpc(id="vpc-f8fad69d", cidr="172.31.0.0/16"),
               Subnet(id="subnet-1f315846", vpc="vpc-f8fad69d", availability_zone="us-west-2a", cidr="172.31.0.0/20")]
    acl = mapped(shared_dir, "NetworkAclTest.json", map_network_acls, parents).resources["acl-4db39c28"]
    assert acl.default and acl.subnets == ("subnet-1f315846",)
    assert [(r.number, r.action, r.protocol, r.port_from, r.port_to, r.cidr) for r in acl.inbound] == [
        (100, "deny", "tcp", 3306, 3306, "162.243.144.192/32")]
    assert [(r.number, r.action, r.protocol) for r in acl.outbound] == [(100, "allow", "all")]
    icmp = mapped(shared_dir, "NetworkAclIcmpTest.json", map_network_acls, parents).resources["acl-4db39c28"]
    assert [(r.number, r.protocol, r.icmp_type, r.icmp_code) for r in icmp.outbound] == [
        (100, "icmp", -1, -1), (200, "icmp", 0, 1)]


def test_vpn_connection_fixture(shared_dir: Path) -> None:
    parents = [VpnGateway(id="vgw-81fd279f"), CustomerGateway(id="cgw-fb76ace5", ip="147.75.69.27")]

    def both(ctx: Ctx) -> None:
        map_customer_gateways(ctx)
        map_vpn_connections(ctx)

    ctx = mapped(shared_dir, "VpnConnectionTest.json", both, parents)
    vpn = ctx.resources["vpn-ba2e34a8"]
    assert (vpn.customer_gateway, vpn.vpn_gateway, vpn.routing) == ("cgw-fb76ace5", "vgw-81fd279f", "bgp")


def test_peering_fixture(shared_dir: Path) -> None:
    ctx = mapped(shared_dir, "VpcPeeringConnectionsTest.json", map_peerings,
                 [Vpc(id="vpc-07acbc61", cidr="10.130.0.0/16", secondary_cidrs=("10.131.0.0/16",))])
    pcx = ctx.resources["pcx-f754069e"]
    assert (pcx.name, pcx.status, pcx.requester_vpc, pcx.accepter_vpc) == (
        "peering-test", "active", "vpc-07acbc61", "vpc-f6c5c790")
    assert ctx.resources["vpc-f6c5c790"].cidr == "10.199.100.0/24"  # placeholder from AccepterVpcInfo
