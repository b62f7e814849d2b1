"""What the internet can open: every endpoint and port reachable from some internet address.

Candidates come from the inbound security group rules that admit a public peer (a public CIDR,
or a prefix list with public entries; group references never match internet addresses) on
instances with a public address (IPv4 rules) or an IPv6 address (IPv6 rules: IPv6 addresses are
public) and internet-facing load balancers (on their listener ports), plus
every CloudFront distribution (HTTP 80 / HTTPS 443). Each candidate is answered by a full trace
from one representative address of that peer (the entry's `source`) to the first port of the
rule's range; a load balancer counts as exposed when it accepts the connection (its first leg).
When a network ACL stops that first attempt, other ports of the range and other sources of the
peer at the edges of the ACL's rules are tried, and for a load balancer every node (DNS hands out
all of them); at most MAX_ATTEMPTS traces per candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..model import Design, LoadBalancer, SgRule
from ..model.describe import describe_ports
from .addr import cidr6_range, cidr_range, first_host, in_any, is_private, is_v6
from .endpoints import Endpoint
from .results import Trace
from .rules import evaluate_nacl
from .topology import Eni, Topology, topology
from .trace import Tracer

NEUTRAL_SOURCES = ("203.0.113.254", "198.51.100.254", "192.0.2.254", "8.8.8.8")
NEUTRAL_SOURCES6 = ("2001:db8:ffff::fe", "2001:4860:4860::8888")


@dataclass
class Exposed:
    component: str
    name: str
    kind: str
    address: str
    protocol: str
    port_from: int | None
    port_to: int | None
    source: str
    allowed_by: str
    client_sees: str
    trace: Trace

    def to_json(self) -> dict[str, Any]:
        return {"component": self.component, "name": self.name, "kind": self.kind, "address": self.address,
                "protocol": self.protocol, "port_from": self.port_from, "port_to": self.port_to,
                "source": self.source, "allowed_by": self.allowed_by, "client_sees": self.client_sees}


def _free(topo: Topology, addr: str) -> bool:
    return (addr not in topo.eni_by_public and topo.vpc_of_address(addr) is None and not is_private(addr)
            and not any(in_any(addr, getattr(r, "cidrs", ())) for r in topo.res.values() if r.kind == "on-premises"))


def internet_source(topo: Topology, cidr: str) -> str | None:
    """A public address inside `cidr` that nothing in the design owns, or None."""
    if is_v6(cidr):
        rng6 = cidr6_range(cidr)
        if rng6 is None:
            return None
        import ipaddress
        first = str(ipaddress.IPv6Address(rng6[0] + (1 if rng6[1] > rng6[0] else 0)))
        pool = NEUTRAL_SOURCES6 if rng6[2] == 0 else (first,)
        return next((c for c in pool if in_any(c, (cidr,)) and _free(topo, c)), None)
    rng = cidr_range(cidr)
    if rng is None:
        return None
    if rng[2] == 0:
        candidates: list[str] = list(NEUTRAL_SOURCES)
    else:
        import ipaddress
        candidates = [first_host(cidr), str(ipaddress.IPv4Address(max(rng[0], rng[1] - 1))),
                      str(ipaddress.IPv4Address((rng[0] + rng[1]) // 2))]
    return next((c for c in candidates if in_any(c, (cidr,)) and _free(topo, c)), None)


def _public_peers(topo: Topology, rule: SgRule) -> list[str]:
    if rule.cidr is not None:
        return [rule.cidr]
    if rule.prefix_list is not None:
        return list(topo.prefix_entries(rule.prefix_list))
    return []


def exposure(design: Design) -> list[Exposed]:
    """Every (endpoint, protocol, port range) the internet can open, each with its trace."""
    topo = topology(design)
    out: list[Exposed] = []
    seen: set[tuple[Any, ...]] = set()
    for eni in topo.enis:
        if eni.kind == "instance" and (eni.public_ip or eni.ipv6) and eni.sgs:
            for group in eni.sgs:
                for rule in group.inbound:
                    _candidate(topo, eni, rule, group.display_name, None, out, seen)
    for r in sorted(topo.res.values(), key=lambda r: r.id):
        if isinstance(r, LoadBalancer) and r.scheme == "internet-facing" and topo.enis_of_component.get(r.id):
            node = topo.enis_of_component[r.id][0]
            for group in node.sgs or []:
                for rule in group.inbound:
                    _candidate(topo, node, rule, group.display_name, r, out, seen)
        elif r.kind == "cloudfront":
            ep = Endpoint(r.id, "cloudfront", r.id, r.display_name, cf=r, address=topo.cloudfront_edge[r.id])  # type: ignore[arg-type]
            for port in (80, 443):
                src = internet_source(topo, "0.0.0.0/0") or NEUTRAL_SOURCES[0]
                t = _trace(topo, src, ep, "tcp", port, None)
                if t.legs and t.legs[0].reachable:
                    out.append(Exposed(r.id, r.display_name, "cloudfront", ep.address or "", "tcp", port, port, src,
                                       "CloudFront listens on HTTP 80 and HTTPS 443", t.client_sees, t))
    return out


def _trace(topo: Topology, src: str, dst: Endpoint, proto: str, port: int | None, icmp: int | None,
           entry_subnet: str | None = None, sport: int | None = None) -> Trace:
    source = Endpoint(src, "internet", "internet", src, address=src)
    if proto == "icmp" and is_v6(src):
        proto = "icmpv6"
    icmp_proto = proto in ("icmp", "icmpv6")
    if proto == "icmpv6" and icmp == 8:
        icmp = 128
    tracer = Tracer(topo, source, dst, proto, port, sport, icmp if icmp_proto else None, 0 if icmp_proto else None)
    tracer.entry_subnet = entry_subnet
    return tracer.run()


MAX_ATTEMPTS = 16


def _probe(topo: Topology, eni: Eni, lb: LoadBalancer | None, v6: bool, peer: str, src: str, proto: str,
           p_lo: int | None, p_hi: int | None, icmp: int) -> tuple[Trace, str] | None:
    """The first opening of (peer, port range): the representative source and first port first;
    when a network ACL stops that one, other ports of the range and other sources of the peer at
    the edges of the ACL's rules, and for a load balancer every node (DNS returns them all)."""
    nodes = topo.enis_of_component.get(lb.id, [eni]) if lb is not None else [eni]
    first: Trace | None = None
    attempts = 0
    for node in nodes:
        tries: list[tuple[str, int | None, int | None]] = [
            (src, p_lo, None), *((a, p, None) for a, p in _alternatives(topo, node.subnet, peer, src, p_lo, p_hi))]
        if proto in ("tcp", "udp"):  # the client picks its source port: the reply's port at the ACL
            tries += [(src, p_lo, sp) for sp in _client_ports(topo, node.subnet)]
        for s, port, sport in tries:
            if first is not None and first.blocked is not None and first.blocked.kind != "network-acl" \
                    and node is nodes[0]:
                break  # not an ACL matter: other ports or sources of the same rule fare the same
            attempts += 1
            if attempts > MAX_ATTEMPTS:
                return None
            if lb is not None:
                dst = Endpoint(lb.id, "load-balancer", lb.id, lb.display_name, eni=node, lb=lb)
            else:
                dst = Endpoint(eni.component, "eni", eni.component, eni.name, eni=eni, address=eni.ipv6 if v6 else None)
            t = _trace(topo, s, dst, proto, port if proto in ("tcp", "udp") else None, icmp,
                       node.subnet if lb is not None else None, sport)
            first = first or t
            if t.legs and t.legs[0].reachable:
                return t, s
    return None


