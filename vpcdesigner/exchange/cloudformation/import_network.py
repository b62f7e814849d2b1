"""VPC core from CloudFormation: VPCs and their CIDR blocks, subnets, gateways, NAT, route tables, endpoints.

Helper resources (VPCCidrBlock, VPCGatewayAttachment, Route, SubnetRouteTableAssociation) add to
the draft of the object they belong to; the VPC's main route table is implicit in the model.
"""

from __future__ import annotations

import ipaddress

from vpcdesigner.model import ALLOCATED

from .import_context import PLACEHOLDER_NOTE, Ctx
from .result import ResolvedResource
from .values import AttrRef

VPC = ("AWS::EC2::VPC",)
SUBNET = ("AWS::EC2::Subnet",)
ROUTE_TABLE = ("AWS::EC2::RouteTable",)
# Route property -> (CloudFormation types it may name, model kind)
ROUTE_TARGETS: dict[str, tuple[tuple[str, ...], str]] = {
    "GatewayId": (("AWS::EC2::InternetGateway", "AWS::EC2::VPNGateway"), "internet-gateway"),
    "EgressOnlyInternetGatewayId": (("AWS::EC2::EgressOnlyInternetGateway",), "egress-only-internet-gateway"),
    "NatGatewayId": (("AWS::EC2::NatGateway",), "nat-gateway"),
    "VpcPeeringConnectionId": (("AWS::EC2::VPCPeeringConnection",), "vpc-peering"),
    "TransitGatewayId": (("AWS::EC2::TransitGateway",), "transit-gateway"),
    "InstanceId": (("AWS::EC2::Instance",), "instance"),
    "NetworkInterfaceId": (("AWS::EC2::NetworkInterface",), "network-interface"),
    "VpcEndpointId": (("AWS::EC2::VPCEndpoint",), "vpc-endpoint"),
}
UNMODELLED_TARGETS = ("CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn")


def vpc(ctx: Ctx, res: ResolvedResource) -> None:
    rid = ctx.id_of(res)
    cidr = ctx.text(res, "CidrBlock")
    if cidr is None:
        ctx.rep.warning(
            ctx.where(res), f"{PLACEHOLDER_NOTE}no CidrBlock (an IPAM pool allocates it); using 10.0.0.0/16"
        )
        cidr = "10.0.0.0/16"
    ctx.add(
        res,
        "vpc",
        rid,
        {
            "region": ctx.region(res),
            "cidr": cidr,
            "enable_dns_support": ctx.flag(res, "EnableDnsSupport", True),
            "enable_dns_hostnames": ctx.flag(res, "EnableDnsHostnames", False),
        },
    )


def vpc_cidr_block(ctx: Ctx, res: ResolvedResource) -> None:
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    draft = ctx.draft(vpc_id, "vpc")
    if draft is None:
        return
    ctx.used.add((res.stack, res.logical_id))
    if ctx.flag(res, "AmazonProvidedIpv6CidrBlock", False) or "Ipv6IpamPoolId" in res.properties:
        draft["ipv6_cidr"] = ALLOCATED
        ctx.rep.info(
            ctx.where(res),
            f"{PLACEHOLDER_NOTE}the IPv6 block of {vpc_id} is assigned by AWS at deployment: '{ALLOCATED}'",
        )
    elif "Ipv6CidrBlock" in res.properties:
        draft["ipv6_cidr"] = ctx.text(res, "Ipv6CidrBlock") or ALLOCATED
    else:
        cidr = ctx.text(res, "CidrBlock")
        if cidr is None:
            ctx.rep.warning(ctx.where(res), "no CidrBlock (an IPAM pool allocates it); block left out")
            return
        draft.setdefault("secondary_cidrs", []).append(cidr)


def subnet(ctx: Ctx, res: ResolvedResource) -> None:
    rid = ctx.id_of(res)
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    if vpc_id is None:
        return
    cidr = ctx.text(res, "CidrBlock")
    if cidr is None:
        ctx.rep.error(ctx.where(res), "no CidrBlock; subnet left out")
        return
    vpc_draft = ctx.draft(vpc_id, "vpc") or {}
    region = vpc_draft.get("region") or ctx.region(res)
    az = ctx.text(res, "AvailabilityZone")
    if az is None:
        az = f"{region}a"
        ctx.rep.warning(ctx.where(res), f"{PLACEHOLDER_NOTE}no AvailabilityZone (AWS picks one); using {az}")
    data = {
        "vpc": vpc_id,
        "availability_zone": az,
        "cidr": cidr,
        "map_public_ip_on_launch": ctx.flag(res, "MapPublicIpOnLaunch", False),
    }
    if "Ipv6CidrBlock" in res.properties or ctx.flag(res, "AssignIpv6AddressOnCreation", False):
        known = ctx.concrete(res.properties.get("Ipv6CidrBlock"))
        data["ipv6_cidr"] = (
            ALLOCATED if vpc_draft.get("ipv6_cidr") == ALLOCATED or not isinstance(known, str) else known
        )
    ctx.add(res, "subnet", rid, data)


