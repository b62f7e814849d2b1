"""Base classes for resources and the `Ref` marker that declares which fields point at other objects.

Every reference field is annotated with `Ref(kinds...)`; generic code (dangling-reference checks,
cascading deletes, renames, the simulator's graph builder) finds them by walking the field
metadata instead of hard-coding a list per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from .types import ResourceId


@dataclass(frozen=True)
class Ref:
    """Marks a str field (or each str of a tuple field) as the id of a resource of these kinds.

    `specials` are literal values that are not ids (e.g. "local" for a route target).
    """

    kinds: tuple[str, ...]
    specials: tuple[str, ...] = ()

    def __init__(self, *kinds: str, specials: tuple[str, ...] = ()) -> None:
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "specials", specials)


class Part(BaseModel):
    """An immutable value object nested in a resource (a rule, a route, a listener)."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)


class Resource(Part):
    """A top-level object of the design with a stable id and a human name.

    Resources are immutable: the Document replaces them whole, which makes undo a matter of
    keeping the old object, and lets the simulator share them without copying.
    """

    kind: str
    id: ResourceId
    name: str = Field(default="", max_length=256)
    description: str = Field(default="", max_length=4096)
    tags: dict[str, str] = Field(default_factory=dict)

    # Human label for the kind, used by messages and the palette.
    label: ClassVar[str] = ""

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def with_changes(self, **changes: Any) -> Resource:
        """A validated copy with `changes` applied (model_copy would skip validation)."""
        data = self.model_dump(mode="python", round_trip=True)
        data.update(changes)
        return type(self).model_validate(data)
