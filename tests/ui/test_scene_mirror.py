"""After any sequence of edits, undos and redos, the scene mirrors the document: same items, same parents."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from vpcdesigner.model import Design, Document, Placement, derive
from vpcdesigner.ui.canvas.scene import DesignScene
from vpcdesigner.ui.commands import ChangeDesign, EditResource, RemoveResources
from vpcdesigner.ui.connections import edge_specs, plan_connection
from vpcdesigner.ui.factory import DropPlan, plan_drop
from vpcdesigner.ui.palette import GROUPS
from vpcdesigner.ui.rules import BADGE_KINDS, EDGE_KINDS, container_of, reparent_changes

KINDS = [k for _, kinds in GROUPS for k in kinds if k != "note"]
index = st.integers(min_value=0, max_value=10_000)
operation = st.one_of(
    st.tuples(st.just("drop"), st.sampled_from(KINDS), index),
    st.tuples(st.just("move"), index, index),
    st.tuples(st.just("delete"), index, st.just(0)),
    st.tuples(st.just("connect"), index, index),
    st.tuples(st.just("rename"), index, st.text(alphabet="abcxyz-", min_size=1, max_size=6)),
    st.tuples(st.just("undo"), st.just(0), st.just(0)),
    st.tuples(st.just("redo"), st.just(0), st.just(0)),
)


def apply(doc: Document, stack: QUndoStack, op: tuple[str, object, object]) -> None:
    name, a, b = op
    ids = sorted(doc.design.resources)
    pick = (lambda n: ids[int(n) % len(ids)]) if ids else (lambda n: None)
    if name == "drop":
        target = pick(b) if int(b) % 4 else None  # type: ignore[call-overload]
        plan = plan_drop(doc.design, str(a), target)
        if isinstance(plan, DropPlan):
            stack.push(ChangeDesign(doc, "drop", plan.added, plan.replaced,
                                    {plan.main_id: Placement(x=30, y=50)} if plan.main_id else {}))
    elif name == "move" and ids:
        rid = pick(a)
        target = pick(b) if int(b) % 3 else None  # type: ignore[call-overload]
        changes = reparent_changes(doc.design, rid, target)
        if isinstance(changes, dict):
            new = doc.design.resources[rid].with_changes(**changes)
            stack.push(ChangeDesign(doc, "move", [], [new] if changes else [], {rid: Placement(x=20, y=40)}))
    elif name == "delete" and ids:
        stack.push(RemoveResources(doc, [pick(a)]))
    elif name == "connect" and ids:
        plan = plan_connection(doc.design, pick(a), pick(b))
        if isinstance(plan, DropPlan):
            stack.push(ChangeDesign(doc, "connect", plan.added, plan.replaced))
    elif name == "rename" and ids:
        stack.push(EditResource(doc, pick(a), name=str(b)))
    elif name == "undo":
        stack.undo()
    elif name == "redo":
        stack.redo()


def assert_mirrors(scene: DesignScene, design: Design) -> None:
    derived = derive(design)
    expected = {rid: container_of(design, rid) for rid, r in design.resources.items()
                if r.kind not in BADGE_KINDS | EDGE_KINDS}
    for members in derived.members.values():
        for m in members:
            expected[m.instance.id] = m.instance.subnet
    items = scene.items_by_id()
    assert set(items) == set(expected)
    for rid, parent in expected.items():
        parent_item = items[rid].parentItem()
        assert (parent_item.rid if parent_item is not None else None) == parent, rid
        if rid in design.layout:
            p = design.layout[rid]
            assert (items[rid].pos().x(), items[rid].pos().y()) == (p.x, p.y), rid
    assert set(scene.edge_items()) == {s.key for s in edge_specs(design, derived)}


EXAMPLES = int(os.environ.get("VPCD_MIRROR_EXAMPLES", "25"))  # raise it for a longer soak


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=14))
def test_scene_mirrors_document(qtbot, sample_design: Design, ops) -> None:  # type: ignore[no-untyped-def]
    doc = Document(sample_design.model_copy(deep=True))
    stack = QUndoStack()
    scene = DesignScene(doc, stack)
    for op in ops:
        apply(doc, stack, op)
        scene.flush()
        assert_mirrors(scene, doc.design)
    while stack.canUndo():
        stack.undo()
    scene.flush()
    assert_mirrors(scene, doc.design)
    assert doc.design.model_dump() == sample_design.model_dump()
