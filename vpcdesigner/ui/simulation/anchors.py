"""Where on the canvas each step happens: the one place that maps hop components to anchors.

Many hop components are not canvas objects: security groups and NACLs are badges, ASG members and
load-balancer nodes are derived, "internet" and the DNS root/TLD servers are outside the design.
An anchor is a canvas id, ``edge:<key>`` (a VPN drawn as a line) or ``station:<name>`` (a fixed
place at the canvas edge). Rules, in order: the component itself; for NACLs and route tables the
subnet holding the packet's address; for security groups the interface they guard; the resource's
subnet/VPC/parent; the previous anchor; the internet station. Plain Python, no Qt.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Mapping

from vpcdesigner.model import Derived, Design

from .steps import SimStep

STATIONS = ("internet", "root", "tld", "aws-dns", "resolver")
_PARENT_FIELDS = ("subnet", "on_premises", "vpc")


def _station_for(component: str, kind: str) -> str | None:
    if component == "internet" or (kind == "internet" and component.startswith("internet")):
        return "station:internet"
    if component == "dns-root":
        return "station:root"
    if component.startswith("dns-tld:"):
        return "station:tld"
    if component.startswith("aws-zone:"):
        return "station:aws-dns"
    if component == "default-resolver":
        return "station:resolver"
    return None


class AddressBook:
    """Private address → (owner id, subnet id), from derive() so it matches the canvas and the tracer."""

    def __init__(self, design: Design, derived: Derived) -> None:
        self.owner: dict[str, tuple[str, str | None]] = {}
        for rid, inst in derived.instances.items():
            if inst.private_ip:
                self.owner[str(inst.private_ip)] = (rid, inst.subnet)
        for lb, nodes in derived.lb_nodes.items():
            for node in nodes:
                self.owner[node.private_ip] = (lb, node.subnet)
        for nat, ip in derived.nat_ip.items():
            self.owner[ip] = (nat, getattr(design.resources.get(nat), "subnet", None))
        self.subnets: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]] = []
        for sub in design.of_kind("subnet"):
            for cidr in (getattr(sub, "cidr", None), getattr(sub, "ipv6_cidr", None)):
                if cidr:
                    try:
                        self.subnets.append((ipaddress.ip_network(cidr, strict=False), sub.id))
                    except ValueError:
                        continue

    def subnet_of(self, address: str) -> str | None:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        best = [(net.prefixlen, sid) for net, sid in self.subnets if ip.version == net.version and ip in net]
        return max(best)[1] if best else None


def _endpoint(step: SimStep) -> str:
    """The address the check is about: the receiver for inbound checks, the sender otherwise."""
    inbound = "inbound" in step.check
    return step.extra.get("dst" if inbound else "src", "")


def anchor_of(step: SimStep, design: Design, book: AddressBook, canvas: Collection[str],
              edges: Mapping[str, str], previous: str | None) -> str:
    """The anchor for one step (see the module docstring for the order of the rules)."""
    cid = step.component
    station = _station_for(cid, step.kind)
    if station is not None:
        return station
    if cid in canvas:
        return cid
    if cid in edges:
        return f"edge:{edges[cid]}"
    address = _endpoint(step)
    if step.kind in ("network-acl", "route-table"):
        sub = book.subnet_of(address)
        if sub in canvas:
            return str(sub)
    if step.kind == "security-group":
        owner, sub = book.owner.get(address, (None, None))
        for choice in (owner, sub):
            if choice in canvas:
                return str(choice)
    resource = design.resources.get(cid)
    if resource is not None:
        for name in _PARENT_FIELDS:
            parent = getattr(resource, name, None)
            if isinstance(parent, str) and parent in canvas:
                return parent
        for sub_id in getattr(resource, "subnets", ()) or ():
            if sub_id in canvas:
                return str(sub_id)
    if step.kind == "dns-resolver" or step.kind == "hosted-zone":
        return "station:resolver" if step.kind == "dns-resolver" else "station:aws-dns"
    return previous or "station:internet"


def assign(steps: list[SimStep], design: Design, derived: Derived, canvas: Collection[str],
           edges: Mapping[str, str]) -> list[str]:
    """Set `step.anchor` on every step (and the DNS sender's anchor in extra['from_anchor'])."""
    book = AddressBook(design, derived)
    previous: str | None = None
    out = []
    for step in steps:
        step.anchor = anchor_of(step, design, book, canvas, edges, previous)
        if step.source is not None:
            sender = SimStep(0, "dns", step.source, step.extra.get("source_name", step.source),
                             step.extra.get("source_kind", ""), "", "info", "", "")
            step.extra["from_anchor"] = anchor_of(sender, design, book, canvas, edges, previous)
        previous = step.anchor
        out.append(step.anchor)
    return out
