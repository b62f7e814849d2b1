"""Automatic layout: siblings never overlap, children lie inside their container, gateways sit on
the VPC border, labels fit, and the same design always gives the same picture."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vpcdesigner.exchange.aws import import_snapshot
from vpcdesigner.exchange.layout import (
    EDGE_KINDS,
    NOT_DRAWN,
    ON_VPC_RIGHT,
    ON_VPC_TOP,
    Box,
    absolute_boxes,
    auto_layout,
    container_of,
    label_width,
)
from vpcdesigner.model import (
    AutoScalingGroup,
    CustomerGateway,
    Design,
    Instance,
    InternetClient,
    InternetGateway,
    LoadBalancer,
    NatGateway,
    OnPremises,
    Route,
    RouteTable,
    Subnet,
    TargetGroup,
    TransitGateway,
    Vpc,
    VpcPeering,
    VpnGateway,
    load,
)


def problems(design: Design) -> list[str]:
    """Every broken layout rule, as text (empty = a good layout)."""
    layout = auto_layout(design)
    boxes = absolute_boxes(design, layout)
    out = []
    drawable = {r for r, res in design.resources.items() if res.kind not in NOT_DRAWN}
    if set(layout) != drawable:
        out.append(f"placed {sorted(set(layout) ^ drawable)} wrongly")
    siblings: dict[str | None, list[str]] = {}
    for rid in boxes:
        siblings.setdefault(container_of(design, rid), []).append(rid)
    for parent, kids in siblings.items():
        for a, b in itertools.combinations(sorted(kids), 2):
            if boxes[a].overlaps(boxes[b]):
                out.append(f"{a} overlaps {b} in {parent}")
        if parent is None:
            continue
        outer = boxes[parent]
        for kid in kids:
            kind = design.resources[kid].kind
            if kind in EDGE_KINDS:
                out += _on_edge(kid, kind, boxes[kid], outer, layout[kid].x, layout[kid].y)
            elif not outer.contains(boxes[kid]):
                out.append(f"{kid} is outside {parent}")
    for rid, p in layout.items():
        res = design.resources[rid]
        if p.width is not None:
            text = f"{res.name or res.id}  {getattr(res, 'cidr', '')}".strip() if res.kind in ("vpc", "subnet") \
                else res.name or res.id
            if p.width < label_width(text):
                out.append(f"label of {rid} does not fit")
    return out


def _on_edge(rid: str, kind: str, box: Box, outer: Box, x: float, y: float) -> list[str]:
    centre_x, centre_y = box.x + box.w / 2, box.y + 28
    if kind in ON_VPC_TOP and not (y == -28 and outer.x <= centre_x <= outer.x + outer.w):
        return [f"{rid} is not on the top edge"]
    if kind in ON_VPC_RIGHT and not (abs(centre_x - (outer.x + outer.w)) < 1e-6
                                    and outer.y <= centre_y <= outer.y + outer.h):
        return [f"{rid} is not on the right edge"]
    return []


def test_sample_design_lays_out_cleanly(anycompany_path: Path) -> None:
    design = load(anycompany_path)
    assert problems(design) == []
    layout = auto_layout(design)
    assert layout["corp-office"].width and layout["store-vpc"].width  # containers are sized
    assert "corp-vpn" not in layout and "web-sg" not in layout  # drawn as lines / in panels


@pytest.mark.parametrize("name", ["test-public-private-subnet", "test-vpc-peering", "test-load-balancer",
                                  "test-transit-gateway", "networks/hybrid-cloud-aws"])
def test_corpus_imports_lay_out_cleanly(shared_dir: Path, name: str) -> None:
    design = import_snapshot(shared_dir / "corpus" / "aws-api-json" / "batfish__batfish" / name).design
    assert problems(design) == []
    assert design.layout == auto_layout(design)


def test_subnets_are_grouped_by_availability_zone() -> None:
    res: list = [Vpc(id="v", cidr="10.0.0.0/16")]
    for n, az in enumerate(["eu-west-1b", "eu-west-1a", "eu-west-1b", "eu-west-1a"]):
        res.append(Subnet(id=f"s{n}", vpc="v", availability_zone=az, cidr=f"10.0.{n}.0/24"))
    layout = auto_layout(Design(resources={r.id: r for r in res}))
    assert layout["s1"].x == layout["s3"].x < layout["s0"].x == layout["s2"].x
    assert layout["s1"].y < layout["s3"].y and layout["s0"].y < layout["s2"].y  # CIDR order inside a zone


def test_public_subnets_come_first_in_their_zone() -> None:
    res: list = [Vpc(id="v", cidr="10.0.0.0/16"), InternetGateway(id="igw", vpc="v"),
                 Subnet(id="private", vpc="v", availability_zone="eu-west-1a", cidr="10.0.0.0/24"),
                 Subnet(id="public", vpc="v", availability_zone="eu-west-1a", cidr="10.0.9.0/24"),
                 RouteTable(id="rt", vpc="v", subnets=("public",), routes=(Route(destination="0.0.0.0/0",
                                                                                  target="igw"),))]
    layout = auto_layout(Design(resources={r.id: r for r in res}))
    assert layout["public"].y < layout["private"].y


def test_same_design_same_layout_whatever_the_order(anycompany_path: Path) -> None:
    design = load(anycompany_path)
    shuffled = Design(resources=dict(reversed(list(design.resources.items()))))
    assert auto_layout(design) == auto_layout(shuffled)


@st.composite
def designs(draw: st.DrawFn) -> Design:
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-0123456789", min_size=0, max_size=40)
    res: list = []
    vpcs = draw(st.integers(1, 4))
    for v in range(vpcs):
        vid = f"vpc-{v}"
        res.append(Vpc(id=vid, name=draw(names), cidr=f"10.{v}.0.0/16"))
        if draw(st.booleans()):
            res.append(InternetGateway(id=f"igw-{v}", name=draw(names), vpc=vid))
        if draw(st.booleans()):
            res.append(VpnGateway(id=f"vgw-{v}", name=draw(names), vpc=vid))
        subnets = []
        for s in range(draw(st.integers(0, 6))):
            sid = f"subnet-{v}-{s}"
            subnets.append(sid)
            az = "eu-west-1" + draw(st.sampled_from("abc"))
            res.append(Subnet(id=sid, name=draw(names), vpc=vid, availability_zone=az, cidr=f"10.{v}.{s}.0/24"))
            for i in range(draw(st.integers(0, 7))):
                res.append(Instance(id=f"i-{v}-{s}-{i}", name=draw(names), subnet=sid))
            if draw(st.booleans()):
                res.append(NatGateway(id=f"nat-{v}-{s}", name=draw(names), subnet=sid))
        res.append(RouteTable(id=f"rtb-{v}", vpc=vid, main=True))
        for n in range(draw(st.integers(0, 3))):
            res.append(TargetGroup(id=f"tg-{v}-{n}", name=draw(names), vpc=vid))
        if subnets and draw(st.booleans()):
            res.append(LoadBalancer(id=f"lb-{v}", name=draw(names), vpc=vid, subnets=tuple(subnets[:2])))
            res.append(AutoScalingGroup(id=f"asg-{v}", name=draw(names), subnets=tuple(subnets)))
    for n in range(draw(st.integers(0, 3))):
        res.append(OnPremises(id=f"onprem-{n}", name=draw(names), cidrs=("172.16.0.0/16",)))
        res.append(CustomerGateway(id=f"cgw-{n}", name=draw(names), ip="198.51.100.1", on_premises=f"onprem-{n}"))
    for n in range(draw(st.integers(0, 3))):
        res.append(InternetClient(id=f"client-{n}", name=draw(names), ip="203.0.113.9"))
    if vpcs > 1 and draw(st.booleans()):
        res.append(VpcPeering(id="pcx-1", requester_vpc="vpc-0", accepter_vpc="vpc-1"))
        res.append(TransitGateway(id="tgw-1", name=draw(names)))
    return Design(resources={r.id: r for r in res})


@settings(max_examples=60, deadline=None)
@given(designs())
def test_random_designs_lay_out_cleanly(design: Design) -> None:
    assert problems(design) == []
    assert auto_layout(design) == auto_layout(design)
