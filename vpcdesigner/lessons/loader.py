"""Load lesson files with plain error messages, and find the built-in ones."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ..assets import resource, sample
from ..model import Design, DesignFileError, loads
from .format import LESSON_FORMAT, LESSON_FORMAT_VERSION, Lesson

MAX_LESSON_BYTES = 4 * 1024 * 1024


class LessonError(Exception):
    """A lesson that cannot be used; the message names the file and the place in it."""


def parse_lesson(text: str | bytes, file: str = "<lesson>") -> Lesson:
    if len(text) > MAX_LESSON_BYTES:
        raise LessonError(f"{file}: lesson file is larger than {MAX_LESSON_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LessonError(f"{file}, line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("format") != LESSON_FORMAT:
        raise LessonError(f'{file}: not a lesson (expected "format": "{LESSON_FORMAT}")')
    if isinstance(data.get("format_version"), int) and data["format_version"] > LESSON_FORMAT_VERSION:
        raise LessonError(f"{file}: lesson format {data['format_version']} is newer than this app understands")
    try:
        return Lesson.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "too_short":
            msg = "needs at least one entry"
        raise LessonError(f"{file}, {loc or 'top level'}: {msg}") from None


def load_lesson(path: str | Path) -> Lesson:
    p = Path(path)
    try:
        return parse_lesson(p.read_bytes(), str(p))
    except FileNotFoundError:
        raise LessonError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise LessonError(f"{p}: is a folder, not a lesson") from None


def lesson_design(lesson: Lesson, lesson_path: str | Path | None = None) -> Design:
    """The design a lesson starts from: 'sample:NAME' or a path relative to the lesson file."""
    ref = lesson.design
    try:
        if ref.startswith("sample:"):
            node = sample(ref.removeprefix("sample:"))
            if not node.is_file():
                raise LessonError(f"lesson {lesson.id}: there is no built-in sample {ref!r}")
            return loads(node.read_bytes(), ref)
        base = Path(lesson_path).parent if lesson_path is not None else Path(".")
        path = base / ref
        if not path.is_file():
            raise LessonError(f"lesson {lesson.id}: design {str(path)!r} not found")
        return loads(path.read_bytes(), str(path))
    except DesignFileError as exc:
        raise LessonError(f"lesson {lesson.id}: {exc}") from None


def builtin_lessons() -> list[tuple[Lesson, str]]:
    """The lessons shipped in resources/lessons, in teaching order, with their file names."""
    folder = resource("lessons")
    out = []
    for node in folder.iterdir():
        if node.name.endswith(".lesson.json"):
            out.append((parse_lesson(node.read_bytes(), node.name), node.name))
    return sorted(out, key=lambda item: (item[0].order, item[0].id))