def _client_ports(topo: Topology, subnet: str) -> list[int]:
    """Client source ports (1024-65535) at the edges of the subnet's outbound ACL port ranges: a
    client whose port one of them admits gets the reply out (semantics §6.3: the client chooses)."""
    ports = {p for r in topo.nacl(subnet).outbound
             for p in (r.port_from, None if r.port_to is None else r.port_to + 1) if p is not None}
    return sorted(p for p in ports if 1024 <= p <= 65535)


def _alternatives(topo: Topology, subnet: str, peer: str, src: str, p_lo: int | None,
                  p_hi: int | None) -> list[tuple[str, int | None]]:
    """(source, port) pairs at the edges of the subnet's inbound ACL rules, inside peer and range."""
    import ipaddress
    rules = topo.nacl(subnet).inbound
    out: list[tuple[str, int | None]] = []
    if p_lo is not None and p_hi is not None:
        for r in rules:
            for p in (r.port_from, None if r.port_to is None else r.port_to + 1):
                if p is not None and p_lo < p <= p_hi:
                    out.append((src, p))
    for r in rules:
        rng = cidr6_range(r.cidr) if is_v6(r.cidr) else cidr_range(r.cidr)
        if rng is None or rng[2] == 0 or is_v6(r.cidr) != is_v6(peer):
            continue
        make = ipaddress.IPv6Address if is_v6(peer) else ipaddress.IPv4Address
        for value in (rng[0] - 1, rng[1] + 1):
            try:
                c = str(make(value))
            except ValueError:
                continue
            if ipaddress.ip_address(c).is_global and in_any(c, (peer,)) and _free(topo, c):
                out.append((c, p_lo))
    return list(dict.fromkeys(out))


def _segments(topo: Topology, subnet: str, lo: int, hi: int) -> list[tuple[int | None, int | None]]:
    """Split lo-hi at the edges of the subnet's inbound ACL port ranges: inside one piece every port
    meets the same ACL decision, so one probe answers for the whole piece (semantics §6.2)."""
    cuts = sorted({p for r in topo.nacl(subnet).inbound
                   for p in (r.port_from, None if r.port_to is None else r.port_to + 1)
                   if p is not None and lo < p <= hi})
    edges = [lo, *cuts, hi + 1]
    return [(a, b - 1) for a, b in pairwise(edges)]


