"""The simulator's view of a design: who owns which address, effective routes, gateway tables.

Built once per design state from model `derive(design)` (so addresses agree with the canvas) and
cached: the UI traces on every edit, and a trace after the build only does dictionary lookups.
The networkx graph links components by private connectivity (subnet, VPC, peering, gateways).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..model import (
    ALLOCATED,
    Design,
    EgressOnlyInternetGateway,
    HostedZone,
    Instance,
    InternetGateway,
    LoadBalancer,
    NatGateway,
    NetworkAcl,
    NetworkInterface,
    OnPremises,
    PrefixList,
    RouteTable,
    SecurityGroup,
    Subnet,
    TransitGateway,
    Vpc,
    VpcEndpoint,
    VpcPeering,
    VpnConnection,
    VpnGateway,
    derive,
)
from ..model.addressing import vpc_resolver_address
from ..model.derived import Derived
from .addr import cidr6_range, cidr_range, in_any, in_cidr, ip_int, is_v6, lb_node_name, shown_address
from .dns_names import cloudfront_edge_addresses
from .hybrid_routes import GatewayRoute, add_gateway_routes, site_of_cgw
from .standins import standin_ids

EPHEMERAL = {"linux": (32768, 60999), "windows": (49152, 65535), "windows-legacy": (1025, 5000)}
AWS_PORTS = (1024, 65535)  # ports NAT gateways and load balancers pick (semantics §6.3)
# Used when the design has no `com.amazonaws.global.cloudfront.origin-facing` prefix list:
# a representative CloudFront origin-facing block from ip-ranges.json (service CLOUDFRONT).
BUILTIN_CLOUDFRONT_RANGE = "130.176.0.0/17"


@dataclass
class Eni:
    """A network interface: an instance's, a load balancer node's, a NAT gateway's, or a
    hypothetical host's (an address in a subnet nobody owns; its security groups are unknown)."""

    id: str
    component: str
    name: str
    kind: str
    subnet: str
    vpc: str
    az: str
    private_ip: str
    public_ip: str | None
    sgs: list[SecurityGroup] | None
    os: str = "linux"
    source_dest_check: bool = True
    hypothetical: bool = False
    ipv6: str | None = None  # IPv6 addresses are public: no translation at the internet gateway

    def owns(self, addr: str) -> bool:
        return addr == self.private_ip or (self.ipv6 is not None and addr == self.ipv6)


@dataclass
class RouteEntry:
    first: int
    last: int
    prefixlen: int
    origin: str  # local | static | prefix-list | propagated
    target: str | None
    active: bool
    text: str
    v6: bool = False

    @property
    def rank(self) -> int:
        return {"local": 0, "static": 1, "prefix-list": 2, "propagated": 3}[self.origin]


