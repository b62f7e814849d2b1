"""What resolving a set of stacks produces: plain data for the model mapper.

Properties are fully evaluated except for markers (`ResourceRef`, `AttrRef`,
`Deferred` ...), whose ``stack`` and ``logical_id`` lead back to a resource here
via `ResolvedSet.target`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .attributes import derivation
from .errors import TemplateWarning
from .values import AttrRef, Deferred, ImportRef, ResourceRef, Unresolved


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
    #: Attributes worked out while resolving, by (stack, logical id, attribute), e.g. placeholder IPv6 blocks.
    derived: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    _index: dict[tuple[str, str], ResolvedResource] = field(default_factory=dict, init=False, repr=False)

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
        if not self._index:
            self._index = {(r.stack, r.logical_id): r for r in (*self.resources, *self.inactive)}
        return self._index.get((marker.stack, marker.logical_id))

    def concrete(self, value: Any) -> Any:
        """``value`` with what the templates determine filled in, or None if it stays unknown.

        ``AttrRef(Vpc, CidrBlock)`` becomes the VPC's CidrBlock and a `Deferred` made
        only of such parts becomes a string; physical ids (`ResourceRef`) stay unknown.
        """
        if isinstance(value, AttrRef):
            key = (value.stack, value.logical_id, value.attribute)
            if key in self.derived:
                return copy.deepcopy(self.derived[key])
            resource = self.target(value)
            how = derivation(resource.type, value.attribute) if resource is not None else None
            if resource is None or how is None or not resource.condition_active:
                return None
            known = self.concrete(resource.properties.get(how.property))
            return None if known is None else [known] if how.as_list else known
        if isinstance(value, Deferred):
            pieces = [p if isinstance(p, str) else self.concrete(p) for p in value.parts]
            return "".join(pieces) if all(isinstance(p, str) for p in pieces) else None
        if isinstance(value, ResourceRef | ImportRef | Unresolved):
            return None
        return value
