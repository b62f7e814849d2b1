"""Every saved AWS snapshot in ../shared/corpus/aws-api-json imports, with counts that follow from
the JSON itself and the facts INDEX.md states that need no simulator (which subnet is public,
which route table a subnet uses, which rules exist)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.exchange.aws import import_snapshot
from vpcdesigner.exchange.report import ImportResult
from vpcdesigner.model import derive, loads
from vpcdesigner.model.files import check_references, dumps

SNAPSHOTS = (
    "test-public-subnet", "test-public-private-subnet", "test-subnet", "test-nat-gateway", "test-vpc-peering",
    "test-vpn-gateway", "test-load-balancer", "test-transit-gateway", "networks/hybrid-cloud-aws",
)
FIXTURES = (
    "InstanceTest.json", "NetworkAclIcmpTest.json", "NetworkAclTest.json", "NetworkInterfaceTest.json",
    "RouteTableTest.json", "SecurityGroupTest.json", "VpcPeeringConnectionsTest.json", "VpnConnectionTest.json",
)
_cache: dict[Path, ImportResult] = {}


def batfish(shared: Path) -> Path:
    return shared / "corpus" / "aws-api-json" / "batfish__batfish"


def imported(shared: Path, name: str) -> ImportResult:
    path = batfish(shared) / name
    if path not in _cache:
        _cache[path] = import_snapshot(path)
    return _cache[path]


def raw(shared: Path, name: str, key: str) -> list[dict[str, Any]]:
    """All objects under `key` in every JSON file of the snapshot (read here, independently)."""
    out: list[dict[str, Any]] = []
    for file in sorted((batfish(shared) / name).rglob("*.json")):
        data = json.loads(file.read_text())
        if isinstance(data, dict) and isinstance(data.get(key), list):
            out += data[key]
    return out


def kinds(result: ImportResult, kind: str) -> dict[str, Any]:
    return {r.id: r for r in result.design.resources.values() if r.kind == kind}


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_snapshot_imports_to_a_valid_design(shared_dir: Path, name: str) -> None:
    result = imported(shared_dir, name)
    design = result.design
    check_references(design)
    assert not result.errors, result.errors
    again = loads(dumps(design))  # survives the file format (validation + references)
    assert set(again.resources) == set(design.resources)
    assert set(design.layout) <= set(design.resources)
    assert result.report[-1].message.startswith("mapped ")


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_counts_follow_the_json(shared_dir: Path, name: str) -> None:
    result = imported(shared_dir, name)
    for key, id_key, kind in (("Subnets", "SubnetId", "subnet"), ("SecurityGroups", "GroupId", "security-group"),
                              ("NetworkAcls", "NetworkAclId", "network-acl"),
                              ("RouteTables", "RouteTableId", "route-table"), ("Vpcs", "VpcId", "vpc")):
        in_json = {o[id_key] for o in raw(shared_dir, name, key)}
        if kind == "vpc":  # plus placeholders for peer VPCs outside the snapshot
            assert in_json <= set(kinds(result, kind))
        else:
            assert in_json == set(kinds(result, kind)), key
    live = [i for r in raw(shared_dir, name, "Reservations") for i in r["Instances"]
            if i["State"]["Name"] not in ("terminated", "shutting-down")]
    assert set(kinds(result, "instance")) == {i["InstanceId"] for i in live}
    nats = [n for n in raw(shared_dir, name, "NatGateways") if n["State"] == "available"]
    assert set(kinds(result, "nat-gateway")) == {n["NatGatewayId"] for n in nats}


@pytest.mark.parametrize("name", FIXTURES)
def test_single_object_fixture_imports_without_crashing(shared_dir: Path, name: str) -> None:
    result = import_snapshot(batfish(shared_dir) / name)
    check_references(result.design)
    # Their parents (VPCs, subnets) are not in the file: what cannot attach is reported, not dropped silently.
    assert result.design.resources or result.warnings


def only_ssh(result: ImportResult) -> bool:
    """Every instance's security groups admit TCP 22 and nothing else."""
    rules = [r for i in kinds(result, "instance").values() for sg in i.security_groups
             for r in result.design.resources[sg].inbound]
    return bool(rules) and all((r.protocol, r.port_from, r.port_to) == ("tcp", 22, 22) for r in rules)