@dataclass
class Topology:
    design: Design
    derived: Derived
    res: dict[str, Any]
    enis: list[Eni] = field(default_factory=list)
    eni_by_private: dict[tuple[str, str], Eni] = field(default_factory=dict)
    eni_by_public: dict[str, Eni] = field(default_factory=dict)
    enis_of_component: dict[str, list[Eni]] = field(default_factory=dict)
    sgs_of: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    sg_by_id: dict[str, SecurityGroup] = field(default_factory=dict)
    routes_of_table: dict[str, list[RouteEntry]] = field(default_factory=dict)
    routes6_of_table: dict[str, list[RouteEntry]] = field(default_factory=dict)  # IPv6 destinations
    eni_by_ipv6: dict[str, Eni] = field(default_factory=dict)
    igw_of_vpc: dict[str, InternetGateway] = field(default_factory=dict)
    eigw_of_vpc: dict[str, EgressOnlyInternetGateway] = field(default_factory=dict)
    vgw_of_vpc: dict[str, VpnGateway] = field(default_factory=dict)
    vgw_routes: dict[str, list[GatewayRoute]] = field(default_factory=dict)
    site_links: dict[str, list[tuple[int, str, str, str]]] = field(default_factory=dict)
    host_by_name: dict[str, tuple[OnPremises, str, str]] = field(default_factory=dict)
    cloudfront_edge: dict[str, str] = field(default_factory=dict)  # distribution → the edge address traced
    cloudfront_by_address: dict[str, str] = field(default_factory=dict)  # every edge address → distribution
    standins: dict[str, str] = field(default_factory=dict)  # see standins.py
    graph: nx.Graph = field(default_factory=nx.Graph)

    # -- lookups -------------------------------------------------------------------------------
    def name(self, rid: str) -> str:
        r = self.res.get(rid) or self.derived.implicit.get(rid)
        if r is None:
            return rid
        return str(getattr(r, "display_name", rid))

    def vpc(self, vpc_id: str) -> Vpc:
        return self.res[vpc_id]  # type: ignore[no-any-return]

    def subnet(self, subnet_id: str) -> Subnet:
        return self.res[subnet_id]  # type: ignore[no-any-return]

    def vpc_cidrs(self, vpc_id: str) -> tuple[str, ...]:
        v = self.res.get(vpc_id)
        return v.all_cidrs if isinstance(v, Vpc) else ()

    def vpc_cidrs_all(self, vpc_id: str) -> tuple[str, ...]:
        """Every known CIDR block of the VPC, IPv4 and (when concrete) IPv6."""
        v = self.res.get(vpc_id)
        if not isinstance(v, Vpc):
            return ()
        return v.all_cidrs + ((v.ipv6_cidr,) if v.ipv6_cidr and v.ipv6_cidr != ALLOCATED else ())

    def in_vpc(self, vpc_id: str, addr: str) -> bool:
        """Inside one of the VPC's blocks; an address of an Amazon-provided (allocated) IPv6 block
        counts when an interface of the VPC owns it."""
        if in_any(addr, self.vpc_cidrs_all(vpc_id)):
            return True
        if is_v6(addr):
            v = self.res.get(vpc_id)
            return isinstance(v, Vpc) and v.ipv6_cidr == ALLOCATED and (vpc_id, addr) in self.eni_by_private
        return False

    def vpc_of_address(self, addr: str) -> str | None:
        for v in self.vpcs:
            if in_any(addr, self.vpc_cidrs_all(v.id) if is_v6(addr) else v.all_cidrs):
                return v.id
        return None

    def subnet_of_address(self, vpc_id: str, addr: str) -> Subnet | None:
        v6 = is_v6(addr)
        for s in self.subnets_of_vpc.get(vpc_id, []):
            cidr = s.ipv6_cidr if v6 else s.cidr
            if cidr and cidr != ALLOCATED and in_cidr(addr, cidr):
                return s
        return None

    def resolver_address(self, vpc_id: str) -> str:
        found = self._resolvers.get(vpc_id)
        if found is None:
            found = self._resolvers[vpc_id] = vpc_resolver_address(self.vpc(vpc_id).cidr)
        return found

    def route_table(self, subnet_id: str) -> RouteTable:
        return self.derived.route_table_of[subnet_id]

    def nacl(self, subnet_id: str) -> NetworkAcl:
        return self.derived.nacl_of[subnet_id]

    def prefix_entries(self, pl_id: str) -> tuple[str, ...]:
        pl = self.res.get(pl_id)
        return pl.entries if isinstance(pl, PrefixList) else ()

    def peering_between(self, a: str, b: str) -> VpcPeering | None:
        for p in self.peerings:
            if {p.requester_vpc, p.accepter_vpc} == {a, b}:
                return p
        return None

    def is_member(self, addr: str, owner: SecurityGroup, ref: str) -> bool:
        """SG references match the *private* addresses of ENIs in the referenced group, when the
        group is in the same VPC or in a VPC peered with it (active, same Region)."""
        group = self.sg_by_id.get(ref)
        if group is None:
            return False
        if ref not in self.sgs_of.get((group.vpc, addr), ()):
            return False
        return self.ref_allowed(owner.vpc, group.vpc)

    def ref_allowed(self, owner_vpc: str, ref_vpc: str) -> bool:
        """May a group in `owner_vpc` reference one in `ref_vpc`? Same VPC; an active same-Region
        peering; or one transit gateway with security group referencing on both VPC attachments."""
        if ref_vpc == owner_vpc:
            return True
        a, b = self.res.get(ref_vpc), self.res.get(owner_vpc)
        if not (isinstance(a, Vpc) and isinstance(b, Vpc) and a.region == b.region):
            return False
        peering = self.peering_between(ref_vpc, owner_vpc)
        if peering is not None and peering.status == "active":
            return True
        for tgw in self.tgws:
            flags = {att.vpc: att.security_group_referencing for att in tgw.attachments if att.type == "vpc"}
            if flags.get(ref_vpc) and flags.get(owner_vpc):
                return True
        return False

    def origin_facing_source(self) -> tuple[str, str]:
        """(address, where it comes from) for CloudFront's origin fetches."""
        for r in self.res.values():
            if isinstance(r, PrefixList) and r.aws_name == "com.amazonaws.global.cloudfront.origin-facing":
                v4 = [e for e in r.entries if ":" not in e]
                if v4:
                    return _host_in(v4[0]), f"prefix list {r.display_name}"
        return _host_in(BUILTIN_CLOUDFRONT_RANGE), f"built-in CloudFront range {BUILTIN_CLOUDFRONT_RANGE}"

    # filled by build()
    vpcs: list[Vpc] = field(default_factory=list)
    subnets_of_vpc: dict[str, list[Subnet]] = field(default_factory=dict)
    peerings: list[VpcPeering] = field(default_factory=list)
    tgws: list[TransitGateway] = field(default_factory=list)
    zones: list[HostedZone] = field(default_factory=list)
    _resolvers: dict[str, str] = field(default_factory=dict)


