"""Qt-free editor rules: every palette kind can be created somewhere, connections make valid designs."""

from __future__ import annotations

import pytest

from vpcdesigner.model import Design, Document, dumps, loads
from vpcdesigner.ui.connections import plan_connection
from vpcdesigner.ui.factory import DropPlan, plan_drop
from vpcdesigner.ui.palette import GROUPS
from vpcdesigner.ui.rules import can_contain, container_of, refusal, reparent_changes

KINDS = [k for _, kinds in GROUPS for k in kinds if k != "note"]


def _apply(doc: Document, plan: DropPlan) -> None:
    doc.add_many(plan.added)
    for r in plan.replaced:
        doc.replace(r)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_can_be_dropped_somewhere(kind: str, sample_design: Design) -> None:
    doc = Document(sample_design)
    targets = [None, "store-vpc", "public-a", "db", "corp-cgw", "corp-office", "store-alb"]
    plans = [p for t in targets if isinstance(p := plan_drop(doc.design, kind, t), DropPlan)]
    if kind == "vpc-peering":  # made by connecting two VPCs, never dropped
        assert plans == []
        return
    assert plans, f"no place accepts a {kind}"
    _apply(doc, plans[0])
    loads(dumps(doc.design))  # the result is a valid design file (references resolve)


def test_refusals_name_the_right_place() -> None:
    assert "inside a subnet" in refusal("vpc", "instance")
    assert "inside a VPC" in refusal(None, "subnet")
    assert not can_contain("subnet", "subnet") and can_contain("vpc", "subnet")


@pytest.mark.parametrize(("src", "dst", "field"), [
    ("corp-cgw", "vgw", None),  # a new VPN connection
    ("web-tg", "db", "targets"),
    ("cdn", "store-alb", "origins"),
    ("anycompany.example", "store-alb", "records"),
    ("rtb-public", "private-a", "subnets"),
    ("db-sg", "store-alb", "security_groups"),
])
def test_connections_make_valid_designs(src: str, dst: str, field: str | None, sample_design: Design) -> None:
    doc = Document(sample_design)
    before = dumps(doc.design)
    plan = plan_connection(doc.design, src, dst)
    assert isinstance(plan, DropPlan)
    _apply(doc, plan)
    assert dumps(doc.design) != before
    loads(dumps(doc.design))
    if src == "rtb-public":  # a subnet keeps one route table: it left its old one
        assert "private-a" not in doc.design.resources["rtb-private-a"].subnets


def test_refused_connections_say_why(sample_design: Design) -> None:
    assert isinstance(plan_connection(sample_design, "customer", "db"), str)
    assert "already" in str(plan_connection(sample_design, "store-alb", "public-a"))


def test_reparenting_a_subnet_into_a_full_vpc_is_refused(sample_design: Design) -> None:
    doc = Document(sample_design)
    small = plan_drop(doc.design, "vpc", None)
    assert isinstance(small, DropPlan)
    vpc = small.added[0].with_changes(cidr="10.200.0.0/24")  # room for exactly one /24
    doc.add(vpc)
    first = reparent_changes(doc.design, "public-b", vpc.id)
    assert isinstance(first, dict) and first["cidr"] == "10.200.0.0/24"
    doc.update("public-b", **first)
    assert container_of(doc.design, "public-b") == vpc.id
    second = reparent_changes(doc.design, "private-b", vpc.id)
    assert isinstance(second, str) and "no free" in second
