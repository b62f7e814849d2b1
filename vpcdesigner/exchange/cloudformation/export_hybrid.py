"""Hybrid and inter-VPC connectivity: VGW, customer gateways, VPN, peering, transit gateways.

Direct Connect connections, virtual interfaces and Direct Connect gateways have no
CloudFormation resource types; they travel whole in Metadata (see export.py).
"""

from __future__ import annotations

from typing import Any

from vpcdesigner.model import (
    ALLOCATED,
    CustomerGateway,
    TransitGateway,
    Vpc,
    VpcPeering,
    VpnConnection,
    VpnGateway,
)

from .export_context import Context, ref

PLACEHOLDER_CGW_IP = "192.0.2.1"  # TEST-NET-1 (RFC 5737)


def export_vpn_gateway(ctx: Context, vgw: VpnGateway) -> None:
    lid = ctx.add(ctx.logical(vgw.id), "AWS::EC2::VPNGateway",
                  {"Type": "ipsec.1", "AmazonSideAsn": vgw.amazon_asn, "Tags": ctx.tags(vgw)})
    if vgw.vpc and ctx.ref_to(vgw.vpc):
        ctx.attachment_of[vgw.id] = ctx.add(ctx.helper(lid, "Attachment"), "AWS::EC2::VPCGatewayAttachment",
                                            {"VpcId": ctx.ref_to(vgw.vpc), "VpnGatewayId": ref(lid)})
    ctx.keep_description(vgw)


def export_customer_gateway(ctx: Context, cgw: CustomerGateway) -> None:
    """The device's public address is a parameter (defaulting to the design's address)."""
    lid = ctx.logical(cgw.id)
    param = ctx.helper(lid, "IpAddress")
    spec: dict[str, Any] = {"Type": "String", "Description": f"Public IPv4 address of {cgw.display_name}",
                            "AllowedPattern": r"^(\d{1,3}\.){3}\d{1,3}$"}
    if cgw.ip != ALLOCATED:
        spec["Default"] = cgw.ip
    else:  # a documentation address keeps the template deployable until the real one is known
        spec["Default"] = PLACEHOLDER_CGW_IP
        spec["Description"] += " (placeholder: the design has no address for this device yet)"
        ctx.extra(cgw, "ip")
        ctx.warnings.append(f"parameter {param}: {cgw.display_name} has no public address yet; "
                            f"the default {PLACEHOLDER_CGW_IP} is a placeholder")
    ip = ctx.parameter(param, spec)
    ctx.add(lid, "AWS::EC2::CustomerGateway",
            {"Type": "ipsec.1", "BgpAsn": cgw.bgp_asn, "IpAddress": ip, "Tags": ctx.tags(cgw)})
    if cgw.on_premises is not None:
        ctx.extra(cgw, "on_premises")  # the network behind the device is not an AWS resource
    ctx.keep_description(cgw)


def export_vpn_connection(ctx: Context, vpn: VpnConnection) -> None:
    lid = ctx.logical(vpn.id)
    vgw, tgw = ctx.ref_to(vpn.vpn_gateway), ctx.ref_to(vpn.transit_gateway)
    ctx.add(lid, "AWS::EC2::VPNConnection", {
        "Type": "ipsec.1",
        "CustomerGatewayId": ctx.ref_to(vpn.customer_gateway),
        "VpnGatewayId": vgw,
        "TransitGatewayId": tgw if vgw is None else None,
        "StaticRoutesOnly": vpn.routing == "static",
        "Tags": ctx.tags(vpn),
    })
    if vgw is not None and tgw is not None:
        ctx.extra(vpn, "transit_gateway")
    if vgw is not None and vpn.routing == "static":
        for index, cidr in enumerate(vpn.static_routes, start=1):
            ctx.add(ctx.helper(lid, f"Route{index}"), "AWS::EC2::VPNConnectionRoute",
                    {"VpnConnectionId": ref(lid), "DestinationCidrBlock": cidr})
    elif vpn.static_routes:
        ctx.extra(vpn, "static_routes")  # transit gateway VPNs route in TGW route tables instead
    if vpn.bgp_prefixes:
        ctx.extra(vpn, "bgp_prefixes")  # what the customer device advertises is not in AWS
    ctx.keep_description(vpn)


