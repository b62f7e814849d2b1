"""ClassroomController: presentation mode, caption bar, lesson player and quiz, wired into the window.

It listens to the simulation player (`current_hop_changed`) for the caption, drives the player for
lessons, and owns the View → Presentation / Theme, Help → Lessons / About menu entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QVBoxLayout, QWidget

from vpcdesigner.lessons import Lesson, LessonError

from .. import themes
from ..about import show_about
from .caption import CaptionBar
from .highlight import Highlighter
from .keys import ClickerKeys
from .lesson_player import LessonPlayer, expectation_text
from .lessons_dialog import LessonsDialog
from .presentation import CAPTION_SCALE, Presentation
from .quiz import QuizPanel
from .quiz_logic import Prediction, Tally, choices, feedback, score, truth_of


class ClassroomController(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.sim = window.simulation
        self.player = self.sim.player
        self.caption = CaptionBar()
        self.quiz = QuizPanel()
        self.quiz.hide()
        self.tally = Tally()
        self.quiz_mode = False
        self.hide_rules = False
        self.waiting = False  # a quiz question is up and the packet has not moved
        self._adhoc_pending = False
        self._hidden_inspector: QWidget | None = None
        self.lesson = LessonPlayer(window, self)
        self.highlighter = Highlighter(window.scene)
        self.bar = self._build_bar(window)
        self.presentation = Presentation(window, [self.bar])
        self.keys = ClickerKeys(self.forward, self.back, self._escape, self)
        self.dialog: LessonsDialog | None = None
        self._build_actions(window)
        self._connect()
        themes.apply(themes.resolve(themes.chosen_name(window.settings)), [window.scene])
        self._refresh()

    # ---- building ----------------------------------------------------------------------------
    def _build_bar(self, window: Any) -> QToolBar:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.quiz)
        layout.addWidget(self.caption)
        bar = QToolBar("Caption", window)
        bar.setObjectName("classroom-caption")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.addWidget(holder)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
        bar.toggleViewAction().setVisible(False)
        bar.hide()
        return bar

    def _action(self, text: str, slot: Any, keys: str | None = None, checkable: bool = False) -> QAction:
        act = QAction(text, self.window)
        act.setCheckable(checkable)
        if keys:
            act.setShortcut(QKeySequence(keys))
        if checkable:
            act.toggled.connect(slot)
        else:
            act.triggered.connect(lambda _=False: slot())
        self.window.addAction(act)
        return act

    def _menu(self, title: str, before: str | None = None) -> QMenu:
        bar = self.window.menuBar()
        plain = title.replace("&", "")
        for act in bar.actions():
            menu = act.menu()
            if isinstance(menu, QMenu) and act.text().replace("&", "") == plain:
                return menu
        return bar.addMenu(title)  # type: ignore[no-any-return]

    def _build_actions(self, window: Any) -> None:
        a = self._action
        self.actions = {
            "present": a("&Presentation mode", self.set_presenting, "F5", checkable=True),
            "lessons": a("&Lessons…", self.show_lessons),
            "quiz": a("&Quiz mode (predict before the packet moves)", self.set_quiz_mode, checkable=True),
            "hide_rules": a("&Hide rules (quiz puzzle)", self.set_hide_rules, checkable=True),
            "about": a("&About VPC Designer", lambda: show_about(window)),
        }
        self.actions["present"].setToolTip("Full screen for a projector: Space / PageDown step, Esc leaves (F5)")
        view = self._menu("&View")
        view.addSeparator()
        view.addAction(self.actions["present"])
        self.theme_menu = view.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        chosen = themes.chosen_name(window.settings)
        self.theme_actions: dict[str, QAction] = {}
        for name, label in themes.LABELS.items():
            act = self.theme_menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(name == chosen)
            act.triggered.connect(lambda _=False, n=name: self.choose_theme(n))
            self.theme_group.addAction(act)
            self.theme_actions[name] = act
        sim_menu = self._menu("&Simulation")
        sim_menu.addSeparator()
        sim_menu.addActions([self.actions["quiz"], self.actions["hide_rules"]])
        help_menu = self._menu("&Help")
        help_menu.addActions([self.actions["lessons"], self.actions["about"]])

    def _connect(self) -> None:
        self.player.current_hop_changed.connect(self._on_hop)
        self.player.steps_changed.connect(self._on_steps)
        self.player.playing_changed.connect(self._on_playing)
        self.caption.next_requested.connect(self.forward)
        self.caption.previous_requested.connect(self.back)
        self.caption.end_requested.connect(lambda: self.lesson.stop())
        self.caption.edit_requested.connect(lambda: self.lesson.stop(keep_design=True))
        self.lesson.step_changed.connect(self._on_lesson_step)
        self.lesson.question_loaded.connect(self._on_question)
        self.lesson.finished.connect(self._on_finished)
        self.lesson.stopped.connect(self._on_stopped)
        self.quiz.answered.connect(self.answer)
        self.window.scene.selectionChanged.connect(self._on_canvas_pick)
        self.window.scene.object_activated.connect(self._on_badge_pick)
        self.window.installEventFilter(self)
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_system_scheme)

    # ---- presentation ------------------------------------------------------------------------
    @property
    def presenting(self) -> bool:
        return self.presentation.active

    def set_presenting(self, on: bool) -> None:
        if on == self.presenting:
            return
        if on:
            self.presentation.enter()
            QTimer.singleShot(0, self.focus_view)
            self.caption.apply_scale(CAPTION_SCALE)
            self.quiz.apply_scale(1.1)
        else:
            self.presentation.leave()
            self.caption.apply_scale(1.0)
            self.quiz.apply_scale(1.0)
        act = self.actions["present"]
        if act.isChecked() != on:
            act.blockSignals(True)
            act.setChecked(on)
            act.blockSignals(False)
        self._refresh()

    def focus_view(self) -> None:
        """Presenting: zoom to what the step is about (highlights and the packet's path), not the whole design."""
        if not self.presenting:
            return
        scene = self.window.scene
        ids = list(self.highlighter.rings) + [s.component for s in self.player.steps]
        rect = QRectF()
        for rid in ids:
            item = scene.item(rid)
            if item is not None:
                rect = rect.united(item.mapRectToScene(item.rect()))
        for ring in self.highlighter.rects():
            rect = rect.united(ring)
        for station in self.sim.overlay.geo.stations.values():
            if station.isVisible():
                rect = rect.united(station.sceneBoundingRect())
        if rect.isNull() or rect.width() < 200:
            self.window.view.fit_all()
        else:
            target = rect.adjusted(-40, -110, 40, 30)  # room above for the hop callout
            self.window.view.fit_rect(target)
            self.window.view.centerOn(target.center())  # the zoom cap may have moved it off centre

    def _escape(self) -> bool:
        if self.presenting:
            self.set_presenting(False)
            return True
        return False

    def choose_theme(self, name: str) -> None:
        if self.presenting:
            self.set_presenting(False)
        themes.choose(self.window.settings, name, [self.window.scene])
        self.theme_actions[name].setChecked(True)
        self._refresh()

    def _on_system_scheme(self, *_args: Any) -> None:
        if themes.chosen_name(self.window.settings) == "system" and not self.presenting:
            themes.apply(themes.resolve("system"), [self.window.scene])

    # ---- stepping ----------------------------------------------------------------------------
    def forward(self) -> None:
        if self.waiting:
            self._end_question(None)  # Next with a question up: reveal without scoring
        if self.lesson.active:
            self.lesson.next()
        else:
            self.player.pause()
            self.player.step_forward()

    def back(self) -> None:
        if self.waiting:
            self._end_question(None)
        if self.lesson.active:
            self.lesson.previous()
        else:
            self.player.step_back()

    # ---- lessons -----------------------------------------------------------------------------
    def show_lessons(self) -> LessonsDialog:
        if self.dialog is None:
            self.dialog = LessonsDialog(self.window)
            self.dialog.chosen.connect(self._dialog_chose)
        self.dialog.quiz.setChecked(self.quiz_mode)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _dialog_chose(self, lesson: Lesson, path: str | None, quiz: bool) -> None:
        if self.start_lesson(lesson, path, quiz=quiz) and self.dialog is not None:
            self.dialog.accept()

    def start_lesson(self, lesson: Lesson, path: str | Path | None = None, quiz: bool | None = None) -> bool:
        if quiz is not None:
            self.actions["quiz"].setChecked(quiz)
        try:
            self.lesson.start(lesson, path)
        except LessonError as exc:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.show_error(str(exc))
            else:
                self.window.message("Cannot play the lesson", str(exc))
            return False
        self._refresh()
        return True

    def _on_lesson_step(self, index: int) -> None:
        outcome = self.lesson.outcome
        if outcome is None:
            self.highlighter.clear()
            return
        self.highlighter.show(outcome.step.highlight)
        self._fill_caption()
        QTimer.singleShot(0, self.focus_view)

    def _on_question(self, index: int) -> None:
        outcome = self.lesson.outcome
        if self.quiz_mode and outcome is not None:
            self._ask(hidden=outcome.step.quiz_hide_rules or self.hide_rules)

    def _on_finished(self) -> None:
        self.caption.set_result("End of the lesson. Press End lesson (or Esc, then End lesson) to get your "
                                "design back.", None)

    def _on_stopped(self) -> None:
        self.highlighter.clear()
        if self.waiting:
            self._end_question(None)
        self._refresh()

    # ---- quiz --------------------------------------------------------------------------------
    def set_quiz_mode(self, on: bool) -> None:
        self.quiz_mode = on
        if not on and self.waiting:
            self._end_question(None)
        self._refresh()

    def set_hide_rules(self, on: bool) -> None:
        self.hide_rules = on
        self._show_rules(not on and not self.waiting)

    def _ask(self, hidden: bool) -> None:
        self.waiting = True
        self.lesson.hold = True
        self.quiz.ask(choices(self.player.steps), hidden)
        self.quiz.set_score(self.tally.text)
        self.quiz.show()
        self.sim.tabs.hide()  # the event list would give the answer away
        self.sim.status.hide()
        if hidden:
            self._show_rules(False)
        self._refresh()
        self._fill_caption()
        self.caption.set_hop("Predict first: ✓ reachable, or ✗ blocked — and where?", "info")

    def answer(self, prediction: Prediction) -> None:
        """Score the prediction against the simulator's run, then let the packet move."""
        if not self.waiting:
            return
        run = self.sim.run
        truth = truth_of(self.player.steps, run.verdict if run is not None else "error")
        result = score(prediction, truth)
        self.tally.add(result)
        self.quiz.set_score(self.tally.text)
        self.quiz.show_feedback(feedback(prediction, truth, result), result.right, truth.explanation)
        self._end_question(result.right)
        self._fill_caption()
        self.player.play()

    def _end_question(self, right: bool | None) -> None:
        self.waiting = False
        self.lesson.hold = False
        self.quiz.set_waiting(False)
        if right is None:
            self.quiz.show_feedback("(Not scored.)", None)
        self.sim.tabs.show()
        self.sim.status.show()
        self._show_rules(not self.hide_rules)

    def _show_rules(self, visible: bool) -> None:
        """Hidden rules: the inspector (rule tables) is swapped for a notice until the answer is in."""
        dock = getattr(self.window, "inspector_dock", None)
        if dock is None:
            return
        if not visible and self._hidden_inspector is None:
            self._hidden_inspector = dock.widget()
            notice = QLabel("Rules hidden for the quiz.\nPredict, then they come back.")
            notice.setObjectName("rules-hidden")
            notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            dock.setWidget(notice)
        elif visible and self._hidden_inspector is not None:
            notice = dock.widget()
            dock.setWidget(self._hidden_inspector)
            self._hidden_inspector = None
            if notice is not None:
                notice.deleteLater()

    @property
    def rules_hidden(self) -> bool:
        return self._hidden_inspector is not None

    def _on_canvas_pick(self) -> None:
        if not self.waiting:
            return
        ids = self.window.scene.selected_ids()
        if len(ids) == 1:
            self.quiz.pick(ids[0])

    def _on_badge_pick(self, rid: str) -> None:
        if self.waiting:
            self.quiz.pick(rid)

    def _on_steps(self, steps: list[Any]) -> None:
        if self.quiz_mode and not self.lesson.active and steps:
            self._adhoc_pending = True  # a scenario run from the panel: ask before it plays
        self._fill_caption()
        if steps and not self.lesson.active:
            QTimer.singleShot(0, self.focus_view)

    def _on_playing(self, playing: bool) -> None:
        if playing and self._adhoc_pending:
            self._adhoc_pending = False
            self.player.reset()
            self._ask(hidden=self.hide_rules)

    # ---- caption -----------------------------------------------------------------------------
    def _on_hop(self, index: int, step: Any) -> None:
        self._fill_caption()

    def _fill_caption(self) -> None:
        c = self.caption
        outcome = self.lesson.outcome
        p = self.player
        if outcome is not None and self.lesson.lesson is not None:
            n = len(self.lesson.outcomes)
            c.set_heading(f"{self.lesson.lesson.title} · step {outcome.index + 1} of {n}: {outcome.step.title}")
            c.set_narration("What will happen? Predict, then the explanation follows." if self.waiting
                            else outcome.step.narration)  # the narration often gives the answer away
        else:
            run = self.sim.run
            c.set_heading(f"Scenario: {run.scenario.name or run.scenario.source + ' → ' + run.scenario.destination}"
                          if run is not None and p.steps else "")
            c.set_narration("" if p.steps else "Run a scenario (F9) and step through it with Space or PageDown.")
        step = p.current
        if self.waiting:
            return
        if step is None:
            c.set_hop("Press Next (Space / PageDown) to send the packet." if p.steps else "", "info")
        else:
            text = step.explanation or step.callout.splitlines()[0]
            c.set_hop(f"{step.mark} {p.index + 1}/{len(p.steps)} {step.name}: {text}", step.verdict)
        self._fill_result(outcome)

    def _fill_result(self, outcome: Any) -> None:
        p, run, c = self.player, self.sim.run, self.caption
        if run is None or not p.steps or not p.at_end:
            c.set_result("", None)
            return
        where = f" at {run.where}" if run.where and not run.ok else ""
        text = f"Result: {run.short}{where}"
        ok: bool | None = run.ok
        if outcome is not None and outcome.step.expect is not None:
            expected = expectation_text(outcome.step.expect)
            held = not outcome.problems
            text += f"  ·  expected: {expected} {'✓' if held else '✗ (' + '; '.join(outcome.problems) + ')'}"
            ok = held
        c.set_result(text, ok)

    def _refresh(self) -> None:
        on = self.presenting or self.lesson.active
        self._lock_files(self.lesson.active)
        quiz = self.quiz_mode and (self.waiting or self.tally.rounds > 0)
        self.bar.setVisible(on or quiz)
        self.caption.set_lesson_controls(self.lesson.active)
        self.quiz.setVisible(quiz)
        self.keys.set_active(on)
        self._fill_caption()

    def _lock_files(self, locked: bool) -> None:
        """During a lesson New/Open would drop the design put aside for the user: End the lesson first."""
        acts = getattr(self.window, "actions_by_name", {})
        for key in ("new", "open", "save", "save_as"):
            if key in acts:
                acts[key].setEnabled(not locked)
        recent = getattr(self.window, "recent_menu", None)
        if recent is not None:
            recent.setEnabled(not locked)

    # ---- window ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.lesson.active:
            self.lesson.stop()  # the user's own design comes back before the window asks to save it
        return False


def install_classroom(window: Any) -> ClassroomController:
    """Add presentation mode, themes, lessons, quiz and About to a MainWindow (after the simulation)."""
    controller = ClassroomController(window)
    window.classroom = controller
    return controller
