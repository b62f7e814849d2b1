"""Hybrid and inter-VPC connectivity from CloudFormation: VGW, customer gateways, VPN connections and
their static routes, route propagation, VPC peering, and transit gateways with their parts.

A customer gateway whose VPN connections carry static routes gets an on-premises network holding
those prefixes, so an address there is a host on premises. A transit gateway that keeps AWS's
default route table association/propagation gets that table as an explicit part, since the
model lists route tables explicitly.
"""

from __future__ import annotations

from typing import Any

from .import_context import PLACEHOLDER_NOTE, Ctx
from .import_network import ROUTE_TABLE, SUBNET, VPC
from .result import ResolvedResource

VGW = ("AWS::EC2::VPNGateway",)
CGW = ("AWS::EC2::CustomerGateway",)
VPN = ("AWS::EC2::VPNConnection",)
TGW = ("AWS::EC2::TransitGateway",)
TGW_ATTACHMENTS = (
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayVpcAttachment",
    "AWS::EC2::TransitGatewayPeeringAttachment",
)
TGW_TABLE = ("AWS::EC2::TransitGatewayRouteTable",)


def vpn_gateway(ctx: Ctx, res: ResolvedResource) -> None:
    ctx.add(res, "vpn-gateway", ctx.id_of(res), {"amazon_asn": ctx.number(res, "AmazonSideAsn", 64512)})


def customer_gateway(ctx: Ctx, res: ResolvedResource) -> None:
    ip = ctx.text(res, "IpAddress")
    data: dict[str, Any] = {"ip": ip or "allocated", "bgp_asn": ctx.number(res, "BgpAsn", 65000)}
    if ip is None:
        ctx.rep.warning(ctx.where(res), f"{PLACEHOLDER_NOTE}the device's address is unknown ('allocated')")
    ctx.add(res, "customer-gateway", ctx.id_of(res), data)


def vpn_connection(ctx: Ctx, res: ResolvedResource) -> None:
    p = res.properties
    cgw = ctx.ref(res, "CustomerGatewayId", p.get("CustomerGatewayId"), CGW, "customer-gateway")
    if cgw is None:
        return
    data: dict[str, Any] = {
        "customer_gateway": cgw,
        "static_routes": [],
        "routing": "static" if ctx.flag(res, "StaticRoutesOnly", False) else "bgp",
    }
    if "VpnGatewayId" in p:
        data["vpn_gateway"] = ctx.ref(res, "VpnGatewayId", p["VpnGatewayId"], VGW, "vpn-gateway")
    if "TransitGatewayId" in p:
        data["transit_gateway"] = ctx.ref(res, "TransitGatewayId", p["TransitGatewayId"], TGW, "transit-gateway")
    ctx.add(res, "vpn-connection", ctx.id_of(res), data)
    tgw = ctx.draft(data.get("transit_gateway"), "transit-gateway")
    if tgw is not None:  # AWS creates the VPN attachment of a TGW VPN itself
        att_id = f"{data['transit_gateway']}-{ctx.id_of(res)}"
        tgw["attachments"].append({"id": ctx.safe_id(att_id), "type": "vpn", "vpn_connection": ctx.id_of(res)})


def vpn_connection_route(ctx: Ctx, res: ResolvedResource) -> None:
    vpn = ctx.draft(ctx.ref(res, "VpnConnectionId", res.properties.get("VpnConnectionId"), VPN, "vpn-connection"))
    cidr = ctx.text(res, "DestinationCidrBlock")
    if vpn is None or cidr is None:
        ctx.rep.warning(ctx.where(res), "skipped: the route names no VPN connection of the design or no prefix")
        return
    vpn["static_routes"].append(cidr)
    ctx.used.add((res.stack, res.logical_id))


def route_propagation(ctx: Ctx, res: ResolvedResource) -> None:
    vgw = ctx.ref(res, "VpnGatewayId", res.properties.get("VpnGatewayId"), VGW, "vpn-gateway")
    if vgw is None:
        return
    for value in ctx.items(res, "RouteTableIds"):
        table = ctx.draft(ctx.ref(res, "RouteTableIds", value, ROUTE_TABLE, "route-table"), "route-table")
        if table is not None:
            table.setdefault("propagating_gateways", []).append(vgw)
    ctx.used.add((res.stack, res.logical_id))


