"""A dict that remembers the source line of itself and of each of its keys.

Template mappings are loaded as `LineDict` so that any error, however deep in the
evaluation, can name the line the user has to fix. It still compares equal to a
plain dict, so tests and callers need not care.
"""

from __future__ import annotations

from typing import Any


class LineDict(dict[str, Any]):
    """A mapping from a template, with ``line`` (1-based) and ``key_lines``."""

    __slots__ = ("key_lines", "line")

    def __init__(self, *args: Any, line: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line: int | None = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int | None:
        """The line where ``key`` is written, or the mapping's own line."""
        return self.key_lines.get(key, self.line)

    def like(self) -> LineDict:
        """An empty LineDict with the same line information (for resolved copies)."""
        out = LineDict(line=self.line)
        out.key_lines = self.key_lines
        return out


def line_of(node: object, key: str, default: int | None) -> int | None:
    """The line of ``key`` in ``node`` if it is a LineDict that knows it, else ``default``."""
    if isinstance(node, LineDict):
        found = node.key_lines.get(key)
        if found is not None:
            return found
    return default