def export_vpc_peering(ctx: Context, peering: VpcPeering) -> None:
    accepter = ctx.design.get(peering.accepter_vpc)
    requester = ctx.design.get(peering.requester_vpc)
    peer_region = None
    if isinstance(accepter, Vpc) and isinstance(requester, Vpc) and accepter.region != requester.region:
        peer_region = accepter.region
    ctx.add(ctx.logical(peering.id), "AWS::EC2::VPCPeeringConnection", {
        "VpcId": ctx.ref_to(peering.requester_vpc),
        "PeerVpcId": ctx.ref_to(peering.accepter_vpc),
        "PeerRegion": peer_region,
        "Tags": ctx.tags(peering),
    })
    if peering.status != "active":
        ctx.extra(peering, "status")
    if peering.allow_dns_resolution:
        ctx.extra(peering, "allow_dns_resolution")  # peering options have no CloudFormation property
    ctx.keep_description(peering)


def export_transit_gateway(ctx: Context, tgw: TransitGateway) -> None:
    lid = ctx.logical(tgw.id)
    description = tgw.description if len(tgw.description) <= 255 else None
    ctx.add(lid, "AWS::EC2::TransitGateway", {
        "AmazonSideAsn": tgw.amazon_asn,
        "Description": description or None,
        "DefaultRouteTableAssociation": "disable",  # the design lists associations explicitly
        "DefaultRouteTablePropagation": "disable",
        "Tags": ctx.tags(tgw),
    })
    if tgw.description and description is None:
        ctx.extra(tgw, "description")
    if tgw.region != TransitGateway.model_fields["region"].default:
        ctx.extra(tgw, "region")
    exact = True
    for att in tgw.attachments:
        att_lid = ctx.logical(att.id)
        if att.type == "vpc" and ctx.ref_to(att.vpc) is not None and att.subnets:
            ctx.add(att_lid, "AWS::EC2::TransitGatewayVpcAttachment", {
                "TransitGatewayId": ref(lid),
                "VpcId": ctx.ref_to(att.vpc),
                "SubnetIds": [ctx.ref_to(s) for s in att.subnets],
                "Options": {"SecurityGroupReferencingSupport": "enable"} if att.security_group_referencing else None,
            })
            ctx.tgw_attachment_of.setdefault((tgw.id, att.vpc or ""), att_lid)
        elif att.type == "peering" and ctx.ref_to(att.peer_transit_gateway) is not None:
            peer = ctx.design.get(att.peer_transit_gateway or "")
            ctx.add(att_lid, "AWS::EC2::TransitGatewayPeeringAttachment", {
                "TransitGatewayId": ref(lid),
                "PeerTransitGatewayId": ctx.ref_to(att.peer_transit_gateway),
                "PeerAccountId": {"Ref": "AWS::AccountId"},
                "PeerRegion": getattr(peer, "region", None) or {"Ref": "AWS::Region"},
            })
        else:
            exact = False  # VPN and Direct Connect gateway attachments are made by other services
    for table in tgw.route_tables:
        table_lid = ctx.add(ctx.logical(table.id), "AWS::EC2::TransitGatewayRouteTable", {
            "TransitGatewayId": ref(lid),
            "Tags": [{"Key": "Name", "Value": table.name}] if table.name else None,
        })
        for index, route in enumerate(table.routes, start=1):
            attachment = None
            if route.attachment and _emitted(ctx, route.attachment):
                attachment = ref(ctx.logical(route.attachment))
            if not route.blackhole and attachment is None:
                exact = False
                continue
            ctx.add(ctx.helper(table_lid, f"Route{index}"), "AWS::EC2::TransitGatewayRoute", {
                "TransitGatewayRouteTableId": ref(table_lid),
                "DestinationCidrBlock": route.destination,
                "Blackhole": True if route.blackhole else None,
                "TransitGatewayAttachmentId": None if route.blackhole else attachment,
            })
            exact = exact and not (route.blackhole and route.attachment)
        links = (("Association", "AWS::EC2::TransitGatewayRouteTableAssociation", table.associations),
                 ("Propagation", "AWS::EC2::TransitGatewayRouteTablePropagation", table.propagations))
        for word, cfn_type, ids in links:
            for att_id in ids:
                if not _emitted(ctx, att_id):
                    exact = False
                    continue
                ctx.add(ctx.helper(table_lid, f"{ctx.logical(att_id)}{word}"), cfn_type, {
                    "TransitGatewayAttachmentId": ref(ctx.logical(att_id)),
                    "TransitGatewayRouteTableId": ref(table_lid),
                })
    if not exact:
        ctx.extra(tgw, "attachments", "route_tables")


def _emitted(ctx: Context, design_id: str | None) -> bool:
    """Whether a nested part (a TGW attachment) became a resource of the template."""
    lid = ctx.ids.of_design.get(design_id or "")
    return lid is not None and lid in ctx.resources