def vpc_peering(ctx: Ctx, res: ResolvedResource) -> None:
    p = res.properties
    requester = ctx.ref(res, "VpcId", p.get("VpcId"), VPC, "vpc")
    accepter = ctx.ref(res, "PeerVpcId", p.get("PeerVpcId"), VPC, "vpc")
    if requester is None or accepter is None:
        return
    if "PeerRoleArn" in p:
        ctx.rep.info(ctx.where(res), "cross-account peering: assumed accepted (status active)")
    ctx.add(res, "vpc-peering", ctx.id_of(res), {"requester_vpc": requester, "accepter_vpc": accepter})


def transit_gateway(ctx: Ctx, res: ResolvedResource) -> None:
    rid = ctx.id_of(res)
    data: dict[str, Any] = {
        "region": ctx.region(res),
        "amazon_asn": ctx.number(res, "AmazonSideAsn", 64512),
        "attachments": [],
        "route_tables": [],
    }
    if description := ctx.text(res, "Description"):
        data["description"] = description
    draft = ctx.add(res, "transit-gateway", rid, data)
    auto_associate = (ctx.text(res, "DefaultRouteTableAssociation") or "enable") == "enable"
    auto_propagate = (ctx.text(res, "DefaultRouteTablePropagation") or "enable") == "enable"
    if auto_associate or auto_propagate:
        table_id = ctx.safe_id(f"{rid}-default-route-table")
        draft["route_tables"].append(
            {"id": table_id, "name": "default route table", "routes": [], "associations": [], "propagations": []}
        )
        draft["_default_table"] = (table_id, auto_associate, auto_propagate)
        ctx.rep.info(
            ctx.where(res),
            f"added AWS's default route table of {rid} as {table_id!r} "
            "(attachments associate/propagate to it automatically)",
        )


def _tgw_of(ctx: Ctx, res: ResolvedResource) -> dict[str, Any] | None:
    return ctx.draft(
        ctx.ref(res, "TransitGatewayId", res.properties.get("TransitGatewayId"), TGW, "transit-gateway"),
        "transit-gateway",
    )


def tgw_attachment(ctx: Ctx, res: ResolvedResource) -> None:
    tgw = _tgw_of(ctx, res)
    if tgw is None:
        ctx.rep.warning(ctx.where(res), "skipped: the attachment's transit gateway is not in the design")
        return
    att_id = ctx.id_of(res)
    att: dict[str, Any] = {"id": att_id}
    if res.type.endswith("PeeringAttachment"):
        peer = ctx.ref(res, "PeerTransitGatewayId", res.properties.get("PeerTransitGatewayId"), TGW, "transit-gateway")
        if peer is None:
            return
        att.update(type="peering", peer_transit_gateway=peer)
    else:
        vpc = ctx.ref(res, "VpcId", res.properties.get("VpcId"), VPC, "vpc")
        subnets = [
            s for s in (ctx.ref(res, "SubnetIds", v, SUBNET, "subnet") for v in ctx.items(res, "SubnetIds")) if s
        ]
        if vpc is None:
            return
        options = res.properties.get("Options") or {}
        att.update(
            type="vpc",
            vpc=vpc,
            subnets=subnets,
            security_group_referencing=str(ctx.concrete(options.get("SecurityGroupReferencingSupport"))) == "enable",
        )
    tgw["attachments"].append(att)
    ctx.ids[(res.stack, res.logical_id)] = att_id
    ctx.used.add((res.stack, res.logical_id))


def tgw_route_table(ctx: Ctx, res: ResolvedResource) -> None:
    tgw = _tgw_of(ctx, res)
    if tgw is None:
        ctx.rep.warning(ctx.where(res), "skipped: the route table's transit gateway is not in the design")
        return
    tgw["route_tables"].append(
        {
            "id": ctx.id_of(res),
            "name": ctx.name_and_tags(res)["name"],
            "routes": [],
            "associations": [],
            "propagations": [],
        }
    )
    tgw.setdefault("_tables", {})[ctx.id_of(res)] = len(tgw["route_tables"]) - 1
    ctx.used.add((res.stack, res.logical_id))


def _table(ctx: Ctx, res: ResolvedResource) -> dict[str, Any] | None:
    target = ctx.target(res.properties.get("TransitGatewayRouteTableId"))
    if target is None or target.type not in TGW_TABLE:
        return None
    table_id = ctx.id_of(target)
    for draft in ctx.drafts.values():
        if draft["kind"] == "transit-gateway" and table_id in draft.get("_tables", {}):
            return draft["route_tables"][draft["_tables"][table_id]]  # type: ignore[no-any-return]
    return None


