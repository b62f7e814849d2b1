"""Values that only exist once a stack is deployed, kept symbolic for the mapper.

A template cannot say what ``!Ref MyVpc`` will be (``vpc-0abc...``), but a mapper
can still use "this is MyVpc". So the engine returns markers instead of guesses,
and strings built around markers (``!Sub '${Vpc}-private'``) stay as `Deferred`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True, slots=True)
class ResourceRef:
    """``Ref`` to a resource: its physical id, known only after deployment."""

    logical_id: str
    stack: str = ""

    def __str__(self) -> str:
        return f"${{{self.logical_id}}}"


@dataclass(frozen=True, slots=True)
class AttrRef:
    """``Fn::GetAtt`` of a resource attribute that the template cannot compute."""

    logical_id: str
    attribute: str
    stack: str = ""

    def __str__(self) -> str:
        return f"${{{self.logical_id}.{self.attribute}}}"


@dataclass(frozen=True, slots=True)
class ImportRef:
    """``Fn::ImportValue`` of an export that none of the stacks given provides."""

    export_name: str

    def __str__(self) -> str:
        return f"${{Import:{self.export_name}}}"


@dataclass(frozen=True, slots=True)
class Unresolved:
    """An intrinsic whose input is only known after deployment (e.g. Base64 of a Deferred)."""

    function: str
    args: Any

    def __str__(self) -> str:
        return f"${{{self.function}(...)}}"


Marker = ResourceRef | AttrRef | ImportRef | Unresolved
MARKER_TYPES: Final = (ResourceRef, AttrRef, ImportRef, Unresolved)


@dataclass(frozen=True, slots=True)
class Deferred:
    """A string made of literal text and markers, e.g. ``"${Vpc}-private"``."""

    parts: tuple[str | Marker, ...]

    @property
    def markers(self) -> tuple[Marker, ...]:
        """The markers in the string, in order."""
        return tuple(p for p in self.parts if not isinstance(p, str))

    def __str__(self) -> str:
        return "".join(str(p) for p in self.parts)


def concat(parts: Iterable[str | Marker | Deferred]) -> str | Marker | Deferred:
    """Join pieces into the simplest value: a plain string, a lone marker, or a Deferred.

    >>> concat(["a", "b"])
    'ab'
    >>> concat(["", ResourceRef("Vpc")])
    ResourceRef(logical_id='Vpc', stack='')
    """
    flat: list[str | Marker] = []
    for part in parts:
        if isinstance(part, Deferred):
            pieces: Iterable[str | Marker] = part.parts
        else:
            pieces = (part,)
        for piece in pieces:
            if isinstance(piece, str):
                if not piece:
                    continue
                if flat and isinstance(flat[-1], str):
                    flat[-1] = flat[-1] + piece
                    continue
            flat.append(piece)
    if not flat:
        return ""
    if len(flat) == 1:
        return flat[0]
    return Deferred(tuple(flat))


def freeze(value: Any) -> Any:
    """A hashable copy of a resolved value (lists and dicts become tuples)."""
    if isinstance(value, dict):
        return tuple((k, freeze(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def is_marker(value: object) -> bool:
    """True for values that stand in for something known only after deployment."""
    return isinstance(value, (Deferred, *MARKER_TYPES))


class _NoValue:
    """``AWS::NoValue``: the key or list item that holds it is removed."""

    _instance: _NoValue | None = None

    def __new__(cls) -> _NoValue:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE: Final = _NoValue()
