"""Dragging boxes (move, reparent with a new address, refused) and connecting objects by their handle."""

from __future__ import annotations

import ipaddress

from PySide6.QtCore import QLineF, QPointF
from ui_helpers import centre, drag

from vpcdesigner.ui.rules import container_of


def test_drag_moves_within_container_as_one_step(window) -> None:  # type: ignore[no-untyped-def]
    item = window.scene.item("db")
    start = centre(item)
    drag(window.view, start, start + QPointF(-120, 20))
    p = window.doc.design.layout["db"]
    assert (p.x, p.y) == (180.0, 110.0)  # 300-120, 90+20, on the 10 px grid
    assert window.doc.design.resources["db"].subnet == "private-a"
    assert window.stack.count() == 1
    window.stack.undo()
    window.scene.flush()
    assert (window.doc.design.layout["db"].x, window.doc.design.layout["db"].y) == (300.0, 90.0)
    assert item.pos() == QPointF(300, 90)


def test_drag_into_other_subnet_reparents_and_readdresses(window) -> None:  # type: ignore[no-untyped-def]
    item = window.scene.item("db")
    target = window.scene.item("public-b")
    drag(window.view, centre(item), target.mapToScene(QPointF(320, 140)))
    db = window.doc.design.resources["db"]
    assert db.subnet == "public-b"
    assert ipaddress.ip_address(db.private_ip) in ipaddress.ip_network("10.0.2.0/24")
    assert window.scene.item("db").parentItem() is target
    assert container_of(window.doc.design, "db") == "public-b"
    assert window.stack.count() == 1  # reparent + new address + new position: one undo step
    window.stack.undo()
    window.scene.flush()
    db = window.doc.design.resources["db"]
    assert (db.subnet, db.private_ip) == ("private-a", "10.0.11.10")
    assert window.scene.item("db").parentItem() is window.scene.item("private-a")


def test_refused_drag_snaps_back(window) -> None:  # type: ignore[no-untyped-def]
    item = window.scene.item("db")
    before = window.doc.design.model_dump()
    vpc = window.scene.item("store-vpc")
    drag(window.view, centre(item), vpc.mapToScene(QPointF(300, 340)))  # VPC area outside any subnet
    assert window.doc.design.model_dump() == before
    assert item.pos() == QPointF(300, 90)
    assert window.scene.hint_item.isVisible() and "subnet" in window.scene.hint_item.text


def test_drag_subnet_carries_children(window) -> None:  # type: ignore[no-untyped-def]
    sub = window.scene.item("public-a")
    nat = window.scene.item("nat-a")
    nat_before = nat.scenePos()
    header = sub.mapToScene(QPointF(200, 12))
    drag(window.view, header, header + QPointF(0, 20))
    assert window.doc.design.layout["public-a"].y == 90.0
    assert nat.scenePos() == nat_before + QPointF(0, 20)
    assert window.doc.design.layout["nat-a"].y == 60.0  # children keep their relative placement


def test_connect_by_dragging_the_handle(window) -> None:  # type: ignore[no-untyped-def]
    scene = window.scene
    cgw = scene.item("corp-cgw")
    scene.clearSelection()
    cgw.setSelected(True)
    assert scene.handle.isVisible() and scene.handle.target is cgw
    before = {r.id for r in window.doc.design.resources.values() if r.kind == "vpn-connection"}
    drag(window.view, scene.handle.mapToScene(QPointF(0, 0)), centre(scene.item("vgw")))
    vpns = [r for r in window.doc.design.resources.values() if r.kind == "vpn-connection" and r.id not in before]
    assert len(vpns) == 1
    assert (vpns[0].customer_gateway, vpns[0].vpn_gateway) == ("corp-cgw", "vgw")
    assert vpns[0].id in scene.edge_items()


def test_connection_sets_the_reference_field(window) -> None:  # type: ignore[no-untyped-def]
    scene = window.scene
    assert scene.connect_gesture.connect("web-tg", "db")
    targets = window.doc.design.resources["web-tg"].targets
    assert [t.target for t in targets] == ["db"]
    assert "web-tg|db" in scene.edge_items()
    edge = scene.edge_items()["web-tg|db"]
    before = QLineF(edge._line)
    db = scene.item("db")
    scene.clearSelection()
    db.setSelected(True)
    scene.move.start(centre(db))
    db.moveBy(40, 0)
    scene.move.update(centre(db))
    assert edge._line != before  # edges follow their ends while dragging
    scene.move.finish(centre(db))
    assert window.stack.count() == 2  # connect, then the move
    window.stack.undo()
    window.stack.undo()
    scene.flush()
    assert window.doc.design.resources["web-tg"].targets == ()
    assert "web-tg|db" not in scene.edge_items()


def test_refused_connection_changes_nothing(window) -> None:  # type: ignore[no-untyped-def]
    before = window.doc.design.model_dump()
    assert not window.scene.connect_gesture.connect("customer", "db")
    assert window.doc.design.model_dump() == before
    assert "cannot connect" in window.hint_label.text()