def _attachment_id(ctx: Ctx, res: ResolvedResource) -> str | None:
    target = ctx.target(res.properties.get("TransitGatewayAttachmentId"))
    if target is None or target.type not in TGW_ATTACHMENTS:
        return None
    return ctx.id_of(target)


def tgw_link(ctx: Ctx, res: ResolvedResource) -> None:
    table, att = _table(ctx, res), _attachment_id(ctx, res)
    if table is None or att is None:
        ctx.rep.warning(ctx.where(res), "skipped: names no transit gateway route table and attachment of the design")
        return
    table["associations" if res.type.endswith("Association") else "propagations"].append(att)
    ctx.used.add((res.stack, res.logical_id))


def tgw_route(ctx: Ctx, res: ResolvedResource) -> None:
    table = _table(ctx, res)
    cidr = ctx.text(res, "DestinationCidrBlock")
    if table is None or cidr is None:
        ctx.rep.warning(ctx.where(res), "skipped: the route names no route table of the design or no destination")
        return
    if ctx.flag(res, "Blackhole", False):
        table["routes"].append({"destination": cidr, "blackhole": True})
    else:
        att = _attachment_id(ctx, res)
        if att is None:
            ctx.rep.warning(ctx.where(res), "skipped: the route's attachment is not in the design")
            return
        table["routes"].append({"destination": cidr, "attachment": att})
    ctx.used.add((res.stack, res.logical_id))


def finish_transit_gateways(ctx: Ctx) -> None:
    """Attachments that keep AWS's defaults associate with / propagate to the default route table."""
    for draft in ctx.drafts.values():
        default = draft.pop("_default_table", None)
        draft.pop("_tables", None)
        if draft["kind"] != "transit-gateway" or default is None:
            continue
        table_id, associate, propagate = default
        table = next(t for t in draft["route_tables"] if t["id"] == table_id)
        associated = {a for t in draft["route_tables"] for a in t["associations"]}
        for att in draft["attachments"]:
            if associate and att["id"] not in associated:
                table["associations"].append(att["id"])
            if propagate and att["id"] not in table["propagations"]:
                table["propagations"].append(att["id"])


def on_premises_networks(ctx: Ctx) -> None:
    """Customer gateways get the network behind them: the prefixes of their VPN static routes."""
    for cgw in [d for d in ctx.drafts.values() if d["kind"] == "customer-gateway"]:
        if cgw.get("on_premises") or ctx.stack_of.get(cgw["id"]) in ctx.exported_stacks:
            continue  # the exporter's Metadata says exactly which network (or none) is behind it
        prefixes: list[str] = []
        for vpn in ctx.drafts.values():
            if vpn["kind"] == "vpn-connection" and vpn["customer_gateway"] == cgw["id"]:
                prefixes += [p for p in vpn.get("static_routes", []) if p not in prefixes]
        where = ctx.where_of.get(cgw["id"], "")
        if not prefixes:
            ctx.rep.info(
                where,
                f"{cgw['id']}: no VPN static routes, so the network behind it is unknown "
                "(no on-premises network added)",
            )
            continue
        rid = ctx.safe_id(f"{cgw['id']}-network")
        ctx.add(
            None,
            "on-premises",
            rid,
            {
                "name": rid,
                "site": "data-center",
                "cidrs": prefixes,
                "description": f"The network behind customer gateway {cgw['id']} (its VPN static routes)",
            },
            where,
        )
        cgw["on_premises"] = rid
        ctx.rep.info(where, f"mapped: on-premises network {rid!r} behind {cgw['id']} holds {', '.join(prefixes)}")


HANDLERS = {
    "AWS::EC2::VPNGateway": vpn_gateway,
    "AWS::EC2::CustomerGateway": customer_gateway,
    "AWS::EC2::VPNConnection": vpn_connection,
    "AWS::EC2::VPNConnectionRoute": vpn_connection_route,
    "AWS::EC2::VPNGatewayRoutePropagation": route_propagation,
    "AWS::EC2::VPCPeeringConnection": vpc_peering,
    "AWS::EC2::TransitGateway": transit_gateway,
    "AWS::EC2::TransitGatewayAttachment": tgw_attachment,
    "AWS::EC2::TransitGatewayVpcAttachment": tgw_attachment,
    "AWS::EC2::TransitGatewayPeeringAttachment": tgw_attachment,
    "AWS::EC2::TransitGatewayRouteTable": tgw_route_table,
    "AWS::EC2::TransitGatewayRouteTableAssociation": tgw_link,
    "AWS::EC2::TransitGatewayRouteTablePropagation": tgw_link,
    "AWS::EC2::TransitGatewayRoute": tgw_route,
}
