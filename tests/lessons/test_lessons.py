"""Lessons: every built-in lesson's expectations hold; bad lesson files give plain messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vpcdesigner.lessons import LessonError, builtin_lessons, lesson_design, load_lesson, run_lesson
from vpcdesigner.lessons.loader import parse_lesson

LESSONS = builtin_lessons()


def test_there_are_lessons() -> None:
    assert len(LESSONS) >= 2
    assert len({lesson.id for lesson, _ in LESSONS}) == len(LESSONS)


@pytest.mark.parametrize("lesson", [lesson for lesson, _ in LESSONS], ids=[name for _, name in LESSONS])
def test_builtin_lesson_expectations_hold(lesson) -> None:  # type: ignore[no-untyped-def]
    outcomes = run_lesson(lesson, lesson_design(lesson))
    assert [o.problems for o in outcomes if o.problems] == []
    assert any(o.step.question is not None for o in outcomes), "a lesson should run at least one question"


def _lesson(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "format": "vpcdesigner-lesson", "format_version": 1, "id": "t", "title": "T", "design": "sample:anycompany",
        "steps": [{"title": "s", "narration": "n", "question": {"source": "corp-pc", "destination": "db", "port": 5432},
                   "expect": {"verdict": "reachable"}}],
    }
    base.update(overrides)
    return base


def test_wrong_expectation_is_reported() -> None:
    data = _lesson(steps=[{"title": "s", "narration": "n",
                           "question": {"source": "customer", "destination": "db", "port": 5432},
                           "expect": {"verdict": "reachable"}}])
    lesson = parse_lesson(json.dumps(data))
    outcome = run_lesson(lesson, lesson_design(lesson))[0]
    assert outcome.verdict == "blocked"
    assert outcome.problems and "expected reachable" in outcome.problems[0]


def test_edits_accumulate_across_steps() -> None:
    steps = [
        {"title": "break", "narration": "n", "edits": [{"resource": "db-sg", "set": {"inbound": []}}],
         "question": {"source": "corp-pc", "destination": "db", "port": 5432},
         "expect": {"verdict": "blocked", "blocked_at": "db-sg"}},
        {"title": "still broken", "narration": "n",
         "question": {"source": "corp-pc", "destination": "db", "port": 5432},
         "expect": {"verdict": "blocked"}},
    ]
    lesson = parse_lesson(json.dumps(_lesson(steps=steps)))
    design = lesson_design(lesson)
    outcomes = run_lesson(lesson, design)
    assert [o.problems for o in outcomes] == [[], []]
    assert design.resources["db-sg"].inbound, "the lesson must not change the design it was given"


def test_bad_edit_names_the_step() -> None:
    steps = [{"title": "oops", "narration": "n", "edits": [{"resource": "nope", "set": {"name": "x"}}]}]
    lesson = parse_lesson(json.dumps(_lesson(steps=steps)))
    with pytest.raises(LessonError, match=r"step 1 \(oops\).*nope"):
        run_lesson(lesson, lesson_design(lesson))


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "line 1, column 2"),
    (json.dumps({"format": "other"}), "not a lesson"),
    (json.dumps(_lesson(steps=[{"title": "s", "narration": "n", "expect": {"verdict": "blocked"}}])),
     r"steps\[0\].*needs a 'question'"),
    (json.dumps(_lesson(format_version=99)), "newer than this app"),
    (json.dumps(_lesson(title="")), "title"),
])
def test_bad_lesson_files(text: str, message: str) -> None:
    with pytest.raises(LessonError, match=message):
        parse_lesson(text, "x.lesson.json")


def test_missing_design_is_named(tmp_path: Path) -> None:
    path = tmp_path / "a.lesson.json"
    path.write_text(json.dumps(_lesson(design="missing.vpcd.json")))
    with pytest.raises(LessonError, match=r"missing\.vpcd\.json"):
        lesson_design(load_lesson(path), path)


def test_cli_check_exit_codes(tmp_path: Path) -> None:
    good = subprocess.run([sys.executable, "-m", "vpcdesigner", "lesson", "check", "nacl-vs-sg"],
                          capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    wrong = tmp_path / "wrong.lesson.json"
    wrong.write_text(json.dumps(_lesson(steps=[{"title": "s", "narration": "n",
                                                "question": {"source": "customer", "destination": "db", "port": 5432},
                                                "expect": {"verdict": "reachable"}}])))
    bad = subprocess.run([sys.executable, "-m", "vpcdesigner", "lesson", "check", str(wrong)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "expected reachable" in bad.stdout
    broken = tmp_path / "broken.lesson.json"
    broken.write_text("{")
    out = subprocess.run([sys.executable, "-m", "vpcdesigner", "lesson", "check", str(broken)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "line 1" in out.stderr


def test_check_command_checks_lessons(tmp_path: Path) -> None:
    """`vpcdesigner check LESSON` runs the lesson's expectations (issue 7: a check for lessons)."""
    path = tmp_path / "x.lesson.json"
    path.write_text(json.dumps(_lesson(steps=[{"title": "s", "narration": "n",
                                                "question": {"source": "customer", "destination": "db", "port": 5432},
                                                "expect": {"verdict": "reachable"}}])))
    out = subprocess.run([sys.executable, "-m", "vpcdesigner", "check", str(path)], capture_output=True, text=True)
    assert out.returncode == 1 and "expected reachable" in out.stdout