def test_public_subnet_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-public-subnet")
    design, d = result.design, derive(result.design)
    (subnet,) = kinds(result, "subnet").values()
    (igw,) = kinds(result, "internet-gateway").values()
    assert subnet.cidr == "10.0.0.0/24" and subnet.name == "Public subnet"
    assert any(r.destination == "0.0.0.0/0" and r.target == igw.id for r in d.route_table_of[subnet.id].routes)
    inst = design.resources["i-06669a407b2ef3ae5"]
    assert (inst.private_ip, inst.public_ip, inst.public_ip_type) == ("10.0.0.91", "18.216.80.133", "auto")
    (sg,) = [design.resources[s] for s in inst.security_groups]
    assert sg.name == "launch-wizard-1"
    assert [(r.protocol, r.port_from, r.port_to, r.cidr) for r in sg.inbound] == [("tcp", 22, 22, "0.0.0.0/0")]
    assert d.nacl_of[subnet.id].default


def test_public_private_subnet_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-public-private-subnet")
    design, d = result.design, derive(result.design)
    private = design.resources["i-099cf38911942421c"]
    table = d.route_table_of[private.subnet]
    assert table.main and table.propagating_gateways == ("vgw-070087240d6fa2989",)
    assert [(r.destination, r.target) for r in table.routes] == [("0.0.0.0/0", "vgw-070087240d6fa2989")]
    (vpn,) = kinds(result, "vpn-connection").values()
    assert vpn.routing == "static" and vpn.static_routes == ("19.168.0.0/16",)
    cgw = design.resources[vpn.customer_gateway]
    assert cgw.ip == "1.1.1.1"
    assert design.resources[cgw.on_premises].cidrs == ("19.168.0.0/16",)
    assert only_ssh(result)  # "Both SGs allow only TCP 22"


def test_subnet_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-subnet")
    d = derive(result.design)
    (subnet,) = kinds(result, "subnet").values()
    assert d.route_table_of[subnet.id].main and d.route_table_of[subnet.id].routes == ()
    assert {i.private_ip for i in kinds(result, "instance").values()} == {"10.10.1.228", "10.10.1.44"}
    assert only_ssh(result)


def test_nat_gateway_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-nat-gateway")
    design, d = result.design, derive(result.design)
    (nat,) = kinds(result, "nat-gateway").values()
    assert (nat.private_ip, nat.elastic_ip) == ("10.1.250.210", "3.135.127.225")
    jump = next(i for i in kinds(result, "instance").values() if i.public_ip)
    assert (jump.private_ip, jump.public_ip) == ("10.1.250.116", "18.216.129.140")
    for inst in kinds(result, "instance").values():  # "All SGs allow TCP 22 and ICMP echo"
        rules = [r for sg in inst.security_groups for r in design.resources[sg].inbound]
        assert any(r.protocol == "tcp" and r.port_from == 22 for r in rules)
        assert any(r.protocol == "icmp" and r.icmp_type in (8, None) for r in rules)
    assert design.resources[nat.subnet].cidr == "10.1.250.0/24"
    subnets = {s.cidr: s.id for s in kinds(result, "subnet").values()}
    assert [(r.destination, r.target) for r in d.route_table_of[subnets["10.1.1.0/24"]].routes] == [
        ("0.0.0.0/0", nat.id)]
    assert d.route_table_of[subnets["10.1.20.0/24"]].main
    acl = d.nacl_of[subnets["10.1.250.0/24"]]
    assert not acl.default
    assert [(r.number, r.protocol, r.cidr) for r in acl.inbound][:2] == [(100, "icmp", "10.1.1.0/24"),
                                                                        (200, "all", "0.0.0.0/0")]


def test_vpc_peering_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-vpc-peering")
    d = derive(result.design)
    assert len(kinds(result, "vpc-peering")) == 2
    assert sorted(v.cidr for v in kinds(result, "vpc").values()) == ["10.10.0.0/16", "192.168.0.0/16",
                                                                     "192.168.0.0/16"]
    a = result.design.resources["i-06ba034d88c84ef07"]
    routes = {r.destination: r.target for r in d.route_table_of[a.subnet].routes}
    assert routes["192.168.1.0/24"].startswith("pcx-0b89") and routes["192.168.2.0/24"].startswith("pcx-0d5b")
    b = result.design.resources["i-0b14080af811fda3d"]
    (default,) = [r for r in d.route_table_of[b.subnet].routes if r.destination == "0.0.0.0/0"]
    assert default.state == "blackhole"