def internet_gateway(ctx: Ctx, res: ResolvedResource) -> None:
    ctx.add(res, "internet-gateway", ctx.id_of(res), {})


def egress_only_gateway(ctx: Ctx, res: ResolvedResource) -> None:
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    if vpc_id is not None:
        ctx.add(res, "egress-only-internet-gateway", ctx.id_of(res), {"vpc": vpc_id})


def gateway_attachment(ctx: Ctx, res: ResolvedResource) -> None:
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    for prop, cfn_type, kind in (
        ("InternetGatewayId", "AWS::EC2::InternetGateway", "internet-gateway"),
        ("VpnGatewayId", "AWS::EC2::VPNGateway", "vpn-gateway"),
    ):
        if prop in res.properties:
            gw = ctx.draft(ctx.ref(res, prop, res.properties[prop], (cfn_type,), kind), kind)
            if gw is not None and vpc_id is not None:
                gw["vpc"] = vpc_id
                ctx.used.add((res.stack, res.logical_id))


def nat_gateway(ctx: Ctx, res: ResolvedResource) -> None:
    subnet_id = ctx.ref(res, "SubnetId", res.properties.get("SubnetId"), SUBNET, "subnet")
    if subnet_id is None:
        return
    connectivity = (ctx.text(res, "ConnectivityType") or "public").lower()
    data = {"subnet": subnet_id, "connectivity": "private" if connectivity == "private" else "public"}
    if ip := ctx.text(res, "PrivateIpAddress"):
        data["private_ip"] = ip
    if data["connectivity"] == "public":
        data["elastic_ip"] = ALLOCATED
        eip = ctx.target(res.properties.get("AllocationId"))
        if eip is not None:
            ctx.used.add((eip.stack, eip.logical_id))
    ctx.add(res, "nat-gateway", ctx.id_of(res), data)


def route_table(ctx: Ctx, res: ResolvedResource) -> None:
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    if vpc_id is not None:
        ctx.add(res, "route-table", ctx.id_of(res), {"vpc": vpc_id, "subnets": [], "routes": []})


def route_table_association(ctx: Ctx, res: ResolvedResource) -> None:
    table = ctx.draft(ctx.ref(res, "RouteTableId", res.properties.get("RouteTableId"), ROUTE_TABLE, "route-table"))
    subnet_id = ctx.ref(res, "SubnetId", res.properties.get("SubnetId"), SUBNET, "subnet")
    if table is None or subnet_id is None:
        ctx.rep.warning(ctx.where(res), "skipped: the association names no route table and subnet of the design")
        return
    table["subnets"].append(subnet_id)
    ctx.used.add((res.stack, res.logical_id))


def route(ctx: Ctx, res: ResolvedResource) -> None:
    p = res.properties
    table = ctx.draft(ctx.ref(res, "RouteTableId", p.get("RouteTableId"), ROUTE_TABLE, "route-table"))
    if table is None:
        ctx.rep.warning(ctx.where(res), "skipped: the route's table is not in the design")
        return
    entry: dict[str, object] = {}
    if "DestinationPrefixListId" in p:
        pl_id = prefix_list_ref(ctx, res, "DestinationPrefixListId", p["DestinationPrefixListId"])
        if pl_id is None:
            return
        entry["destination_prefix_list"] = pl_id
    else:
        dest = ctx.text(res, "DestinationIpv6CidrBlock" if "DestinationIpv6CidrBlock" in p else "DestinationCidrBlock")
        if dest is None:
            ctx.rep.warning(ctx.where(res), "skipped: the route has no destination the template determines")
            return
        entry["destination"] = dest
    for prop in UNMODELLED_TARGETS:
        if prop in p:
            ctx.rep.warning(ctx.where(res), f"skipped: routes to a {prop[:-2]} are not modelled")
            return
    for prop, (types, kind) in ROUTE_TARGETS.items():
        if prop in p:
            target = ctx.ref(res, prop, p[prop], types, kind)
            if target is None:
                ctx.rep.warning(ctx.where(res), f"skipped: the route's target ({prop}) is not in the design")
                return
            entry["target"] = target
            break
    else:
        ctx.rep.warning(ctx.where(res), "skipped: the route has no target")
        return
    table["routes"].append(entry)
    ctx.used.add((res.stack, res.logical_id))


