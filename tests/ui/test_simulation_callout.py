"""The hop callout stays clear of what the viewer needs next: the BLOCKED mark, the next hop, the stations."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF


def saved(window: Any, sid: str) -> Any:
    return next(s for s in window.doc.design.scenarios if s.id == sid)


def callout_rect(sim: Any) -> QRectF:
    """The callout in viewport pixels (it ignores the zoom, so its box is already in pixels)."""
    top_left = QPointF(sim.overlay.view.mapFromScene(sim.overlay.callout.pos()))
    return QRectF(top_left, sim.overlay.callout.boundingRect().size())


def in_view(sim: Any, scene_point: QPointF) -> QPointF:
    return QPointF(sim.overlay.view.mapFromScene(scene_point))


def fit(window: Any, qtbot: Any) -> None:
    window.resize(1280, 720)
    qtbot.wait(50)
    window.view.fit_all()


def test_callout_leaves_the_blocked_mark_readable(window: Any, qtbot: Any) -> None:
    fit(window, qtbot)
    sim = window.simulation
    sim.run_scenario(saved(window, "attack-db"), autoplay=False)
    while sim.player.step_forward():
        pass
    assert sim.overlay.block.isVisible()
    p = in_view(sim, sim.overlay.block.pos())
    word = QRectF(p.x() - 50, p.y() + 36 - 24, 100, 70)  # the ✗ disc and the word BLOCKED under the packet
    assert not callout_rect(sim).intersects(word)


def test_callout_does_not_hide_the_next_hop(window: Any, qtbot: Any) -> None:
    fit(window, qtbot)
    sim = window.simulation
    sim.run_scenario(saved(window, "shop"), autoplay=False)
    checked = 0
    for i, step in enumerate(sim.player.steps[:-1]):
        sim.player.seek(i)
        nxt = next((s for s in sim.player.steps[i + 1:] if s.anchor != step.anchor), None)
        if nxt is None:
            continue
        point = in_view(sim, sim.overlay.geo.point(nxt.anchor))
        if not QRectF(sim.overlay.view.viewport().rect()).contains(point):
            continue
        assert not callout_rect(sim).contains(point), f"step {i + 1}: the callout hides {nxt.anchor}"
        checked += 1
    assert checked > 10


def test_station_packet_sits_on_the_icon_not_the_name(window: Any) -> None:
    sim = window.simulation
    sim.clear_dns_cache()
    sim.run_scenario(saved(window, "dns"), autoplay=False)
    station = sim.overlay.geo.stations["tld"]
    box = station.sceneBoundingRect()
    point = sim.overlay.geo.point("station:tld")
    assert box.contains(point)
    assert point.x() < box.left() + box.width() / 3  # the label on the right stays readable


def test_overview_does_not_draw_the_pixel_sized_items(window: Any) -> None:
    """The overview shows the same scene: a 400 px callout there would cover the whole map."""
    from vpcdesigner.ui.simulation.items import elsewhere

    sim = window.simulation
    sim.run_scenario(saved(window, "attack-db"), autoplay=False)
    while sim.player.step_forward():
        pass
    overview, canvas = window.minimap.viewport(), window.view.viewport()
    for item in (sim.overlay.callout, sim.overlay.block, sim.overlay.highlight.badge):
        assert elsewhere(item, overview)
        assert not elsewhere(item, canvas)
    assert not elsewhere(sim.overlay.callout, None)  # scene.render() for a picture still draws it
