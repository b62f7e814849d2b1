"""Containment and placement rules for the canvas, kept free of Qt so they can move to the model.

Containment is *derived from network meaning*: an instance sits in the subnet its `subnet` field
names, a subnet in its VPC. Moving a box into another container therefore means changing that
reference field; these helpers say which containers accept which kinds and what the change is.

>>> can_contain("subnet", "instance"), can_contain("subnet", "vpc"), can_contain(None, "vpc")
(True, False, True)
"""

from __future__ import annotations

from typing import Any

from vpcdesigner.model import Design, derive
from vpcdesigner.model.addressing import cidr_within, contains, next_free_ip, next_free_subnet
from vpcdesigner.model.design import CLASS_FOR_KIND, KINDS

CONTAINER_KINDS = frozenset({"vpc", "subnet", "on-premises"})
# Kinds never drawn as boxes: security is shown as badges, VPN connections and peerings as edges.
BADGE_KINDS = frozenset({"security-group", "network-acl", "route-table"})
EDGE_KINDS = frozenset({"vpn-connection", "vpc-peering"})
EDGE_MOUNTED = frozenset({"internet-gateway", "egress-only-internet-gateway", "vpn-gateway"})
NODE_KINDS = frozenset(k for k in KINDS if k not in BADGE_KINDS | EDGE_KINDS)

# Which kinds a container (None = the canvas itself) can hold as a box.
_HOLDS: dict[str | None, frozenset[str]] = {
    None: frozenset({
        "vpc", "on-premises", "customer-gateway", "direct-connect", "direct-connect-gateway",
        "transit-gateway", "cloudfront", "hosted-zone", "dns-resolver", "internet-client", "prefix-list",
        "internet-gateway", "vpn-gateway",
    }),
    "vpc": frozenset({
        "subnet", "load-balancer", "target-group", "auto-scaling-group", "vpc-endpoint",
        "internet-gateway", "egress-only-internet-gateway", "vpn-gateway",
    }),
    "subnet": frozenset({"instance", "nat-gateway", "network-interface"}),
    "on-premises": frozenset({"dns-resolver"}),
}
# Where each kind is allowed, said in words for the refused-drop hint.
_HOME: dict[str, str] = {
    "subnet": "inside a VPC",
    "instance": "inside a subnet",
    "nat-gateway": "inside a (public) subnet",
    "network-interface": "inside a subnet",
    "load-balancer": "inside a VPC",
    "target-group": "inside a VPC",
    "auto-scaling-group": "inside a VPC that has subnets",
    "vpc-endpoint": "inside a VPC",
    "egress-only-internet-gateway": "on a VPC",
    "security-group": "on a VPC, an instance or a load balancer",
    "network-acl": "on a VPC or a subnet",
    "route-table": "on a VPC or a subnet",
    "vpn-connection": "on a customer gateway (then drag its handle to a gateway)",
    "vpc-peering": "on a VPC (then drag its handle to the other VPC)",
    "direct-connect": "outside the VPCs, with an on-premises network in the design",
}


def resources(design: Design) -> dict[str, Any]:
    """The design's resources, typed loosely: rules read fields by kind (duck typing)."""
    return design.resources


def can_contain(container_kind: str | None, child_kind: str) -> bool:
    """True when a box of `child_kind` may sit directly in `container_kind` (None = canvas)."""
    return child_kind in _HOLDS.get(container_kind, frozenset())


def home_of(kind: str) -> str:
    """Where a kind may go, for a refused-drop hint."""
    return _HOME.get(kind, "on the canvas, outside the VPCs")


def label(kind: str) -> str:
    """The human name of a kind with its article: "an EC2 instance", "a VPC"."""
    cls: Any = CLASS_FOR_KIND.get(kind)
    text = str(cls.label) if cls is not None else kind
    text = text if text[:3].isupper() else text[0].lower() + text[1:]
    article = "an" if text[0].lower() in "aeiou" and not text.startswith("VPC") else "a"
    return f"{article} {text}"


def refusal(container_kind: str | None, child_kind: str) -> str:
    """A one-line reason a drop is refused.

    >>> refusal("vpc", "instance")
    'An EC2 instance cannot go in a VPC: place it inside a subnet.'
    """
    where = "on the bare canvas" if container_kind is None else f"in {label(container_kind)}"
    text = f"{label(child_kind)} cannot go {where}: place it {home_of(child_kind)}."
    return text[0].upper() + text[1:]