def _host_in(cidr: str) -> str:
    import ipaddress
    net = ipaddress.IPv4Network(cidr, strict=False)
    return str(net.network_address + 1 if net.num_addresses > 1 else net.network_address)


def _entry(cidr: str, origin: str, target: str | None, active: bool, text: str) -> RouteEntry | None:
    rng = cidr6_range(cidr) if is_v6(cidr) else cidr_range(cidr)
    if rng is None:
        return None
    return RouteEntry(rng[0], rng[1], rng[2], origin, target, active, text, is_v6(cidr))


def build(design: Design) -> Topology:
    """Index the design for tracing (no rule evaluation happens here)."""
    d = derive(design)
    res = design.resources
    t = Topology(design, d, dict(res))
    t.vpcs = sorted((r for r in res.values() if isinstance(r, Vpc)), key=lambda v: v.id)
    for s in sorted((r for r in res.values() if isinstance(r, Subnet)), key=lambda s: s.id):
        t.subnets_of_vpc.setdefault(s.vpc, []).append(s)
    t.peerings = sorted((r for r in res.values() if isinstance(r, VpcPeering)), key=lambda p: p.id)
    t.tgws = sorted((r for r in res.values() if isinstance(r, TransitGateway)), key=lambda g: g.id)
    t.zones = sorted((r for r in res.values() if isinstance(r, HostedZone)), key=lambda z: z.id)
    for r in res.values():
        if isinstance(r, SecurityGroup):
            t.sg_by_id[r.id] = r
    for sg in d.default_sg_of_vpc.values():
        t.sg_by_id.setdefault(sg.id, sg)
    for r in sorted(res.values(), key=lambda r: r.id):
        if isinstance(r, InternetGateway) and r.vpc:
            t.igw_of_vpc.setdefault(r.vpc, r)
        elif isinstance(r, EgressOnlyInternetGateway):
            t.eigw_of_vpc.setdefault(r.vpc, r)
        elif isinstance(r, VpnGateway) and r.vpc:
            t.vgw_of_vpc.setdefault(r.vpc, r)
        elif isinstance(r, OnPremises):
            for h in r.hosts:
                t.host_by_name.setdefault(h.name, (r, h.ip, h.os))
    _add_enis(t)
    add_gateway_routes(t)
    for rt in sorted({id(x): x for x in d.route_table_of.values()}.values(), key=lambda x: x.id):
        routes = _effective_routes(t, rt)
        t.routes_of_table[rt.id] = [e for e in routes if not e.v6]
        t.routes6_of_table[rt.id] = [e for e in routes if e.v6]
    for r in res.values():
        if r.kind == "cloudfront":
            # the same concrete edge addresses DNS answers with; a packet goes to the first one
            edges = cloudfront_edge_addresses(r, "A")
            t.cloudfront_edge[r.id] = edges[0]
            for addr in edges:
                t.cloudfront_by_address.setdefault(addr, r.id)
    _build_graph(t)
    t.standins = standin_ids(t)
    return t


