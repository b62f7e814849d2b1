"""Inspector: validated as you type, typing merges into one undo step, rule tables with presets."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from vpcdesigner.ui.inspector.tables import PartsTable


def _select(window, rid: str) -> None:  # type: ignore[no-untyped-def]
    window.scene.select_ids([rid])
    assert window.inspector.rid == rid


def test_invalid_value_is_marked_and_not_applied(window) -> None:  # type: ignore[no-untyped-def]
    _select(window, "private-a")
    edit = window.inspector.editors[("cidr",)]
    assert isinstance(edit, QLineEdit)
    edit.textEdited.emit("10.0.300.0/24")
    error = window.inspector.errors[("cidr",)]
    assert not error.isHidden() and "CIDR" in error.text()
    assert window.doc.design.resources["private-a"].cidr == "10.0.11.0/24"
    assert window.stack.count() == 0
    edit.textEdited.emit("10.0.21.0/24")
    assert error.isHidden()
    assert window.doc.design.resources["private-a"].cidr == "10.0.21.0/24"


def test_typing_in_a_field_is_one_undo_step(window) -> None:  # type: ignore[no-untyped-def]
    _select(window, "db")
    edit = window.inspector.editors[("name",)]
    for text in ("d", "da", "dat", "data"):
        edit.setText(text)
        edit.textEdited.emit(text)
    assert window.doc.design.resources["db"].name == "data"
    assert window.stack.count() == 1
    window.stack.undo()
    assert window.doc.design.resources["db"].name == "db"
    assert edit.text() == "db"  # the inspector follows undo


def test_sg_rule_table_presets_edit_and_undo(window) -> None:  # type: ignore[no-untyped-def]
    window.show_object("web-sg")
    table: PartsTable = window.inspector.tables["inbound"]
    before = window.doc.design.resources["web-sg"].inbound
    table.add_preset("SSH (TCP 22) from 10.0.0.0/8")
    rules = window.doc.design.resources["web-sg"].inbound
    assert len(rules) == len(before) + 1 and rules[-1].port_from == 22 and rules[-1].cidr == "10.0.0.0/8"
    # Edit the new rule's port in the table: a bad value is refused with a message.
    row = len(rules) - 1
    col = [c.name for c in table.columns].index("port_to")
    table.table.item(row, col).setText("70000")
    assert "Row" in table.error.text() and not table.error.isHidden()
    assert window.doc.design.resources["web-sg"].inbound[-1].port_to == 22
    table.table.item(row, col).setText("23")
    assert window.doc.design.resources["web-sg"].inbound[-1].port_to == 23
    window.stack.undo()
    window.stack.undo()
    assert window.doc.design.resources["web-sg"].inbound == before


def test_nacl_rules_stay_ordered_by_number(window) -> None:  # type: ignore[no-untyped-def]
    window.show_object("private-nacl")
    table: PartsTable = window.inspector.tables["inbound"]
    numbers = [r.number for r in window.doc.design.resources["private-nacl"].inbound]
    assert numbers == sorted(numbers)
    table.table.selectRow(len(numbers) - 1)
    table.buttons["up"].click()
    after = [r.number for r in window.doc.design.resources["private-nacl"].inbound]
    assert after == sorted(after) and after == numbers  # numbers swapped, order by number kept
    rules = window.doc.design.resources["private-nacl"].inbound
    assert rules[-2].number == numbers[-2]
    table.add_preset("Ephemeral return (TCP 1024-65535)")
    new = window.doc.design.resources["private-nacl"].inbound
    assert new[-1].port_from == 1024 and new[-1].number > numbers[-1]


def test_badge_click_opens_route_table(window) -> None:  # type: ignore[no-untyped-def]
    from vpcdesigner.ui.canvas.items import BadgeItem

    sub = window.scene.item("public-a")
    badges = {b.ref_kind: b for b in sub.childItems() if isinstance(b, BadgeItem)}
    assert set(badges) == {"route-table", "network-acl"}
    window.scene.object_activated.emit(badges["route-table"].ref_id)
    assert window.inspector.rid == "rtb-public"
    assert "routes" in window.inspector.tables


def test_find_by_address_and_name(window) -> None:  # type: ignore[no-untyped-def]
    assert window.editing.find_next("10.0.11.10") in ("db", "private-a")
    assert window.editing.matches("web-asg-2") == ["web-asg-2"]
    assert "db" in window.editing.matches("10.0.11.10")


def test_duplicate_gets_new_id_and_address(window) -> None:  # type: ignore[no-untyped-def]
    window.scene.select_ids(["db"])
    ids = window.editing.duplicate()
    assert len(ids) == 1 and ids[0] != "db"
    copy = window.doc.design.resources[ids[0]]
    assert copy.subnet == "private-a" and copy.private_ip != "10.0.11.10"
    assert window.scene.item(ids[0]).isSelected()
    window.editing.delete()
    assert ids[0] not in window.doc.design.resources


def test_security_group_badge_on_instance_opens_the_group(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from ui_helpers import scene_point_to_view

    db = window.scene.item("db")
    assert [b[0] for b in db.badges] == ["db-sg"]
    spot = db.mapToScene(db.badges[0][4].center())
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=scene_point_to_view(window.view, spot))
    assert window.inspector.rid == "db-sg"
    assert "inbound" in window.inspector.tables


def test_changing_the_subnet_field_readdresses_the_instance(window) -> None:  # type: ignore[no-untyped-def]
    import ipaddress

    from PySide6.QtWidgets import QComboBox

    _select(window, "db")
    combo = window.inspector.editors[("subnet",)]
    assert isinstance(combo, QComboBox)
    combo.setCurrentText("public-b")
    db = window.doc.design.resources["db"]
    assert db.subnet == "public-b"
    assert ipaddress.ip_address(db.private_ip) in ipaddress.ip_network("10.0.2.0/24")
    window.scene.flush()
    assert window.scene.item("db").parentItem() is window.scene.item("public-b")
    assert window.stack.count() == 1


def test_deleting_a_selected_edge_removes_only_edge_objects(window) -> None:  # type: ignore[no-untyped-def]
    edges = window.scene.edge_items()
    window.scene.clearSelection()
    edges["store-alb|l0"].setSelected(True)  # the ALB's listener arrow: a setting, not an object
    window.editing.delete()
    assert "store-alb" in window.doc.design.resources
    assert "inspector" in window.hint_label.text()
    window.scene.clearSelection()
    edges["corp-vpn"].setSelected(True)  # a VPN connection is an object drawn as an edge
    window.editing.delete()
    assert "corp-vpn" not in window.doc.design.resources
    assert "corp-cgw" in window.doc.design.resources


def test_route_and_record_tables_add_sensible_rows(window) -> None:  # type: ignore[no-untyped-def]
    window.show_object("rtb-main")  # no routes yet
    window.inspector.tables["routes"].buttons["add"].click()
    routes = window.doc.design.resources["rtb-main"].routes
    assert [(r.destination, r.target) for r in routes] == [("0.0.0.0/0", "igw")]
    window.show_object("anycompany.example")
    records = window.inspector.tables["records"]
    records.buttons["add"].click()
    new = window.doc.design.resources["anycompany.example"].records[-1]
    assert new.name == "new.anycompany.example" and new.values == ("192.0.2.10",)
    col = [c.name for c in records.columns].index("values")
    records.table.item(len(records.values) - 1, col).setText("192.0.2.10, 192.0.2.11")
    assert window.doc.design.resources["anycompany.example"].records[-1].values[-1] == "192.0.2.11"


def test_reference_lists_are_checkable_names_one_undo_step_per_tick(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from vpcdesigner.ui.inspector.reflist import RefList

    window.show_object("db")
    refs = window.inspector.editors[("security_groups",)]
    assert isinstance(refs, RefList)
    rows = {refs.item(i).data(Qt.ItemDataRole.UserRole): refs.item(i) for i in range(refs.count())}
    assert "db-sg" in rows and "web-sg" in rows and "store-vpc" not in rows  # groups only
    assert rows["db-sg"].checkState() == Qt.CheckState.Checked
    assert rows["web-sg"].checkState() == Qt.CheckState.Unchecked
    rows["web-sg"].setCheckState(Qt.CheckState.Checked)
    assert window.doc.design.resources["db"].security_groups == ("db-sg", "web-sg")
    rows["db-sg"].setCheckState(Qt.CheckState.Unchecked)
    assert window.doc.design.resources["db"].security_groups == ("web-sg",)
    assert window.stack.count() == 2  # one step per tick, not merged like typing
    window.stack.undo()
    assert window.doc.design.resources["db"].security_groups == ("db-sg", "web-sg")
    assert rows["db-sg"].checkState() == Qt.CheckState.Checked  # the list follows undo
    window.stack.undo()
    assert rows["web-sg"].checkState() == Qt.CheckState.Unchecked


def test_reference_list_offers_only_the_objects_own_vpc(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from vpcdesigner.model import Subnet, Vpc

    window.doc.add(Vpc(id="other-vpc", cidr="172.16.0.0/16"))
    window.doc.add(Subnet(id="other-a", name="Other A", vpc="other-vpc", availability_zone="us-east-1a",
                          cidr="172.16.1.0/24"))
    window.show_object("store-alb")
    refs = window.inspector.editors[("subnets",)]
    ids = [refs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(refs.count())]
    assert "public-a" in ids and "private-b" in ids
    assert "other-a" not in ids  # a subnet of another VPC cannot hold this load balancer
    window.show_object("private-nacl")
    nacl_ids = [window.inspector.editors[("subnets",)].item(i).text()
                for i in range(window.inspector.editors[("subnets",)].count())]
    assert not any("Other A" in t for t in nacl_ids)
