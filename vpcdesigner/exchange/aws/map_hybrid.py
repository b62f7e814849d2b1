"""Hybrid and inter-VPC links from describe-*: VGWs, customer gateways (with the on-premises network
behind them), Site-to-Site VPNs, VPC peering and transit gateways."""

from __future__ import annotations

import ipaddress
from typing import Any

from ...model import (
    ALLOCATED,
    CustomerGateway,
    OnPremises,
    TransitGateway,
    Vpc,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)
from .context import Ctx, id_list, known, list_at, name_and_tags, number, obj_at, text

GONE = ("deleted", "deleting", "failed", "rejected", "expired")


def _alive(o: dict[str, Any], key: str = "State") -> bool:
    state = o.get(key)
    if isinstance(state, dict):
        state = state.get("Code") or state.get("Name")
    return state not in GONE


def map_vpn_gateways(ctx: Ctx) -> None:
    for e in ctx.entries("VpnGateways"):
        vgw = text(e.obj, "VpnGatewayId")
        if vgw is None or not _alive(e.obj):
            ctx.rep.info(e.where, f"skipped VPN gateway {vgw}: state {e.obj.get('State')}")
            continue
        vpc = None
        for a in list_at(e.obj, "VpcAttachments"):
            if isinstance(a, dict) and a.get("State") in ("attached", "attaching"):
                vpc = text(a, "VpcId")
        if vpc is not None and not ctx.has(vpc, "vpc"):
            ctx.rep.warning(e.where, f"{vgw}: attached VPC {vpc} is not in the snapshot; imported detached")
            vpc = None
        asn = number(e.obj.get("AmazonSideAsn")) or 64512
        ctx.add(VpnGateway, e.where, {"id": vgw, **name_and_tags(e.obj, ctx, vgw), "vpc": vpc, "amazon_asn": asn})


def _live_vpns(ctx: Ctx, report: bool = True) -> list[Any]:
    out = []
    for e in ctx.entries("VpnConnections"):
        if text(e.obj, "VpnConnectionId") and _alive(e.obj):
            out.append(e)
        elif report:
            ctx.rep.info(e.where, f"skipped VPN {e.obj.get('VpnConnectionId')}: state {e.obj.get('State')}")
    return out


def _static_routes(o: dict[str, Any]) -> list[str]:
    return [r["DestinationCidrBlock"] for r in list_at(o, "Routes")
            if isinstance(r, dict) and isinstance(r.get("DestinationCidrBlock"), str) and _alive(r)]


def _bgp_prefixes(ctx: Ctx, o: dict[str, Any]) -> list[str]:
    static_only = obj_at(o, "Options").get("StaticRoutesOnly") is True
    vgw = text(o, "VpnGatewayId")
    return [] if static_only or vgw is None else list(ctx.propagated.get(vgw, []))


def map_customer_gateways(ctx: Ctx) -> None:
    """Each customer gateway with a live VPN also becomes an on-premises network holding the VPN's
    prefixes, so an address there is a host on premises."""
    vpns = _live_vpns(ctx, report=False)
    for e in ctx.entries("CustomerGateways"):
        cgw = text(e.obj, "CustomerGatewayId")
        if cgw is None or not _alive(e.obj):
            ctx.rep.info(e.where, f"skipped customer gateway {cgw}: state {e.obj.get('State')}")
            continue
        ip = text(e.obj, "IpAddress")
        if ip is None:
            ctx.rep.warning(e.where, f"placeholder: {cgw} has no IpAddress; marked '{ALLOCATED}'")
            ip = ALLOCATED
        mine = [v.obj for v in vpns if v.obj.get("CustomerGatewayId") == cgw]
        naming = name_and_tags(e.obj, ctx, cgw)
        on_prem = None
        if mine:
            on_prem = f"{cgw}-network"
            cidrs = _on_prem_cidrs(ctx, e.where, mine)
            if ctx.add(OnPremises, e.where, {"id": on_prem, "name": f"{naming['name']} network"[:256],
                                             "site": "data-center", "cidrs": cidrs}) is None:
                on_prem = None
            else:
                ctx.rep.info(e.where, f"mapped {cgw} to customer gateway + on-premises network {on_prem} "
                                      f"holding {', '.join(cidrs) or 'no prefixes yet'}")
        ctx.add(CustomerGateway, e.where, {"id": cgw, **naming, "ip": ip,
                                           "bgp_asn": number(e.obj.get("BgpAsn")) or 65000,
                                           "on_premises": on_prem})


