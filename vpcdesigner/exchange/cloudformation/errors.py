"""Errors and warnings that say where in which template something went wrong.

Every problem carries the file, the line, the resource (if any) and the path inside
the template, so the UI can print "vpc.yaml line 42, resource PublicSubnet1: ..."
instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PathPart = str | int


def format_path(path: tuple[PathPart, ...]) -> str:
    """Render a template path as ``Properties.Tags[0].Value``.

    >>> format_path(("Properties", "Tags", 0, "Value"))
    'Properties.Tags[0].Value'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is in a template: file, line, resource and path."""

    file: Path | None = None
    line: int | None = None
    logical_id: str | None = None
    path: tuple[PathPart, ...] = ()

    def child(self, part: PathPart, line: int | None = None) -> Place:
        """The place one step deeper; keeps the parent's line if the child has none."""
        return Place(self.file, line if line is not None else self.line, self.logical_id, (*self.path, part))

    def describe(self) -> str:
        """``vpc.yaml line 42, resource PublicSubnet1 (Properties.CidrBlock)``, leaving out what is unknown."""
        pieces: list[str] = []
        head = self.file.name if self.file is not None else ""
        if self.line is not None:
            head = f"{head} line {self.line}".strip()
        if head:
            pieces.append(head)
        if self.logical_id:
            pieces.append(f"resource {self.logical_id}")
        text = ", ".join(pieces)
        if self.path:
            rendered = format_path(self.path)
            text = f"{text} ({rendered})" if text else rendered
        return text


class TemplateError(Exception):
    """Any problem that stops a template from being resolved; ``str()`` names the place."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | None = None,
        line: int | None = None,
        logical_id: str | None = None,
        path: tuple[PathPart, ...] = (),
        place: Place | None = None,
    ) -> None:
        super().__init__(message)
        if place is not None:
            file = file if file is not None else place.file
            line = line if line is not None else place.line
            logical_id = logical_id if logical_id is not None else place.logical_id
            path = path or place.path
        self.message = message
        self.file = file
        self.line = line
        self.logical_id = logical_id
        self.path_parts = path

    @property
    def path(self) -> str:
        """The path inside the template, e.g. ``Resources.VPC.Properties.CidrBlock``."""
        return format_path(self.path_parts)

    @property
    def place(self) -> Place:
        return Place(self.file, self.line, self.logical_id, self.path_parts)

    def __str__(self) -> str:
        where = self.place.describe()
        return f"{where}: {self.message}" if where else self.message


class TemplateSyntaxError(TemplateError):
    """The file is not valid YAML/JSON, uses an unknown tag, or repeats a key."""


class TemplateTooLargeError(TemplateError):
    """The file is far larger than any real template; refused before parsing."""


class TemplateFormatError(TemplateError):
    """The document parses but is not shaped like a CloudFormation template."""


class ParameterError(TemplateError):
    """A parameter is missing, not declared, or violates its constraints."""


class IntrinsicError(TemplateError):
    """An intrinsic function is unknown or was given arguments it cannot use."""


class NotEvaluableError(IntrinsicError):
    """The function needs a live AWS account (e.g. ``Fn::ValueOf`` in a rule)."""


class UnresolvedReferenceError(TemplateError):
    """A Ref, GetAtt, Sub variable, mapping key or import names nothing that exists."""


class CircularReferenceError(TemplateError):
    """Conditions, resources, outputs or stacks depend on themselves."""


class RuleViolationError(TemplateError):
    """An assertion in the Rules section is false for the parameters given."""

    def __init__(self, message: str, *, rule: str, place: Place | None = None) -> None:
        super().__init__(message, place=place)
        self.rule = rule


class StackError(TemplateError):
    """A problem with the set of stacks: names, nested templates, exports and imports."""


@dataclass(frozen=True, slots=True)
class TemplateWarning:
    """Something the engine did on the user's behalf that they should know about."""

    message: str
    place: Place = field(default_factory=Place)

    @property
    def file(self) -> Path | None:
        return self.place.file

    @property
    def line(self) -> int | None:
        return self.place.line

    @property
    def logical_id(self) -> str | None:
        return self.place.logical_id

    @property
    def path(self) -> str:
        return format_path(self.place.path)

    def __str__(self) -> str:
        where = self.place.describe()
        return f"{where}: {self.message}" if where else self.message


def with_place(error: TemplateError, place: Place) -> TemplateError:
    """Fill in what the error does not know yet (file, line, resource) from ``place``."""
    if error.file is None:
        error.file = place.file
    if error.line is None:
        error.line = place.line
    if error.logical_id is None:
        error.logical_id = place.logical_id
    if not error.path_parts:
        error.path_parts = place.path
    return error


__all__ = [
    "CircularReferenceError",
    "IntrinsicError",
    "NotEvaluableError",
    "ParameterError",
    "Place",
    "RuleViolationError",
    "StackError",
    "TemplateError",
    "TemplateFormatError",
    "TemplateSyntaxError",
    "TemplateTooLargeError",
    "TemplateWarning",
    "UnresolvedReferenceError",
    "format_path",
    "with_place",
]
