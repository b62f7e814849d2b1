"""What the canvas should show for a design: one `Entry` per drawn object, parents first.

Qt-free apart from nothing: it reads the Design and `derive()` and returns plain records, so the
scene's sync is a diff between these records and its items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vpcdesigner.model import Derived, Design, Placement

from ..rules import BADGE_KINDS, CONTAINER_KINDS, EDGE_KINDS, EDGE_MOUNTED, container_of
from ..theme import current
from .items import View

DEFAULT_SIZE = {"vpc": (900.0, 560.0), "subnet": (420.0, 200.0), "on-premises": (300.0, 200.0),
                "auto-scaling-group": (360.0, 56.0)}


@dataclass
class Entry:
    rid: str
    kind: str
    parent: str | None
    shape: str  # "container" | "node" | "mounted" | "band" | "member"
    view: View
    placement: Placement | None
    badges: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, kind, text, colour)
    key: tuple[Any, ...] = ()


def is_public(design: Design, derived: Derived, subnet_id: str) -> bool:
    """A subnet is public when its route table sends 0.0.0.0/0 (or ::/0) to an internet gateway."""
    rtb = derived.route_table_of.get(subnet_id)
    if rtb is None:
        return False
    for route in rtb.routes:
        target = design.resources.get(route.target or "")
        if route.destination in ("0.0.0.0/0", "::/0") and target is not None and target.kind == "internet-gateway":
            return route.state == "active"
    return False


def shape_of(kind: str) -> str:
    if kind in CONTAINER_KINDS:
        return "container"
    if kind in EDGE_MOUNTED:
        return "mounted"
    if kind == "auto-scaling-group":
        return "band"
    return "node"


def entries(design: Design, derived: Derived) -> list[Entry]:
    """Every drawn object, sorted so that containers come before what they hold."""
    res = design.resources
    t = current()
    out: list[Entry] = []
    depth_cache: dict[str, int] = {}

    def depth(rid: str | None) -> int:
        if rid is None:
            return -1
        if rid not in depth_cache:
            depth_cache[rid] = 0
            depth_cache[rid] = depth(container_of(design, rid)) + 1
        return depth_cache[rid]

    asg_targets = _asg_targets(design, derived)
    for r in res.values():
        if r.kind in BADGE_KINDS or r.kind in EDGE_KINDS:
            continue
        view, badges = _describe(design, derived, r, asg_targets)
        parent = container_of(design, r.id)
        placement = design.layout.get(r.id)
        out.append(Entry(r.id, r.kind, parent, shape_of(r.kind), view, placement, badges,
                         (r, placement, view.subtitle, view.tag, tuple(badges))))
    for asg_id, members in derived.members.items():
        for m in members:
            inst = m.instance
            sgs = derived.security_groups_of(inst, res[inst.subnet].vpc)
            badges = [(sg.id, "security-group", sg.display_name, t.badge_sg) for sg in sgs]
            view = View(inst.name, f"{inst.private_ip} · {asg_id}", "instance", derived=True,
                        tooltip=f"{inst.name} — member {m.index} of Auto Scaling group {asg_id}\n"
                                f"{inst.private_ip} in {inst.subnet} (edit the group, not the member)")
            out.append(Entry(inst.id, "instance", inst.subnet, "member", view, None, badges,
                             (inst.private_ip, inst.subnet, tuple(badges))))
    out.sort(key=lambda e: depth(e.parent) if e.shape != "member" else depth(e.parent) + 1)
    return out


def _describe(design: Design, derived: Derived, r: Any,
              asg_targets: dict[str, int]) -> tuple[View, list[tuple[str, str, str, str]]]:
    t = current()
    k = r.kind
    title = r.display_name
    badges: list[tuple[str, str, str, str]] = []
    sub = ""
    tag = ""
    lines: tuple[str, ...] = ()
    tip = f"{r.label}: {title}" + (f" ({r.id})" if r.id != title else "")
    if k == "vpc":
        sub = f"{', '.join(r.all_cidrs)} · {r.region}"
    elif k == "subnet":
        public = is_public(design, derived, r.id)
        tag = "PUBLIC" if public else "PRIVATE"
        sub = f"{r.cidr} · {r.availability_zone}"
        rtb = derived.route_table_of.get(r.id)
        nacl = derived.nacl_of.get(r.id)
        if rtb is not None:
            badges.append((rtb.id, "route-table", _short(rtb), t.badge_rtb))
        if nacl is not None:
            badges.append((nacl.id, "network-acl", "NACL " + _short(nacl), t.badge_nacl))
        reason = "routes 0.0.0.0/0 to an internet gateway" if public else "has no route to an internet gateway"
        tip += f"\n{tag.lower()} subnet: its route table {rtb.id if rtb else '?'} {reason}"
    elif k in ("instance", "network-interface"):
        inst = derived.instances.get(r.id, r)
        ip = inst.private_ip or "no address"
        sub = ip + (" · public IP" if getattr(inst, "public_ip", None) else "")
        if getattr(r, "role", ""):
            sub += f" · {r.role}"
        vpc = getattr(design.resources.get(r.subnet), "vpc", "")
        sgs = derived.security_groups_of(inst, vpc) if vpc in derived.default_sg_of_vpc else []
        badges = [(sg.id, "security-group", sg.display_name, t.badge_sg) for sg in sgs]
    elif k == "nat-gateway":
        sub = f"{r.connectivity} NAT · {derived.nat_ip.get(r.id, '')}"
    elif k == "load-balancer":
        nodes = derived.lb_nodes.get(r.id, [])
        sub = f"{r.type} · {r.scheme} · {len(nodes)} node{'s' if len(nodes) != 1 else ''}"
        badges = [(sg, "security-group", _name(design, sg), t.badge_sg) for sg in r.security_groups]
    elif k == "target-group":
        n = len(r.targets) + asg_targets.get(r.id, 0)
        sub = f"{r.protocol}:{r.port} · {n} target{'s' if n != 1 else ''}"
    elif k == "auto-scaling-group":
        subnets = ", ".join(r.subnets)
        sub = f"desired {r.desired} (min {r.min_size}, max {r.max_size}) · in {subnets}"
        badges = [(sg, "security-group", _name(design, sg), t.badge_sg) for sg in r.launch.security_groups]
    elif k == "on-premises":
        sub = ", ".join(r.cidrs) + (" · data center" if r.site == "data-center" else " · office")
        lines = tuple(f"{h.name}   {h.ip}" for h in r.hosts)
    elif k == "customer-gateway":
        sub = f"{r.ip} · ASN {r.bgp_asn}"
    elif k == "direct-connect":
        sub = f"{r.bandwidth}" + (f" · {r.location}" if r.location else "")
    elif k == "cloudfront":
        sub = r.domain_name or ", ".join(r.aliases) or "distribution"
    elif k == "hosted-zone":
        sub = f"{r.zone_name} · {'private' if r.private else 'public'} · {len(r.records)} records"
    elif k in ("dns-resolver", "internet-client"):
        sub = r.ip
    elif k == "prefix-list":
        sub = r.aws_name or f"{len(r.entries)} entries"
    elif k == "transit-gateway":
        sub = f"{len(r.attachments)} attachments"
    elif k == "vpc-endpoint":
        sub = f"gateway endpoint · {r.service}"
    elif k == "direct-connect-gateway":
        sub = f"ASN {r.amazon_asn}"
    if sub:
        tip += f"\n{sub}"
    if r.description:
        tip += f"\n{r.description}"
    return View(title, sub, k, tag=tag, lines=lines, tooltip=tip), badges


def _asg_targets(design: Design, derived: Derived) -> dict[str, int]:
    """Members registered with each target group through Auto Scaling groups."""
    out: dict[str, int] = {}
    for a in design.resources.values():
        if a.kind == "auto-scaling-group":
            for tg in a.target_groups:
                out[tg] = out.get(tg, 0) + len(derived.members.get(a.id, []))
    return out


def _short(r: Any) -> str:
    name = r.display_name
    return name.replace(" (implicit)", "*") if len(name) < 28 else r.id


def _name(design: Design, rid: str) -> str:
    r = design.resources.get(rid)
    return r.display_name if r is not None else rid
