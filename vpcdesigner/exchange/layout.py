"""Automatic layout for imported designs: nested containers, gateways on edges, no overlaps.

Used by every importer (AWS account, CloudFormation). Pure arithmetic on the model, no Qt.
Conventions (the same as the sample designs): a `Placement` is relative to the object's
container (`container_of`); containers (VPC, subnet, Auto Scaling group, on-premises network)
get a width and height; other objects are a 56-pixel icon whose top-left corner is the
placement, with the label centred under it. Internet-side things go left of the VPCs, hybrid
things (customer gateways, on-premises networks) right, inter-VPC links below. The result
depends only on the design, so importing the same input twice draws the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Design, Placement, derive

ICON = 56.0
LABEL_H = 30.0
LEAF_H = ICON + LABEL_H
CHAR_W = 7.5
GAP = 24.0
PAD = 24.0
HEADER = 44.0
MIN_SUBNET_W, MIN_SUBNET_H = 260.0, 150.0
ASG_H = 90.0
MAX_LEAF_W = 240.0
SPACE_X = MAX_LEAF_W / 2 + 2 * GAP  # between VPCs: room for a VGW label on the right edge

CONTAINER_KINDS = frozenset({"vpc", "subnet", "auto-scaling-group", "on-premises"})
IN_SUBNET = frozenset({"instance", "nat-gateway", "network-interface"})
IN_VPC = frozenset({"load-balancer", "target-group", "vpc-endpoint", "auto-scaling-group"})
ON_VPC_TOP = frozenset({"internet-gateway", "egress-only-internet-gateway"})
ON_VPC_RIGHT = frozenset({"vpn-gateway"})
EDGE_KINDS = ON_VPC_TOP | ON_VPC_RIGHT
# Drawn as lines or panels, not boxes (as in the sample designs).
NOT_DRAWN = frozenset({"route-table", "network-acl", "security-group", "prefix-list", "vpn-connection"})
LEFT_KINDS = ("internet-client", "dns-resolver", "cloudfront", "hosted-zone")
RIGHT_KINDS = ("customer-gateway", "on-premises", "direct-connect")
BELOW_KINDS = ("vpc-peering", "transit-gateway", "direct-connect-gateway")


@dataclass(frozen=True)
class Box:
    """An absolute rectangle on the canvas."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)

    def contains(self, other: Box) -> bool:
        eps = 1e-6
        return (other.x >= self.x - eps and other.y >= self.y - eps
                and other.x + other.w <= self.x + self.w + eps and other.y + other.h <= self.y + self.h + eps)


def label_width(text: str) -> float:
    return len(text) * CHAR_W + 16.0


def container_of(design: Design, rid: str) -> str | None:
    """The id of the container an object is drawn in, or None for the top level."""
    r: Any = design.resources.get(rid)
    if r is None:
        return None
    parent: str | None = None
    if r.kind == "subnet":
        parent = r.vpc
    elif r.kind in IN_SUBNET:
        parent = r.subnet
    elif r.kind in IN_VPC or r.kind in EDGE_KINDS:
        parent = getattr(r, "vpc", None)
        if parent is None and r.kind == "auto-scaling-group" and r.subnets:
            sub = design.resources.get(r.subnets[0])
            parent = getattr(sub, "vpc", None)
    return parent if parent in design.resources else None


def _label(design: Design, rid: str) -> str:
    r = design.resources[rid]
    name = r.name or r.id
    cidr = getattr(r, "cidr", None) if r.kind in ("vpc", "subnet") else None
    return f"{name}  {cidr}" if cidr else name


def leaf_width(design: Design, rid: str) -> float:
    return max(ICON + GAP, min(label_width(_label(design, rid)), MAX_LEAF_W))


def leaf_box(x: float, y: float, width: float) -> Box:
    """The icon at (x, y) with its label centred below: `width` wide, centred on the icon."""
    return Box(x + ICON / 2 - width / 2, y, width, LEAF_H)


