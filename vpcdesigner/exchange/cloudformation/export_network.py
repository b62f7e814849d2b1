"""VPC core to CloudFormation: VPCs, subnets, route tables, gateways, NAT, prefix lists, endpoints."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from vpcdesigner.model import (
    ALLOCATED,
    EgressOnlyInternetGateway,
    InternetGateway,
    NatGateway,
    PrefixList,
    Route,
    RouteTable,
    Subnet,
    Vpc,
    VpcEndpoint,
)

from .export_context import Context, Expr, get_att, ref

# AWS-managed prefix list ids are per region and cannot be looked up by name in a template;
# these published ids give the parameters a default that deploys as is.
KNOWN_MANAGED_LISTS: dict[tuple[str, str], str] = {
    ("us-east-1", "com.amazonaws.global.cloudfront.origin-facing"): "pl-3b927c52",
    ("us-east-1", "com.amazonaws.us-east-1.s3"): "pl-63a5400a",
    ("us-east-1", "com.amazonaws.us-east-1.dynamodb"): "pl-02cd2c6b",
}

PLACEHOLDER_PREFIX_LIST = "pl-00000000"

_AZ_LETTER = re.compile(r"\d([a-z])$")


def az_expr(availability_zone: str) -> Expr:
    """`us-east-1b` → the second AZ of whatever region the stack is deployed in."""
    match = _AZ_LETTER.search(availability_zone)
    index = ord(match.group(1)) - ord("a") if match else 0
    return {"Fn::Select": [index, {"Fn::GetAZs": ""}]}


def export_vpc(ctx: Context, vpc: Vpc) -> None:
    lid = ctx.logical(vpc.id)
    ctx.add(lid, "AWS::EC2::VPC", {
        "CidrBlock": vpc.cidr,
        "EnableDnsSupport": vpc.enable_dns_support,
        "EnableDnsHostnames": vpc.enable_dns_hostnames,
        "Tags": ctx.tags(vpc),
    })
    blocks = ctx.cidr_block_of.setdefault(vpc.id, [])
    for index, cidr in enumerate(vpc.secondary_cidrs, start=2):
        block = ctx.add(ctx.helper(lid, f"Cidr{index}"), "AWS::EC2::VPCCidrBlock",
                        {"VpcId": ref(lid), "CidrBlock": cidr})
        blocks.append((cidr, block))
    if vpc.ipv6_cidr:
        block = ctx.add(ctx.helper(lid, "Ipv6Cidr"), "AWS::EC2::VPCCidrBlock",
                        {"VpcId": ref(lid), "AmazonProvidedIpv6CidrBlock": True})
        blocks.append(("ipv6", block))
        if vpc.ipv6_cidr != ALLOCATED:
            ctx.extra(vpc, "ipv6_cidr")  # Amazon picks the block; the design's exact one travels here
    if vpc.region != Vpc.model_fields["region"].default:
        ctx.extra(vpc, "region")
    ctx.keep_description(vpc)


def _ipv6_index(ctx: Context, subnet: Subnet, vpc: Vpc) -> int:
    """Which /64 of the VPC's /56 the subnet uses: from the design's blocks, else its rank."""
    if subnet.ipv6_cidr not in (None, ALLOCATED) and vpc.ipv6_cidr not in (None, ALLOCATED):
        net = ipaddress.IPv6Network(subnet.ipv6_cidr)
        parent = ipaddress.IPv6Network(vpc.ipv6_cidr)
        if net.prefixlen == 64 and net.subnet_of(parent):
            index = (int(net.network_address) - int(parent.network_address)) >> 64
            if index < 256:
                return index
    peers = sorted(s.id for s in ctx.design.of_kind("subnet") if s.vpc == vpc.id and s.ipv6_cidr)
    return peers.index(subnet.id) % 256


def export_subnet(ctx: Context, subnet: Subnet) -> None:
    lid = ctx.logical(subnet.id)
    vpc = ctx.design.get(subnet.vpc)
    depends = [block for cidr, block in ctx.cidr_block_of.get(subnet.vpc, [])
               if cidr != "ipv6" and ipaddress.IPv4Network(subnet.cidr).subnet_of(ipaddress.IPv4Network(cidr))]
    ipv6: Expr | None = None
    if subnet.ipv6_cidr and isinstance(vpc, Vpc) and vpc.ipv6_cidr:
        vpc_lid = ctx.logical(vpc.id)
        ipv6 = {"Fn::Select": [_ipv6_index(ctx, subnet, vpc), {
            "Fn::Cidr": [{"Fn::Select": [0, get_att(vpc_lid, "Ipv6CidrBlocks")]}, 256, 64]}]}
        depends += [block for cidr, block in ctx.cidr_block_of.get(subnet.vpc, []) if cidr == "ipv6"]
    if (subnet.ipv6_cidr and subnet.ipv6_cidr != ALLOCATED) or (subnet.ipv6_cidr and ipv6 is None):
        ctx.extra(subnet, "ipv6_cidr")
    ctx.add(lid, "AWS::EC2::Subnet", {
        "VpcId": ctx.ref_to(subnet.vpc),
        "AvailabilityZone": az_expr(subnet.availability_zone),
        "CidrBlock": subnet.cidr,
        "Ipv6CidrBlock": ipv6,
        "MapPublicIpOnLaunch": subnet.map_public_ip_on_launch,
        "Tags": ctx.tags(subnet),
    }, depends_on=depends)
    ctx.extra(subnet, "availability_zone")  # the template picks the AZ by position in any region
    if subnet.intent is not None:
        ctx.extra(subnet, "intent")
    ctx.keep_description(subnet)


def export_internet_gateway(ctx: Context, igw: InternetGateway) -> None:
    lid = ctx.add(ctx.logical(igw.id), "AWS::EC2::InternetGateway", {"Tags": ctx.tags(igw)})
    if igw.vpc and ctx.ref_to(igw.vpc):
        att = ctx.add(ctx.helper(lid, "Attachment"), "AWS::EC2::VPCGatewayAttachment",
                      {"VpcId": ctx.ref_to(igw.vpc), "InternetGatewayId": ref(lid)})
        ctx.attachment_of[igw.id] = att
        ctx.igw_attachment_of_vpc.setdefault(igw.vpc, att)
    ctx.keep_description(igw)


def export_egress_only_gateway(ctx: Context, eigw: EgressOnlyInternetGateway) -> None:
    ctx.add(ctx.logical(eigw.id), "AWS::EC2::EgressOnlyInternetGateway",
            {"VpcId": ctx.ref_to(eigw.vpc), "Tags": ctx.tags(eigw)})
    ctx.keep_description(eigw)


def _vpc_of_subnet(ctx: Context, subnet_id: str) -> str | None:
    subnet = ctx.design.get(subnet_id)
    return subnet.vpc if isinstance(subnet, Subnet) else None


def export_nat_gateway(ctx: Context, nat: NatGateway) -> None:
    lid = ctx.logical(nat.id)
    igw_att = ctx.igw_attachment_of_vpc.get(_vpc_of_subnet(ctx, nat.subnet) or "")
    allocation: Expr | None = None
    if nat.connectivity == "public":
        eip = ctx.add(ctx.helper(lid, "Eip"), "AWS::EC2::EIP", {"Domain": "vpc"},
                      depends_on=[igw_att] if igw_att else [])
        allocation = get_att(eip, "AllocationId")
    ctx.add(lid, "AWS::EC2::NatGateway", {
        "SubnetId": ctx.ref_to(nat.subnet),
        "ConnectivityType": nat.connectivity,
        "AllocationId": allocation,
        "PrivateIpAddress": nat.private_ip,
        "Tags": ctx.tags(nat),
    }, depends_on=[igw_att] if igw_att else [])
    expected = ALLOCATED if nat.connectivity == "public" else None
    if nat.elastic_ip != expected:
        ctx.extra(nat, "elastic_ip")  # the address itself is only known after deployment
    ctx.keep_description(nat)


def export_prefix_list(ctx: Context, pl: PrefixList, region: str) -> None:
    """Customer-managed lists are resources; AWS-managed ones a parameter holding their pl- id."""
    lid = ctx.logical(pl.id)
    if pl.managed:
        spec: dict[str, Any] = {
            "Type": "String",
            "Description": f"Id (pl-...) of the AWS-managed prefix list {pl.aws_name or pl.display_name}"
                           " in the stack's region",
            "AllowedPattern": "^pl-[0-9a-f]{8,17}$",
        }
        default = KNOWN_MANAGED_LISTS.get((region, pl.aws_name))
        if default:
            spec["Default"] = default
        else:  # a placeholder keeps the template importable; deploying needs the real id
            spec["Default"] = PLACEHOLDER_PREFIX_LIST
            spec["Description"] += " (the default is a placeholder: give the real id)"
            ctx.warnings.append(f"parameter {lid}: give the id of {pl.aws_name or pl.display_name!r} in the "
                                "stack's region (aws ec2 describe-managed-prefix-lists)")
        ctx.parameters[lid] = spec
        ctx.offline.add(pl.id)
        return
    needed = max(pl.max_entries, len(pl.entries), 1)
    name = (pl.name or pl.id)[:255]
    if name.startswith("com.amazonaws"):
        name = pl.id
    ctx.add(lid, "AWS::EC2::PrefixList", {
        "PrefixListName": name,
        "AddressFamily": pl.address_family,
        "MaxEntries": needed,
        "Entries": [{"Cidr": cidr} for cidr in pl.entries] or None,
        "Tags": ctx.tags(pl),
    })
    if needed != pl.max_entries:
        ctx.extra(pl, "max_entries")
    ctx.keep_description(pl)


_TARGET_PROPERTY = {
    "internet-gateway": "GatewayId",
    "vpn-gateway": "GatewayId",
    "egress-only-internet-gateway": "EgressOnlyInternetGatewayId",
    "nat-gateway": "NatGatewayId",
    "vpc-peering": "VpcPeeringConnectionId",
    "transit-gateway": "TransitGatewayId",
    "instance": "InstanceId",
    "network-interface": "NetworkInterfaceId",
}


def _route(ctx: Context, table: RouteTable, route: Route) -> tuple[dict[str, Any], list[str]] | None:
    """The properties of one AWS::EC2::Route, or None when it has no CloudFormation form."""
    target = ctx.design.get(route.target) if route.target else None
    if target is None or target.kind not in _TARGET_PROPERTY or ctx.ref_to(target.id) is None:
        return None  # blackhole, "local", gateway endpoints (their RouteTableIds say it)
    props: dict[str, Any] = {"RouteTableId": ref(ctx.logical(table.id))}
    if route.destination_prefix_list is not None:
        pl = ctx.ref_to(route.destination_prefix_list)
        if pl is None:
            return None
        props["DestinationPrefixListId"] = pl
    elif route.destination and ":" in route.destination:
        props["DestinationIpv6CidrBlock"] = route.destination
    else:
        props["DestinationCidrBlock"] = route.destination
    props[_TARGET_PROPERTY[target.kind]] = ctx.ref_to(target.id)
    depends: list[str] = []
    if target.kind in ("internet-gateway", "vpn-gateway") and target.id in ctx.attachment_of:
        depends.append(ctx.attachment_of[target.id])
    if target.kind == "transit-gateway" and (target.id, table.vpc) in ctx.tgw_attachment_of:
        depends.append(ctx.tgw_attachment_of[(target.id, table.vpc)])
    return props, depends


def effective_main_tables(ctx: Context) -> dict[str, str]:
    """VPC id → id of the route table that is main (the first by id, as `derive` decides)."""
    out: dict[str, str] = {}
    for table in sorted(ctx.design.of_kind("route-table"), key=lambda t: t.id):
        if table.main:
            out.setdefault(table.vpc, table.id)
    return out


def export_route_table(ctx: Context, table: RouteTable, main_of_vpc: dict[str, str]) -> None:
    lid = ctx.add(ctx.logical(table.id), "AWS::EC2::RouteTable",
                  {"VpcId": ctx.ref_to(table.vpc), "Tags": ctx.tags(table)})
    exact = True
    for index, route in enumerate(table.routes, start=1):
        target = ctx.design.get(route.target) if route.target else None
        if target is not None and target.kind == "vpc-endpoint":
            ctx.endpoint_tables.setdefault(target.id, []).append(table.id)
        made = _route(ctx, table, route)
        if made is None or route.state != "active":
            exact = False
        if made is not None:
            ctx.add(ctx.helper(lid, f"Route{index}"), "AWS::EC2::Route", made[0], depends_on=made[1])
    if not exact:
        ctx.extra(table, "routes")
    # CloudFormation cannot make a table main: its implicit subnets get explicit associations.
    associated = [s for s in table.subnets if ctx.derived.route_table_of.get(s) is table]
    if main_of_vpc.get(table.vpc) == table.id:
        associated += sorted(s for s, t in ctx.derived.route_table_of.items()
                             if t is table and s not in associated)
    for subnet_id in associated:
        ctx.add(ctx.helper(lid, f"{ctx.logical(subnet_id)}Association"), "AWS::EC2::SubnetRouteTableAssociation",
                {"RouteTableId": ref(lid), "SubnetId": ctx.ref_to(subnet_id)})
    if associated != list(table.subnets):
        ctx.extra(table, "subnets")
    if table.main:
        ctx.extra(table, "main")
    kept = []
    for vgw_id in table.propagating_gateways:
        if vgw_id in ctx.attachment_of:
            ctx.propagations.setdefault(vgw_id, []).append(lid)
            kept.append(vgw_id)
    if kept != list(table.propagating_gateways):
        ctx.extra(table, "propagating_gateways")
    ctx.keep_description(table)


def export_propagations(ctx: Context) -> None:
    """One VPNGatewayRoutePropagation per virtual private gateway, listing its route tables."""
    for vgw_id in sorted(ctx.propagations):
        vgw_lid = ctx.logical(vgw_id)
        ctx.add(ctx.helper(vgw_lid, "RoutePropagation"), "AWS::EC2::VPNGatewayRoutePropagation",
                {"RouteTableIds": [ref(t) for t in ctx.propagations[vgw_id]], "VpnGatewayId": ref(vgw_lid)},
                depends_on=[ctx.attachment_of[vgw_id]])


def export_vpc_endpoint(ctx: Context, endpoint: VpcEndpoint) -> None:
    tables = list(endpoint.route_tables)
    tables += [t for t in ctx.endpoint_tables.get(endpoint.id, []) if t not in tables]
    ctx.add(ctx.logical(endpoint.id), "AWS::EC2::VPCEndpoint", {
        "VpcId": ctx.ref_to(endpoint.vpc),
        "ServiceName": {"Fn::Sub": f"com.amazonaws.${{AWS::Region}}.{endpoint.service}"},
        "VpcEndpointType": "Gateway",
        "RouteTableIds": [ctx.ref_to(t) for t in tables] or None,
        "Tags": ctx.tags(endpoint),
    })
    if tables != list(endpoint.route_tables):
        ctx.extra(endpoint, "route_tables")
    if endpoint.prefix_list is not None:
        ctx.extra(endpoint, "prefix_list")
    ctx.keep_description(endpoint)
