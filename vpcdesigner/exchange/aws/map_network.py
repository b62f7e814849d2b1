"""VPC core from describe-*: prefix lists, VPCs, subnets, internet gateways, gateway endpoints, route tables."""

from __future__ import annotations

from typing import Any

from ...model import (
    EgressOnlyInternetGateway,
    InternetGateway,
    PrefixList,
    RouteTable,
    Subnet,
    Vpc,
    VpcEndpoint,
)
from ...model.network import ROUTE_TARGET_KINDS
from .context import Ctx, id_list, known, list_at, name_and_tags, number, obj_at, text

PROPAGATED = "EnableVgwRoutePropagation"


def map_prefix_lists(ctx: Ctx) -> None:
    """AWS-managed lists (describe-prefix-lists) and customer-managed ones (with their entries)."""
    for e in ctx.entries("PrefixLists"):
        pl_id = text(e.obj, "PrefixListId")
        if pl_id is None:
            ctx.rep.warning(e.where, "skipped: no PrefixListId")
            continue
        aws_name = text(e.obj, "PrefixListName") or ""
        cidrs = id_list(e.obj.get("Cidrs"))
        family = "IPv6" if any(":" in c for c in cidrs) else "IPv4"
        ctx.add(PrefixList, e.where, {"id": pl_id, "name": aws_name or pl_id, "managed": True,
                                      "aws_name": aws_name, "address_family": family, "entries": cidrs})
    for e in ctx.entries("ManagedPrefixLists"):
        pl_id = text(e.obj, "PrefixListId")
        if pl_id is None:
            ctx.rep.warning(e.where, "skipped: no PrefixListId")
            continue
        aws_name = text(e.obj, "PrefixListName") or ""
        entries = id_list(e.obj.get("Entries"), "Cidr")
        owner = text(e.obj, "OwnerId") or ""
        managed = owner == "AWS"
        family = "IPv6" if text(e.obj, "AddressFamily") == "IPv6" else "IPv4"
        ctx.add(PrefixList, e.where, {
            "id": pl_id, **name_and_tags(e.obj, ctx, pl_id, aws_name), "managed": managed,
            "aws_name": aws_name if managed else "", "address_family": family, "entries": entries,
            "max_entries": min(max(number(e.obj.get("MaxEntries")) or 0, 0), 1000),
        })


def _dns_attributes(ctx: Ctx) -> dict[str, dict[str, bool]]:
    """VPC id -> enable_dns_support / enable_dns_hostnames, from describe-vpc-attribute responses."""
    out: dict[str, dict[str, bool]] = {}
    for e in ctx.entries("VpcAttributes"):
        vpc = text(e.obj, "VpcId")
        for key, field in (("EnableDnsSupport", "enable_dns_support"), ("EnableDnsHostnames", "enable_dns_hostnames")):
            value = obj_at(e.obj, key).get("Value")
            if vpc and isinstance(value, bool):
                out.setdefault(vpc, {})[field] = value
    return out


def map_vpcs(ctx: Ctx) -> None:
    dns = _dns_attributes(ctx)
    assumed = []
    for e in ctx.entries("Vpcs"):
        o = e.obj
        vpc_id = text(o, "VpcId")
        if vpc_id is None or text(o, "CidrBlock") is None:
            ctx.rep.warning(e.where, "skipped: a VPC needs VpcId and CidrBlock")
            continue
        primary = o["CidrBlock"]
        secondary = [
            a["CidrBlock"] for a in list_at(o, "CidrBlockAssociationSet")
            if isinstance(a, dict) and isinstance(a.get("CidrBlock"), str) and a["CidrBlock"] != primary
            and obj_at(a, "CidrBlockState").get("State", "associated") == "associated"
        ]
        ipv6 = [
            a["Ipv6CidrBlock"] for a in list_at(o, "Ipv6CidrBlockAssociationSet")
            if isinstance(a, dict) and isinstance(a.get("Ipv6CidrBlock"), str)
            and obj_at(a, "Ipv6CidrBlockState").get("State", "associated") == "associated"
        ]
        extra = name_and_tags(o, ctx, vpc_id)
        if o.get("IsDefault") is True:
            extra["description"] = "The region's default VPC"
        if vpc_id not in dns:
            assumed.append(vpc_id)
        ctx.add(Vpc, e.where, {"id": vpc_id, **extra, "region": ctx.region, "cidr": primary, **dns.get(vpc_id, {}),
                               "secondary_cidrs": secondary, "ipv6_cidr": ipv6[0] if ipv6 else None})
    if assumed:
        ctx.rep.info(str(ctx.source.path) if ctx.source else "", "placeholder: no describe-vpc-attribute output for "
                     f"{', '.join(assumed)}; DNS support and DNS hostnames are assumed enabled")


