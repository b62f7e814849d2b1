"""Which target a load balancer sends a connection to (a fixed, documented rule).

Candidates, in order: the target group's listed targets, then members of every Auto Scaling group
attached to the group (groups by id, members by number); for a Classic Load Balancer its
registered instances. Targets in an AZ where the load balancer has no node get no traffic.
Pick: the first healthy target in the entry node's AZ, else the first healthy target; when no
target is healthy the load balancer fails open and uses the same order over all targets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import AutoScalingGroup, Listener, LoadBalancer, TargetGroup
from .topology import Eni, Topology


@dataclass
class Picked:
    group_id: str
    group_name: str
    target: Eni | None = None
    address: str = ""
    port: int = 80
    why: str = ""
    error: str | None = None
    code: str | None = None


@dataclass
class _Cand:
    eni: Eni | None
    address: str
    port: int
    healthy: bool
    az: str | None


def _candidates(topo: Topology, lb: LoadBalancer, tg: TargetGroup | None, listener: Listener) -> list[_Cand]:
    out: list[_Cand] = []
    if tg is None:
        port = listener.instance_port or listener.port
        for inst in lb.instances:
            for eni in topo.enis_of_component.get(inst, [])[:1]:
                out.append(_Cand(eni, eni.private_ip, port, True, eni.az))
        return out
    for t in tg.targets:
        port = t.port or tg.port
        if t.target:
            for eni in topo.enis_of_component.get(t.target, [])[:1]:
                out.append(_Cand(eni, eni.private_ip, port, t.healthy, eni.az))
        elif t.ip:
            owner = topo.eni_by_private.get((tg.vpc, t.ip))
            sub = topo.subnet_of_address(tg.vpc, t.ip)
            out.append(_Cand(owner, t.ip, port, t.healthy, sub.availability_zone if sub else None))
    for asg in sorted((r for r in topo.res.values() if isinstance(r, AutoScalingGroup)), key=lambda a: a.id):
        if tg.id not in asg.target_groups:
            continue
        for m in topo.derived.members.get(asg.id, []):
            for eni in topo.enis_of_component.get(m.instance.id, [])[:1]:
                out.append(_Cand(eni, eni.private_ip, tg.port, True, eni.az))
    return out


def pick_target(topo: Topology, lb: LoadBalancer, tg: TargetGroup | None, listener: Listener, node: Eni) -> Picked:
    gid = tg.id if tg else lb.id
    gname = tg.display_name if tg else f"{lb.display_name} instances"
    if tg is None and (lb.type != "classic" or listener.target_group):
        return Picked(gid, gname, error=f"Listener {listener.protocol}:{listener.port} of {lb.display_name} forwards "
                      "to no target group, so the load balancer answers 503 Service Unavailable.",
                      code="ELBV2_LISTENER_HAS_NO_TG")
    cands = _candidates(topo, lb, tg, listener)
    if not cands:
        return Picked(gid, gname, error=f"Target group {gname} has no registered targets, so the load balancer "
                      "answers 503 Service Unavailable.", code="ELBV2_LISTENER_HAS_NO_TG")
    enabled = {e.az for e in topo.enis_of_component.get(lb.id, [])}
    usable = [c for c in cands if c.az is None or c.az in enabled]
    if not usable:
        return Picked(gid, gname, error=f"Every target of {gname} is in an Availability Zone where "
                      f"{lb.display_name} has no node, so none gets traffic (503).",
                      code="ELB_INSTALLED_AZ_RESTRICTION")
    healthy = [c for c in usable if c.healthy]
    pool = healthy or usable
    same = [c for c in pool if c.az == node.az]
    pick = (same or pool)[0]
    name = pick.eni.name if pick.eni else pick.address
    if not healthy:
        why = f"No target of {gname} is healthy, so the load balancer fails open and still sends to {name}."
    elif same:
        why = f"Target group {gname} sends the connection to {name}, the first healthy target in {node.az}, " \
              "the zone of the load balancer node that took it."
    else:
        why = f"Target group {gname} has no healthy target in {node.az}, so it sends to {name}, its first " \
              "healthy target (cross-zone load balancing)."
    return Picked(gid, gname, pick.eni, pick.address, pick.port, why)