def test_vpn_gateway_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-vpn-gateway")
    (vpn,) = kinds(result, "vpn-connection").values()  # the deleted one is left out
    assert vpn.id == "vpn-03701a53bba3c48b7" and vpn.routing == "bgp"
    assert any("vpn-05044757278685fd3" in i.message and "deleted" in i.message for i in result.report)


def test_load_balancer_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-load-balancer")
    (lb,) = kinds(result, "load-balancer").values()
    assert (lb.type, lb.scheme, len(lb.subnets)) == ("network", "internal", 2)
    (listener,) = lb.listeners
    assert (listener.protocol, listener.port) == ("TCP", 80)
    tg = result.design.resources[listener.target_group]
    assert tg.name == "test-lb-tg"
    assert {(t.target, t.port, t.healthy) for t in tg.targets} == {
        ("i-0f4af951d61a19245", 22, True), ("i-055b0db7be365202c", 22, True)}
    # The node addresses come from the load balancer's ENIs ("ELB net/test-lb/..."), and derive() uses them.
    nodes = {n.subnet: n.private_ip for n in derive(result.design).lb_nodes[lb.id]}
    assert set(nodes.values()) == {"10.1.1.237", "10.1.20.123"}
    assert {a.subnet: a.private_ip for a in lb.node_addresses} == nodes
    # The three target groups of another VPC are reported, not silently dropped.
    assert sum("target group target" in i.message for i in result.warnings) == 3


def test_transit_gateway_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "test-transit-gateway")
    (tgw,) = kinds(result, "transit-gateway").values()
    assert sorted(a.vpc for a in tgw.attachments) == ["vpc-00a31ce9d0c06675c", "vpc-0404e08ceddf7f650"]
    (table,) = tgw.route_tables
    assert set(table.propagations) == set(table.associations) == {a.id for a in tgw.attachments}
    assert "i-04a292ff83b3aa833" not in result.design.resources  # terminated


def test_hybrid_cloud_facts(shared_dir: Path) -> None:
    result = imported(shared_dir, "networks/hybrid-cloud-aws")
    assert len(kinds(result, "vpc")) == 4 and len(kinds(result, "subnet")) == 10
    vgw_only = next(v for v in kinds(result, "vpc").values() if v.cidr == "10.100.0.0/16")
    assert not [s for s in kinds(result, "subnet").values() if s.vpc == vgw_only.id]
    assert any(s.cidr.endswith("/28") for s in kinds(result, "subnet").values())
    text = " ".join(i.message for i in result.report)
    assert "DBInstances (1)" in text and "DomainStatusList (2)" in text and "DhcpOptions (1)" in text
    assert result.design.resources["vgw-81fd279f"].name == "lhr-aws-01"
    assert len(kinds(result, "security-group")) == 11
    assert any("sg-cf3f86b3" in i.message for i in result.warnings)
    default_acl = result.design.resources["acl-4db39c28"]
    # Only TCP 3306 from one /32 comes in; the 32767 "*" deny rules are implicit in the model.
    assert [(r.number, r.action, r.protocol, r.port_from, r.port_to, r.cidr) for r in default_acl.inbound] == [
        (100, "allow", "tcp", 3306, 3306, "162.243.144.192/32")]
    assert [(r.number, r.action, r.protocol) for r in default_acl.outbound] == [(100, "allow", "all")]
    blackhole = result.design.resources["rtb-f28e418b"]
    assert [(r.destination, r.state) for r in blackhole.routes] == [("0.0.0.0/0", "blackhole")]
    (vpn,) = kinds(result, "vpn-connection").values()
    assert "0.0.0.0/0" in vpn.bgp_prefixes  # learned by propagation, seen in the route table
    on_prem = result.design.resources[result.design.resources[vpn.customer_gateway].on_premises]
    assert "0.0.0.0/0" not in on_prem.cidrs and "10.1.1.0/24" in on_prem.cidrs
    assert sum("stopped" in i.message for i in result.warnings) == 4