def prefix_list_ref(ctx: Ctx, res: ResolvedResource, prop: str, raw: object) -> str | None:
    """A prefix list of the templates, the exporter's managed-list parameter, or a placeholder managed list."""
    target = ctx.target(raw)
    if target is not None and target.type == "AWS::EC2::PrefixList":
        return ctx.id_of(target)
    pl = ctx.concrete(raw)
    if not isinstance(pl, str):
        ctx.rep.warning(ctx.where(res), f"skipped: {prop} is only known after deployment")
        return None
    if pl in ctx.param_objects:
        return ctx.param_objects[pl]
    rid = ctx.safe_id(pl)
    if rid not in ctx.drafts:
        ctx.add(
            None,
            "prefix-list",
            rid,
            {
                "name": pl,
                "managed": True,
                "description": PLACEHOLDER_NOTE + "an AWS-managed prefix list; its entries are unknown",
            },
            ctx.where(res),
        )
        ctx.rep.warning(
            ctx.where(res), f"{PLACEHOLDER_NOTE}prefix list {pl!r} is outside the templates; added it with no entries"
        )
    return rid


def prefix_list(ctx: Ctx, res: ResolvedResource) -> None:
    entries = []
    for item in ctx.items(res, "Entries"):
        cidr = ctx.concrete(item.get("Cidr")) if isinstance(item, dict) else None
        if isinstance(cidr, str):
            entries.append(cidr)
    family = "IPv6" if (ctx.text(res, "AddressFamily") or "IPv4") == "IPv6" else "IPv4"
    max_entries = ctx.number(res, "MaxEntries", 0) or 0
    ctx.add(
        res,
        "prefix-list",
        ctx.id_of(res),
        {"managed": False, "address_family": family, "entries": entries, "max_entries": max(0, min(max_entries, 1000))},
    )


def vpc_endpoint(ctx: Ctx, res: ResolvedResource) -> None:
    kind = (ctx.text(res, "VpcEndpointType") or "Gateway").lower()
    if kind == "interface":
        from .import_compute import interface_endpoint

        interface_endpoint(ctx, res)
        return
    if kind != "gateway":
        ctx.rep.warning(ctx.where(res), f"skipped: {kind} VPC endpoints are not modelled")
        return
    vpc_id = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
    service = (ctx.text(res, "ServiceName") or "").rsplit(".", 1)[-1]
    if vpc_id is None:
        return
    if service not in ("s3", "dynamodb"):
        ctx.rep.warning(
            ctx.where(res), f"skipped: gateway endpoint for service {service!r} (only s3 and dynamodb exist)"
        )
        return
    tables = [
        t
        for t in (ctx.ref(res, "RouteTableIds", v, ROUTE_TABLE, "route-table") for v in ctx.items(res, "RouteTableIds"))
        if t is not None
    ]
    ctx.add(res, "vpc-endpoint", ctx.id_of(res), {"vpc": vpc_id, "service": service, "route_tables": tables})


def is_default_attr(value: object, attribute: str) -> bool:
    return isinstance(value, AttrRef) and value.attribute == attribute


def subnet_in_vpc(ctx: Ctx, subnet_cidr: str, vpc_id: str) -> bool:
    draft = ctx.draft(vpc_id, "vpc")
    if draft is None:
        return False
    net = ipaddress.IPv4Network(subnet_cidr, strict=False)
    blocks = [draft["cidr"], *draft.get("secondary_cidrs", [])]
    return any(net.subnet_of(ipaddress.IPv4Network(b, strict=False)) for b in blocks)


HANDLERS = {
    "AWS::EC2::VPC": vpc,
    "AWS::EC2::VPCCidrBlock": vpc_cidr_block,
    "AWS::EC2::Subnet": subnet,
    "AWS::EC2::InternetGateway": internet_gateway,
    "AWS::EC2::EgressOnlyInternetGateway": egress_only_gateway,
    "AWS::EC2::VPCGatewayAttachment": gateway_attachment,
    "AWS::EC2::NatGateway": nat_gateway,
    "AWS::EC2::RouteTable": route_table,
    "AWS::EC2::SubnetRouteTableAssociation": route_table_association,
    "AWS::EC2::Route": route,
    "AWS::EC2::PrefixList": prefix_list,
    "AWS::EC2::VPCEndpoint": vpc_endpoint,
}
