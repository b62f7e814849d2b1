"""`vpcdesigner lesson list|check|run|schema`: the built-in lessons and teacher-written ones.

`check` verifies a lesson file: its format, its design, its highlights and every expected verdict
against the simulator (exit 1 when an expectation does not hold, 2 on bad input).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..lessons import Lesson, LessonError, builtin_lessons, lesson_design, load_lesson, run_lesson
from ..lessons.runner import StepOutcome
from .common import EXIT_ERRORS, EXIT_OK, fail, guarded, print_json
from .schemas import register_output_schema


def register(subparsers: Any, name: str) -> None:
    p = subparsers.add_parser(name, help="list, check and run guided lessons",
                              description="Guided lessons: a design plus steps with expected verdicts.")
    sub = p.add_subparsers(dest="lesson_command", metavar="ACTION", required=True)
    sub.add_parser("list", help="list the built-in lessons").set_defaults(run=run_list)
    for action, helptext in (("check", "verify a lesson file: format, design and every expected verdict"),
                             ("run", "run a lesson and print each step's outcome")):
        a = sub.add_parser(action, help=helptext)
        a.add_argument("lesson", metavar="LESSON", help="a .lesson.json file, or the id of a built-in lesson")
        a.add_argument("--json", action="store_true", help="print the outcomes as JSON")
        a.set_defaults(run=run_check if action == "check" else run_run)
    sub.add_parser("schema", help="print the JSON Schema of lesson files").set_defaults(run=run_schema)


def _open(ref: str) -> tuple[Lesson, str | None]:
    path = Path(ref)
    try:
        if path.exists():
            return load_lesson(path), str(path)
        for lesson, _name in builtin_lessons():
            if lesson.id == ref:
                return lesson, None
    except LessonError as exc:
        fail(str(exc))
    fail(f"{ref}: no such lesson file or built-in lesson (see `vpcdesigner lesson list`)")


def _outcomes(ref: str) -> tuple[Lesson, list[StepOutcome]]:
    lesson, path = _open(ref)
    try:
        return lesson, run_lesson(lesson, lesson_design(lesson, path))
    except LessonError as exc:
        fail(str(exc))


def outcome_json(o: StepOutcome) -> dict[str, Any]:
    return {"step": o.index + 1, "title": o.step.title, "verdict": o.verdict, "blocked_at": o.blocked_at,
            "direction": o.direction, "ok": o.ok, "problems": o.problems}


@guarded
def run_list(args: argparse.Namespace) -> int:
    for lesson, name in builtin_lessons():
        print(f"{lesson.id:24} {lesson.title}  ({len(lesson.steps)} steps, {name})")
    return EXIT_OK


@guarded
def run_check(args: argparse.Namespace) -> int:
    lesson, outcomes = _outcomes(args.lesson)
    bad = [o for o in outcomes if not o.ok]
    if args.json:
        print_json({"lesson": lesson.id, "ok": not bad, "steps": [outcome_json(o) for o in outcomes]})
    else:
        for o in bad:
            for problem in o.problems:
                print(f"{args.lesson}: step {o.index + 1} ({o.step.title}): {problem}")
        verdict = "all expectations hold." if not bad else f"{len(bad)} with problems."
        print(f"{args.lesson}: {len(outcomes)} steps, {verdict}")
    return EXIT_ERRORS if bad else EXIT_OK


@guarded
def run_run(args: argparse.Namespace) -> int:
    lesson, outcomes = _outcomes(args.lesson)
    if args.json:
        print_json({"lesson": lesson.id, "steps": [outcome_json(o) for o in outcomes]})
        return EXIT_OK
    print(f"{lesson.title}\n{'=' * len(lesson.title)}\n{lesson.summary}\n")
    for o in outcomes:
        print(f"{o.index + 1}. {o.step.title}\n   {o.step.narration}")
        if o.verdict:
            where = f" at {o.blocked_name or o.blocked_at} ({o.direction})" if o.blocked_at else ""
            print(f"   → {o.verdict}{where}")
        for problem in o.problems:
            print(f"   ! {problem}")
        print()
    return EXIT_OK


@guarded
def run_schema(args: argparse.Namespace) -> int:
    schema = Lesson.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:vpcdesigner:lesson:1", **schema}
    sys.stdout.write(json.dumps(schema, indent=2) + "\n")
    return EXIT_OK


def _check_output_schema() -> dict[str, Any]:
    step = {"type": "object", "required": ["step", "title", "verdict", "blocked_at", "direction", "ok", "problems"],
            "properties": {"step": {"type": "integer"}, "title": {"type": "string"},
                           "verdict": {"enum": ["reachable", "blocked", None]},
                           "blocked_at": {"type": ["string", "null"]},
                           "direction": {"enum": ["forward", "return", None]},
                           "ok": {"type": "boolean"}, "problems": {"type": "array", "items": {"type": "string"}}}}
    return {"title": "vpcdesigner lesson check|run --json", "type": "object", "required": ["lesson", "steps"],
            "properties": {"lesson": {"type": "string"}, "ok": {"type": "boolean"},
                           "steps": {"type": "array", "items": step}}}


register_output_schema("lesson", _check_output_schema)