def _add_eni(t: Topology, eni: Eni) -> None:
    if not isinstance(t.res.get(eni.vpc), Vpc):
        return  # a subnet whose VPC is missing (the checks report it): nothing can be routed there
    t.enis.append(eni)
    t.eni_by_private.setdefault((eni.vpc, eni.private_ip), eni)
    if eni.public_ip:
        t.eni_by_public.setdefault(eni.public_ip, eni)
    if eni.ipv6:
        t.eni_by_private.setdefault((eni.vpc, eni.ipv6), eni)
        t.eni_by_ipv6.setdefault(eni.ipv6, eni)
    t.enis_of_component.setdefault(eni.component, []).append(eni)
    for sg in eni.sgs or []:
        t.sgs_of.setdefault((eni.vpc, eni.private_ip), set()).add(sg.id)
        if eni.ipv6:  # a group reference covers its members' IPv6 addresses too
            t.sgs_of.setdefault((eni.vpc, eni.ipv6), set()).add(sg.id)


def _public(value: str | None, owner: str) -> str | None:
    return shown_address(value, owner)


def _add_enis(t: Topology) -> None:
    d, res = t.derived, t.res
    for inst in sorted(d.instances.values(), key=lambda i: i.id):
        sub = res.get(inst.subnet)
        if not isinstance(sub, Subnet) or not inst.private_ip:
            continue
        _add_eni(t, Eni(inst.id, inst.id, inst.display_name, "instance", sub.id, sub.vpc,
                        sub.availability_zone, inst.private_ip, _public(inst.public_ip, inst.display_name),
                        d.security_groups_of(inst, sub.vpc), inst.os, inst.source_dest_check,
                        ipv6=inst.ipv6_address))
    for r in sorted(res.values(), key=lambda r: r.id):
        if isinstance(r, NetworkInterface) and isinstance(res.get(r.subnet), Subnet) and r.private_ip:
            sub = res[r.subnet]
            groups = [t.sg_by_id[g] for g in r.security_groups if g in t.sg_by_id] or [d.default_sg_of_vpc[sub.vpc]]
            _add_eni(t, Eni(r.id, r.instance or r.id, r.display_name, "network-interface", sub.id, sub.vpc,
                            sub.availability_zone, r.private_ip, _public(r.public_ip, r.display_name), groups,
                            source_dest_check=r.source_dest_check, ipv6=r.ipv6_address))
        elif isinstance(r, NatGateway) and r.id in d.nat_ip and isinstance(res.get(r.subnet), Subnet):
            sub = res[r.subnet]
            eip = r.elastic_ip if r.connectivity == "public" else None
            if r.connectivity == "public" and eip is None:
                eip = ALLOCATED
            _add_eni(t, Eni(r.id, r.id, r.display_name, "nat-gateway", sub.id, sub.vpc, sub.availability_zone,
                            d.nat_ip[r.id], _public(eip, r.display_name), None, source_dest_check=False))
        elif isinstance(r, LoadBalancer):
            for node in d.lb_nodes.get(r.id, []):
                sub = res[node.subnet]
                lb_groups: list[SecurityGroup] | None = [t.sg_by_id[g] for g in r.security_groups
                                                         if g in t.sg_by_id]
                if not lb_groups:
                    lb_groups = None if r.type == "network" else [d.default_sg_of_vpc[sub.vpc]]
                label = lb_node_name(r.display_name, sub.display_name)
                _add_eni(t, Eni(f"{r.id}@{sub.id}", r.id, label, "load-balancer", sub.id, sub.vpc,
                                sub.availability_zone, node.private_ip, _public(node.public_ip, label), lb_groups))


def _target_alive(t: Topology, rt: RouteTable, target: str | None) -> bool:
    if target is None:
        return False
    r = t.res.get(target)
    if r is None:
        return False
    if isinstance(r, VpcPeering):
        return r.status == "active" and rt.vpc in (r.requester_vpc, r.accepter_vpc)
    if isinstance(r, (InternetGateway, VpnGateway, EgressOnlyInternetGateway)):
        return r.vpc == rt.vpc
    if isinstance(r, VpcEndpoint):
        return r.vpc == rt.vpc
    return not (isinstance(r, (Instance, NatGateway)) and r.id not in t.enis_of_component)


