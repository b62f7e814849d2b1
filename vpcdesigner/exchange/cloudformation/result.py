"""What resolving a set of stacks produces: plain data for the model mapper.

Properties are fully evaluated except for markers (`ResourceRef`, `AttrRef`,
`Deferred` ...), whose ``stack`` and ``logical_id`` lead back to a resource here
via `ResolvedSet.target`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import TemplateWarning
from .values import AttrRef, ResourceRef


@dataclass(frozen=True, slots=True)
class ResolvedResource:
    """One resource after parameters, conditions and intrinsics are applied.

    ``qualified_id`` equals ``logical_id`` unless another stack of the set has a
    resource of the same name; then it is ``"<stack>.<logical_id>"``. For an
    inactive resource (its Condition is false) ``properties`` are as written,
    not evaluated, because CloudFormation never evaluates them either.
    """

    stack: str
    logical_id: str
    qualified_id: str
    type: str
    properties: dict[str, Any]
    condition_active: bool
    line: int | None
    file: Path | None
    condition: str | None = None
    depends_on: tuple[str, ...] = ()
    nested_stack: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedOutput:
    """An output of a stack whose condition (if any) is true."""

    name: str
    value: Any
    export_name: str | None
    description: str
    line: int | None


@dataclass(frozen=True, slots=True)
class ResolvedExport:
    """A cross-stack export: which stack's output provides it."""

    name: str
    stack: str
    output: str
    value: Any


@dataclass(slots=True)
class ResolvedStack:
    """One stack of the set (a nested stack names its ``parent`` and ``parent_resource``)."""

    name: str
    file: Path | None
    region: str
    parameters: dict[str, Any]
    conditions: dict[str, bool]
    outputs: dict[str, ResolvedOutput]
    resources: list[ResolvedResource]
    inactive: list[ResolvedResource]
    parent: str | None = None
    parent_resource: str | None = None


@dataclass(slots=True)
class ResolvedSet:
    """All stacks loaded together, exporters before importers and parents before children."""

    stacks: list[ResolvedStack]
    exports: dict[str, ResolvedExport]
    warnings: list[TemplateWarning] = field(default_factory=list)

    @property
    def resources(self) -> list[ResolvedResource]:
        """Every active resource, stack by stack, in template order."""
        return [r for stack in self.stacks for r in stack.resources]

    @property
    def inactive(self) -> list[ResolvedResource]:
        """Resources whose Condition is false, kept so the UI can show what was left out."""
        return [r for stack in self.stacks for r in stack.inactive]

    def stack(self, name: str) -> ResolvedStack:
        """The stack called ``name`` (KeyError if there is none)."""
        for stack in self.stacks:
            if stack.name == name:
                return stack
        raise KeyError(name)

    def resource(self, qualified_id: str) -> ResolvedResource:
        """The active or inactive resource with this qualified id (KeyError if none)."""
        for resource in (*self.resources, *self.inactive):
            if resource.qualified_id == qualified_id:
                return resource
        raise KeyError(qualified_id)

    def target(self, marker: ResourceRef | AttrRef) -> ResolvedResource | None:
        """The resource a marker points at, or None if it is outside the set."""
        for resource in (*self.resources, *self.inactive):
            if resource.stack == marker.stack and resource.logical_id == marker.logical_id:
                return resource
        return None
