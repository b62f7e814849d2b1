"""Quiz scoring, without Qt: a prediction ("reachable", or "blocked at X") against what the simulator did.

The answer key is the simulator's own run (the steps the player animates), so a quiz can never
disagree with the animation the class then watches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vpcdesigner.ui.simulation.steps import KIND_LABEL


@dataclass(frozen=True)
class Truth:
    """What really happens: the verdict and (when blocked) the first component that blocks."""

    verdict: str  # "reachable" | "blocked"
    component: str | None = None
    name: str | None = None
    kind: str = ""
    explanation: str = ""

    @property
    def where(self) -> str:
        if self.component is None:
            return ""
        label = KIND_LABEL.get(self.kind, self.kind)
        name = self.name or self.component
        return name if label.lower() in name.lower() else f"{label} {name}".strip()


@dataclass(frozen=True)
class Prediction:
    verdict: str  # "reachable" | "blocked"
    component: str | None = None


@dataclass(frozen=True)
class Score:
    verdict_ok: bool
    component_ok: bool | None  # None when the packet is reachable (there is no place to name)

    @property
    def right(self) -> bool:
        return self.verdict_ok and self.component_ok is not False


@dataclass
class Tally:
    """The running score of a quiz session: right rounds out of rounds answered."""

    right: int = 0
    rounds: int = 0
    history: list[Score] = field(default_factory=list)

    def add(self, score: Score) -> None:
        self.rounds += 1
        self.right += int(score.right)
        self.history.append(score)

    @property
    def text(self) -> str:
        return f"Score {self.right} / {self.rounds}"


def truth_of(steps: list[Any], verdict: str) -> Truth:
    """The answer key from the player's steps and the run's verdict ("reachable"/"answer" count as through)."""
    through = verdict in ("reachable", "answer")
    if through:
        return Truth("reachable", explanation=_last_explanation(steps))
    stop = next((s for s in steps if getattr(s, "verdict", "") == "block"), None)
    if stop is None:
        return Truth("blocked", explanation=_last_explanation(steps))
    return Truth("blocked", stop.component, stop.name, stop.kind, stop.explanation)


def _last_explanation(steps: list[Any]) -> str:
    return str(getattr(steps[-1], "explanation", "")) if steps else ""


def score(prediction: Prediction, truth: Truth) -> Score:
    verdict_ok = prediction.verdict == truth.verdict
    if truth.verdict != "blocked" or truth.component is None:
        return Score(verdict_ok, None)
    if prediction.verdict != "blocked":
        return Score(False, False)
    picked = prediction.component
    return Score(verdict_ok, picked is not None and picked in (truth.component, truth.name))


def feedback(prediction: Prediction, truth: Truth, result: Score) -> str:
    """One or two plain sentences, with ✓ / ✗ so the verdict never depends on colour."""
    actual = "reachable" if truth.verdict == "reachable" else f"blocked at {truth.where or 'a component'}"
    said = "reachable" if prediction.verdict == "reachable" else \
        f"blocked at {prediction.component}" if prediction.component else "blocked"
    if result.right:
        return f"✓ Right: it is {actual}."
    if result.verdict_ok:
        return f"✗ Half right: it is blocked, but at {truth.where}, not {prediction.component or 'where you said'}."
    return f"✗ Not quite: you said {said}; it is {actual}."


def choices(steps: list[Any]) -> list[tuple[str, str]]:
    """(id, label) of every component the packet meets, in path order, each once."""
    seen: dict[str, str] = {}
    for s in steps:
        comp = getattr(s, "component", "")
        if comp and comp not in seen:
            label = KIND_LABEL.get(getattr(s, "kind", ""), getattr(s, "kind", ""))
            name = getattr(s, "name", "") or comp
            seen[comp] = f"{label} {name}".strip() if name == comp else f"{label} {name} ({comp})".strip()
    return list(seen.items())
