"""The Simulation dock on a projector (1280×720) leaves the canvas most of the window; a tall screen keeps a
roomy event list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from vpcdesigner.model import Design


@pytest.fixture
def short_window(qtbot: Any, tmp_path: Path, sample_design: Design) -> Iterator[Any]:
    from vpcdesigner.ui.files import Recovery
    from vpcdesigner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    (tmp_path / "recovery").mkdir()
    w = MainWindow(settings=settings, recovery=Recovery(tmp_path / "recovery"), autosave_ms=3_600_000)
    qtbot.addWidget(w)
    w.set_design(sample_design, None)
    w.setGeometry(0, 0, 1280, 720)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.simulation.dock_layout.auto_hidden, timeout=3000)
    yield w
    w.stack.setClean()


def saved(window: Any, sid: str) -> Any:
    return next(s for s in window.doc.design.scenarios if s.id == sid)


def row_visible(table: Any, row: int) -> bool:
    rect = table.visualRect(table.model().index(row, 0))
    return bool(table.viewport().rect().contains(rect))


def test_short_screen_gives_the_canvas_the_height_until_a_scenario_runs(short_window: Any, qtbot: Any) -> None:
    w, sim = short_window, short_window.simulation
    assert w.height() == 720
    assert not sim.sim_dock.isVisible()
    qtbot.waitUntil(lambda: w.view.height() > 0.72 * w.height(), timeout=3000)  # was 422 of 720 px
    sim.run_scenario(saved(w, "shop"), autoplay=False)
    for _ in range(22):
        sim.player.step_forward()
    qtbot.waitUntil(lambda: sim.sim_dock.isVisible() and not sim.sim_dock.visibleRegion().isEmpty(), timeout=3000)
    assert w.view.height() > 0.62 * w.height()  # the compact list still leaves the canvas most of it
    assert w.view.width() > 0.58 * w.width()
    table = sim.events.table
    assert sim.events.selected_row() == 21
    assert row_visible(table, 21)  # the current hop is in view in the compact list
    assert table.viewport().height() >= 3 * table.rowHeight(0)


def test_presentation_keeps_the_waiting_dock_hidden(short_window: Any, qtbot: Any) -> None:
    w, sim = short_window, short_window.simulation
    w.classroom.set_presenting(True)
    sim.run_scenario(saved(w, "attack-db"), autoplay=False)
    assert not sim.sim_dock.isVisible()
    w.classroom.set_presenting(False)
    assert sim.dock_layout.auto_hidden
    sim.run_scenario(saved(w, "attack-db"), autoplay=False)
    assert sim.sim_dock.isVisible() and not sim.dock_layout.auto_hidden


def test_tall_screen_opens_a_roomy_event_list(window: Any, qtbot: Any) -> None:
    sim = window.simulation
    assert window.height() >= 900
    sim.run_scenario(saved(window, "office-db"), autoplay=False)
    table = sim.events.table
    qtbot.waitUntil(lambda: sim.sim_dock.isVisible() and table.viewport().height() >= 5 * table.rowHeight(0),
                    timeout=3000)
    assert not sim.dock_layout.auto_hidden
