"""Simulation panel: running scenarios, stepping, DNS cache, what-if and anchors (headless)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from vpcdesigner.model import NaclRule, Scenario
from vpcdesigner.ui.simulation.anchors import assign
from vpcdesigner.ui.simulation.runner import run_scenario
from vpcdesigner.ui.simulation.scenarios_panel import COL_CHANGE, COL_VERDICT
from vpcdesigner.ui.simulation.steps import conntrack
from vpcdesigner.ui.simulation.whatif import describe_change


def saved(window: Any, sid: str) -> Scenario:
    return next(s for s in window.doc.design.scenarios if s.id == sid)


def run_to_end(window: Any, sc: Scenario) -> Any:
    sim = window.simulation
    run = sim.run_scenario(sc, autoplay=False)
    while sim.player.step_forward():
        pass
    return run


def test_reachable_scenario_ends_delivered_with_pass(window: Any) -> None:
    sim = window.simulation
    run = run_to_end(window, saved(window, "office-db"))
    assert run.verdict == "reachable"
    last = sim.player.current
    assert sim.player.index == len(run.steps) - 1
    assert last.verdict == "pass" and last.direction == "return"
    assert last.component == "corp-office"  # the reply is back home
    assert sim.overlay.highlight.isVisible() and sim.overlay.highlight.verdict == "pass"
    assert not sim.overlay.block.isVisible()
    assert sim.events.selected_row() == sim.player.index
    assert "✓" in sim.status.text()


def test_blocked_scenario_stops_at_the_blocking_hop(window: Any) -> None:
    sim = window.simulation
    run = run_to_end(window, saved(window, "attack-db"))
    assert run.verdict == "blocked"
    step = sim.player.current
    assert step.verdict == "block" and step.component == "igw"
    assert sim.player.at_end  # nothing after the block
    assert sim.overlay.block.isVisible()
    assert sim.overlay.highlight.verdict == "block"
    assert "BLOCKED" in sim.overlay.callout.title + " ".join(sim.overlay.callout.lines)
    assert sim.events.table.item(sim.player.index, 5).text().startswith("✗")


def test_step_back_restores_highlight_row_and_cursor(window: Any) -> None:
    sim = window.simulation
    run = sim.run_scenario(saved(window, "office-db"), autoplay=False)
    for _ in range(6):
        sim.player.step_forward()
    at5 = (sim.overlay.highlight.rect, sim.events.selected_row(), sim.plot.cursor_time)
    sim.player.step_forward()
    assert sim.events.selected_row() == 6
    assert sim.plot.cursor_time == pytest.approx(run.steps[6].time)
    sim.player.step_back()
    assert sim.player.index == 5
    assert sim.events.selected_row() == at5[1] == 5
    assert sim.plot.cursor_time == pytest.approx(at5[2])
    assert sim.overlay.highlight.rect == at5[0]
    assert sim.overlay.packet.pos() == sim.overlay.geo.point(run.steps[5].anchor)  # at rest there, no glide
    assert not sim.overlay.animator.glides


def test_keys_drive_the_player(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    sim.run_scenario(saved(window, "office-db"), autoplay=False)
    window.view.setFocus()
    for key, want in ((Qt.Key.Key_Right, 0), (Qt.Key.Key_PageDown, 1), (Qt.Key.Key_PageDown, 2),
                      (Qt.Key.Key_Left, 1), (Qt.Key.Key_PageUp, 0), (Qt.Key.Key_Home, -1)):
        qtbot.keyClick(window.view, key)
        assert sim.player.index == want, key


def test_event_row_and_plot_click_seek(window: Any) -> None:
    sim = window.simulation
    run = sim.run_scenario(saved(window, "dc-db"), autoplay=False)
    sim.events.tabs.setCurrentIndex(1)
    sim.events.table.selectRow(4)
    assert sim.player.index == 4
    assert sim.events.tabs.currentIndex() == 0  # the hop detail opens
    assert run.steps[4].name in sim.events.detail.toPlainText()
    sim.plot.seek_requested.emit(sim.plot.nearest(run.steps[2].time + 0.1))
    assert sim.player.index == 2


def test_play_reaches_the_end(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    sim.speed.setValue(40)
    sim.run_scenario(saved(window, "attack-db"))
    assert sim.player.playing
    qtbot.waitUntil(lambda: sim.player.at_end and not sim.player.playing, timeout=3000)


def test_dns_lookup_steps_and_shorter_cache_hit(window: Any) -> None:
    sim = window.simulation
    first = sim.run_scenario(saved(window, "dns"), autoplay=False)
    kinds = [s.extra["dns_kind"] for s in first.steps]
    assert kinds == [s.kind for s in first.lookup.steps]  # the engine's documented steps, in order
    assert kinds[:3] == ["query", "referral-root", "referral-tld"] and kinds[-1] == "reply"
    assert {"station:root", "station:tld"} <= {s.anchor for s in first.steps}
    assert "TTL" in first.steps[-1].callout
    second = sim.run_scenario(saved(window, "dns"), autoplay=False)
    assert second.lookup.cached
    assert [s.extra["dns_kind"] for s in second.steps] == ["query", "reply"]
    assert len(second.steps) < len(first.steps)
    assert sim.events.table.rowCount() == len(second.steps)
    assert "cache" in second.steps[0].callout


def test_what_if_edit_flips_a_verdict(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    sim.run_all()
    assert sim.whatif.runs["office-db"].verdict == "reachable"
    nacl = window.doc.get("private-nacl")
    deny = NaclRule(number=120, action="deny", protocol="tcp", port_from=5432, port_to=5432, cidr="172.16.0.0/16")
    rules = (*[r for r in nacl.inbound if r.number != 120], deny)
    window.doc.update("private-nacl", inbound=rules)
    qtbot.waitUntil(lambda: "office-db" in sim.whatif.changes, timeout=3000)
    text = sim.whatif.changes["office-db"]
    assert text.startswith("was reachable, now blocked") and "private-nacl" in text
    row = [s.id for s in sim.scenarios.scenarios].index("office-db")
    assert "now blocked" in sim.scenarios.table.item(row, COL_CHANGE).text()
    assert "✗" in sim.scenarios.table.item(row, COL_VERDICT).text()
    window.doc.update("private-nacl", inbound=nacl.inbound)
    qtbot.waitUntil(lambda: "office-db" not in sim.whatif.changes, timeout=3000)


def test_user_request_shows_each_leg(window: Any) -> None:
    run = window.simulation.run_scenario(saved(window, "shop"), autoplay=False)
    assert run.verdict == "reachable"
    legs = {s.leg_text for s in run.steps}
    assert any("DNS" in t for t in legs) and len(legs) >= 3
    assert any(s.translated and s.component == "igw" for s in run.steps)  # header change shown
    assert any(s.tracked for s in run.steps)
    rows = conntrack(run.steps, len(run.steps) - 1)
    assert rows and all(r.used_by is not None and r.used_by > r.since for r in rows)


def test_save_scenario_is_undoable(window: Any) -> None:
    sim = window.simulation
    panel = sim.scenarios
    panel.kind.setCurrentIndex(0)
    panel.source.setEditText("web-asg-1")
    panel.destination.setEditText("db")
    panel.port.setValue(5432)
    panel.name.setText("Web to db")
    before = len(window.doc.design.scenarios)
    panel.save_button.click()
    assert len(window.doc.design.scenarios) == before + 1
    assert panel.table.rowCount() == before + 1
    window.stack.undo()
    assert len(window.doc.design.scenarios) == before
    window.stack.clear()  # a non-empty stack signals the window while it is being destroyed


def test_bad_scenario_gives_a_message_not_a_traceback(window: Any) -> None:
    sim = window.simulation
    run = sim.run_scenario(Scenario(id="x", name="bad", source="nowhere", destination="db", port=5432))
    assert run.error and "bad" in run.error and "nowhere" in run.error
    assert sim.player.steps == []


def test_anchor_mapping_for_non_canvas_components(sample_design: Any) -> None:
    from vpcdesigner.model import derive

    design = sample_design
    canvas = {"customer", "igw", "public-a", "private-a", "db", "store-alb", "web-asg-1", "cdn", "vgw",
              "corp-office", "corp-cgw", "isp-resolver", "anycompany.example", "web-tg"}
    for sid, checks in {
        "shop": {"alb-sg": "store-alb", "web-sg": "web-asg-1", "private-nacl": "private-a",
                 "internet": "station:internet", "dns-root": "station:root"},
        "office-db": {"corp-vpn": "edge:corp-vpn-key", "db-sg": "db", "rtb-private-a": "private-a"},
    }.items():
        run = run_scenario(design, next(s for s in design.scenarios if s.id == sid))
        assign(run.steps, design, derive(design), canvas, {"corp-vpn": "corp-vpn-key"})
        seen = {s.component: s.anchor for s in run.steps}
        for component, anchor in checks.items():
            assert seen[component] == anchor, component
        assert all(s.anchor for s in run.steps)


def test_describe_change_names_the_place(sample_design: Any) -> None:
    ok = run_scenario(sample_design, next(s for s in sample_design.scenarios if s.id == "office-db"))
    bad = run_scenario(sample_design, next(s for s in sample_design.scenarios if s.id == "attack-db"))
    assert describe_change(ok, ok) is None
    assert describe_change(ok, bad) == "was reachable, now blocked at Internet gateway igw"


def test_show_rule_selects_the_matched_row_in_the_inspector(window: Any) -> None:
    sim = window.simulation
    run = sim.run_scenario(saved(window, "office-db"), autoplay=False)
    nacl_step = next(s for s in run.steps if s.component == "private-nacl" and s.direction == "forward")
    sim.events.table.selectRow(nacl_step.index)
    sim.events.show_rule.click()
    assert window.inspector.rid == "private-nacl"
    table = window.inspector.tables["inbound"].table
    assert [r.number for r in window.doc.get("private-nacl").inbound][table.currentRow()] == nacl_step.rule_number
    sg_step = next(s for s in run.steps if s.component == "db-sg" and s.direction == "forward")
    sim.events.table.selectRow(sg_step.index)
    sim.events.show_rule.click()
    rule = window.doc.get("db-sg").inbound[window.inspector.tables["inbound"].table.currentRow()]
    assert rule.cidr == "172.16.0.0/16"  # the office rule, not the web-sg or data-center one


def test_space_types_in_a_text_box_instead_of_playing(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    sim.run_scenario(saved(window, "office-db"), autoplay=False)
    box = sim.scenarios.name
    box.setFocus()
    qtbot.keyClicks(box, "a b")
    assert box.text().endswith("a b")
    assert not sim.player.playing and sim.player.index == -1


def test_what_if_redraws_the_scenario_on_the_canvas(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    sim.run_all()
    sim.run_scenario(saved(window, "dc-db"), autoplay=False)
    nacl = window.doc.get("private-nacl")
    deny = NaclRule(number=130, action="deny", protocol="tcp", port_from=5432, port_to=5432, cidr="172.17.0.0/16")
    window.doc.update("private-nacl", inbound=(*[r for r in nacl.inbound if r.number != 130], deny))
    qtbot.waitUntil(lambda: sim.run is not None and sim.run.verdict == "blocked", timeout=3000)
    assert sim.player.current.verdict == "block" and sim.player.current.component == "private-nacl"
    assert sim.overlay.block.isVisible()


def test_reachability_matrix_cells_open_their_trace(window: Any) -> None:
    sim = window.simulation
    reach = sim.reach
    reach.port.setValue(5432)
    reach.compute()
    rows = [reach.table.verticalHeaderItem(r).text() for r in range(reach.table.rowCount())]
    cols = [reach.table.horizontalHeaderItem(c).text() for c in range(reach.table.columnCount())]
    db = cols.index("db")
    assert reach.table.item(rows.index("corp-pc"), db).text() == "✓"
    assert reach.table.item(rows.index("customer"), db).text() == "✗"
    reach.table.cellDoubleClicked.emit(rows.index("web-asg-1"), db)
    assert sim.run is not None and sim.run.scenario.source == "web-asg-1" and sim.run.verdict == "reachable"
    exposed = [reach.exposed.item(i).text() for i in range(reach.exposed.count())]
    assert any(line.startswith("cdn: TCP 443") for line in exposed)
    reach.exposed.setCurrentRow(next(i for i, t in enumerate(exposed) if t.startswith("cdn: TCP 443")))
    reach._open_exposed(reach.exposed.currentRow())
    assert sim.run is not None and sim.run.scenario.destination == "cdn" and sim.run.verdict == "reachable"
    assert not any(line.startswith("db:") for line in exposed)


def test_pick_source_and_destination_on_the_canvas(window: Any) -> None:
    sim = window.simulation
    panel = sim.scenarios
    panel.pick_src.click()
    window.scene.select_ids(["web-asg-1"])
    panel.pick_dst.click()
    window.scene.select_ids(["db"])
    assert (panel.source.currentText(), panel.destination.currentText()) == ("web-asg-1", "db")
    window.scene.select_ids(["igw"])  # picking is over: a later selection changes nothing
    assert panel.destination.currentText() == "db"


def test_editing_a_saved_scenario_updates_it_in_place(window: Any) -> None:
    sim = window.simulation
    panel = sim.scenarios
    row = [s.id for s in panel.scenarios].index("attack-db")
    panel.table.selectRow(row)
    panel.port.setValue(22)
    panel.save_button.click()
    ids = [s.id for s in window.doc.design.scenarios]
    assert ids.count("attack-db") == 1 and len(ids) == 5
    assert saved(window, "attack-db").port == 22
    window.stack.undo()
    assert saved(window, "attack-db").port == 5432
    window.stack.clear()


def test_an_incomplete_form_says_what_is_missing(window: Any) -> None:
    sim = window.simulation
    panel = sim.scenarios
    panel.kind.setCurrentIndex(0)
    panel.source.setEditText("")
    panel.destination.setEditText("db")
    panel.run_button.click()
    assert sim.run is None and sim.player.steps == []
    assert panel.banner.isVisible() and "source" in panel.banner.text()
    before = window.doc.design.scenarios
    panel.save_button.click()
    assert window.doc.design.scenarios == before
    assert "source" in panel.banner.text()


def test_clicker_keys_work_anywhere_arrows_stay_with_tables(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    sim.run_scenario(saved(window, "office-db"), autoplay=False)
    window.show_object("private-nacl")
    table = window.inspector.tables["inbound"].table
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentRow() == 1  # the rule table keeps its arrow keys
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert sim.player.index == -1
    qtbot.keyClick(table, Qt.Key.Key_PageDown)  # a clicker steps from anywhere
    assert sim.player.index == 0
    qtbot.keyClick(table, Qt.Key.Key_PageUp)
    assert sim.player.index == -1


def test_step_keys_are_free_when_nothing_runs(window: Any) -> None:
    sim = window.simulation
    assert not sim.actions["forward"].isEnabled()
    sim.run_scenario(saved(window, "attack-db"), autoplay=False)
    assert sim.actions["forward"].isEnabled()


def test_second_request_uses_the_dns_cache_and_the_next_target(window: Any) -> None:
    sim = window.simulation
    first = sim.run_scenario(saved(window, "shop"), autoplay=False)
    second = sim.run_scenario(saved(window, "shop"), autoplay=False)
    dns_steps = [len([s for s in r.steps if s.direction == "dns"]) for r in (first, second)]
    assert dns_steps[1] == 2 < dns_steps[0]  # cache hit: query and reply only
    targets = [next(s.component for s in r.steps if s.kind == "instance") for r in (first, second)]
    assert targets[0] != targets[1]  # the load balancer rotates between the group's members
    sim.clear_dns_cache()
    third = sim.run_scenario(saved(window, "shop"), autoplay=False)
    assert len([s for s in third.steps if s.direction == "dns"]) == dns_steps[0]