def _effective_routes(t: Topology, rt: RouteTable) -> list[RouteEntry]:
    out: list[RouteEntry] = []
    for cidr in t.vpc_cidrs_all(rt.vpc):
        e = _entry(cidr, "local", "local", True, f"{cidr} → local")
        if e:
            out.append(e)
    for route in rt.routes:
        active = route.state == "active" and _target_alive(t, rt, route.target)
        state = "" if active else " (blackhole)"
        target_name = t.name(route.target) if route.target else "no target"
        if route.destination is not None:
            e = _entry(route.destination, "static", route.target, active,
                       f"{route.destination} → {target_name}{state}")
            if e:
                out.append(e)
        elif route.destination_prefix_list is not None:
            for cidr in t.prefix_entries(route.destination_prefix_list):
                e = _entry(cidr, "prefix-list", route.target, active,
                           f"prefix list {t.name(route.destination_prefix_list)} ({cidr}) → {target_name}{state}")
                if e:
                    out.append(e)
    vgw = t.vgw_of_vpc.get(rt.vpc)
    for gw in rt.propagating_gateways:
        if vgw is None or gw != vgw.id:
            continue
        for g in t.vgw_routes.get(gw, []):
            out.append(RouteEntry(g.first, g.last, g.prefixlen, "propagated", gw, True,
                                  f"{g.cidr} → {t.name(gw)} (propagated)"))
    return out


def _build_graph(t: Topology) -> None:
    g = t.graph
    for v in t.vpcs:
        g.add_node(v.id, kind="vpc")
    for vpc_id, subs in t.subnets_of_vpc.items():
        for s in subs:
            g.add_edge(s.id, vpc_id)
    for e in t.enis:
        g.add_edge(e.id, e.subnet)
    for vpc_id, gw in t.vgw_of_vpc.items():
        g.add_node(gw.id, kind="vpn-gateway")
        g.add_edge(gw.id, vpc_id)
    for p in t.peerings:
        if p.status == "active":
            g.add_edge(p.requester_vpc, p.accepter_vpc, via=p.id)
    for tgw in t.tgws:
        g.add_node(tgw.id, kind="transit-gateway")
        for a in tgw.attachments:
            if a.vpc:
                g.add_edge(tgw.id, a.vpc)
            if a.vpn_connection:
                vpn = t.res.get(a.vpn_connection)
                tsite = site_of_cgw(t, vpn.customer_gateway) if isinstance(vpn, VpnConnection) else None
                if tsite:
                    g.add_node(tsite.id, kind="on-premises")
                    g.add_edge(tgw.id, tsite.id)
    for site, links in t.site_links.items():
        g.add_node(site, kind="on-premises")
        for _, _, _, vgw in links:
            g.add_edge(site, vgw)


def privately_connected(t: Topology, a: str, b: str) -> bool:
    """True when a VPC or on-prem site has a direct private path to VPC `b`: the same VPC, an active
    peering, a VGW or TGW between them (one gateway, never through a third VPC: no transit)."""
    if a == b:
        return True
    g = t.graph
    if a not in g or b not in g:
        return False
    if g.has_edge(a, b) and g.nodes[a].get("kind") == "vpc":
        return True
    return any(g.nodes[n].get("kind") in ("vpn-gateway", "transit-gateway") and g.has_edge(n, b)
               for n in g.neighbors(a))


_CACHE: dict[int, tuple[weakref.ref[Design], tuple[int, ...], Topology]] = {}


def topology(design: Design) -> Topology:
    """The cached topology of this design state (rebuilt when any resource object changes;
    resources are immutable and replaced whole, so their identities fingerprint the state)."""
    key = tuple(map(id, design.resources.values()))
    hit = _CACHE.get(id(design))
    if hit is not None and hit[0]() is design and hit[1] == key:
        return hit[2]
    topo = build(design)
    _CACHE[id(design)] = (weakref.ref(design), key, topo)
    if len(_CACHE) > 16:
        for k in [k for k, v in _CACHE.items() if v[0]() is None] or list(_CACHE)[:1]:
            _CACHE.pop(k, None)
    return topo


_ = ip_int