class _Layout:
    def __init__(self, design: Design) -> None:
        self.d = design
        self.out: dict[str, Placement] = {}
        self.size: dict[str, tuple[float, float]] = {}
        self.children: dict[str | None, list[str]] = {}
        for rid in sorted(design.resources):
            if design.resources[rid].kind not in NOT_DRAWN:
                self.children.setdefault(container_of(design, rid), []).append(rid)
        self.public = _public_subnets(design)

    def res(self, rid: str) -> Any:
        return self.d.resources[rid]

    def kind(self, rid: str) -> str:
        return str(self.d.resources[rid].kind)

    def grid(self, ids: list[str], x0: float, y0: float, columns: int) -> tuple[float, float]:
        """Leaves in rows of `columns` cells; returns the (width, height) used."""
        if not ids:
            return 0.0, 0.0
        cell_w = max(leaf_width(self.d, i) for i in ids) + GAP
        for n, rid in enumerate(ids):
            col, row = n % columns, n // columns
            self.out[rid] = Placement(x=x0 + col * cell_w + (cell_w - GAP - ICON) / 2, y=y0 + row * (LEAF_H + GAP))
        rows = math.ceil(len(ids) / columns)
        return min(columns, len(ids)) * cell_w - GAP, rows * (LEAF_H + GAP) - GAP

    def subnet(self, sid: str) -> tuple[float, float]:
        kids = self.children.get(sid, [])
        columns = max(1, min(4, math.ceil(math.sqrt(len(kids))))) if kids else 1
        w, h = self.grid(kids, PAD, HEADER, columns)
        width = max(MIN_SUBNET_W, w + 2 * PAD, label_width(_label(self.d, sid)) + 2 * PAD)
        height = max(MIN_SUBNET_H, HEADER + h + PAD)
        return width, height

    def vpc(self, vid: str) -> tuple[float, float]:
        kids = self.children.get(vid, [])
        subnets = [k for k in kids if self.kind(k) == "subnet"]
        top = [k for k in kids if self.kind(k) in ON_VPC_TOP]
        right = [k for k in kids if self.kind(k) in ON_VPC_RIGHT]
        asgs = [k for k in kids if self.kind(k) == "auto-scaling-group"]
        leaves = [k for k in kids if k not in subnets and k not in top and k not in right and k not in asgs]
        right_pad = max([PAD] + [leaf_width(self.d, g) / 2 + GAP for g in right])
        y = HEADER + LEAF_H / 2 if top else HEADER
        # Subnets: one column per availability zone, stacked inside it.
        by_az: dict[str, list[str]] = {}
        for sid in subnets:
            by_az.setdefault(self.res(sid).availability_zone, []).append(sid)
        x = PAD
        column_bottom = y
        sizes = {sid: self.subnet(sid) for sid in subnets}
        for az in sorted(by_az):
            col_w = max(sizes[s][0] for s in by_az[az])
            cy = y
            for sid in sorted(by_az[az], key=lambda s: (s not in self.public, _cidr_key(self.res(s).cidr), s)):
                self.out[sid] = Placement(x=x, y=cy, width=col_w, height=sizes[sid][1])
                cy += sizes[sid][1] + GAP
            column_bottom = max(column_bottom, cy)
            x += col_w + GAP
        inner_w = x - GAP - PAD if by_az else 0.0
        y = column_bottom if by_az else y
        lw, lh = self.grid(leaves, PAD, y, min(6, max(1, len(leaves))))
        if leaves:
            y += lh + GAP
        inner_w = max(inner_w, lw, label_width(_label(self.d, vid)))
        for gid in asgs:
            width = max(inner_w, label_width(_label(self.d, gid)) + 2 * PAD)
            self.out[gid] = Placement(x=PAD, y=y, width=width, height=ASG_H)
            inner_w = max(inner_w, width)
            y += ASG_H + GAP
        top_w = sum(leaf_width(self.d, g) + GAP for g in top)
        label_w = label_width(_label(self.d, vid))
        width = max(PAD + inner_w + right_pad, label_w + top_w + 2 * PAD)
        right_y = HEADER + LEAF_H / 2 + GAP  # below the gateways on the top edge
        height = max(y + PAD - GAP if (subnets or leaves or asgs) else HEADER + LEAF_H, HEADER + LEAF_H + PAD,
                     right_y + len(right) * (LEAF_H + GAP) + PAD)
        # Gateways straddle the border: internet ones on the top edge (right of the title), VGWs on the right.
        gx = width - PAD
        for gid in reversed(top):
            w = leaf_width(self.d, gid)
            gx -= w
            self.out[gid] = Placement(x=gx + (w - ICON) / 2, y=-ICON / 2)
            gx -= GAP
        for n, gid in enumerate(right):
            self.out[gid] = Placement(x=width - ICON / 2, y=right_y + n * (LEAF_H + GAP))
        return width, height

    def on_prem(self, oid: str) -> tuple[float, float]:
        r = self.res(oid)
        lines = [_label(self.d, oid), *r.cidrs, *(f"{h.name} {h.ip}" for h in r.hosts)]
        width = max(220.0, max(label_width(t) for t in lines) + 2 * PAD)
        return width, max(120.0, HEADER + len(lines) * 20.0 + PAD)

    def run(self) -> dict[str, Placement]:
        top = self.children.get(None, [])
        vpcs = sorted((k for k in top if self.kind(k) == "vpc"),
                      key=lambda v: (getattr(self.d.resources[v], "region", ""), v))
        left = [k for kind in LEFT_KINDS for k in top if self.kind(k) == kind]
        below = [k for kind in BELOW_KINDS for k in top if self.kind(k) == kind]
        right = [k for kind in RIGHT_KINDS for k in top if self.kind(k) == kind]
        placed = set(vpcs) | set(left) | set(below) | set(right)
        below += [k for k in top if k not in placed]  # anything else (detached gateways, ...)
        x = PAD
        if left:
            w = max(leaf_width(self.d, k) for k in left)
            self._column(left, x + (w - ICON) / 2, PAD)
            x += w + 2 * GAP
        sizes = {v: self.vpc(v) for v in vpcs}
        columns = max(1, math.ceil(math.sqrt(len(vpcs))))
        col_w = [max((sizes[v][0] for v in vpcs[c::columns]), default=0.0) for c in range(columns)]
        rows = [vpcs[i:i + columns] for i in range(0, len(vpcs), columns)]
        y = PAD + ICON  # room for gateways on the top edge
        for row in rows:
            cx = x
            for c, v in enumerate(row):
                self.out[v] = Placement(x=cx, y=y, width=sizes[v][0], height=sizes[v][1])
                cx += col_w[c] + SPACE_X
            y += max(sizes[v][1] for v in row) + 2 * GAP + ICON
        right_x = x + sum(col_w) + len(col_w) * SPACE_X if vpcs else x
        if below:
            right_x = max(right_x, self._row(below, x, y) + GAP)
        if right:
            self._right(right, right_x)
        return self.out

    def _column(self, ids: list[str], x: float, y: float) -> None:
        for rid in ids:
            self.out[rid] = Placement(x=x, y=y)
            y += LEAF_H + GAP

    def _row(self, ids: list[str], x: float, y: float) -> float:
        """Leaves left to right; returns the right end of the row."""
        for rid in ids:
            w = leaf_width(self.d, rid)
            self.out[rid] = Placement(x=x + (w - ICON) / 2, y=y)
            x += w + GAP
        return x

    def _right(self, ids: list[str], x: float) -> None:
        """Customer gateways in one column, the on-premises network each one leads to beside it."""
        leaves = [k for k in ids if self.kind(k) != "on-premises"]
        prems = [k for k in ids if self.kind(k) == "on-premises"]
        leaf_w = max((leaf_width(self.d, k) for k in leaves), default=0.0)
        px = x + leaf_w + 2 * GAP if leaves else x
        y = PAD + ICON
        py = y
        order = sorted(prems, key=lambda p: (self._first_gateway(p, leaves), p))
        for oid in order:
            w, h = self.on_prem(oid)
            self.out[oid] = Placement(x=px, y=py, width=w, height=h)
            py += h + GAP
        for rid in leaves:
            self.out[rid] = Placement(x=x + (leaf_w - ICON) / 2, y=y)
            y += LEAF_H + GAP

    def _first_gateway(self, oid: str, leaves: Iterable[str]) -> int:
        for n, rid in enumerate(leaves):
            if getattr(self.d.resources[rid], "on_premises", None) == oid:
                return n
        return len(self.d.resources)


