"""Simulation colours come from the theme (light, dark, high contrast), and pass/block differ in shape too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from vpcdesigner.ui import icons
from vpcdesigner.ui.theme import DARK, HIGH_CONTRAST, LIGHT, Theme, set_current


@pytest.fixture
def themed(qapp: Any) -> Iterator[Any]:
    def use(t: Theme) -> None:
        set_current(t)

    yield use
    set_current(LIGHT)


def render(item: Any) -> QImage:
    box = item.boundingRect()
    image = QImage(int(box.width()) + 4, int(box.height()) + 4, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.translate(-box.left() + 2, -box.top() + 2)
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image


def callout(verdict: str) -> Any:
    from vpcdesigner.ui.simulation.items import CalloutItem

    item = CalloutItem()
    item.set_text("3/9  private-nacl", "Network ACL inbound rule 100: allow TCP 443 from 0.0.0.0/0", verdict)
    return item


def light_pixels(image: QImage, area: QRectF, threshold: float) -> int:
    return sum(1 for x in range(int(area.left()), int(area.right()))
               for y in range(int(area.top()), int(area.bottom()))
               if image.pixelColor(x, y).lightnessF() > threshold)


@pytest.mark.parametrize(("theme", "dark"), [(LIGHT, False), (DARK, True), (HIGH_CONTRAST, False)])
def test_callout_box_and_text_follow_the_theme(themed: Any, theme: Theme, dark: bool) -> None:
    themed(theme)
    item = callout("pass")
    image = render(item)
    h = item.boundingRect().height()
    fill = image.pixelColor(int(item.WIDTH) - 10, int(h) - 6)  # inside the box, below the last line
    assert (fill.lightnessF() < 0.3) if dark else (fill.lightnessF() > 0.9)
    body = QRectF(22, 40, item.WIDTH - 40, h - 48)
    text_like = light_pixels(image, body, 0.75) if dark else \
        (body.width() * body.height() - light_pixels(image, body, 0.5))
    assert text_like > 200  # the body text contrasts with the box in each theme


def test_verdict_colours_come_from_the_theme(themed: Any) -> None:
    from vpcdesigner.ui.simulation.items import verdict_colour
    from vpcdesigner.ui.simulation.plot import brush

    for t in (LIGHT, DARK, HIGH_CONTRAST):
        themed(t)
        assert verdict_colour("pass") == QColor(t.accept)
        assert verdict_colour("block") == QColor(t.refuse)
        assert verdict_colour("info") == QColor(t.info)
        assert brush("block") == t.refuse
    assert DARK.refuse != LIGHT.refuse and DARK.info != LIGHT.info


def test_pass_and_block_differ_in_shape_not_only_colour(qapp: Any) -> None:
    """Grey-scale masks of the two verdict icons (as drawn on the callout and the highlight badge) differ."""
    def mask(name: str) -> list[bool]:
        image = icons.pixmap(name, 48).toImage()
        return [image.pixelColor(x, y).alpha() > 128 and image.pixelColor(x, y).lightnessF() > 0.6
                for x in range(48) for y in range(48)]

    a, b = mask("verdict-pass"), mask("verdict-block")
    differing = sum(1 for p, q in zip(a, b, strict=True) if p != q)
    assert differing > 0.04 * len(a)


def test_highlight_badge_shows_the_verdict_icon(themed: Any) -> None:
    from vpcdesigner.ui.simulation.items import HighlightItem

    themed(DARK)
    ring = HighlightItem()
    ring.set_target(QRectF(0, 0, 60, 60), "block")
    assert ring.badge.isVisible() and ring.badge.verdict == "block"
    assert ring.badge.pos() == ring.rect.topRight()
    assert ring.badge.flags() & ring.badge.GraphicsItemFlag.ItemIgnoresTransformations  # legible at any zoom
    image = render(ring.badge)
    assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() > 0
    ring.set_target(QRectF(0, 0, 60, 60), "info")
    assert not ring.badge.isVisible()  # an informational step is told apart by its dashed ring


def test_station_and_block_mark_read_on_the_dark_canvas(themed: Any) -> None:
    from vpcdesigner.ui.simulation.items import StationItem

    themed(DARK)
    image = render(StationItem("Internet", "internet"))
    inside = image.pixelColor(image.width() - 12, image.height() // 2 + 40)
    assert inside.lightnessF() < 0.3  # a dark box, not a white glare
    assert light_pixels(image, QRectF(90, 20, 200, 60), 0.8) > 100  # its label in light text


def test_panels_use_theme_colours_after_a_run(window: Any, themed: Any) -> None:
    themed(DARK)
    sim = window.simulation
    sc = next(s for s in window.doc.design.scenarios if s.id == "attack-db")
    sim.run_scenario(sc, autoplay=False)
    while sim.player.step_forward():
        pass
    row = sim.player.index
    assert sim.events.table.item(row, 5).foreground().color() == QColor(DARK.refuse)
    detail = sim.events.detail.toHtml().lower()
    assert QColor(DARK.refuse).name() in detail and QColor(DARK.muted).name() in detail
    assert sim.plot.plot.backgroundBrush().color() == QColor(DARK.canvas)
    sim.whatif.set_baseline()
    verdicts = [sim.scenarios.table.item(r, 1) for r in range(sim.scenarios.table.rowCount())]
    colours = {v.foreground().color().name() for v in verdicts if v is not None and v.text() != "—"}
    assert colours <= {QColor(DARK.accept).name(), QColor(DARK.refuse).name()} and colours


def test_switching_theme_recolours_the_open_panels(window: Any, qtbot: Any) -> None:
    from vpcdesigner.ui import themes

    sim = window.simulation
    sc = next(s for s in window.doc.design.scenarios if s.id == "attack-db")
    sim.run_scenario(sc, autoplay=False)
    while sim.player.step_forward():
        pass
    row = sim.player.index
    at = sim.plot.cursor_time
    assert sim.events.table.item(row, 5).foreground().color() == QColor(LIGHT.refuse)
    try:
        themes.apply(DARK, [window.scene])
        qtbot.waitUntil(lambda: sim.events.table.item(row, 5).foreground().color() == QColor(DARK.refuse),
                        timeout=2000)
        assert sim.events.selected_row() == row  # still on the same hop
        assert sim.plot.plot.backgroundBrush().color() == QColor(DARK.canvas)
        assert sim.plot.cursor_time == at
    finally:
        themes.apply(LIGHT, [window.scene])
    qtbot.waitUntil(lambda: sim.events.table.item(row, 5).foreground().color() == QColor(LIGHT.refuse),
                    timeout=2000)
