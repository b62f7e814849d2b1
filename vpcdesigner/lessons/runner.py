"""Run a lesson's steps against the simulator and compare with what the teacher expects.

Used three ways: `vpcdesigner check LESSON` (every expectation must hold), the lesson player in
the app (each step's outcome drives the animation and caption), and quiz mode (the expectation is
the answer key when a student predicts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Design, Document, DocumentError
from .format import Expectation, Lesson, LessonStep, StepQuestion
from .loader import LessonError


@dataclass
class StepOutcome:
    """What happened at one step: the simulator's result and whether the expectation held."""

    index: int
    step: LessonStep
    design: Design
    result: Any = None  # Trace | DnsLookup | RequestResult | None
    verdict: str | None = None  # "reachable" | "blocked" | None (not a connection / unknown)
    blocked_at: str | None = None  # id of the first blocking component
    blocked_name: str | None = None
    direction: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def apply_edits(design: Design, step: LessonStep, where: str) -> Design:
    """A copy of `design` with the step's edits applied (the lesson's own design is untouched)."""
    if not step.edits:
        return design
    doc = Document(design)
    copy = doc.snapshot()
    doc = Document(copy)
    for edit in step.edits:
        try:
            doc.update(edit.resource, **edit.set)
        except DocumentError as exc:
            raise LessonError(f"{where}: edit of {edit.resource!r}: {exc}") from None
    return doc.design


def run_step_question(design: Design, question: StepQuestion) -> Any:
    """Run one question with the simulator; the last result of `repeat` runs is returned."""
    if question.type == "connection":
        from ..sim import trace

        return trace(design, question.source, question.destination, question.protocol, question.port,
                     question.source_port, question.icmp_type, question.icmp_code)
    if question.type == "dns":
        from ..sim.dns import DnsCache, resolve

        cache = DnsCache()
        lookup = None
        for i in range(question.repeat):
            lookup = resolve(design, question.destination, question.source, record_type=question.record_type,
                             cache=cache, now=float(i))
        return lookup
    from ..sim.request import RequestSession, request

    session = RequestSession()
    out = None
    for _ in range(question.repeat):
        out = request(design, question.source, question.destination, session=session)
    return out


def _summarise(outcome: StepOutcome) -> None:
    result = outcome.result
    reachable = getattr(result, "reachable", None)
    if reachable is not None:
        outcome.verdict = "reachable" if reachable else "blocked"
    blocked = getattr(result, "blocked", None)
    if blocked is not None:
        outcome.blocked_at = getattr(blocked, "component", None)
        outcome.blocked_name = getattr(blocked, "name", None)
        outcome.direction = getattr(blocked, "direction", None)


def check_expectation(outcome: StepOutcome, expect: Expectation) -> list[str]:
    problems = []
    if expect.verdict is not None and outcome.verdict != expect.verdict:
        problems.append(f"expected {expect.verdict}, the simulator says {outcome.verdict or 'no verdict'}")
    if expect.blocked_at is not None and expect.blocked_at not in (outcome.blocked_at, outcome.blocked_name):
        where = outcome.blocked_name or outcome.blocked_at or "nowhere"
        problems.append(f"expected the block at {expect.blocked_at!r}, the simulator blocks at {where!r}")
    if expect.direction is not None and outcome.direction != expect.direction:
        problems.append(f"expected a {expect.direction}-path block, got {outcome.direction or 'none'}")
    result = outcome.result
    if expect.dns_result is not None and getattr(result, "result", None) != expect.dns_result:
        problems.append(f"expected DNS result {expect.dns_result}, got {getattr(result, 'result', None)}")
    if expect.cached is not None and bool(getattr(result, "cached", False)) != expect.cached:
        problems.append(f"expected the lookup {'from' if expect.cached else 'not from'} the cache")
    if expect.client_sees is not None:
        seen = str(getattr(result, "client_sees", ""))
        if expect.client_sees.lower() not in seen.lower():
            problems.append(f"expected the client to see {expect.client_sees!r}, it sees {seen!r}")
    return problems


def run_lesson(lesson: Lesson, design: Design) -> list[StepOutcome]:
    """Run every step in order (edits accumulate) and report each step's outcome."""
    outcomes = []
    current = design
    for index, step in enumerate(lesson.steps):
        where = f"lesson {lesson.id}, step {index + 1} ({step.title})"
        current = apply_edits(current, step, where)
        outcome = StepOutcome(index, step, current)
        for rid in step.highlight:
            if rid not in current.resources and not _is_nested_name(current, rid):
                outcome.problems.append(f"highlight {rid!r} is not in the design")
        if step.question is not None:
            try:
                outcome.result = run_step_question(current, step.question)
            except (ValueError, LookupError) as exc:
                outcome.problems.append(f"the question cannot be run: {exc}")
            else:
                _summarise(outcome)
                if step.expect is not None:
                    outcome.problems.extend(check_expectation(outcome, step.expect))
        outcomes.append(outcome)
    return outcomes


def _is_nested_name(design: Design, name: str) -> bool:
    """Ids that are not resources but still name something drawable: ASG members, on-prem hosts."""
    for r in design.resources.values():
        if r.kind == "auto-scaling-group" and name.startswith(f"{r.id}-"):
            return True
        if r.kind == "on-premises" and any(h.name == name for h in r.hosts):
            return True
    return False