def _public_subnets(design: Design) -> set[str]:
    """Subnets drawn first (at the top, next to the internet gateway): routed to an IGW or meant public."""
    tables = derive(design).route_table_of
    out = set()
    for sid, table in tables.items():
        subnet: Any = design.resources[sid]
        to_igw = any(getattr(design.resources.get(r.target or ""), "kind", "") == "internet-gateway"
                     for r in table.routes)
        if to_igw or subnet.intent == "public":
            out.add(sid)
    return out


def _cidr_key(cidr: str) -> tuple[int, ...]:
    address, _, prefix = cidr.partition("/")
    return (*(int(p) for p in address.split(".")), int(prefix or 0))


def auto_layout(design: Design) -> dict[str, Placement]:
    """Placements for every drawable object of `design` (route tables, NACLs, SGs are not drawn)."""
    return _Layout(design).run()


def absolute_boxes(design: Design, layout: dict[str, Placement] | None = None) -> dict[str, Box]:
    """Absolute rectangles of every placed object (containers: their size; others: icon + label)."""
    layout = design.layout if layout is None else layout
    out: dict[str, Box] = {}

    def origin(rid: str) -> tuple[float, float]:
        parent = container_of(design, rid)
        if parent is None or parent not in layout:
            return 0.0, 0.0
        box = box_of(parent)
        return box.x, box.y

    def box_of(rid: str) -> Box:
        if rid in out:
            return out[rid]
        p = layout[rid]
        ox, oy = origin(rid)
        if p.width is not None and p.height is not None:
            box = Box(ox + p.x, oy + p.y, p.width, p.height)
        else:
            box = leaf_box(ox + p.x, oy + p.y, leaf_width(design, rid))
        out[rid] = box
        return box

    for rid in layout:
        if rid in design.resources:
            box_of(rid)
    return out
