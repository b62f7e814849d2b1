"""Reachability matrix: for every ordered pair of instances, can the first open a connection to the
second on one protocol/port? Each cell equals what `trace` answers for that pair.

Why it is fast: a cell is reachable iff the source's security groups let the packet out, the
network path (route tables, network ACLs, gateways) delivers it both ways, and the destination's
security groups let it in. The network part is walked with the real walker (security groups
recorded, not enforced) once per class of pairs — same source subnet, public-IP presence and source
port; same destination subnet and public-IP presence — and a class is trusted only when no route or
NACL rule on the way splits either subnet (otherwise each pair of the class gets a full trace).
When the path reads public addresses (internet, IGW hairpin), the walk is instead re-checked member
by member: every logged decision that reads a source (destination) address is re-evaluated for
each member of the source (destination) class. A walk is also reused for other classes instead of
walking again: between the same two VPCs when every logged NACL verdict and route target comes out
the same on the new subnets and addresses, and, for walks stopped on the way out (NACL, route, NAT,
IGW), towards any destination whose logged decisions agree. Security groups are evaluated in bulk,
once per group, as boolean vectors over all peers' private or public addresses (numpy), and combined
per pair by a matrix product. A host to itself is always reachable (loopback); an "unknown" trace
(reachable null) counts as not reachable.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Design, SecurityGroup
from ..model.types import normalise_protocol
from .addr import RFC6598, cidr_range, in_any, ip_int, is_private
from .endpoints import Endpoint, resolve_endpoint
from .gateways import Walker
from .results import Packet, Trace
from .rules import evaluate_nacl, sg_rule_applies
from .topology import Eni, Topology, topology
from .trace import TraceInputError, Tracer, source_port_for, trace
from .walk import choose_route

REPLAY_KINDS = frozenset({"instance", "network-acl", "route-table", "nat-gateway", "internet-gateway"})
REPLAY_REASONS = frozenset({"NACL_OUTBOUND", "NO_ROUTE", "BLACKHOLE", "IGW_PRIVATE_DEST", "NAT_PROTOCOL"})
SAFE_KINDS = frozenset({"instance", "network-interface", "subnet", "security-group", "network-acl",
                        "route-table", "internet-gateway", "nat-gateway", "internet", "vpc-peering", "vpc"})


@dataclass
class Matrix:
    protocol: str
    port: int | None
    endpoints: list[str]
    names: list[str]
    reachable: Any  # numpy bool array [source, destination]
    traced_cells: int = 0
    icmp_type: int | None = None
    icmp_code: int | None = None

    def cell(self, source: str, destination: str) -> bool:
        return bool(self.reachable[self.endpoints.index(source), self.endpoints.index(destination)])

    def explain(self, design: Design, source: str, destination: str) -> Trace:
        """The full trace behind one cell."""
        return trace(design, source, destination, self.protocol, self.port,
                     icmp_type=self.icmp_type, icmp_code=self.icmp_code)

    def to_json(self) -> dict[str, Any]:
        return {"protocol": self.protocol, "port": self.port, "endpoints": self.endpoints, "names": self.names,
                "reachable": [[bool(v) for v in row] for row in self.reachable],
                "count": self.count, "traced_cells": self.traced_cells}

    @property
    def count(self) -> int:
        """Reachable pairs of two different endpoints (the diagonal — a host to itself — is always true)."""
        return int(self.reachable.sum() - np.trace(self.reachable))

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["source \\ destination", *self.endpoints])
        for name, row in zip(self.endpoints, self.reachable, strict=True):
            w.writerow([name, *("1" if v else "0" for v in row)])
        return out.getvalue()


@dataclass
class _Log:
    entries: list[tuple[Any, ...]] = field(default_factory=list)


class _NetWalker(Walker):
    """The real walker, but security groups are recorded instead of enforced."""

    log: _Log = _Log()

    def sg_check(self, eni: Eni, pkt: Packet, inbound: bool) -> None:
        self.log.entries.append(("sg", eni.id, inbound, pkt))

    def nacl_check(self, subnet_id: str, pkt: Packet, inbound: bool) -> None:
        self.log.entries.append(("nacl", subnet_id, inbound, pkt, pkt.src if inbound else pkt.dst))
        super().nacl_check(subnet_id, pkt, inbound)

    def route_lookup(self, subnet_id: str, pkt: Packet) -> Any:
        self.log.entries.append(("route", subnet_id, None, pkt, pkt.dst))
        return super().route_lookup(subnet_id, pkt)


def _splits(ranges: list[tuple[int, int]], cidr: str) -> bool:
    """True when some rule/route range cuts the subnet (overlaps it without containing it)."""
    rng = cidr_range(cidr)
    if rng is None:
        return True
    lo, hi = rng[0], rng[1]
    return any(not (b < lo or a > hi) and not (a <= lo and hi <= b) for a, b in ranges)


class _Builder:
    def __init__(self, topo: Topology, proto: str, port: int | None, icmp_type: int | None,
                 icmp_code: int | None) -> None:
        self.topo, self.proto, self.port = topo, proto, port
        self.icmp_type, self.icmp_code = icmp_type, icmp_code
        self.nacl_ranges: dict[tuple[str, bool], list[tuple[int, int]]] = {}
        self.route_ranges: dict[str, list[tuple[int, int]]] = {}
        self.split_cache: dict[tuple[Any, ...], bool] = {}
        self.side_cache: dict[tuple[Any, ...], bool] = {}
        self.endpoints: dict[str, Endpoint] = {}

    def endpoint(self, eni: Eni) -> Endpoint:
        ep = self.endpoints.get(eni.id)
        if ep is None:
            ep = self.endpoints[eni.id] = resolve_endpoint(self.topo, eni.component)
        return ep

    def tracer(self, src: Endpoint, dst: Endpoint, walker: type[Walker] = Walker) -> Tracer:
        return Tracer(self.topo, src, dst, self.proto, self.port, None, self.icmp_type, self.icmp_code, walker)

    def _nacl_split(self, subnet: str, inbound: bool, cidr: str) -> bool:
        key = (subnet, inbound)
        if key not in self.nacl_ranges:
            nacl = self.topo.nacl(subnet)
            rules = nacl.inbound if inbound else nacl.outbound
            self.nacl_ranges[key] = [r[:2] for r in (cidr_range(x.cidr) for x in rules) if r is not None]
        return _splits(self.nacl_ranges[key], cidr)

    def _route_split(self, subnet: str, cidr: str) -> bool:
        if subnet not in self.route_ranges:
            rt = self.topo.route_table(subnet)
            self.route_ranges[subnet] = [(e.first, e.last) for e in self.topo.routes_of_table.get(rt.id, [])]
        return _splits(self.route_ranges[subnet], cidr)

    def split(self, entry: tuple[Any, ...], cidr: str) -> bool:
        key = (entry[0], entry[1], entry[2], cidr)
        found = self.split_cache.get(key)
        if found is None:
            found = self._nacl_split(entry[1], entry[2], cidr) if entry[0] == "nacl" \
                else self._route_split(entry[1], cidr)
            self.split_cache[key] = found
        return found

    def network_class(self, s: Eni, d: Eni) -> _Walk:
        """Walk the representative pair with security groups recorded, not enforced."""
        log = _Log()
        _NetWalker.log = log
        t = self.tracer(self.endpoint(s), self.endpoint(d), _NetWalker).run()
        walk = _Walk(s, d, bool(t.reachable), None, False, log.entries, t)
        if any(h.kind not in SAFE_KINDS or h.check == "forwarding" for h in t.forward + t.return_):
            return walk  # not shareable (an appliance changes how SG references match): traced per pair
        publics = {x for x in (s.public_ip, d.public_ip) if x and ip_int(x) is not None}
        scidr, dcidr = self.topo.subnet(s.subnet).cidr, self.topo.subnet(d.subnet).cidr
        for entry in log.entries:
            if entry[0] == "sg":
                _, eni_id, inbound, pkt = entry
                if eni_id == s.id and not inbound:
                    if pkt.dst == d.private_ip:
                        continue
                    if pkt.dst != d.public_ip or d.public_ip not in publics:
                        return walk
                    walk.egress_mode, walk.public_dependent = "public", True
                elif eni_id == d.id and inbound:
                    if pkt.src == s.private_ip:
                        walk.mode = "src"
                    elif pkt.src == s.public_ip and s.public_ip in publics:
                        walk.mode, walk.public_dependent = "src-public", True
                    elif pkt.src in (d.public_ip, d.private_ip) or ip_int(pkt.src) is None:
                        return walk
                    else:
                        walk.mode = pkt.src  # a fixed address for the whole class (a NAT gateway's)
                else:
                    return walk
                continue
            addr = entry[-1]
            if ip_int(addr) is None:
                return walk
            if addr in publics:
                walk.public_dependent = True  # checked member by member (Builder.class_holds)
                continue
            for own, cidr in ((s.private_ip, scidr), (d.private_ip, dcidr)):
                if addr == own and self.split(entry, cidr):
                    return walk
        walk.uniform = True
        return walk

    def transfers(self, walk: _Walk, s2: Eni, d2: Eni, others: set[str]) -> bool:
        """Would the (uniform) walk of walk.s → walk.d take the same steps for s2 → d2?
        Same VPCs, same subnet relation, same public-address presence; every logged NACL and route
        decision re-evaluated on s2's and d2's subnets and addresses gives the same verdict / route
        target; no other subnet of the walk (a NAT gateway's) is s2's or d2's."""
        s, d = walk.s, walk.d
        if s2.vpc != s.vpc or d2.vpc != d.vpc or (s2.subnet == d2.subnet) != (s.subnet == d.subnet):
            return False
        if (s2.id == d2.id) != (s.id == d.id) or s2.subnet in others or d2.subnet in others:
            return False
        if bool(s2.public_ip) != bool(s.public_ip) or bool(d2.public_ip) != bool(d.public_ip):
            return False
        if is_private(s2.private_ip) != is_private(s.private_ip) or \
                is_private(d2.private_ip) != is_private(d.private_ip):
            return False
        if d2.vpc != s2.vpc and (s2.vpc, d2.private_ip) in self.topo.eni_by_private:
            return False  # overlapping address spaces
        subs = {s.subnet: s2.subnet, d.subnet: d2.subnet}
        addrs = {s.private_ip: s2.private_ip, d.private_ip: d2.private_ip}
        for old, new in ((s.public_ip, s2.public_ip), (d.public_ip, d2.public_ip)):
            if old and new:
                if (ip_int(old) is None) != (ip_int(new) is None) or is_private(old) != is_private(new):
                    return False
                addrs[old] = new
        cidr_of = {s2.private_ip: self.topo.subnet(s2.subnet).cidr, d2.private_ip: self.topo.subnet(d2.subnet).cidr}
        topo = self.topo
        if walk.prepared is None:
            walk.prepared = [(*e, evaluate_nacl(topo.nacl(e[1]), e[2], e[3]).allowed if e[0] == "nacl" else
                              choose_route(topo.routes_of_table.get(topo.route_table(e[1]).id, []), e[3].dst))
                             for e in walk.decisions]
        for kind, subnet, inbound, pkt, addr, verdict in walk.prepared:
            sub2 = subs.get(subnet, subnet)
            pkt2 = Packet(addrs.get(pkt.src, pkt.src), addrs.get(pkt.dst, pkt.dst), pkt.protocol, pkt.src_port,
                          pkt.dst_port, pkt.icmp_type, pkt.icmp_code, pkt.src_port_range, pkt.dst_port_range)
            addr2 = addrs.get(addr, addr)
            if addr2 in cidr_of and self.split((kind, sub2, inbound), cidr_of[addr2]):
                return False
            if kind == "nacl":
                if verdict != evaluate_nacl(topo.nacl(sub2), inbound, pkt2).allowed:
                    return False
            elif not _same_route(verdict, choose_route(topo.routes_of_table.get(topo.route_table(sub2).id, []),
                                                       pkt2.dst)):
                return False
        return True

    def class_holds(self, walk: _Walk, rows: list[Eni], cols: list[Eni], others: set[str]) -> bool:
        """For a walk that reads public addresses: does every member of the source class (with the
        representative destination) and every member of the destination class (with the
        representative source) give the same verdicts? Each logged decision reads one address, so
        this covers every pair of the two classes."""
        for e in (*rows, *cols):
            if e.public_ip and ip_int(e.public_ip) is None:
                return False  # an address AWS allocates at launch: trace answers these one by one
        return self._side_holds(walk, rows, True, rows[0].subnet, cols[0].subnet) and \
            self._side_holds(walk, cols, False, rows[0].subnet, cols[0].subnet)

    def _side_holds(self, walk: _Walk, members: list[Eni], source_side: bool, s_subnet: str, d_subnet: str) -> bool:
        """Re-evaluate, for each member, the logged decisions that read that side's addresses
        (on this class pair's subnets); cached, since one walk serves many class pairs."""
        topo = self.topo
        rep = walk.s if source_side else walk.d
        subs = {walk.s.subnet: s_subnet, walk.d.subnet: d_subnet}
        if walk.prepared is None:
            walk.prepared = [(*e, evaluate_nacl(topo.nacl(e[1]), e[2], e[3]).allowed if e[0] == "nacl" else
                              choose_route(topo.routes_of_table.get(topo.route_table(e[1]).id, []), e[3].dst))
                             for e in walk.decisions]
        reads = [e for e in walk.prepared if e[4] in (rep.private_ip, rep.public_ip)]
        used = tuple(sorted({subs.get(e[1], e[1]) for e in reads}))  # only these subnets matter
        key = (id(walk), source_side, used, tuple(m.id for m in members))
        found = self.side_cache.get(key)
        if found is not None:
            return found
        ok = True
        for m in members:
            amap = {rep.private_ip: m.private_ip, **({rep.public_ip: m.public_ip} if rep.public_ip else {})}
            cidr = topo.subnet(m.subnet).cidr
            for kind, subnet, inbound, pkt, addr, verdict in reads:
                sub2 = subs.get(subnet, subnet)
                new = str(amap[addr])
                pkt2 = Packet(new if pkt.src == addr else pkt.src, new if pkt.dst == addr else pkt.dst, pkt.protocol,
                              pkt.src_port, pkt.dst_port, pkt.icmp_type, pkt.icmp_code, pkt.src_port_range,
                              pkt.dst_port_range)
                if new == m.private_ip and self.split((kind, sub2, inbound), cidr):
                    ok = False
                elif kind == "nacl":
                    ok = verdict == evaluate_nacl(topo.nacl(sub2), inbound, pkt2).allowed
                else:
                    ok = _same_route(verdict, choose_route(topo.routes_of_table.get(topo.route_table(sub2).id, []),
                                                           pkt2.dst))
                if not ok:
                    break
            if not ok:
                break
        self.side_cache[key] = ok
        return ok

    def replays(self, walk: _Walk, d2: Eni) -> bool:
        """Would the blocked representative walk take exactly the same steps towards d2?
        Only for walks stopped on the way out (NACL, route, NAT, IGW) before reaching any VPC:
        then every decision that reads the destination address is a logged NACL or route
        decision, or the IGW's private-destination test, all re-evaluated here for d2."""
        if d2.public_ip or d2.subnet == walk.s.subnet:
            return False
        a1, a2 = walk.d.private_ip, d2.private_ip
        if d2.vpc != walk.s.vpc and in_any(a2, self.topo.vpc_cidrs(walk.s.vpc)):
            return False  # overlapping address space: the walk could meet a2 inside the source VPC
        cidr = self.topo.subnet(d2.subnet).cidr
        for entry in walk.dst_entries:
            kind, subnet, inbound, pkt, _ = entry
            if inbound or self.split(entry, cidr):
                return False
            if kind == "nacl":
                nacl = self.topo.nacl(subnet)
                moved = Packet(pkt.src, a2, pkt.protocol, pkt.src_port, pkt.dst_port, pkt.icmp_type, pkt.icmp_code,
                               pkt.src_port_range, pkt.dst_port_range)
                one, two = evaluate_nacl(nacl, False, pkt), evaluate_nacl(nacl, False, moved)
                if (one.allowed, one.rule.number) != (two.allowed, two.rule.number):
                    return False
            else:
                routes = self.topo.routes_of_table.get(self.topo.route_table(subnet).id, [])
                if choose_route(routes, a1) is not choose_route(routes, a2):
                    return False
        last = walk.trace.forward[-1]
        if last.reason == "IGW_PRIVATE_DEST":
            return is_private(a2) and in_any(a2, RFC6598) == in_any(a1, RFC6598)
        return True


def _same_route(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return bool(a.target == b.target and a.active == b.active and a.origin == b.origin)


@dataclass
class _Walk:
    s: Eni
    d: Eni
    ok: bool
    mode: str | None
    uniform: bool
    entries: list[tuple[Any, ...]]
    trace: Trace

    dst_entries: list[tuple[Any, ...]] = field(default_factory=list)
    prepared: list[tuple[Any, ...]] | None = None
    egress_mode: str = "private"  # the source's SG sees the destination's private or public address
    public_dependent: bool = False

    @property
    def relevant(self) -> list[tuple[Any, ...]]:
        """Logged NACL/route decisions that read the destination address."""
        return [e for e in self.entries if e[0] != "sg" and e[-1] == self.d.private_ip]

    @property
    def decisions(self) -> list[tuple[Any, ...]]:
        return [e for e in self.entries if e[0] != "sg"]

    @property
    def other_subnets(self) -> set[str]:
        return {e[1] for e in self.decisions} - {self.s.subnet, self.d.subnet}

    @property
    def replayable(self) -> bool:
        t = self.trace
        if not self.uniform or self.public_dependent or t.reachable is not False or t.return_ or \
                self.d.public_ip or not t.forward:
            return False
        if any(h.kind not in REPLAY_KINDS for h in t.forward):
            return False
        return t.forward[-1].reason in REPLAY_REASONS


def _sg_vectors(topo: Topology, groups: list[SecurityGroup], inbound: bool, pkt: Packet,
                addrs: list[str], vpcs: list[str], values: Any) -> Any:
    """[group, peer] → does the group admit this packet with that peer address?"""
    out = np.zeros((len(groups), len(addrs)), dtype=bool)
    pl_cache: dict[str, Any] = {}
    ref_cache: dict[str, Any] = {}
    for gi, g in enumerate(groups):
        row = out[gi]
        for rule in g.inbound if inbound else g.outbound:
            if not sg_rule_applies(rule, pkt):
                continue
            if rule.cidr is not None:
                rng = cidr_range(rule.cidr)
                if rng is not None:
                    row |= (values >= rng[0]) & (values <= rng[1])
            elif rule.prefix_list is not None:
                if rule.prefix_list not in pl_cache:
                    m = np.zeros(len(addrs), dtype=bool)
                    for cidr in topo.prefix_entries(rule.prefix_list):
                        rng = cidr_range(cidr)
                        if rng is not None:
                            m |= (values >= rng[0]) & (values <= rng[1])
                    pl_cache[rule.prefix_list] = m
                row |= pl_cache[rule.prefix_list]
            elif rule.security_group is not None:
                ref = topo.sg_by_id.get(rule.security_group)
                if ref is None or not _ref_allowed(topo, g, ref):
                    continue
                if ref.id not in ref_cache:
                    ref_cache[ref.id] = np.array([ref.id in topo.sgs_of.get((ref.vpc, a), ()) for a in addrs],
                                                 dtype=bool)
                row |= ref_cache[ref.id]
    return out


def _ref_allowed(topo: Topology, owner: SecurityGroup, ref: SecurityGroup) -> bool:
    """Same decision as Topology.is_member, minus the per-address membership part."""
    return topo.ref_allowed(owner.vpc, ref.vpc)


def matrix(design: Design, port: int | None = None, protocol: str = "tcp", endpoints: list[str] | None = None,
           icmp_type: int | None = None, icmp_code: int | None = None) -> Matrix:
    """Who can open a connection to whom, over every instance (or the given endpoint ids)."""
    topo = topology(design)
    try:
        proto = normalise_protocol(protocol)
    except ValueError as exc:
        raise TraceInputError(f"protocol: {exc}") from None
    if proto in ("tcp", "udp") and port is None:
        raise TraceInputError(f"a {proto.upper()} matrix needs a destination port (--port)")
    if port is not None and not 0 <= port <= 65535:
        raise TraceInputError(f"port {port} is outside 0-65535")
    if proto == "icmp":
        icmp_type = 8 if icmp_type is None else icmp_type
        icmp_code = 0 if icmp_code is None else icmp_code
    if endpoints is None:
        enis = sorted((e for e in topo.enis if e.kind == "instance" and e.component == e.id), key=lambda e: e.id)
    else:
        enis = []
        for text in endpoints:
            ep = resolve_endpoint(topo, text)
            if ep.eni is None or ep.eni.kind != "instance":
                raise TraceInputError(f"matrix endpoint {text!r} is not an instance")
            enis.append(ep.eni)
    b = _Builder(topo, proto, port, icmp_type, icmp_code)
    n = len(enis)
    result = np.zeros((n, n), dtype=bool)
    ports = proto in ("tcp", "udp")
    probe = Packet("0.0.0.0", "0.0.0.0", proto, None, port if ports else None, icmp_type if proto == "icmp" else None,
                   icmp_code if proto == "icmp" else None)
    addrs = [e.private_ip for e in enis]
    values = np.array([ip_int(a) or 0 for a in addrs], dtype=np.int64)
    vpcs = [e.vpc for e in enis]
    groups: list[SecurityGroup] = sorted({g.id: g for e in enis for g in (e.sgs or [])}.values(), key=lambda g: g.id)
    gindex = {g.id: i for i, g in enumerate(groups)}
    member = np.zeros((n, len(groups)), dtype=np.float32)
    for i, e in enumerate(enis):
        for g in e.sgs or []:
            member[i, gindex[g.id]] = 1.0
    egress = (member @ _sg_vectors(topo, groups, False, probe, addrs, vpcs, values).astype(np.float32)) > 0
    ingress_by_src = _sg_vectors(topo, groups, True, probe, addrs, vpcs, values)
    ingress = (ingress_by_src.T.astype(np.float32) @ member.T) > 0  # [source, destination]
    lazy: dict[str, Any] = {}

    def public_side(inbound: bool) -> Any:
        """SG decisions against the endpoints' public addresses (hairpin / internet paths)."""
        key = "in" if inbound else "out"
        if key not in lazy:
            pubs = [e.public_ip or "" for e in enis]
            pvals = np.array([ip_int(a) if a and ip_int(a) is not None else -1 for a in pubs], dtype=np.int64)
            vec = _sg_vectors(topo, groups, inbound, probe, pubs, vpcs, pvals).astype(np.float32)
            lazy[key] = ((vec.T @ member.T) > 0) if inbound else ((member @ vec) > 0)
        return lazy[key]

    def sport(e: Eni) -> int | None:
        return source_port_for(Endpoint(e.id, "eni", e.component, e.name, eni=e, os=e.os), None)[0] if ports else None

    src_classes: dict[tuple[Any, ...], list[int]] = {}
    dst_classes: dict[tuple[Any, ...], list[int]] = {}
    for i, e in enumerate(enis):
        src_classes.setdefault((e.subnet, bool(e.public_ip), sport(e)), []).append(i)
        dst_classes.setdefault((e.subnet, bool(e.public_ip)), []).append(i)
    traced = 0

    def per_pair(pairs: list[tuple[int, int]]) -> None:
        nonlocal traced
        for i, j in pairs:
            result[i, j] = bool(b.tracer(b.endpoint(enis[i]), b.endpoint(enis[j])).run().reachable)
            traced += 1

    def fill(walk: _Walk, rr: Any, cc: Any) -> None:
        if not walk.ok:
            result[np.ix_(rr, cc)] = False
            return
        out = (public_side(False) if walk.egress_mode == "public" else egress)[np.ix_(rr, cc)]
        if walk.mode in ("src", "src-public"):
            result[np.ix_(rr, cc)] = out & (public_side(True) if walk.mode == "src-public" else ingress)[np.ix_(rr, cc)]
        else:
            seen = walk.mode or ""
            if seen not in lazy:  # the groups' verdicts for one fixed source address (a NAT gateway's)
                lazy[seen] = _sg_vectors(topo, groups, True, probe, [seen], vpcs,
                                         np.array([ip_int(seen) or 0]))[:, 0].astype(np.float32)
            admitted = (member[cc] @ lazy[seen]) > 0
            result[np.ix_(rr, cc)] = out & admitted[None, :]

    templates: dict[tuple[str, str, bool, bool], list[tuple[_Walk, set[str]]]] = {}

    def walk_for(s_eni: Eni, d_eni: Eni) -> _Walk:
        """A uniform walk that holds for this pair: a transferred template, else a new walk."""
        key = (s_eni.vpc, d_eni.vpc, s_eni.subnet == d_eni.subnet, s_eni.id == d_eni.id)
        found = templates.setdefault(key, [])
        for k, (w, others) in enumerate(found):
            if b.transfers(w, s_eni, d_eni, others):
                found.insert(0, found.pop(k))
                return w
        w = b.network_class(s_eni, d_eni)
        if w.uniform:
            found.insert(0, (w, w.other_subnets))
        return w

    for rows in src_classes.values():
        s = rows[0]
        for i in rows:
            result[i, i] = True  # a host can always talk to itself (loopback, see Tracer.loopback)
        pool: list[_Walk] = []
        for cols in dst_classes.values():
            others = [c for c in cols if c != s]
            if not others:
                continue
            d2 = enis[others[0]]
            hit = next((k for k, w in enumerate(pool) if b.replays(w, d2)), None)
            if hit is not None:  # rows and cols are in different subnets; cells stay False
                pool.insert(0, pool.pop(hit))
                continue
            walk = walk_for(enis[s], d2)
            if walk.uniform and walk.public_dependent:
                others_set = walk.other_subnets
                if not b.class_holds(walk, [enis[i] for i in rows], [enis[j] for j in cols], others_set):
                    walk = _Walk(walk.s, walk.d, walk.ok, walk.mode, False, [], walk.trace)
            if not walk.uniform:
                per_pair([(i, j) for i in rows for j in cols if i != j])
                continue
            if walk.replayable and walk.s is enis[s]:
                walk.dst_entries = walk.relevant
                pool.insert(0, walk)
            saved = [result[i, i] for i in rows]
            fill(walk, np.array(rows), np.array(cols))
            for i, v in zip(rows, saved, strict=True):
                result[i, i] = v
    return Matrix(proto, port, [e.component for e in enis], [e.name for e in enis], result, traced,
                  icmp_type, icmp_code)
