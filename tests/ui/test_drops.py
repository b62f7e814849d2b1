"""Palette drops: a new object where it may go, with the next free CIDR/address; refused elsewhere."""

from __future__ import annotations

import ipaddress

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from ui_helpers import centre, scene_point_to_view

from vpcdesigner.ui.canvas.view import KIND_MIME


def drop(window, kind: str, at: QPointF) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    pos: QPoint = scene_point_to_view(view, at)
    mime = QMimeData()
    mime.setData(KIND_MIME, kind.encode())
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)


def test_palette_lists_every_kind_and_filters(qtbot) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.model import KINDS
    from vpcdesigner.ui.palette import Palette

    palette = Palette()
    assert set(KINDS) <= set(palette.items)
    palette.filter("gateway")
    visible = palette.visible_kinds()
    assert "internet-gateway" in visible and "nat-gateway" in visible and "subnet" not in visible


def test_drop_vpc_on_empty_canvas_creates_it(window) -> None:  # type: ignore[no-untyped-def]
    before = set(window.doc.design.resources)
    drop(window, "vpc", QPointF(-900, -600))
    added = set(window.doc.design.resources) - before
    assert len(added) == 1
    vpc = window.doc.design.resources[added.pop()]
    assert vpc.kind == "vpc"
    assert not ipaddress.ip_network(vpc.cidr).overlaps(ipaddress.ip_network("10.0.0.0/16"))
    item = window.scene.item(vpc.id)
    assert item is not None and item.parentItem() is None
    assert window.stack.count() == 1


def test_nested_drop_gets_next_free_cidr_and_address(window) -> None:  # type: ignore[no-untyped-def]
    design = window.doc.design
    vpc_item = window.scene.item("store-vpc")
    # An empty spot inside the VPC, between the public and the private subnets, left of the ALB.
    spot = vpc_item.mapToScene(QPointF(60, 330))
    drop(window, "subnet", spot)
    new = [r for r in design.resources.values() if r.kind == "subnet" and r.id not in
           ("public-a", "public-b", "private-a", "private-b")]
    assert len(new) == 1 and new[0].vpc == "store-vpc"
    used = [ipaddress.ip_network(s.cidr) for s in design.resources.values() if s.kind == "subnet" and s is not new[0]]
    assert not any(ipaddress.ip_network(new[0].cidr).overlaps(u) for u in used)
    assert window.scene.item(new[0].id).parentItem() is vpc_item

    sub = window.scene.item("public-b")
    drop(window, "instance", sub.mapToScene(QPointF(300, 150)))
    inst = [r for r in design.resources.values() if r.kind == "instance" and r.id != "db"]
    assert len(inst) == 1 and inst[0].subnet == "public-b"
    assert ipaddress.ip_address(inst[0].private_ip) in ipaddress.ip_network("10.0.2.0/24")
    taken = {window.scene.derived.nat_ip["nat-b"]} | {n.private_ip for n in window.scene.derived.lb_nodes["store-alb"]}
    assert inst[0].private_ip not in taken
    assert window.scene.item(inst[0].id).parentItem() is sub


def test_refused_drop_changes_nothing_and_says_why(window) -> None:  # type: ignore[no-untyped-def]
    before = window.doc.design.model_dump()
    drop(window, "instance", QPointF(-900, -600))  # an instance on the bare canvas
    assert window.doc.design.model_dump() == before
    assert window.stack.count() == 0
    assert window.scene.hint_item.isVisible()
    assert "subnet" in window.scene.hint_item.text
    assert "✗" in window.hint_label.text()


def test_security_group_dropped_on_instance_attaches(window) -> None:  # type: ignore[no-untyped-def]
    db = window.scene.item("db")
    drop(window, "security-group", centre(db))
    sgs = window.doc.design.resources["db"].security_groups
    assert len(sgs) == 2 and sgs[0] == "db-sg"
    assert window.doc.design.resources[sgs[1]].vpc == "store-vpc"
    window.stack.undo()
    assert window.doc.design.resources["db"].security_groups == ("db-sg",)
    assert sgs[1] not in window.doc.design.resources


def test_container_grows_to_fit_a_drop_near_its_edge(window) -> None:  # type: ignore[no-untyped-def]
    before = window.doc.design.layout["public-a"]
    sub = window.scene.item("public-a")
    drop(window, "instance", sub.mapToScene(QPointF(before.width - 20, before.height - 20)))
    after = window.doc.design.layout["public-a"]
    assert after.width > before.width and after.height > before.height
    assert window.stack.count() == 1  # the new instance and the grown subnet: one step
    window.stack.undo()
    assert window.doc.design.layout["public-a"] == before


def test_availability_zone_bands_follow_the_subnets(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.canvas.zones import ZoneBand

    bands = {b.zone: b for b in window.scene.items() if isinstance(b, ZoneBand)}
    assert set(bands) == {"us-east-1a", "us-east-1b"}
    a = bands["us-east-1a"].boundingRect()
    for sub in ("public-a", "private-a"):
        item = window.scene.item(sub)
        assert a.contains(item.mapRectToParent(item.rect()))


def test_gateway_dropped_in_a_vpc_sits_on_its_border(window) -> None:  # type: ignore[no-untyped-def]
    design = window.doc.design
    vpc = window.scene.item("store-vpc")
    window.doc.remove(["igw"])
    window.scene.flush()
    drop(window, "internet-gateway", vpc.mapToScene(QPointF(700, 40)))  # just inside the top edge
    igw = [r for r in design.resources.values() if r.kind == "internet-gateway"]
    assert len(igw) == 1 and igw[0].vpc == "store-vpc"
    p = design.layout[igw[0].id]
    assert p.y + 28 == 0  # its centre is on the VPC's top border


def test_note_dragged_from_the_palette_lands_where_dropped(window) -> None:  # type: ignore[no-untyped-def]
    drop(window, "note", QPointF(-500, -400))
    assert len(window.doc.design.notes) == 1
    note = window.doc.design.notes[0]
    assert abs(note.x + 500) <= 3 and abs(note.y + 400) <= 3  # view pixels round the drop point
    assert window.scene.note_items()[note.id].isSelected()
