"""Quiz scoring against the simulator's own steps (no window needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpcdesigner.lessons import builtin_lessons, lesson_design
from vpcdesigner.model import Scenario, load
from vpcdesigner.ui.classroom.quiz_logic import Prediction, Tally, choices, feedback, score, truth_of
from vpcdesigner.ui.simulation.runner import run_scenario


@pytest.fixture(scope="module")
def ssh_run():  # type: ignore[no-untyped-def]
    design = load(Path(__file__).resolve().parents[2] / "resources" / "samples" / "anycompany.vpcd.json")
    return run_scenario(design, Scenario(id="q", source="web-asg-1", destination="db", protocol="tcp", port=22))


def test_truth_is_the_first_blocking_step(ssh_run) -> None:  # type: ignore[no-untyped-def]
    truth = truth_of(ssh_run.steps, ssh_run.verdict)
    first_block = next(s for s in ssh_run.steps if s.verdict == "block")
    assert truth.verdict == "blocked" and truth.component == first_block.component
    assert truth.where.endswith(first_block.name) and truth.explanation == first_block.explanation


def test_scores_right_half_right_and_wrong(ssh_run) -> None:  # type: ignore[no-untyped-def]
    truth = truth_of(ssh_run.steps, ssh_run.verdict)
    right = score(Prediction("blocked", truth.component), truth)
    half = score(Prediction("blocked", "web-asg-1"), truth)
    wrong = score(Prediction("reachable"), truth)
    assert right.right and right.component_ok
    assert not half.right and half.verdict_ok and half.component_ok is False
    assert not wrong.right and not wrong.verdict_ok
    assert feedback(Prediction("blocked", truth.component), truth, right).startswith("✓ Right")
    assert feedback(Prediction("blocked", "web-asg-1"), truth, half).startswith("✗ Half right")
    assert "you said reachable" in feedback(Prediction("reachable"), truth, wrong)
    tally = Tally()
    for s in (right, half, wrong):
        tally.add(s)
    assert tally.text == "Score 1 / 3"


def test_reachable_needs_no_place() -> None:
    lesson = next(lesson for lesson, _ in builtin_lessons() if lesson.id == "direct-connect")
    design = lesson_design(lesson)
    run = run_scenario(design, Scenario(id="q", source="dc-server", destination="db", port=5432))
    truth = truth_of(run.steps, run.verdict)
    assert truth.verdict == "reachable" and truth.component is None
    assert score(Prediction("reachable"), truth).right
    assert not score(Prediction("blocked", "db-sg"), truth).right


def test_choices_list_the_path_once_in_order(ssh_run) -> None:  # type: ignore[no-untyped-def]
    ids = [rid for rid, _label in choices(ssh_run.steps)]
    path = [s.component for s in ssh_run.steps]
    assert len(ids) == len(set(ids)) and set(ids) == set(path)
    assert ids == sorted(ids, key=path.index)
