"""A small reference inverse for the kinds that decide simulation verdicts.

It reads the exported template back through the import engine and rebuilds VPCs, subnets, route
tables, NACLs, security groups and instances from the CloudFormation properties alone, then
applies the Metadata extras/defaults, and must get the original objects back. This proves the
conventions documented in export.py are invertible; the real import mapper lives elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_cfn_export_every_kind import every_kind_design

from vpcdesigner.exchange.cloudformation import AttrRef, ResourceRef, load_stacks
from vpcdesigner.exchange.cloudformation.export import METADATA_KEY, dump_template, export_template
from vpcdesigner.model import CLASS_FOR_KIND, Design, load
from vpcdesigner.model.types import normalise_protocol

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.vpcd.json"))


class Back:
    """Resolved template + Metadata → design values."""

    def __init__(self, design: Design, tmp: Path) -> None:
        path = tmp / "t.yaml"
        dump_template(design, path)
        self.meta = export_template(design)["Metadata"][METADATA_KEY]
        self.to_design = {lid: rid for rid, lid in self.meta["logical_ids"].items()}
        self.stack = load_stacks([path]).stacks[0]
        self.props = {r.logical_id: r.properties for r in self.stack.resources}
        self.types = {r.logical_id: r.type for r in self.stack.resources}
        self.offline = {item["id"]: item for item in self.meta["offline"]}
        self.vpc_of_subnet: dict[str, str] = {}

    def id_of(self, value: Any) -> str:
        if isinstance(value, ResourceRef):
            return self.to_design[value.logical_id]
        if isinstance(value, AttrRef):  # <Vpc>.DefaultSecurityGroup / DefaultNetworkAcl
            vpc = self.to_design[value.logical_id]
            kind = "security-group" if value.attribute == "DefaultSecurityGroup" else "network-acl"
            return next(i for i, o in self.offline.items() if o["kind"] == kind and o["vpc"] == vpc)
        if isinstance(value, str) and value.startswith("pl-"):  # a resolved managed-list parameter
            return next(i for i, o in self.offline.items() if o["kind"] == "prefix-list")
        raise AssertionError(f"not a reference: {value!r}")

    def of_type(self, cfn_type: str) -> list[tuple[str, dict[str, Any]]]:
        return [(lid, p) for lid, p in self.props.items() if self.types[lid] == cfn_type]

    def finish(self, rid: str, kind: str, fields: dict[str, Any], props: dict[str, Any]) -> Any:
        tags = {t["Key"]: t["Value"] for t in props.get("Tags", props.get("HostedZoneTags", []))}
        fields = {"id": rid, "kind": kind, "name": tags.pop("Name", ""), "tags": tags, **fields}
        fields.update(self.meta["extras"].get(rid, {}))
        cls = CLASS_FOR_KIND[kind]
        for name in self.meta["defaults"].get(rid, []):
            fields[name] = cls.model_fields[name].get_default(call_default_factory=True)
        return cls.model_validate(fields)


def _rule_ports(protocol: str, low: int | None, high: int | None) -> dict[str, Any]:
    if protocol in ("icmp", "icmpv6"):
        return {"icmp_type": low, "icmp_code": high}
    if protocol in ("tcp", "udp"):
        return {"port_from": low, "port_to": high}
    return {}


def _sg_rule(back: Back, p: dict[str, Any], inbound: bool) -> dict[str, Any]:
    protocol = normalise_protocol(p["IpProtocol"])
    rule: dict[str, Any] = {"protocol": protocol, **_rule_ports(protocol, p.get("FromPort"), p.get("ToPort")),
                            "description": p.get("Description", "")}
    side = "Source" if inbound else "Destination"
    if "CidrIp" in p or "CidrIpv6" in p:
        rule["cidr"] = p.get("CidrIp") or p["CidrIpv6"]
    elif f"{side}SecurityGroupId" in p:
        rule["security_group"] = back.id_of(p[f"{side}SecurityGroupId"])
    else:
        rule["prefix_list"] = back.id_of(p[f"{side}PrefixListId"])
    return rule


def rebuild(back: Back) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lid, p in back.of_type("AWS::EC2::VPC"):
        rid = back.to_design[lid]
        blocks = [b for _, b in back.of_type("AWS::EC2::VPCCidrBlock") if back.id_of(b["VpcId"]) == rid]
        ipv6 = "allocated" if any(b.get("AmazonProvidedIpv6CidrBlock") for b in blocks) else None
        out[rid] = back.finish(rid, "vpc", {
            "cidr": p["CidrBlock"], "enable_dns_support": p["EnableDnsSupport"],
            "enable_dns_hostnames": p["EnableDnsHostnames"], "ipv6_cidr": ipv6,
            "secondary_cidrs": [b["CidrBlock"] for b in blocks if "CidrBlock" in b]}, p)
    for lid, p in back.of_type("AWS::EC2::Subnet"):
        rid = back.to_design[lid]
        out[rid] = back.finish(rid, "subnet", {
            "vpc": back.id_of(p["VpcId"]), "cidr": p["CidrBlock"], "availability_zone": p["AvailabilityZone"],
            "map_public_ip_on_launch": p["MapPublicIpOnLaunch"],
            "ipv6_cidr": "allocated" if "Ipv6CidrBlock" in p else None}, p)
    targets = {"GatewayId", "NatGatewayId", "EgressOnlyInternetGatewayId", "InstanceId", "NetworkInterfaceId",
               "VpcPeeringConnectionId", "TransitGatewayId"}
    for lid, p in back.of_type("AWS::EC2::RouteTable"):
        rid = back.to_design[lid]
        routes = []
        for _, r in back.of_type("AWS::EC2::Route"):
            if back.id_of(r["RouteTableId"]) != rid:
                continue
            route: dict[str, Any] = {"target": back.id_of(next(r[k] for k in targets if k in r))}
            if "DestinationPrefixListId" in r:
                route["destination_prefix_list"] = back.id_of(r["DestinationPrefixListId"])
            else:
                route["destination"] = r.get("DestinationCidrBlock") or r["DestinationIpv6CidrBlock"]
            routes.append(route)
        subnets = [back.id_of(a["SubnetId"]) for _, a in back.of_type("AWS::EC2::SubnetRouteTableAssociation")
                   if back.id_of(a["RouteTableId"]) == rid]
        vgws = [back.id_of(g["VpnGatewayId"]) for _, g in back.of_type("AWS::EC2::VPNGatewayRoutePropagation")
                if rid in [back.id_of(t) for t in g["RouteTableIds"]]]
        out[rid] = back.finish(rid, "route-table", {"vpc": back.id_of(p["VpcId"]), "routes": routes,
                                                    "subnets": subnets, "propagating_gateways": vgws}, p)
    for lid, p in back.of_type("AWS::EC2::NetworkAcl"):
        rid = back.to_design[lid]
        rules: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
        for _, e in back.of_type("AWS::EC2::NetworkAclEntry"):
            if back.id_of(e["NetworkAclId"]) != rid:
                continue
            protocol = normalise_protocol(e["Protocol"])
            port = e.get("PortRange", {})
            icmp = e.get("Icmp", {})
            rules[e["Egress"]].append({
                "number": e["RuleNumber"], "action": e["RuleAction"], "protocol": protocol,
                "cidr": e.get("CidrBlock") or e["Ipv6CidrBlock"],
                "port_from": port.get("From"), "port_to": port.get("To"),
                "icmp_type": icmp.get("Type"), "icmp_code": icmp.get("Code")})
        subnets = [back.id_of(a["SubnetId"]) for _, a in back.of_type("AWS::EC2::SubnetNetworkAclAssociation")
                   if back.id_of(a["NetworkAclId"]) == rid]
        out[rid] = back.finish(rid, "network-acl", {"vpc": back.id_of(p["VpcId"]), "subnets": subnets,
                                                    "inbound": rules[False], "outbound": rules[True]}, p)
    for lid, p in back.of_type("AWS::EC2::SecurityGroup"):
        rid = back.to_design[lid]
        inbound = [_sg_rule(back, r, True) for r in p.get("SecurityGroupIngress", [])]
        outbound = [_sg_rule(back, r, False) for r in p.get("SecurityGroupEgress", [])]
        for cfn_type, bucket, is_in in (("AWS::EC2::SecurityGroupIngress", inbound, True),
                                        ("AWS::EC2::SecurityGroupEgress", outbound, False)):
            bucket += [_sg_rule(back, r, is_in) for _, r in back.of_type(cfn_type) if back.id_of(r["GroupId"]) == rid]
        out[rid] = back.finish(rid, "security-group", {
            "vpc": back.id_of(p["VpcId"]), "description": p["GroupDescription"],
            "group_name": p.get("GroupName", ""), "inbound": inbound, "outbound": outbound}, p)
    for lid, p in back.of_type("AWS::EC2::Instance"):
        rid = back.to_design[lid]
        nic = p.get("NetworkInterfaces", [{}])[0]
        groups = p.get("SecurityGroupIds") or nic.get("GroupSet") or []
        subnet = back.id_of(p.get("SubnetId") or nic["SubnetId"])
        elastic = any(back.id_of(a["InstanceId"]) == rid for _, a in back.of_type("AWS::EC2::EIPAssociation")
                      if "InstanceId" in a)
        auto = nic.get("AssociatePublicIpAddress", out[subnet].map_public_ip_on_launch)
        out[rid] = back.finish(rid, "instance", {
            "subnet": subnet, "private_ip": p.get("PrivateIpAddress") or nic.get("PrivateIpAddress"),
            "security_groups": [back.id_of(g) for g in groups], "instance_type": p["InstanceType"],
            "source_dest_check": p["SourceDestCheck"],
            "public_ip": "allocated" if elastic or auto else None,
            "public_ip_type": "elastic" if elastic else "auto"}, p)
    return out


@pytest.mark.parametrize("which", [*SAMPLES, "every_kind"], ids=[*(p.name for p in SAMPLES), "every_kind"])
def test_core_objects_come_back_exactly_from_template_plus_metadata(which: Path | str, tmp_path: Path) -> None:
    design = every_kind_design() if which == "every_kind" else load(which)
    back = Back(design, tmp_path)
    rebuilt = rebuild(back)
    kinds = {"vpc", "subnet", "route-table", "network-acl", "security-group", "instance"}
    expected = {rid for rid, r in design.resources.items() if r.kind in kinds and rid not in back.offline}
    assert set(rebuilt) == expected
    for rid, obj in rebuilt.items():
        assert obj == design.resources[rid], rid
