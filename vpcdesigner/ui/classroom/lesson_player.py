"""Play a lesson on the real canvas: each step's design, highlights, narration and question.

The user's own design is put aside when a lesson starts and comes back unchanged when it ends
(with its path and its unsaved state), unless they choose "Edit this design", which keeps the
lesson's design as a new unsaved one. Questions run through the simulation panel's controller,
so the packet animates with the same overlay, events and explanations as any scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from vpcdesigner.lessons import Lesson, StepOutcome, lesson_design, run_lesson
from vpcdesigner.lessons.format import Expectation, LessonStep
from vpcdesigner.model import Design, Document, Scenario

LESSON_SCENARIO_ID = "lesson-step"
LESSON_COLOUR = "#d81b60"


@dataclass
class Stash:
    """The user's design while a lesson borrows the canvas."""

    design: Design
    path: str | None
    clean: bool


def scenario_for(step: LessonStep) -> Scenario | None:
    q = step.question
    if q is None:
        return None
    return Scenario(id=LESSON_SCENARIO_ID, name=step.title, type=q.type, source=q.source, destination=q.destination,
                    protocol=q.protocol, port=q.port, source_port=q.source_port, icmp_type=q.icmp_type,
                    icmp_code=q.icmp_code, color=LESSON_COLOUR)


def expectation_text(expect: Expectation | None) -> str:
    """The teacher's expected outcome in words ("" when the step states none)."""
    if expect is None:
        return ""
    parts = []
    if expect.verdict == "reachable":
        parts.append("reachable")
    elif expect.verdict == "blocked":
        where = f" at {expect.blocked_at}" if expect.blocked_at else ""
        way = f" on the {expect.direction} path" if expect.direction else ""
        parts.append(f"blocked{where}{way}")
    if expect.dns_result:
        parts.append(f"DNS {expect.dns_result}" + (" from the cache" if expect.cached else ""))
    if expect.client_sees:
        parts.append(f"the client sees {expect.client_sees}")
    return ", ".join(parts)


class LessonPlayer(QObject):
    """Step through a lesson: `next()` walks the current question's hops, then moves to the next step."""

    step_changed = Signal(int)  # lesson step index (-1: no lesson)
    question_loaded = Signal(int)  # a step's question is on the player, before any hop
    finished = Signal()
    stopped = Signal()

    def __init__(self, window: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.sim = window.simulation
        self.lesson: Lesson | None = None
        self.path: str | None = None
        self.outcomes: list[StepOutcome] = []
        self.index = -1
        self.stash: Stash | None = None
        self.hold = False  # quiz: a question waits for the prediction; Next reveals without scoring
        self._shown: Design | None = None

    @property
    def active(self) -> bool:
        return self.lesson is not None

    @property
    def outcome(self) -> StepOutcome | None:
        return self.outcomes[self.index] if 0 <= self.index < len(self.outcomes) else None

    # ---- start / stop ------------------------------------------------------------------------
    def prepare(self, lesson: Lesson, path: str | Path | None = None) -> list[StepOutcome]:
        """Load the lesson's design and run its steps (raises LessonError with a plain message)."""
        design = lesson_design(lesson, path)
        return run_lesson(lesson, design)

    def start(self, lesson: Lesson, path: str | Path | None = None) -> None:
        outcomes = self.prepare(lesson, path)
        if self.active:
            self.stop()
        w = self.window
        self.stash = Stash(w.doc.snapshot(), w.path, w.stack.isClean())
        self.lesson, self.path, self.outcomes = lesson, str(path) if path else None, outcomes
        self._shown = None
        self.go(0)

    def stop(self, keep_design: bool = False) -> None:
        """End the lesson: give the user's design back (or keep the lesson's as a new unsaved design)."""
        if not self.active:
            return
        w = self.window
        stash, self.stash = self.stash, None
        current = w.doc.snapshot()
        self.lesson, self.outcomes, self.index, self._shown, self.hold = None, [], -1, None, False
        self.sim.player.load([])
        if keep_design:
            w.set_design(current, None)
            w.stack.resetClean()  # a new design nobody has saved yet
        elif stash is not None:
            w.set_design(stash.design, stash.path)
            if not stash.clean:
                w.stack.resetClean()
        self.stopped.emit()
        self.step_changed.emit(-1)

    # ---- moving ------------------------------------------------------------------------------
    def go(self, index: int, at_end: bool = False) -> None:
        """Show step `index`: its design (edits so far), highlights, and its question at the start."""
        if not self.outcomes:
            return
        index = max(0, min(index, len(self.outcomes) - 1))
        self.index = index
        outcome = self.outcomes[index]
        self._show_design(outcome.design)
        sc = scenario_for(outcome.step)
        self.hold = False
        if sc is None:
            self.sim.player.load([])
            self.sim.overlay.clear()
        else:
            q = outcome.step.question
            self.sim.clear_dns_cache()  # each question starts cold, as `run_lesson` checked it
            for _ in range((q.repeat if q is not None else 1) - 1):  # earlier runs fill the DNS cache
                self.sim.run_scenario(sc, autoplay=False)
            self.sim.run_scenario(sc, autoplay=False)
            if at_end:
                self.sim.player.seek(len(self.sim.player.steps) - 1)
        self.step_changed.emit(index)
        if sc is not None and not at_end:
            self.question_loaded.emit(index)

    def _show_design(self, design: Design) -> None:
        if design is self._shown:
            return
        w = self.window
        w.doc.replace_all(Document(design).snapshot())  # a copy: canvas edits never reach the outcomes
        w.stack.clear()
        w.scene.flush()
        self._shown = design

    def has_hops_left(self) -> bool:
        p = self.sim.player
        return bool(p.steps) and not p.at_end

    def next(self) -> None:
        if not self.active:
            return
        p = self.sim.player
        if self.hold:
            self.hold = False  # Next while a quiz question waits: reveal without scoring
        if self.has_hops_left():
            p.pause()
            p.step_forward()
        elif self.index < len(self.outcomes) - 1:
            self.go(self.index + 1)
        else:
            self.finished.emit()

    def previous(self) -> None:
        if not self.active:
            return
        p = self.sim.player
        if p.steps and p.index >= 0:
            p.step_back()
        elif self.index > 0:
            self.go(self.index - 1, at_end=True)
