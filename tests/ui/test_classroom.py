"""Classroom (issue 7): presentation mode, clicker keys, caption, lesson player, quiz."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from vpcdesigner.lessons import builtin_lessons
from vpcdesigner.model import Scenario
from vpcdesigner.ui import theme, themes
from vpcdesigner.ui.classroom.quiz_logic import Prediction

LESSONS = {lesson.id: lesson for lesson, _name in builtin_lessons()}


@pytest.fixture(autouse=True)
def light_theme() -> Iterator[None]:
    yield
    themes.apply(theme.LIGHT)


def _lesson(lesson_id: str) -> Any:
    return LESSONS[lesson_id]


def _keys(qtbot: Any, window: Any, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.keyClick(window, key)
    QApplication.processEvents()


def test_presentation_toggles_with_f5_and_esc(qtbot: Any, window: Any) -> None:
    visible_before = {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()}
    assert visible_before, "the editor shows docks to begin with"
    _keys(qtbot, window, Qt.Key.Key_F5)
    c = window.classroom
    assert c.presenting
    assert window.isFullScreen()
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    assert not window.menuBar().isVisible()
    assert c.bar.isVisible() and c.caption.isVisible()
    assert theme.current().name == "presentation" and theme.current().line_width > theme.LIGHT.line_width
    big = QApplication.font().pointSizeF()
    _keys(qtbot, window, Qt.Key.Key_Escape)
    assert not c.presenting
    assert not window.isFullScreen()
    assert {d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()} == visible_before
    assert window.menuBar().isVisible()
    assert theme.current() is theme.LIGHT
    assert QApplication.font().pointSizeF() < big
    assert not c.bar.isVisible()


def test_caption_follows_the_hop(qtbot: Any, window: Any) -> None:
    c = window.classroom
    c.set_presenting(True)
    sc = Scenario(id="ssh", name="SSH to db", source="corp-pc", destination="db", protocol="tcp", port=22)
    window.simulation.run_scenario(sc, autoplay=False)
    player = window.simulation.player
    assert "Press Next" in c.caption.hop.text()
    _keys(qtbot, window, Qt.Key.Key_Space)
    assert player.index == 0
    first = player.current
    assert first is not None and first.name in c.caption.hop.text() and first.mark in c.caption.hop.text()
    _keys(qtbot, window, Qt.Key.Key_PageDown)
    _keys(qtbot, window, Qt.Key.Key_Right)
    step = player.current
    assert player.index == 2 and step is not None
    assert step.explanation.split(".")[0] in c.caption.hop.text()
    _keys(qtbot, window, Qt.Key.Key_PageUp)
    assert player.index == 1 and player.current is not None
    assert player.current.name in c.caption.hop.text()
    player.seek(len(player.steps) - 1)
    assert c.caption.result.text().startswith("Result: ✗ blocked")
    QApplication.processEvents()
    for label in (c.caption.heading, c.caption.hop, c.caption.result):  # nothing cut off
        assert label.isVisible() and label.height() >= label.heightForWidth(label.width()) - 1
    c.set_presenting(False)


def test_keys_step_the_lesson(qtbot: Any, window: Any) -> None:
    c = window.classroom
    assert c.start_lesson(_lesson("direct-connect"))
    assert c.lesson.index == 0 and "A dedicated line" in c.caption.heading.text()
    assert "Traffic never crosses the public internet" in c.caption.narration.text()
    assert set(c.highlighter.rings) == {"dc-dx", "vgw"}
    _keys(qtbot, window, Qt.Key.Key_PageDown)  # step 1 has no question: on to step 2
    assert c.lesson.index == 1 and window.simulation.player.index == -1
    assert window.simulation.run is not None and window.simulation.run.scenario.destination == "db"
    _keys(qtbot, window, Qt.Key.Key_Space)  # the first hop of the question
    assert window.simulation.player.index == 0
    _keys(qtbot, window, Qt.Key.Key_PageUp)
    _keys(qtbot, window, Qt.Key.Key_PageUp)  # before the first hop: back to the previous step
    assert c.lesson.index == 0
    c.lesson.stop()
    assert not c.lesson.active and not c.bar.isVisible()


@pytest.mark.parametrize("lesson_id", sorted(LESSONS))
def test_every_builtin_lesson_plays_end_to_end(window: Any, lesson_id: str) -> None:
    c = window.classroom
    user = window.doc.design
    assert c.start_lesson(_lesson(lesson_id))
    sim = window.simulation
    seen_steps = set()
    for _ in range(400):
        seen_steps.add(c.lesson.index)
        outcome = c.lesson.outcome
        if outcome is not None:  # every object the step points at is ringed on the canvas
            assert set(outcome.step.highlight) <= set(c.highlighter.rings), outcome.step.title
        if outcome is not None and outcome.step.question is not None and sim.player.steps and sim.player.at_end:
            assert sim.run is not None and sim.run.error is None
            if outcome.verdict is not None:  # what the panel animated agrees with the lesson's check
                assert sim.run.verdict == outcome.verdict, (lesson_id, outcome.step.title)
            assert outcome.ok, outcome.problems
            assert c.caption.result.text().startswith("Result:")
        before = (c.lesson.index, sim.player.index)
        c.forward()
        if (c.lesson.index, sim.player.index) == before:
            break
    assert seen_steps == set(range(len(_lesson(lesson_id).steps)))
    assert "End of the lesson" in c.caption.result.text()
    assert window.messages == []
    c.lesson.stop()
    assert window.doc.design.resources == user.resources and window.doc.design.name == user.name


def test_lesson_gives_back_the_users_unsaved_design(window: Any) -> None:
    c = window.classroom
    window.doc.update("web-sg", description="edited by the user")
    window.stack.resetClean()
    window.path = "/tmp/mine.vpcd.json"
    assert c.start_lesson(_lesson("nacl-vs-sg"))
    assert not window.actions_by_name["open"].isEnabled()  # opening a file now would lose the put-aside design
    assert window.doc.design.resources.get("web-sg") is None or \
        window.doc.design.resources["web-sg"].description != "edited by the user"
    c.lesson.stop()
    assert window.doc.design.resources["web-sg"].description == "edited by the user"
    assert window.path == "/tmp/mine.vpcd.json" and not window.stack.isClean()
    assert window.actions_by_name["open"].isEnabled()


def test_edit_this_design_keeps_the_lesson_design_as_new(window: Any) -> None:
    c = window.classroom
    assert c.start_lesson(_lesson("vpn"))
    lesson_name = window.doc.design.name
    c.caption.edit_button.click()
    assert not c.lesson.active
    assert window.doc.design.name == lesson_name and window.path is None and not window.stack.isClean()


def test_quiz_round_scores_a_right_and_a_wrong_answer(window: Any) -> None:
    c = window.classroom
    assert c.start_lesson(_lesson("direct-connect"), quiz=True)
    c.forward()  # to step 2: dc-server → db on 5432, reachable
    assert c.waiting and c.quiz.isVisible() and window.simulation.player.index == -1
    assert not window.simulation.tabs.isVisible()  # the event list would tell the answer
    ids = [c.quiz.component.itemData(i) for i in range(c.quiz.component.count())]
    assert "db-sg" in ids and "db" in ids
    c.quiz.reachable.setChecked(True)
    c.quiz.check.click()
    assert c.tally.right == 1 and c.tally.rounds == 1
    assert c.quiz.feedback.text().startswith("✓ Right")
    assert not c.waiting and window.simulation.player.playing
    window.simulation.player.pause()
    window.simulation.player.seek(len(window.simulation.player.steps) - 1)
    c.forward()  # step 3: SSH, blocked at db-sg, rules hidden
    assert c.waiting and c.rules_hidden
    notice = window.inspector_dock.widget()
    assert isinstance(notice, QLabel) and "hidden" in notice.text().lower()
    c.answer(Prediction("blocked", "db"))  # the right verdict, the wrong place
    assert c.tally.right == 1 and c.tally.rounds == 2 and c.tally.text == "Score 1 / 2"
    assert c.quiz.feedback.text().startswith("✗ Half right") and "db-sg" in c.quiz.feedback.text()
    assert not c.rules_hidden and window.inspector_dock.widget() is window.inspector
    c.lesson.stop()


def test_quiz_pick_on_canvas_and_ad_hoc_scenario(window: Any) -> None:
    c = window.classroom
    c.actions["quiz"].setChecked(True)
    sc = Scenario(id="ssh", name="SSH to db", source="customer", destination="db", protocol="tcp", port=22)
    window.simulation.run_scenario(sc, autoplay=True)  # a run from the panel: asked before it plays
    assert c.waiting and window.simulation.player.index == -1 and not window.simulation.player.playing
    assert c.bar.isVisible() and c.quiz.isVisible()
    window.scene.select_ids(["db"])
    assert c.quiz.blocked.isChecked() and c.quiz.component.currentData() == "db"
    c.quiz.reachable.setChecked(True)
    c.quiz.check.click()
    assert c.tally.rounds == 1 and c.tally.right == 0 and c.quiz.feedback.text().startswith("✗ Not quite")
    window.simulation.player.pause()


def test_lessons_dialog_lists_builtins_and_reports_a_bad_file(window: Any, tmp_path: Path) -> None:
    dialog = window.classroom.show_lessons()
    assert dialog.list.count() == len(LESSONS)
    bad = tmp_path / "broken.lesson.json"
    bad.write_text('{"format": "vpcdesigner-lesson", "id": "x", "title": "X", "design": "sample:anycompany", '
                   '"steps": []}')
    assert not dialog.open_path(str(bad))
    assert "broken.lesson.json" in dialog.error.text() and "steps" in dialog.error.text()
    lost = tmp_path / "lost.lesson.json"
    lost.write_text('{"format": "vpcdesigner-lesson", "id": "lost", "title": "Lost", "design": "nowhere.vpcd.json",'
                    ' "steps": [{"title": "Look", "narration": "Nothing here."}]}')
    assert dialog.open_path(str(lost))
    dialog.play_button.click()  # the design is missing: a plain message in the dialog, no lesson
    assert "nowhere.vpcd.json" in dialog.error.text() and "not found" in dialog.error.text()
    assert not window.classroom.lesson.active and dialog.isVisible()
    good = tmp_path / "mine.lesson.json"
    good.write_text('{"format": "vpcdesigner-lesson", "id": "mine", "title": "Mine", "design": "sample:anycompany",'
                    ' "steps": [{"title": "Look", "narration": "This is the store.", "highlight": ["igw"]}]}')
    assert dialog.open_path(str(good))
    assert dialog.list.count() == len(LESSONS) + 2
    dialog.play_button.click()
    assert window.classroom.lesson.active and window.classroom.lesson.lesson.id == "mine"
    assert not dialog.isVisible()
    window.classroom.lesson.stop()
    dialog.close()


def test_closing_the_window_mid_lesson_restores_the_users_design(window: Any) -> None:
    c = window.classroom
    window.doc.update("web-sg", description="unsaved work")
    window.stack.resetClean()
    assert c.start_lesson(_lesson("vpn"))
    asked = []
    window.ask_unsaved = lambda: asked.append(window.doc.design.resources["web-sg"].description) or "cancel"
    window.close()
    assert asked == ["unsaved work"]


def test_menus_offer_presentation_themes_lessons_and_about(window: Any) -> None:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu() is not None}
    view = [a.text().replace("&", "") for a in menus["View"].actions()]
    assert "Presentation mode" in view and "Theme" in view
    assert window.classroom.actions["present"].shortcut().toString() == "F5"
    themes_offered = [a.text() for a in window.classroom.theme_menu.actions()]
    assert themes_offered == ["Follow the system", "Light", "Dark", "High contrast"]
    help_items = [a.text().replace("&", "") for a in menus["Help"].actions()]
    assert help_items[:2] == ["Lessons…", "About VPC Designer"]


def test_clicker_keys_leave_typing_alone(qtbot: Any, window: Any) -> None:
    c = window.classroom
    assert c.start_lesson(_lesson("direct-connect"))
    window.activateWindow()
    window.find_box.setFocus()
    qtbot.keyClicks(window.find_box, "db ")
    assert window.find_box.text() == "db " and c.lesson.index == 0
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert c.lesson.index == 1
    c.lesson.stop()