def container_of(design: Design, rid: str) -> str | None:
    """The id of the container a resource is drawn in, or None for the top level."""
    r = resources(design).get(rid)
    if r is None:
        return None
    res = resources(design)
    kind = r.kind
    parent: str | None = None
    if kind == "subnet":
        parent = r.vpc
    elif kind in ("instance", "nat-gateway", "network-interface"):
        parent = r.subnet
    elif kind in ("load-balancer", "target-group", "vpc-endpoint", "egress-only-internet-gateway",
                  "internet-gateway", "vpn-gateway"):
        parent = r.vpc
    elif kind == "auto-scaling-group":
        vpcs = [res[s].vpc for s in r.subnets if s in res]
        parent = vpcs[0] if vpcs else None
    elif kind == "dns-resolver":
        parent = r.on_premises
    return parent if parent in res else None


def ancestors(design: Design, rid: str) -> list[str]:
    """Containers from the nearest outwards."""
    out: list[str] = []
    cur = container_of(design, rid)
    while cur is not None and cur not in out:
        out.append(cur)
        cur = container_of(design, cur)
    return out


def taken_ips(design: Design, subnet_id: str, derived: Any = None) -> set[str]:
    """Every address already used in a subnet (instances, ASG members, NAT and ALB nodes)."""
    d = derived or derive(design)
    taken = {i.private_ip for i in d.instances.values() if i.subnet == subnet_id and i.private_ip}
    taken.update(ip for nid, ip in d.nat_ip.items() if resources(design)[nid].subnet == subnet_id)
    for nodes in d.lb_nodes.values():
        taken.update(n.private_ip for n in nodes if n.subnet == subnet_id)
    for r in resources(design).values():
        if getattr(r, "subnet", None) == subnet_id and getattr(r, "private_ip", None):
            taken.add(r.private_ip)
    return taken


def reparent_changes(design: Design, rid: str, new_parent: str | None) -> dict[str, Any] | str:
    """Field changes that put `rid` into `new_parent`, or a refusal message.

    An instance whose address does not fit the new subnet gets the next free one there; a subnet
    whose CIDR does not fit the new VPC gets the next free /24.
    """
    r = resources(design)[rid]
    parent = resources(design).get(new_parent) if new_parent else None
    pkind = parent.kind if parent else None
    if not can_contain(pkind, r.kind):
        return refusal(pkind, r.kind)
    if container_of(design, rid) == new_parent:
        return {}
    kind = r.kind
    if kind in ("instance", "network-interface", "nat-gateway"):
        assert parent is not None
        changes: dict[str, Any] = {"subnet": parent.id}
        ip = getattr(r, "private_ip", None)
        if ip is not None and (not contains(parent.cidr, ip) or ip in taken_ips(design, parent.id)):
            new_ip = next_free_ip(parent.cidr, taken_ips(design, parent.id))
            if new_ip is None:
                return f"Subnet {parent.display_name} ({parent.cidr}) has no free address left."
            changes["private_ip"] = new_ip
        old_vpc = _vpc_of(design, r.subnet)
        if kind == "instance" and old_vpc != parent.vpc and r.security_groups:
            changes["security_groups"] = ()
        return changes
    if kind == "subnet":
        assert parent is not None
        changes = {"vpc": parent.id}
        others = [s.cidr for s in resources(design).values() if s.kind == "subnet" and s.vpc == parent.id]
        if not any(cidr_within(r.cidr, c) for c in parent.all_cidrs) or any(
            _overlap(r.cidr, o) for o in others
        ):
            cidr = next_free_subnet(parent.all_cidrs, others)
            if cidr is None:
                return f"VPC {parent.display_name} has no free /24 left for this subnet."
            changes["cidr"] = cidr
        return changes
    if kind == "auto-scaling-group":
        assert parent is not None
        subnets = [s.id for s in resources(design).values() if s.kind == "subnet" and s.vpc == parent.id]
        if not subnets:
            return f"VPC {parent.display_name} has no subnet for the Auto Scaling group: add one first."
        return {"subnets": tuple(subnets[:2])}
    if kind in ("load-balancer",):
        assert parent is not None
        return {"vpc": parent.id, "subnets": ()}
    if kind in ("target-group", "vpc-endpoint", "egress-only-internet-gateway", "internet-gateway",
                "vpn-gateway"):
        return {"vpc": parent.id if parent else None}
    if kind == "dns-resolver":
        return {"on_premises": parent.id if parent else None}
    return {}


def _vpc_of(design: Design, subnet_id: str) -> str | None:
    s = resources(design).get(subnet_id)
    return getattr(s, "vpc", None)


def _overlap(a: str, b: str) -> bool:
    from vpcdesigner.model.addressing import overlaps

    return overlaps(a, b)
