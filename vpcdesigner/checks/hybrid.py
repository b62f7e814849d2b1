"""Peering, VPN, Direct Connect, transit gateways and on-premises networks."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.hybrid import TransitGateway, VpnGateway
from ..model.network import Vpc
from .context import Context, contains_ip, overlap
from .problem import Problem
from .registry import check, declare, problem

F = "hybrid"
PEERING_OVERLAP = declare(F, "PEERING_OVERLAP", "error", "A peering joins two VPCs whose IPv4 blocks overlap.")
PEERING_SAME_VPC = declare(F, "PEERING_SAME_VPC", "error", "A peering joins a VPC to itself.")
PEERING_DUPLICATE = declare(F, "PEERING_DUPLICATE", "error", "Two peerings join the same two VPCs.")
VPN_GATEWAY_CHOICE = declare(F, "VPN_GATEWAY_CHOICE", "error",
                             "A VPN connection must end on exactly one virtual private gateway or transit gateway.")
VPN_STATIC_WITHOUT_ROUTES = declare(F, "VPN_STATIC_WITHOUT_ROUTES", "warning",
                                    "A statically routed VPN lists no on-premises prefixes, so nothing uses it.")
VIF_GATEWAY_CHOICE = declare(F, "VIF_GATEWAY_CHOICE", "error",
                             "A private virtual interface needs exactly one VGW or Direct Connect gateway.")
DXGW_OVERLAP = declare(F, "DXGW_OVERLAP", "error", "VPCs behind one Direct Connect gateway overlap.")
ONPREM_OVERLAPS_VPC = declare(F, "ONPREM_OVERLAPS_VPC", "warning",
                              "An on-premises network overlaps a VPC block (the VPC's local route wins).")
ONPREM_HOST_OUTSIDE = declare(F, "ONPREM_HOST_OUTSIDE", "error", "An on-premises host is outside its network's CIDRs.")
TGW_ATTACHMENT_INVALID = declare(F, "TGW_ATTACHMENT_INVALID", "error",
                                 "A transit gateway VPC attachment lacks its VPC, is in another Region, uses another "
                                 "VPC's subnet, or two subnets in one AZ.")
TGW_UNKNOWN_ATTACHMENT = declare(F, "TGW_UNKNOWN_ATTACHMENT", "error",
                                 "A transit gateway route table names an attachment the gateway does not have.")
TGW_ATTACHMENT_UNASSOCIATED = declare(F, "TGW_ATTACHMENT_UNASSOCIATED", "warning",
                                      "A transit gateway attachment is associated with no route table.")
TGW_MULTIPLE_ASSOCIATIONS = declare(F, "TGW_MULTIPLE_ASSOCIATIONS", "error",
                                    "A transit gateway attachment is associated with more than one route table.")


def _blocks(vpc: Vpc) -> tuple[str, ...]:
    return vpc.all_cidrs


def _first_overlap(a: Vpc, b: Vpc) -> tuple[str, str] | None:
    for x in _blocks(a):
        for y in _blocks(b):
            if overlap(x, y):
                return x, y
    return None


@check(F)
def check_peering(ctx: Context) -> Iterator[Problem]:
    pairs: dict[frozenset[str], str] = {}
    for p in ctx.kind("vpc-peering"):
        if p.requester_vpc == p.accepter_vpc:
            yield problem(PEERING_SAME_VPC, p.id, f"{p.display_name} joins {p.requester_vpc} to itself.",
                          "accepter_vpc")
            continue
        key = frozenset((p.requester_vpc, p.accepter_vpc))
        if key in pairs:
            yield problem(PEERING_DUPLICATE, p.id, f"{p.display_name}: {pairs[key]} already joins these two VPCs.")
        pairs.setdefault(key, p.id)
        a, b = ctx.vpc(p.requester_vpc), ctx.vpc(p.accepter_vpc)
        if a and b:
            hit = _first_overlap(a, b)
            if hit:
                yield problem(PEERING_OVERLAP, p.id, f"{p.display_name}: {a.display_name} ({hit[0]}) and "
                              f"{b.display_name} ({hit[1]}) overlap; AWS cannot peer overlapping VPCs.")


@check(F)
def check_vpn_and_dx(ctx: Context) -> Iterator[Problem]:
    for vpn in ctx.kind("vpn-connection"):
        if (vpn.vpn_gateway is None) == (vpn.transit_gateway is None):
            yield problem(VPN_GATEWAY_CHOICE, vpn.id, f"{vpn.display_name} must end on exactly one virtual private "
                          "gateway or transit gateway.", "vpn_gateway")
        if vpn.routing == "static" and not vpn.static_routes:
            yield problem(VPN_STATIC_WITHOUT_ROUTES, vpn.id, f"{vpn.display_name} uses static routing but lists no "
                          "on-premises prefixes: AWS sends nothing into it.", "static_routes")
    for dx in ctx.kind("direct-connect"):
        for i, vif in enumerate(dx.virtual_interfaces):
            if vif.type == "public":
                continue
            bad = ((vif.vpn_gateway is None) == (vif.direct_connect_gateway is None)) if vif.type == "private" \
                else vif.direct_connect_gateway is None or vif.vpn_gateway is not None
            if bad:
                need = "one virtual private gateway or Direct Connect gateway" if vif.type == "private" \
                    else "a Direct Connect gateway"
                yield problem(VIF_GATEWAY_CHOICE, dx.id, f"{dx.display_name}: {vif.type} virtual interface "
                              f"{vif.id} needs exactly {need}.", f"virtual_interfaces[{i}]")
    for dxgw in ctx.kind("direct-connect-gateway"):
        vpcs: list[Vpc] = []
        for vgw_id in dxgw.vpn_gateways:
            vgw = ctx.res.get(vgw_id)
            vpc = ctx.vpc(vgw.vpc) if isinstance(vgw, VpnGateway) else None
            if vpc is not None:
                vpcs.append(vpc)
        for i, a in enumerate(vpcs):
            for b in vpcs[i + 1:]:
                hit = _first_overlap(a, b)
                if hit:
                    yield problem(DXGW_OVERLAP, dxgw.id, f"{dxgw.display_name}: {a.display_name} ({hit[0]}) and "
                                  f"{b.display_name} ({hit[1]}) overlap; VPCs behind one Direct Connect gateway "
                                  "must not.", "vpn_gateways")


def connected_vpcs(ctx: Context) -> dict[str, set[str]]:
    """site id -> VPC ids it reaches over a VPN or Direct Connect (through a VGW, DX gateway or TGW)."""
    def vgw_vpc(vgw_id: str | None) -> set[str]:
        vgw = ctx.res.get(vgw_id or "")
        return {vgw.vpc} if isinstance(vgw, VpnGateway) and vgw.vpc else set()

    def tgw_vpcs(tgw_id: str | None) -> set[str]:
        tgw = ctx.res.get(tgw_id or "")
        return {a.vpc for a in tgw.attachments if a.vpc} if isinstance(tgw, TransitGateway) else set()

    out: dict[str, set[str]] = {}
    for vpn in ctx.kind("vpn-connection"):
        cgw = ctx.res.get(vpn.customer_gateway)
        site = getattr(cgw, "on_premises", None)
        if site:
            out.setdefault(site, set()).update(vgw_vpc(vpn.vpn_gateway) | tgw_vpcs(vpn.transit_gateway))
    for dx in ctx.kind("direct-connect"):
        reached = out.setdefault(dx.on_premises, set())
        for vif in dx.virtual_interfaces:
            reached.update(vgw_vpc(vif.vpn_gateway))
            dxgw = ctx.res.get(vif.direct_connect_gateway or "")
            if dxgw is not None:
                for vgw_id in dxgw.vpn_gateways:
                    reached.update(vgw_vpc(vgw_id))
                for tgw_id in dxgw.transit_gateways:
                    reached.update(tgw_vpcs(tgw_id))
    return out


@check(F)
def check_on_premises(ctx: Context) -> Iterator[Problem]:
    reach = connected_vpcs(ctx)
    for site in ctx.kind("on-premises"):
        vpcs = [v for v in (ctx.vpc(vid) for vid in sorted(reach.get(site.id, ()))) if v is not None]
        for i, cidr in enumerate(site.cidrs):
            for vpc in vpcs:
                block = next((b for b in vpc.all_cidrs if overlap(b, cidr)), None)
                if block:
                    yield problem(ONPREM_OVERLAPS_VPC, site.id, f"{site.display_name}: {cidr} overlaps "
                                  f"{vpc.display_name}'s block {block}; the VPC will never route there.",
                                  f"cidrs[{i}]")
        if site.cidrs:
            for i, host in enumerate(site.hosts):
                if not any(contains_ip(c, host.ip) for c in site.cidrs):
                    yield problem(ONPREM_HOST_OUTSIDE, site.id, f"{site.display_name}: host {host.name} ({host.ip}) "
                                  f"is outside the network's blocks ({', '.join(site.cidrs)}).", f"hosts[{i}].ip")


@check(F)
def check_transit_gateways(ctx: Context) -> Iterator[Problem]:
    for tgw in ctx.kind("transit-gateway"):
        yield from _tgw(ctx, tgw)


def _tgw(ctx: Context, tgw: TransitGateway) -> Iterator[Problem]:
    ids = {a.id for a in tgw.attachments}
    for i, att in enumerate(tgw.attachments):
        field = f"attachments[{i}]"
        if att.type == "vpc":
            if att.vpc is None:
                yield problem(TGW_ATTACHMENT_INVALID, tgw.id, f"{tgw.display_name}: VPC attachment {att.id} names "
                              "no VPC.", field)
            vpc = ctx.vpc(att.vpc)
            if vpc is not None and vpc.region != tgw.region:
                yield problem(TGW_ATTACHMENT_INVALID, tgw.id, f"{tgw.display_name} is in {tgw.region} but "
                              f"attachment {att.id} joins {vpc.display_name} in {vpc.region}; a transit gateway "
                              "attaches VPCs of its own Region (use transit gateway peering).", field)
            azs: set[str] = set()
            for sid in att.subnets:
                s = ctx.subnet(sid)
                if s is None:
                    continue
                if att.vpc and s.vpc != att.vpc:
                    yield problem(TGW_ATTACHMENT_INVALID, tgw.id, f"{tgw.display_name}: attachment {att.id} uses "
                                  f"subnet {sid} of {s.vpc}, not of {att.vpc}.", field)
                if s.availability_zone in azs:
                    yield problem(TGW_ATTACHMENT_INVALID, tgw.id, f"{tgw.display_name}: attachment {att.id} has two "
                                  f"subnets in {s.availability_zone}; use one per AZ.", field)
                azs.add(s.availability_zone)
    associated: dict[str, str] = {}
    for j, table in enumerate(tgw.route_tables):
        named = [(f"route_tables[{j}].routes[{k}]", r.attachment) for k, r in enumerate(table.routes)]
        named += [(f"route_tables[{j}].associations[{k}]", a) for k, a in enumerate(table.associations)]
        named += [(f"route_tables[{j}].propagations[{k}]", a) for k, a in enumerate(table.propagations)]
        for field, att_id in named:
            if att_id is not None and att_id not in ids:
                yield problem(TGW_UNKNOWN_ATTACHMENT, tgw.id, f"{tgw.display_name}: route table "
                              f"{table.name or table.id} names attachment {att_id!r}, which this transit gateway "
                              "does not have.", field)
        for k, att_id in enumerate(table.associations):
            if att_id in associated:
                yield problem(TGW_MULTIPLE_ASSOCIATIONS, tgw.id, f"{tgw.display_name}: attachment {att_id} is "
                              f"associated with {associated[att_id]} and {table.id}; it can use only one.",
                              f"route_tables[{j}].associations[{k}]")
            associated.setdefault(att_id, table.id)
    for i, att in enumerate(tgw.attachments):
        if att.id not in associated:
            yield problem(TGW_ATTACHMENT_UNASSOCIATED, tgw.id, f"{tgw.display_name}: attachment {att.id} is "
                          "associated with no route table, so traffic from it is dropped.", f"attachments[{i}]")
