"""Build a new resource for a palette drop, with sensible defaults (next free CIDR, next free address).

Qt-free. A drop is either a new box in a container, or an *attachment* (a security group dropped
on an instance, a NACL or route table dropped on a subnet) that also edits the target.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from vpcdesigner.model import Design, DocumentError, Resource, new_resource
from vpcdesigner.model.addressing import next_free_ip, next_free_subnet

from .rules import BADGE_KINDS, can_contain, refusal, resources, taken_ips

PREFIX = {
    "vpc": "vpc", "subnet": "subnet", "route-table": "rtb", "network-acl": "nacl", "security-group": "sg",
    "prefix-list": "pl", "vpc-endpoint": "vpce", "internet-gateway": "igw",
    "egress-only-internet-gateway": "eigw", "nat-gateway": "nat", "vpn-gateway": "vgw",
    "customer-gateway": "cgw", "vpn-connection": "vpn", "direct-connect": "dx",
    "direct-connect-gateway": "dxgw", "on-premises": "onprem", "vpc-peering": "pcx",
    "transit-gateway": "tgw", "instance": "i", "network-interface": "eni", "auto-scaling-group": "asg",
    "load-balancer": "alb", "target-group": "tg", "cloudfront": "cdn", "hosted-zone": "zone",
    "dns-resolver": "resolver", "internet-client": "client",
}


@dataclass
class DropPlan:
    """What a drop does: resources to add and existing resources to replace (new versions)."""

    added: list[Resource] = field(default_factory=list)
    replaced: list[Resource] = field(default_factory=list)

    @property
    def main_id(self) -> str | None:
        return self.added[0].id if self.added else None


def new_id(design: Design, prefix: str, extra: set[str] | None = None) -> str:
    """A short readable id not used yet, like `subnet-3`."""
    taken = set(resources(design)) | {n.id for n in design.notes} | (extra or set())
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


def _free_block(design: Design, base: str, prefix: int) -> str:
    used = [c for r in resources(design).values() for c in _cidrs(r)]
    for net in ipaddress.IPv4Network(base).subnets(new_prefix=prefix):
        if not any(net.overlaps(ipaddress.IPv4Network(u)) for u in used):
            return str(net)
    return str(next(ipaddress.IPv4Network(base).subnets(new_prefix=prefix)))


def _cidrs(r: Any) -> list[str]:
    if r.kind == "vpc":
        return list(r.all_cidrs)
    if r.kind == "on-premises":
        return list(r.cidrs)
    return []


def _free_public_ip(design: Design, base: str) -> str:
    used = {getattr(r, "ip", None) for r in resources(design).values()}
    return next_free_ip(base, {u for u in used if u}, start_offset=10) or base.split("/")[0]


def plan_drop(design: Design, kind: str, target_id: str | None) -> DropPlan | str:
    """What dropping a new `kind` onto `target_id` (None = canvas) does, or why it is refused."""
    res = resources(design)
    target = res.get(target_id) if target_id else None
    tkind = target.kind if target else None
    rid = new_id(design, PREFIX.get(kind, kind))
    try:
        if kind in BADGE_KINDS:
            return _plan_badge(design, kind, rid, target)
        if kind == "vpn-connection":
            if tkind != "customer-gateway" or target is None:
                return refusal(tkind, kind).replace("place it", "drop it")
            return DropPlan([new_resource(kind, id=rid, name=rid, customer_gateway=target.id)])
        if kind == "vpc-peering":
            return "A VPC peering joins two VPCs: drag from one VPC's handle (◆) to the other VPC."
        if not can_contain(tkind, kind):
            return refusal(tkind, kind)
        fields: dict[str, Any] = {"id": rid, "name": rid}
        if kind == "vpc":
            fields["cidr"] = _free_block(design, "10.0.0.0/8", 16)
        elif kind == "subnet":
            assert target is not None
            others = [s.cidr for s in res.values() if s.kind == "subnet" and s.vpc == target.id]
            cidr = next_free_subnet(target.all_cidrs, others)
            if cidr is None:
                return f"VPC {target.display_name} has no free /24 left."
            zone = "ab"[len(others) % 2]
            fields.update(vpc=target.id, cidr=cidr, availability_zone=f"{target.region}{zone}")
        elif kind in ("instance", "network-interface"):
            assert target is not None
            ip = next_free_ip(target.cidr, taken_ips(design, target.id))
            if ip is None:
                return f"Subnet {target.display_name} ({target.cidr}) has no free address left."
            fields.update(subnet=target.id, private_ip=ip)
        elif kind == "nat-gateway":
            assert target is not None
            fields.update(subnet=target.id)
        elif kind in ("load-balancer", "target-group", "vpc-endpoint", "egress-only-internet-gateway"):
            assert target is not None
            fields.update(vpc=target.id)
        elif kind in ("internet-gateway", "vpn-gateway"):
            fields.update(vpc=target.id if target else None)
        elif kind == "auto-scaling-group":
            assert target is not None
            subnets = [s.id for s in res.values() if s.kind == "subnet" and s.vpc == target.id]
            if not subnets:
                return f"VPC {target.display_name} has no subnet yet: add a subnet before an Auto Scaling group."
            fields.update(subnets=tuple(subnets[:2]), desired=2, min_size=1, max_size=4)
        elif kind == "on-premises":
            fields.update(cidrs=(_free_block(design, "172.16.0.0/12", 16),))
        elif kind == "customer-gateway":
            fields.update(ip=_free_public_ip(design, "198.51.100.0/24"))
        elif kind == "direct-connect":
            onprem = [r.id for r in res.values() if r.kind == "on-premises"]
            if not onprem:
                return "A Direct Connect link starts at an on-premises network: add one first."
            fields.update(on_premises=onprem[0])
        elif kind == "hosted-zone":
            zone = "example.com"
            n = 1
            while any(getattr(r, "zone_name", None) == zone for r in res.values()):
                n += 1
                zone = f"example{n}.com"
            fields.update(zone_name=zone)
        elif kind == "dns-resolver":
            fields.update(ip=_free_public_ip(design, "198.51.100.0/24"),
                          on_premises=target.id if target is not None and tkind == "on-premises" else None)
        elif kind == "internet-client":
            fields.update(ip=_free_public_ip(design, "203.0.113.0/24"))
        return DropPlan([new_resource(kind, **fields)])
    except DocumentError as exc:
        return str(exc)


def _plan_badge(design: Design, kind: str, rid: str, target: Any) -> DropPlan | str:
    """Security groups, NACLs and route tables: created in the VPC, attached to what they land on."""
    tkind = target.kind if target is not None else None
    res = resources(design)
    if kind == "security-group" and tkind in ("vpc", "instance", "load-balancer", "network-interface"):
        vpc = target.id if tkind == "vpc" else target.vpc if tkind == "load-balancer" else res[target.subnet].vpc
        sg = new_resource(kind, id=rid, name=rid, group_name=rid, vpc=vpc)
        plan = DropPlan([sg])
        if tkind != "vpc":
            plan.replaced.append(target.with_changes(security_groups=(*target.security_groups, rid)))
        return plan
    if kind in ("network-acl", "route-table") and tkind in ("vpc", "subnet"):
        vpc = target.id if tkind == "vpc" else target.vpc
        subnets = (target.id,) if tkind == "subnet" else ()
        new = new_resource(kind, id=rid, name=rid, vpc=vpc, subnets=subnets)
        plan = DropPlan([new])
        if subnets:
            plan.replaced.extend(_detach_subnet(design, kind, target.id))
        return plan
    return refusal(tkind, kind).replace("place it", "drop it")


def _detach_subnet(design: Design, kind: str, subnet_id: str) -> list[Resource]:
    """A subnet has one route table and one NACL: remove it from the others of that kind."""
    out = []
    for r in resources(design).values():
        if r.kind == kind and subnet_id in r.subnets:
            out.append(r.with_changes(subnets=tuple(s for s in r.subnets if s != subnet_id)))
    return out
