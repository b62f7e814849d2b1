"""On-premises routes a virtual private gateway learns: VPN static routes / BGP prefixes and
Direct Connect private virtual interfaces (Direct Connect preferred, then VPN static, then BGP)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import CustomerGateway, DirectConnect, DirectConnectGateway, OnPremises, VpnConnection
from .addr import cidr_range

if TYPE_CHECKING:
    from .topology import Topology


@dataclass
class GatewayRoute:
    """A prefix a VGW (or TGW) can send on-premises, with how it learned it."""

    first: int
    last: int
    prefixlen: int
    preference: int  # lower wins: 0 Direct Connect, 1 VPN static, 2 VPN BGP
    via_kind: str  # direct-connect | vpn-connection
    via: str
    site: str | None
    cidr: str


def site_of_cgw(t: Topology, cgw_id: str | None) -> OnPremises | None:
    cgw = t.res.get(cgw_id or "")
    if isinstance(cgw, CustomerGateway):
        site = t.res.get(cgw.on_premises or "")
        return site if isinstance(site, OnPremises) else None
    return None


def vpn_prefixes(t: Topology, vpn: VpnConnection) -> tuple[tuple[str, ...], int, OnPremises | None]:
    """On-prem prefixes a VPN carries: its static routes / BGP prefixes, else its site's CIDRs."""
    site = site_of_cgw(t, vpn.customer_gateway)
    listed = vpn.static_routes if vpn.routing == "static" else vpn.bgp_prefixes
    return (listed or (site.cidrs if site else ())), (1 if vpn.routing == "static" else 2), site


def add_gateway_routes(t: Topology) -> None:
    res = t.res
    for r in sorted(res.values(), key=lambda r: r.id):
        if isinstance(r, VpnConnection) and r.vpn_gateway:
            prefixes, pref, site = vpn_prefixes(t, r)
            for cidr in prefixes:
                _gw_route(t, r.vpn_gateway, cidr, pref, "vpn-connection", r.id, site.id if site else None)
            if site:
                t.site_links.setdefault(site.id, []).append((1, "vpn-connection", r.id, r.vpn_gateway))
        elif isinstance(r, DirectConnect):
            site = res.get(r.on_premises)
            site_cidrs = site.cidrs if isinstance(site, OnPremises) else ()
            for vif in r.virtual_interfaces:
                if vif.type != "private":
                    continue
                vgws = [vif.vpn_gateway] if vif.vpn_gateway else []
                dxgw = res.get(vif.direct_connect_gateway or "")
                if isinstance(dxgw, DirectConnectGateway):
                    vgws += list(dxgw.vpn_gateways)
                for vgw in vgws:
                    for cidr in vif.advertised_prefixes or site_cidrs:
                        _gw_route(t, vgw, cidr, 0, "direct-connect", r.id, r.on_premises)
                    t.site_links.setdefault(r.on_premises, []).append((0, "direct-connect", r.id, vgw))
    for routes in t.vgw_routes.values():
        routes.sort(key=lambda g: (-g.prefixlen, g.preference, g.via))
    for links in t.site_links.values():
        links.sort()


def _gw_route(t: Topology, vgw: str, cidr: str, pref: int, kind: str, via: str, site: str | None) -> None:
    rng = cidr_range(cidr)
    if rng is not None:
        t.vgw_routes.setdefault(vgw, []).append(GatewayRoute(rng[0], rng[1], rng[2], pref, kind, via, site, cidr))
