"""Connections between objects: which ones the canvas draws, and what dragging a new one changes.

Qt-free. A connection is never stored as such: it *is* a reference field (a VPN's customer gateway,
a listener's target group, a record's alias), so creating one means setting that field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpcdesigner.model import (
    AliasTarget,
    Derived,
    Design,
    DnsRecord,
    Listener,
    Origin,
    Target,
    VirtualInterface,
    new_resource,
)

from .factory import DropPlan, _detach_subnet, new_id
from .rules import container_of, resources


@dataclass(frozen=True)
class EdgeSpec:
    """One line on the canvas: from `src` to `dst` (drawn ids), its style and optional label."""

    key: str
    src: str
    dst: str
    style: str  # "attach" | "flow" | "hybrid" | "member" | "peering" | "dns"
    label: str = ""
    owner: str = ""  # the resource whose field makes this edge (selected when the edge is clicked)


def edge_specs(design: Design, derived: Derived) -> list[EdgeSpec]:
    """Every connection the canvas draws, derived from the references in the design."""
    res = resources(design)
    out: list[EdgeSpec] = []

    def add(key: str, src: str | None, dst: str | None, style: str, label: str = "", owner: str = "") -> None:
        if src and dst and src in drawn and dst in drawn and src != dst:
            out.append(EdgeSpec(key, src, dst, style, label, owner or key.split("|")[0]))

    drawn = set(res) | set(derived.instances)
    for r in sorted(res.values(), key=lambda r: r.id):
        k = r.kind
        if k == "vpn-connection":
            add(r.id, r.customer_gateway, r.vpn_gateway or r.transit_gateway, "hybrid", r.display_name)
        elif k == "vpc-peering":
            add(r.id, r.requester_vpc, r.accepter_vpc, "peering", r.display_name)
        elif k == "customer-gateway":
            add(f"{r.id}|onprem", r.id, r.on_premises, "attach")
        elif k == "direct-connect":
            add(f"{r.id}|onprem", r.on_premises, r.id, "hybrid", f"{r.display_name} {r.bandwidth}")
            for vif in r.virtual_interfaces:
                add(f"{r.id}|{vif.id}", r.id, vif.vpn_gateway or vif.direct_connect_gateway, "hybrid",
                    f"VIF {vif.vlan}")
        elif k == "direct-connect-gateway":
            for g in (*r.vpn_gateways, *r.transit_gateways):
                add(f"{r.id}|{g}", r.id, g, "hybrid")
        elif k == "transit-gateway":
            for a in r.attachments:
                add(f"{r.id}|{a.id}", r.id, a.vpc or a.vpn_connection or a.direct_connect_gateway
                    or a.peer_transit_gateway, "hybrid", a.type)
        elif k == "load-balancer":
            for i, lst in enumerate(r.listeners):
                add(f"{r.id}|l{i}", r.id, lst.target_group, "flow", f"{lst.protocol}:{lst.port}")
            for s in r.subnets:
                add(f"{r.id}|s{s}", r.id, s, "member")
        elif k == "target-group":
            for t in r.targets:
                add(f"{r.id}|{t.target}", r.id, t.target, "flow")
        elif k == "auto-scaling-group":
            for tg in r.target_groups:
                add(f"{r.id}|{tg}", tg, r.id, "flow")
            for m in derived.members.get(r.id, []):
                add(f"{r.id}|m{m.index}", r.id, m.instance.id, "member")
        elif k == "cloudfront":
            for o in r.origins:
                add(f"{r.id}|{o.id}", r.id, o.target, "flow", o.protocol_policy)
        elif k == "hosted-zone":
            seen: set[str] = set()
            for rec in r.records:
                if rec.alias and rec.alias.target and rec.alias.target not in seen:
                    seen.add(rec.alias.target)
                    add(f"{r.id}|{rec.alias.target}", r.id, rec.alias.target, "dns", rec.name)
        elif k == "internet-client":
            add(f"{r.id}|resolver", r.id, r.resolver, "dns")
        elif k in ("internet-gateway", "vpn-gateway") and r.vpc and container_of(design, r.id) is None:
            add(f"{r.id}|vpc", r.id, r.vpc, "attach")
    return out


def plan_connection(design: Design, src: str, dst: str) -> DropPlan | str:
    """What connecting `src` to `dst` changes, or why it is refused (the order may be either way)."""
    res = resources(design)
    a, b = res.get(src), res.get(dst)
    if a is None or b is None:
        return "Connect two objects of the design (Auto Scaling group members follow their group)."
    if a.id == b.id:
        return "An object cannot connect to itself."
    for first, second in ((a, b), (b, a)):
        plan = _plan(design, first, second)
        if plan is not None:
            return plan
    return f"A {a.kind} cannot connect to a {b.kind}."


def _plan(design: Design, a: Any, b: Any) -> DropPlan | str | None:
    ka, kb = a.kind, b.kind
    if ka in ("internet-gateway", "vpn-gateway", "egress-only-internet-gateway") and kb == "vpc":
        return DropPlan(replaced=[a.with_changes(vpc=b.id)])
    if ka == "customer-gateway" and kb == "on-premises":
        return DropPlan(replaced=[a.with_changes(on_premises=b.id)])
    if ka == "customer-gateway" and kb in ("vpn-gateway", "transit-gateway"):
        field = "vpn_gateway" if kb == "vpn-gateway" else "transit_gateway"
        rid = new_id(design, "vpn")
        return DropPlan([new_resource("vpn-connection", id=rid, name=rid, customer_gateway=a.id, **{field: b.id})])
    if ka == "vpn-connection" and kb in ("vpn-gateway", "transit-gateway"):
        field = "vpn_gateway" if kb == "vpn-gateway" else "transit_gateway"
        return DropPlan(replaced=[a.with_changes(**{field: b.id})])
    if ka == "direct-connect" and kb == "on-premises":
        return DropPlan(replaced=[a.with_changes(on_premises=b.id)])
    if ka == "direct-connect" and kb in ("vpn-gateway", "direct-connect-gateway"):
        used = {v.id for v in a.virtual_interfaces}
        vid = new_id(design, f"{a.id}-vif", used)
        field = "vpn_gateway" if kb == "vpn-gateway" else "direct_connect_gateway"
        vif = VirtualInterface(id=vid, vlan=100 + len(used), **{field: b.id})
        return DropPlan(replaced=[a.with_changes(virtual_interfaces=(*a.virtual_interfaces, vif))])
    if ka == "direct-connect-gateway" and kb in ("vpn-gateway", "transit-gateway"):
        field = "vpn_gateways" if kb == "vpn-gateway" else "transit_gateways"
        if b.id in getattr(a, field):
            return f"{a.display_name} is already connected to {b.display_name}."
        return DropPlan(replaced=[a.with_changes(**{field: (*getattr(a, field), b.id)})])
    if ka == "vpc" and kb == "vpc":
        if any(r.kind == "vpc-peering" and {r.requester_vpc, r.accepter_vpc} == {a.id, b.id}
               for r in resources(design).values()):
            return f"{a.display_name} and {b.display_name} are already peered."
        rid = new_id(design, "pcx")
        return DropPlan([new_resource("vpc-peering", id=rid, name=rid, requester_vpc=a.id, accepter_vpc=b.id)])
    if ka == "load-balancer" and kb == "target-group":
        if a.vpc != b.vpc:
            return "A load balancer forwards only to a target group in its own VPC."
        if a.listeners:
            first = a.listeners[0].model_copy(update={"target_group": b.id})
            return DropPlan(replaced=[a.with_changes(listeners=(first, *a.listeners[1:]))])
        return DropPlan(replaced=[a.with_changes(listeners=(Listener(target_group=b.id),))])
    if ka == "load-balancer" and kb == "subnet":
        if b.vpc != a.vpc:
            return "A load balancer can only use subnets of its own VPC."
        if b.id in a.subnets:
            return f"{a.display_name} already uses {b.display_name}."
        return DropPlan(replaced=[a.with_changes(subnets=(*a.subnets, b.id))])
    if ka == "target-group" and kb == "instance":
        if any(t.target == b.id for t in a.targets):
            return f"{b.display_name} is already a target of {a.display_name}."
        return DropPlan(replaced=[a.with_changes(targets=(*a.targets, Target(target=b.id)))])
    if ka == "target-group" and kb == "auto-scaling-group":
        if a.id in b.target_groups:
            return f"{b.display_name} already registers with {a.display_name}."
        return DropPlan(replaced=[b.with_changes(target_groups=(*b.target_groups, a.id))])
    if ka == "cloudfront" and kb in ("load-balancer", "instance"):
        oid = new_id(design, f"{a.id}-origin", {o.id for o in a.origins})
        origins = (*a.origins, Origin(id=oid, target=b.id))
        return DropPlan(replaced=[a.with_changes(origins=origins, default_origin=a.default_origin or oid)])
    if ka == "hosted-zone" and kb in ("load-balancer", "cloudfront"):
        names = {rec.name for rec in a.records}
        n, name = 1, f"www.{a.zone_name}"
        while name in names:
            n += 1
            name = f"app{n}.{a.zone_name}"
        rec = DnsRecord(name=name, type="A", alias=AliasTarget(target=b.id))
        return DropPlan(replaced=[a.with_changes(records=(*a.records, rec))])
    if ka == "internet-client" and kb == "dns-resolver":
        return DropPlan(replaced=[a.with_changes(resolver=b.id)])
    if ka == "dns-resolver" and kb == "on-premises":
        return DropPlan(replaced=[a.with_changes(on_premises=b.id)])
    if ka in ("route-table", "network-acl") and kb == "subnet":
        if a.vpc != b.vpc:
            return f"{a.display_name} belongs to another VPC than {b.display_name}."
        detached = [r for r in _detach_subnet(design, ka, b.id) if r.id != a.id]
        return DropPlan(replaced=[a.with_changes(subnets=(*a.subnets, b.id)), *detached])
    if ka == "security-group" and kb in ("instance", "load-balancer", "network-interface"):
        if a.id in b.security_groups:
            return f"{b.display_name} already uses {a.display_name}."
        return DropPlan(replaced=[b.with_changes(security_groups=(*b.security_groups, a.id))])
    if ka == "transit-gateway" and kb == "vpc":
        subnets = tuple(s.id for s in resources(design).values() if s.kind == "subnet" and s.vpc == b.id)[:2]
        from vpcdesigner.model import TgwAttachment

        aid = new_id(design, f"{a.id}-attach", {x.id for x in a.attachments})
        att = TgwAttachment(id=aid, type="vpc", vpc=b.id, subnets=subnets)
        return DropPlan(replaced=[a.with_changes(attachments=(*a.attachments, att))])
    return None