def map_subnets(ctx: Ctx) -> None:
    for e in ctx.entries("Subnets"):
        o = e.obj
        sid, vpc = text(o, "SubnetId"), text(o, "VpcId")
        if sid is None or text(o, "CidrBlock") is None:
            ctx.rep.warning(e.where, "skipped: a subnet needs SubnetId and CidrBlock")
            continue
        if not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped subnet {sid}: its VPC {vpc} is not in the snapshot")
            continue
        ipv6 = [a["Ipv6CidrBlock"] for a in list_at(o, "Ipv6CidrBlockAssociationSet")
                if isinstance(a, dict) and isinstance(a.get("Ipv6CidrBlock"), str)]
        ctx.add(Subnet, e.where, {
            "id": sid, **name_and_tags(o, ctx, sid), "vpc": vpc,
            "availability_zone": text(o, "AvailabilityZone") or f"{ctx.region}a", "cidr": o["CidrBlock"],
            "ipv6_cidr": ipv6[0] if ipv6 else None, "map_public_ip_on_launch": o.get("MapPublicIpOnLaunch") is True,
        })


def _attached_vpc(o: dict[str, Any]) -> str | None:
    for a in list_at(o, "Attachments") or list_at(o, "VpcAttachments"):
        if isinstance(a, dict) and a.get("State") in ("available", "attached", None):
            return text(a, "VpcId")
    return None


def map_internet_gateways(ctx: Ctx) -> None:
    for e in ctx.entries("InternetGateways"):
        igw = text(e.obj, "InternetGatewayId")
        if igw is None:
            ctx.rep.warning(e.where, "skipped: no InternetGatewayId")
            continue
        vpc = _attached_vpc(e.obj)
        if vpc is not None and not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"{igw}: attached VPC {vpc} is not in the snapshot; imported detached")
            vpc = None
        ctx.add(InternetGateway, e.where, {"id": igw, **name_and_tags(e.obj, ctx, igw), "vpc": vpc})
    for e in ctx.entries("EgressOnlyInternetGateways"):
        eigw = text(e.obj, "EgressOnlyInternetGatewayId")
        vpc = _attached_vpc(e.obj)
        if eigw is None or not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped egress-only gateway {eigw}: not attached to a VPC in the snapshot")
            continue
        ctx.add(EgressOnlyInternetGateway, e.where, {"id": eigw, **name_and_tags(e.obj, ctx, eigw), "vpc": vpc})


def map_endpoints(ctx: Ctx) -> None:
    """Gateway endpoints (S3, DynamoDB); route tables are attached later by `attach_endpoint_tables`."""
    for e in ctx.entries("VpcEndpoints"):
        o = e.obj
        vpce, vpc = text(o, "VpcEndpointId"), text(o, "VpcId")
        etype = text(o, "VpcEndpointType") or "Gateway"
        service_name = text(o, "ServiceName") or ""
        if vpce is None or not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped endpoint {vpce}: its VPC {vpc} is not in the snapshot")
            continue
        if etype != "Gateway":
            ctx.rep.warning(e.where, f"skipped {etype} endpoint {vpce} ({service_name}): only gateway endpoints "
                                     "are modelled")
            continue
        service = service_name.rsplit(".", 1)[-1]
        if service not in ("s3", "dynamodb"):
            ctx.rep.warning(e.where, f"skipped endpoint {vpce}: unknown gateway service {service_name!r}")
            continue
        pl = next((p.id for p in ctx.resources.values() if p.kind == "prefix-list" and p.aws_name == service_name),
                  None)
        ctx.add(VpcEndpoint, e.where, {"id": vpce, **name_and_tags(o, ctx, vpce), "vpc": vpc, "service": service,
                                       "prefix_list": pl})


def attach_endpoint_tables(ctx: Ctx) -> None:
    for e in ctx.entries("VpcEndpoints"):
        vpce = text(e.obj, "VpcEndpointId")
        endpoint = ctx.resources.get(vpce or "")
        if not isinstance(endpoint, VpcEndpoint):
            continue
        tables = known(ctx, e.where, endpoint.id, id_list(e.obj.get("RouteTableIds")), "route-table")
        changes: dict[str, Any] = {"route_tables": tables}
        if endpoint.prefix_list is None:  # the list itself was not described: take it from the routes
            changes["prefix_list"] = next(
                (r.destination_prefix_list for t in tables for r in ctx.resources[t].routes
                 if r.target == endpoint.id and r.destination_prefix_list), None)
        ctx.replace(endpoint.with_changes(**changes))


