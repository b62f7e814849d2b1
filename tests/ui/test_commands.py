"""Every undo command: redo, undo, redo returns exactly the same document (no Qt widgets needed)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QUndoCommand, QUndoStack

from vpcdesigner.model import Design, Document, Note, Placement, SgRule, dumps
from vpcdesigner.ui.clipboard import copy_payload, paste_plan
from vpcdesigner.ui.commands import ChangeDesign, EditResource, RemoveResources, ReplaceResource, SetMeta, SetNotes
from vpcdesigner.ui.connections import plan_connection
from vpcdesigner.ui.factory import DropPlan, plan_drop
from vpcdesigner.ui.rules import reparent_changes


def _drop(doc: Document) -> QUndoCommand:
    plan = plan_drop(doc.design, "instance", "public-a")
    assert isinstance(plan, DropPlan)
    return ChangeDesign(doc, "Add", plan.added, plan.replaced, {plan.main_id: Placement(x=10, y=40)})


def _reparent(doc: Document) -> QUndoCommand:
    changes = reparent_changes(doc.design, "db", "public-b")
    assert isinstance(changes, dict) and "private_ip" in changes
    return ChangeDesign(doc, "Move", replaced=[doc.design.resources["db"].with_changes(**changes)],
                        placements={"db": Placement(x=20, y=50), "public-b": Placement(x=580, y=70, width=600,
                                                                                       height=300)})


def _connect(doc: Document) -> QUndoCommand:
    plan = plan_connection(doc.design, "corp-cgw", "vgw")
    assert isinstance(plan, DropPlan)
    return ChangeDesign(doc, "Connect", plan.added, plan.replaced)


def _badge_drop(doc: Document) -> QUndoCommand:
    plan = plan_drop(doc.design, "network-acl", "private-a")
    assert isinstance(plan, DropPlan) and plan.replaced
    return ChangeDesign(doc, "Add", plan.added, plan.replaced)


def _paste(doc: Document) -> QUndoCommand:
    resources, placements = paste_plan(doc.design, copy_payload(doc.design, ["public-a"]))
    return ChangeDesign(doc, "Paste", resources, [], dict(placements))


def _table(doc: Document) -> QUndoCommand:
    sg = doc.design.resources["web-sg"]
    return ReplaceResource(doc, sg.with_changes(inbound=(*sg.inbound, SgRule(protocol="tcp", port_from=22,
                                                                              port_to=22, cidr="10.0.0.0/8"))))


COMMANDS: dict[str, Callable[[Document], QUndoCommand]] = {
    "drop": _drop,
    "reparent": _reparent,
    "connect": _connect,
    "badge-drop": _badge_drop,
    "paste": _paste,
    "delete-cascade": lambda doc: RemoveResources(doc, ["store-vpc"]),
    "delete-leaf": lambda doc: RemoveResources(doc, ["web-sg"]),
    "edit": lambda doc: EditResource(doc, "private-a", cidr="10.0.99.0/24", name="renamed"),
    "table": _table,
    "notes": lambda doc: SetNotes(doc, (Note(id="n1", text="hello", parent="store-vpc", x=5, y=5),)),
    "meta": lambda doc: SetMeta(doc, name="Renamed design"),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_redo_undo_redo_is_exact(name: str, sample_design: Design) -> None:
    doc = Document(sample_design)
    original = dumps(doc.design)
    stack = QUndoStack()
    stack.push(COMMANDS[name](doc))
    after = dumps(doc.design)
    assert after != original
    stack.undo()
    assert dumps(doc.design) == original
    stack.redo()
    assert dumps(doc.design) == after
    stack.undo()
    assert dumps(doc.design) == original


def test_typing_in_one_field_merges(sample_design: Design) -> None:
    doc = Document(sample_design)
    stack = QUndoStack()
    for text in ("w", "we", "web", "web-"):
        stack.push(EditResource(doc, "db", name=text))
    stack.push(EditResource(doc, "db", role="x"))
    assert stack.count() == 2
    stack.undo()
    stack.undo()
    assert doc.design.resources["db"].name == sample_design.resources["db"].name


def test_edits_of_different_objects_do_not_merge(sample_design: Design) -> None:
    doc = Document(sample_design)
    stack = QUndoStack()
    stack.push(EditResource(doc, "db", name="a"))
    stack.push(EditResource(doc, "nat-a", name="a"))
    assert stack.count() == 2
