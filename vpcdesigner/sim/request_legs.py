"""Legs of a user request, built on ``sim.trace``: one end-to-end trace cut into one Trace per
connection, and the load balancer → target leg re-traced for the target the session's rotation
picks (``trace`` itself always picks the same target; see RequestSession for the rotation rule).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Listener, LoadBalancer, TargetGroup
from .results import Hop, Leg, Trace
from .targets import _candidates  # the candidate order trace itself uses; shared so both agree
from .topology import Topology
from .trace import trace

_PROTOCOLS = {"HTTP": ("tcp",), "HTTPS": ("tcp",), "TCP": ("tcp",), "TLS": ("tcp",), "SSL": ("tcp",),
              "UDP": ("udp",), "TCP_UDP": ("tcp", "udp")}


def split_legs(full: Trace) -> list[Trace]:
    """One Trace per leg of ``full``, with that leg's hops only (indexes renumbered from 0)."""
    out: list[Trace] = []
    for index, leg in enumerate(full.legs):
        fwd = [full.forward[i] for i in leg.forward]
        back = [full.return_[i] for i in leg.return_]
        blocked = replace(full.blocked, leg=0) if full.blocked and full.blocked.leg == index else None
        packet = fwd[0].packet_in if fwd else full.packet
        sub = Trace(leg.source, leg.destination, packet, leg.reachable, "", fwd, back,
                    [Leg(leg.source, leg.destination, leg.reachable, list(range(len(fwd))),
                         list(range(len(back))), leg.description)], notes=list(full.notes))
        if blocked is not None:
            sub.reachable, sub.blocked, sub.reason, sub.client_sees = False, blocked, full.reason, full.client_sees
        elif leg.reachable:
            sub.reason = f"Reachable: {leg.source} → {leg.destination}, and every reply gets back."
            sub.client_sees = "connected"
        else:
            sub.reason, sub.client_sees = full.reason, full.client_sees
        out.append(sub)
    return out


def relabel(t: Trace, source: str, destination: str, description: str) -> None:
    """Name a leg by its role in the request (the request knows which connection it is)."""
    t.source, t.destination = source, destination
    if t.reachable is True:
        t.reason = f"Reachable: {source} → {destination}, and every reply gets back."
    for leg in t.legs:
        leg.source, leg.destination, leg.description = source, destination, description


def listener_for(lb: LoadBalancer, port: int | None, protocol: str = "tcp") -> Listener | None:
    """The listener that accepts a connection on ``port`` (the first one, as trace matches them)."""
    for listener in lb.listeners:
        if listener.port == port and protocol in _PROTOCOLS.get(listener.protocol, ()):
            return listener
    return None


@dataclass(frozen=True)
class PoolEntry:
    component: str
    name: str
    address: str
    port: int
    az: str | None
    healthy: bool


def target_pool(topo: Topology, lb: LoadBalancer, listener: Listener, node_az: str | None) -> list[PoolEntry]:
    """The rotation order: healthy targets in enabled AZs (all of them if none is healthy),
    interleaved by AZ starting with the entry node's AZ, then AZs in the order targets list them."""
    tg = topo.res.get(listener.target_group or "")
    group = tg if isinstance(tg, TargetGroup) else None
    if group is None and lb.type != "classic":
        return []
    cands = _candidates(topo, lb, group, listener)
    enabled = {e.az for e in topo.enis_of_component.get(lb.id, [])}
    usable = [c for c in cands if c.az is None or c.az in enabled]
    base = [c for c in usable if c.healthy] or usable
    order: list[str | None] = [node_az] if any(c.az == node_az for c in base) else []
    for c in base:
        if c.az not in order:
            order.append(c.az)
    by_az = {az: [c for c in base if c.az == az] for az in order}
    pool: list[PoolEntry] = []
    for rnd in range(max((len(v) for v in by_az.values()), default=0)):
        for az in order:
            if rnd < len(by_az[az]):
                c = by_az[az][rnd]
                comp = c.eni.component if c.eni else c.address
                name = c.eni.name if c.eni else c.address
                pool.append(PoolEntry(comp, name, c.address, c.port, c.az, c.healthy))
    return pool


def picked_address(leg: Trace) -> tuple[str, int | None] | None:
    """(address, port) of the target ``trace`` chose, from its target-selection hop."""
    for hop in leg.forward:
        if hop.check == "target selection" and hop.kind == "target-group":
            return hop.packet_in.dst, hop.packet_in.dst_port
    return None


def trace_to_target(topo: Topology, node_ip: str, entry: PoolEntry, group_id: str, group_name: str,
                    why: str) -> Trace:
    """The load balancer node → chosen target connection, traced by ``trace`` from the node's
    private address (source ports 1024-65535, as trace uses for load balancers), with a
    target-selection hop in front that says why this target was chosen."""
    t = trace(topo.design, node_ip, entry.address, "tcp", entry.port)
    first = t.forward[0].packet_in if t.forward else t.packet
    hop = Hop(group_id, group_name, "target-group", "target selection", "info", why, first, first)
    t.forward.insert(0, hop)
    for leg in t.legs:
        leg.forward = [0, *[i + 1 for i in leg.forward]]
    if t.blocked is not None:
        t.client_sees = "HTTP 504"
    return t