TARGET_KEYS = (
    ("NatGatewayId", ("nat-gateway",)),
    ("VpcPeeringConnectionId", ("vpc-peering",)),
    ("TransitGatewayId", ("transit-gateway",)),
    ("EgressOnlyInternetGatewayId", ("egress-only-internet-gateway",)),
    ("InstanceId", ("instance",)),
    ("NetworkInterfaceId", ("network-interface", "instance")),
    ("GatewayId", ("internet-gateway", "vpn-gateway", "vpc-endpoint", "egress-only-internet-gateway")),
)
UNSUPPORTED_TARGETS = ("LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn")


def scan_propagated(ctx: Ctx) -> None:
    """Remember which prefixes each VGW propagated into route tables (they become BGP prefixes)."""
    for e in ctx.entries("RouteTables"):
        for route in list_at(e.obj, "Routes"):
            if isinstance(route, dict) and route.get("Origin") == PROPAGATED:
                gw, dest = text(route, "GatewayId"), text(route, "DestinationCidrBlock")
                if gw and dest and dest not in ctx.propagated.setdefault(gw, []):
                    ctx.propagated[gw].append(dest)


def map_route_tables(ctx: Ctx) -> None:
    for e in ctx.entries("RouteTables"):
        o = e.obj
        rtb, vpc = text(o, "RouteTableId"), text(o, "VpcId")
        if rtb is None or not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"skipped route table {rtb}: its VPC {vpc} is not in the snapshot")
            continue
        main, subnets = False, []
        for a in list_at(o, "Associations"):
            if not isinstance(a, dict) or obj_at(a, "AssociationState").get("State") in ("disassociated",):
                continue
            main = main or a.get("Main") is True
            sub = text(a, "SubnetId")
            if sub and ctx.has(sub, "subnet"):
                subnets.append(sub)
            elif sub:
                ctx.rep.warning(e.where, f"{rtb}: association with subnet {sub} skipped (not in the snapshot)")
            elif text(a, "GatewayId"):
                ctx.rep.warning(e.where, f"{rtb}: edge association with {a['GatewayId']} is not modelled")
        vgws = []
        for gw in id_list(o.get("PropagatingVgws"), "GatewayId"):
            if ctx.has(gw, "vpn-gateway"):
                vgws.append(gw)
            else:
                ctx.rep.warning(e.where, f"{rtb}: propagation from {gw} skipped (not in the snapshot)")
        routes = []
        for i, route in enumerate(list_at(o, "Routes")):
            if isinstance(route, dict):
                mapped = _route(ctx, f"{e.where}.Routes[{i}]", route, vgws)
                if mapped is not None:
                    routes.append(mapped)
        ctx.add(RouteTable, e.where, {"id": rtb, **name_and_tags(o, ctx, rtb), "vpc": vpc, "main": main,
                                      "subnets": subnets, "routes": routes, "propagating_gateways": vgws})


def _route(ctx: Ctx, where: str, r: dict[str, Any], vgws: list[str]) -> dict[str, Any] | None:
    dest = text(r, "DestinationCidrBlock") or text(r, "DestinationIpv6CidrBlock")
    pl = text(r, "DestinationPrefixListId")
    if r.get("GatewayId") == "local":
        return None  # implicit in the model for every VPC CIDR
    if r.get("Origin") == PROPAGATED and r.get("GatewayId") in vgws:
        return None  # comes back through the VPN's prefixes and the table's propagation flag
    if dest is None and pl is None:
        ctx.rep.warning(where, "skipped: route without a destination")
        return None
    if pl is not None and not ctx.has(pl, "prefix-list"):
        ctx.rep.warning(where, f"placeholder: prefix list {pl} is not in the snapshot; an empty list stands in")
        ctx.add(PrefixList, where, {"id": pl, "name": f"{pl} (not in snapshot)", "managed": True})
    for key in UNSUPPORTED_TARGETS:
        if r.get(key):
            ctx.rep.warning(where, f"skipped route to {dest or pl}: {key} targets are not modelled")
            return None
    target_aws = None
    target = None
    for key, kinds in TARGET_KEYS:
        value = text(r, key)
        if value:
            target_aws = value
            resolved = ctx.resolve(value)
            # An alias may stand for another kind (a NAT gateway's or instance's ENI): any route target will do.
            if resolved is not None and ctx.resources[resolved].kind in (*kinds, *ROUTE_TARGET_KINDS):
                target = resolved
            break
    state = "blackhole" if r.get("State") == "blackhole" else "active"
    if target is None:
        if state != "blackhole":
            ctx.rep.warning(where, f"route to {dest or pl}: target {target_aws or '(none)'} is not in the snapshot; "
                                   "kept as a blackhole route")
        state = "blackhole"
    out: dict[str, Any] = {"target": target, "state": state}
    if pl is not None:
        out["destination_prefix_list"] = pl
    else:
        out["destination"] = dest
    return out
