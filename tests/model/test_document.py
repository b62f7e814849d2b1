"""The Document API: validated changes, exact undo data, cascading removal, and the signals it emits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vpcdesigner.model import (
    Document,
    DocumentError,
    Instance,
    Note,
    Placement,
    Scenario,
    SecurityGroup,
    Subnet,
    dumps,
    load,
    new_resource,
)


@pytest.fixture
def doc(anycompany_path: Path) -> Document:
    return Document(load(anycompany_path))


class Recorder:
    """Collects every signal a document emits, as (name, ids...)."""

    def __init__(self, doc: Document) -> None:
        self.events: list[tuple[Any, ...]] = []
        doc.resource_added.connect(lambda r: self.events.append(("added", r.id)))
        doc.resource_removed.connect(lambda r: self.events.append(("removed", r.id)))
        doc.resource_changed.connect(lambda new, old: self.events.append(("changed", new.id, old is not new)))
        doc.placement_changed.connect(lambda rid: self.events.append(("placement", rid)))
        doc.notes_changed.connect(lambda: self.events.append(("notes",)))
        doc.scenarios_changed.connect(lambda: self.events.append(("scenarios",)))
        doc.meta_changed.connect(lambda: self.events.append(("meta",)))
        doc.reset.connect(lambda: self.events.append(("reset",)))

    def names(self) -> list[str]:
        return [e[0] for e in self.events]


def test_add_emits_and_stores(doc: Document) -> None:
    rec = Recorder(doc)
    inst = Instance(id="app", subnet="private-b", security_groups=("web-sg",))
    doc.add(inst, Placement(x=5, y=6))
    assert doc.get("app") is inst
    assert doc.design.layout["app"].x == 5
    assert rec.events == [("added", "app")]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"subnet": "no-such-subnet"}, "unknown object 'no-such-subnet'"),
    ({"subnet": "store-vpc"}, "must be a subnet, but 'store-vpc' is a vpc"),
])
def test_add_refuses_bad_references_and_changes_nothing(doc: Document, fields: dict[str, str],
                                                        expected: str) -> None:
    before = dumps(doc.design)
    rec = Recorder(doc)
    with pytest.raises(DocumentError, match=expected):
        doc.add(Instance(id="app", **fields))
    assert dumps(doc.design) == before
    assert rec.events == []


def test_add_refuses_a_taken_id(doc: Document) -> None:
    with pytest.raises(DocumentError, match="'db' already exists"):
        doc.add(Instance(id="db", subnet="private-a"))


def test_add_many_may_refer_to_each_other(doc: Document) -> None:
    sub = Subnet(id="data-a", vpc="store-vpc", availability_zone="us-east-1a", cidr="10.0.21.0/24")
    inst = Instance(id="cache", subnet="data-a")
    doc.add_many([inst, sub])
    assert doc.get("cache") is inst and doc.get("data-a") is sub


def test_update_returns_old_values_and_emits(doc: Document) -> None:
    rec = Recorder(doc)
    old = doc.update("db", private_ip="10.0.11.20", name="database")
    assert old == {"private_ip": "10.0.11.10", "name": "db"}
    assert doc.get("db").private_ip == "10.0.11.20"  # type: ignore[union-attr]
    assert rec.events == [("changed", "db", True)]
    doc.update("db", **old)
    assert doc.get("db").private_ip == "10.0.11.10"  # type: ignore[union-attr]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"private_ip": "10.0.11.999"}, "db: private_ip"),
    ({"subnet": "nowhere"}, "unknown object 'nowhere'"),
    ({"id": "db2"}, "id and kind cannot be changed"),
])
def test_update_refuses_invalid_changes(doc: Document, changes: dict[str, str], expected: str) -> None:
    before = dumps(doc.design)
    with pytest.raises(DocumentError, match=expected):
        doc.update("db", **changes)
    assert dumps(doc.design) == before


def test_update_of_unknown_object(doc: Document) -> None:
    with pytest.raises(DocumentError, match="no object with id 'ghost'"):
        doc.update("ghost", name="x")


def test_replace_returns_the_old_version(doc: Document) -> None:
    old = doc.get("web-sg")
    assert isinstance(old, SecurityGroup)
    new = old.with_changes(description="web servers")
    assert doc.replace(new) is old
    assert doc.get("web-sg") is new
    with pytest.raises(DocumentError, match="kind cannot be changed"):
        doc.replace(Instance(id="web-sg", subnet="private-a"))


def test_remove_cascades_and_restore_is_exact(doc: Document) -> None:
    before = dumps(doc.design)
    rec = Recorder(doc)
    removal = doc.remove(["private-a"])
    gone = {r.id for r in removal.removed}
    assert {"private-a", "db"} <= gone  # db cannot exist without its subnet
    assert "private-a" not in doc.get("web-asg").subnets  # type: ignore[union-attr]
    assert "private-a" not in doc.get("private-nacl").subnets  # type: ignore[union-attr]
    assert "private-a" not in doc.design.layout
    assert ("removed", "db") in rec.events and ("changed", "web-asg", True) in rec.events
    doc.restore(removal)
    assert dumps(doc.design) == before


def test_removing_a_vpc_takes_everything_inside(doc: Document) -> None:
    before = dumps(doc.design)
    removal = doc.remove(["store-vpc"])
    kinds_left = {r.kind for r in doc.design.resources.values()}
    assert not kinds_left & {"subnet", "route-table", "security-group", "instance", "nat-gateway"}
    assert "customer" in doc.design.resources  # outside the VPC: untouched
    doc.restore(removal)
    assert dumps(doc.design) == before


def test_removing_a_security_group_drops_rules_that_name_it(doc: Document) -> None:
    removal = doc.remove(["web-sg"])
    alb_sg = doc.get("alb-sg")
    assert isinstance(alb_sg, SecurityGroup)
    assert all(rule.security_group != "web-sg" for rule in alb_sg.outbound)
    assert [r.id for r in removal.removed] == ["web-sg"]


def test_notes_parented_to_removed_objects_are_kept_unparented(doc: Document) -> None:
    doc.set_notes((Note(id="n1", text="the database", parent="db"),))
    removal = doc.remove(["db"])
    assert doc.design.notes[0].parent is None
    doc.restore(removal)
    assert doc.design.notes[0].parent == "db"


def test_placement_notes_scenarios_meta_and_reset_emit(doc: Document) -> None:
    rec = Recorder(doc)
    old = doc.set_placement("db", Placement(x=1, y=2))
    assert old is not None and old.x == 300
    doc.set_placements({"db": old, "cdn": None})
    doc.set_notes((Note(id="n1"),))
    doc.set_scenarios((Scenario(id="s", source="customer", destination="db", port=5432),))
    assert doc.set_meta(name="Renamed") == ("AnyCompany online store", doc.design.description)
    previous = doc.replace_all(load(Path(__file__).parent / "fixtures" / "format-1.vpcd.json"))
    assert previous.name == "Renamed"
    assert rec.names() == ["placement", "placement", "placement", "notes", "scenarios", "meta", "reset"]


def test_snapshot_is_unaffected_by_later_changes(doc: Document) -> None:
    snap = doc.snapshot()
    doc.remove(["db"])
    assert "db" in snap.resources and "db" not in doc.design.resources


def test_new_id_and_new_resource(doc: Document) -> None:
    assert doc.new_id("subnet") == "subnet-1"
    assert doc.new_id("web-asg") == "web-asg-5"  # web-asg-1..4 name the group's members (max size 4)
    with pytest.raises(DocumentError, match="'web-asg-1' already exists"):
        doc.add(Instance(id="web-asg-1", subnet="private-a"))
    with pytest.raises(DocumentError, match="unknown kind 'ufo'"):
        new_resource("ufo", id="x")
    with pytest.raises(DocumentError, match="new subnet: "):
        new_resource("subnet", id="s", vpc="store-vpc", availability_zone="us-east-1a", cidr="bad")
    assert new_resource("internet-gateway", id="igw2").kind == "internet-gateway"