def _open_runs(topo: Topology, eni: Eni, t: Trace, src: str, lo: int,
               hi: int) -> list[tuple[int | None, int | None, Trace | None]]:
    """The runs of lo-hi that the subnet's inbound ACL admits from src; the run holding the port
    that opened carries its trace, the others are traced by the caller (None)."""
    nacl = topo.nacl(eni.subnet)
    opened = t.packet.dst_port
    runs: list[tuple[int | None, int | None, Trace | None]] = []
    for a, b in _segments(topo, eni.subnet, lo, hi):
        assert a is not None and b is not None
        if not evaluate_nacl(nacl, True, t.packet.with_(src=src, dst_port=a, dst_port_range=None)).allowed:
            continue
        last = runs[-1] if runs else None
        if last is not None and last[1] is not None and last[1] + 1 == a:
            runs[-1] = (last[0], b, None)
        else:
            runs.append((a, b, None))
    runs = [(a, b, t if a is not None and b is not None and opened is not None and a <= opened <= b else None)
            for a, b, _ in runs]
    return runs or [(lo, hi, t)]


def _candidate(topo: Topology, eni: Eni, rule: SgRule, group: str, lb: LoadBalancer | None,
               out: list[Exposed], seen: set[tuple[Any, ...]]) -> None:
    proto = rule.protocol
    lo = rule.port_from if proto in ("tcp", "udp") else None
    hi = rule.port_to if proto in ("tcp", "udp") else None
    if proto in ("tcp", "udp") and lo is None:
        lo, hi = 0, 65535
    ports: list[tuple[int | None, int | None]] = [(lo, hi)]
    if lb is not None:
        if proto not in ("tcp", "all"):
            return
        ports = [(li.port, li.port) for li in lb.listeners
                 if proto == "all" or (lo is not None and hi is not None and lo <= li.port <= hi)]
    for peer in _public_peers(topo, rule):
        v6 = is_v6(peer)
        if (lb is not None and v6) or (eni.ipv6 if v6 else eni.public_ip) is None:
            continue  # IPv4 rules need a public IPv4 address, IPv6 rules an IPv6 address
        src = internet_source(topo, peer)
        if src is None:
            continue
        got = _emit(topo, eni, rule, group, lb, out, seen, v6, peer, src, proto, ports)
        if not got and proto == "all" and lb is None:
            # an "all traffic" rule the ACL narrows: the internet may still open TCP/UDP ports or ping
            alts: list[tuple[str, list[tuple[int | None, int | None]]]] = [
                ("tcp", [(0, 65535)]), ("udp", [(0, 65535)]), ("icmp", [(None, None)])]
            for alt, alt_ports in alts:
                _emit(topo, eni, rule, group, lb, out, seen, v6, peer, src, alt, alt_ports)


def _emit(topo: Topology, eni: Eni, rule: SgRule, group: str, lb: LoadBalancer | None, out: list[Exposed],
          seen: set[tuple[Any, ...]], v6: bool, peer: str, src0: str, proto: str,
          ports: list[tuple[int | None, int | None]]) -> bool:
    """Probe each port range of one protocol from one peer; append what opens; True if any did."""
    got = False
    for p_lo, p_hi in ports:
        key = (eni.component, proto, p_lo, p_hi, v6)
        if key in seen:
            continue
        icmp = rule.icmp_type if rule.icmp_type not in (None, -1) else 8
        found = _probe(topo, eni, lb, v6, peer, src0, proto, p_lo, p_hi, icmp)
        if found is None:
            continue
        t, src = found
        got = True
        seen.add(key)
        what = describe_ports(rule.protocol, rule.port_from, rule.port_to, rule.icmp_type, rule.icmp_code)
        runs: list[tuple[int | None, int | None, Trace | None]] = [(p_lo, p_hi, t)]
        if lb is None and p_lo is not None and p_hi is not None:
            runs = _open_runs(topo, eni, t, src, p_lo, p_hi)  # only the ports the ACL lets in
        for r_lo, r_hi, r_t in runs:
            if r_t is None:
                dst = Endpoint(eni.component, "eni", eni.component, eni.name, eni=eni,
                               address=eni.ipv6 if v6 else None)
                r_t = _trace(topo, src, dst, proto, r_lo, icmp)
                if not (r_t.legs and r_t.legs[0].reachable):
                    continue
            out.append(Exposed(eni.component, lb.display_name if lb else eni.name,
                               "load-balancer" if lb else "instance", (eni.ipv6 if v6 else eni.public_ip) or "",
                               r_t.packet.protocol, r_lo, r_hi, src,
                               f"{group}: allow {what} from {rule.peer}", r_t.client_sees, r_t))
    return got
