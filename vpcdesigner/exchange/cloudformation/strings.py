"""Join and split strings that may contain markers.

``!Join [",", [!Ref SubnetA, !Ref SubnetB]]`` passed to a child stack and split
there again must give back the two subnet markers, not an opaque string; these
helpers keep markers whole through both operations.
"""

from __future__ import annotations

from collections.abc import Iterable

from .values import Deferred, Marker, concat

Piece = str | Marker | Deferred


def join_values(delimiter: str, items: Iterable[Piece]) -> Piece:
    """``Fn::Join`` over text and markers.

    >>> join_values(",", ["a", "b"])
    'a,b'
    """
    parts: list[Piece] = []
    for index, item in enumerate(items):
        if index:
            parts.append(delimiter)
        parts.append(item)
    return concat(parts)


def split_value(delimiter: str, value: Piece) -> list[Piece]:
    """``Fn::Split`` over text and markers; a segment that is one marker is that marker.

    >>> split_value(",", "a,b")
    ['a', 'b']
    """
    if isinstance(value, str):
        return list(value.split(delimiter))
    if not isinstance(value, Deferred):
        return [value]
    segments: list[list[Piece]] = [[]]
    for part in value.parts:
        if isinstance(part, str):
            pieces = part.split(delimiter)
            segments[-1].append(pieces[0])
            segments.extend([piece] for piece in pieces[1:])
        else:
            segments[-1].append(part)
    return [concat(segment) for segment in segments]