def _on_prem_cidrs(ctx: Ctx, where: str, vpns: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for o in vpns:
        for cidr in _static_routes(o) + _bgp_prefixes(ctx, o):
            try:
                net = ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                continue
            if net.version != 4:
                continue
            if net.prefixlen == 0:
                ctx.rep.info(where, "the VPN carries a default route; it stays a VPN prefix but is not "
                                    "treated as an on-premises address block")
                continue
            if str(net) not in out:
                out.append(str(net))
    return out


def map_vpn_connections(ctx: Ctx) -> None:
    tgws = {text(e.obj, "TransitGatewayId") for e in ctx.entries("TransitGateways") if _alive(e.obj)}
    for e in _live_vpns(ctx):
        o = e.obj
        vpn, cgw = o["VpnConnectionId"], text(o, "CustomerGatewayId")
        if not ctx.has(cgw, "customer-gateway"):
            ctx.rep.warning(e.where, f"skipped VPN {vpn}: customer gateway {cgw} is not in the snapshot")
            continue
        vgw, tgw = text(o, "VpnGatewayId"), text(o, "TransitGatewayId")
        if vgw is not None and not ctx.has(vgw, "vpn-gateway"):
            ctx.rep.warning(e.where, f"{vpn}: VPN gateway {vgw} is not in the snapshot; imported unattached")
            vgw = None
        if tgw is not None and tgw not in tgws:
            ctx.rep.warning(e.where, f"{vpn}: transit gateway {tgw} is not in the snapshot; imported unattached")
            tgw = None
        static = obj_at(o, "Options").get("StaticRoutesOnly") is True
        ctx.add(VpnConnection, e.where, {
            "id": vpn, **name_and_tags(o, ctx, vpn), "customer_gateway": cgw, "vpn_gateway": vgw,
            "transit_gateway": tgw, "routing": "static" if static else "bgp",
            "static_routes": [c for c in _static_routes(o) if ":" not in c],
            "bgp_prefixes": [c for c in _bgp_prefixes(ctx, o) if ":" not in c],
        })
        down = [t for t in list_at(o, "VgwTelemetry") if isinstance(t, dict) and t.get("Status") == "DOWN"]
        if down and len(down) == len(list_at(o, "VgwTelemetry")):
            ctx.rep.info(e.where, f"{vpn}: every tunnel was DOWN when the snapshot was taken; "
                                  "the simulation treats the VPN as up")


def map_peerings(ctx: Ctx) -> None:
    for e in ctx.entries("VpcPeeringConnections"):
        o = e.obj
        pcx = text(o, "VpcPeeringConnectionId")
        code = obj_at(o, "Status").get("Code") if isinstance(o.get("Status"), dict) else o.get("Status")
        if pcx is None or code in GONE:
            ctx.rep.info(e.where, f"skipped peering {pcx}: status {code}")
            continue
        status = "active" if code in ("active", None) else "pending-acceptance"
        sides = []
        for side in ("RequesterVpcInfo", "AccepterVpcInfo"):
            info: dict[str, Any] = o[side] if isinstance(o.get(side), dict) else {}
            sides.append(_peer_vpc(ctx, e.where, pcx, info))
        if None in sides:
            continue
        options = obj_at(obj_at(o, "AccepterVpcInfo"), "PeeringOptions")
        dns = bool(options.get("AllowDnsResolutionFromRemoteVpc"))
        ctx.add(VpcPeering, e.where, {"id": pcx, **name_and_tags(o, ctx, pcx), "requester_vpc": sides[0],
                                      "accepter_vpc": sides[1], "status": status, "allow_dns_resolution": dns})


def _peer_vpc(ctx: Ctx, where: str, pcx: str, info: dict[str, Any]) -> str | None:
    vpc = text(info, "VpcId")
    if vpc is None:
        ctx.rep.warning(where, f"skipped peering {pcx}: a side has no VpcId")
        return None
    if ctx.has(vpc, "vpc"):
        return vpc
    cidr = text(info, "CidrBlock")
    if cidr is None:
        ctx.rep.warning(where, f"skipped peering {pcx}: peer VPC {vpc} is not in the snapshot and has no CIDR")
        return None
    region = text(info, "Region") or ctx.region
    owner = text(info, "OwnerId")
    made = ctx.add(Vpc, where, {"id": vpc, "name": f"{vpc} (outside the snapshot)", "region": region, "cidr": cidr,
                                "description": f"Peer VPC{' of account ' + owner if owner else ''}, known only "
                                               "from the peering connection"})
    if made is None:
        return None
    ctx.rep.warning(where, f"placeholder: peer VPC {vpc} ({cidr}) is not in the snapshot; an empty VPC stands in")
    return vpc


def map_transit_gateways(ctx: Ctx) -> None:
    vpc_subnets = {text(e.obj, "TransitGatewayAttachmentId"): id_list(e.obj.get("SubnetIds"))
                   for e in ctx.entries("TransitGatewayVpcAttachments")}
    attachments: dict[str, list[dict[str, Any]]] = {}
    assoc: dict[str, list[str]] = {}
    for e in ctx.entries("TransitGatewayAttachments") + ctx.entries("TransitGatewayVpcAttachments"):
        att_id, tgw = text(e.obj, "TransitGatewayAttachmentId"), text(e.obj, "TransitGatewayId")
        if att_id is None or tgw is None or any(a["id"] == att_id for a in attachments.get(tgw, [])):
            continue
        if not _alive(e.obj):
            ctx.rep.info(e.where, f"skipped attachment {att_id}: state {e.obj.get('State')}")
            continue
        att = _attachment(ctx, e.where, e.obj, att_id, vpc_subnets.get(att_id, []))
        if att is not None:
            attachments.setdefault(tgw, []).append(att)
            rtb = text(obj_at(e.obj, "Association"), "TransitGatewayRouteTableId")
            if rtb:
                assoc.setdefault(rtb, []).append(att_id)
    for e in ctx.entries("TransitGateways"):
        tgw = text(e.obj, "TransitGatewayId")
        if tgw is None or not _alive(e.obj):
            ctx.rep.info(e.where, f"skipped transit gateway {tgw}: state {e.obj.get('State')}")
            continue
        atts = attachments.get(tgw, [])
        tables = _tgw_tables(ctx, tgw, {a["id"] for a in atts}, assoc)
        options = obj_at(e.obj, "Options")
        ctx.add(TransitGateway, e.where, {
            "id": tgw, **name_and_tags(e.obj, ctx, tgw), "region": ctx.region,
            "amazon_asn": number(options.get("AmazonSideAsn")) or 64512, "attachments": atts, "route_tables": tables,
        })


def _attachment(ctx: Ctx, where: str, o: dict[str, Any], att_id: str, subnets: list[str]) -> dict[str, Any] | None:
    kind = text(o, "ResourceType") or ("vpc" if text(o, "VpcId") else None)
    resource = text(o, "ResourceId") or text(o, "VpcId")
    if kind == "vpc":
        if not ctx.has(resource, "vpc"):
            ctx.rep.warning(where, f"skipped attachment {att_id}: VPC {resource} is not in the snapshot")
            return None
        return {"id": att_id, "type": "vpc", "vpc": resource, "subnets": known(ctx, where, att_id, subnets, "subnet")}
    if kind == "vpn":
        if not ctx.has(resource, "vpn-connection"):
            ctx.rep.warning(where, f"skipped attachment {att_id}: VPN {resource} is not in the snapshot")
            return None
        return {"id": att_id, "type": "vpn", "vpn_connection": resource}
    ctx.rep.warning(where, f"skipped attachment {att_id}: {kind} attachments are not imported yet")
    return None


def _tgw_tables(ctx: Ctx, tgw: str, att_ids: set[str], assoc: dict[str, list[str]]) -> list[dict[str, Any]]:
    props: dict[str, list[str]] = {}
    for e in ctx.entries("TransitGatewayPropagations"):
        rtb = text(e.obj, "TransitGatewayRouteTableId") or ""
        for p in list_at(e.obj, "TransitGatewayRouteTablePropagations"):
            att = text(p, "TransitGatewayAttachmentId")
            if att in att_ids and p.get("State") in ("enabled", None):  # text() found a field: p is an object
                props.setdefault(rtb, []).append(att)
    statics: dict[str, list[dict[str, Any]]] = {}
    for e in ctx.entries("TransitGatewayStaticRoutes"):
        rtb = text(e.obj, "TransitGatewayRouteTableId") or ""
        for i, r in enumerate(list_at(e.obj, "Routes")):
            route = _tgw_route(ctx, f"{e.where}.Routes[{i}]", r, att_ids)
            if route is not None:
                statics.setdefault(rtb, []).append(route)
    tables = []
    for e in ctx.entries("TransitGatewayRouteTables"):
        table_id = text(e.obj, "TransitGatewayRouteTableId")
        if table_id is None or e.obj.get("TransitGatewayId") != tgw or not _alive(e.obj):
            continue
        tables.append({"id": table_id, "name": name_and_tags(e.obj, ctx, table_id)["name"],
                       "routes": statics.get(table_id, []),
                       "associations": [a for a in assoc.get(table_id, []) if a in att_ids],
                       "propagations": props.get(table_id, [])})
    return tables


def _tgw_route(ctx: Ctx, where: str, r: Any, att_ids: set[str]) -> dict[str, Any] | None:
    if not isinstance(r, dict) or r.get("Type") == "propagated" or not _alive(r):
        return None  # propagated routes follow from the propagations
    dest = text(r, "DestinationCidrBlock")
    if dest is None:
        ctx.rep.warning(where, "skipped transit gateway route: no DestinationCidrBlock (prefix lists not modelled)")
        return None
    if r.get("State") == "blackhole":
        return {"destination": dest, "attachment": None, "blackhole": True}
    targets = id_list(r.get("TransitGatewayAttachments"), "TransitGatewayAttachmentId")
    target = next((t for t in targets if t in att_ids), None)
    if target is None:
        ctx.rep.warning(where, f"transit gateway route {dest}: attachment {targets} not imported; kept as blackhole")
        return {"destination": dest, "attachment": None, "blackhole": True}
    return {"destination": dest, "attachment": target}
