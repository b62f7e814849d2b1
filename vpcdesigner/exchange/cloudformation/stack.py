"""Resolve one stack: parameters, conditions, rules, resources and outputs.

Resources and outputs are resolved lazily and memoised, because one may need
another (``!Cidr [!GetAtt Vpc.CidrBlock, ...]``, a nested stack's outputs) in any
order; whatever is in progress is tracked, so a loop is reported as a cycle.
Anything that crosses stacks (imports, nested templates) goes through the host.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from .attributes import derivation
from .conditions import ConditionTable
from .errors import (
    CircularReferenceError,
    IntrinsicError,
    Place,
    StackError,
    UnresolvedReferenceError,
)
from .intrinsics import Evaluator
from .parameters import resolve_parameters
from .pseudo import Pseudo
from .result import ResolvedOutput, ResolvedResource
from .rules import check_rules
from .template import ResourceDecl, Template
from .values import NO_VALUE, AttrRef, ResourceRef, is_marker

NESTED_STACK_TYPE = "AWS::CloudFormation::Stack"
SUPPORTED_TRANSFORMS = ("AWS::LanguageExtensions",)


class StackHost(Protocol):
    """What a stack needs from the set it belongs to."""

    def import_value(self, importer: StackResolver, name: str, place: Place) -> Any: ...

    def load_nested(
        self, parent: StackResolver, logical_id: str, url: str, parameters: dict[str, Any], place: Place
    ) -> StackResolver | None: ...

    def concrete(self, value: Any, place: Place) -> Any: ...

    def ipv6_placeholder(self, key: tuple[str, str]) -> str: ...

    def warn(self, message: str, place: Place) -> None: ...


class StackResolver:
    """One stack being resolved; implements the evaluator's `Scope`."""

    def __init__(
        self,
        host: StackHost,
        template: Template,
        pseudo: Pseudo,
        given: Mapping[str, Any],
        *,
        parent: StackResolver | None = None,
        parent_resource: str | None = None,
    ) -> None:
        self.host = host
        self.template = template
        self.pseudo = pseudo
        self.parent = parent
        self.parent_resource = parent_resource
        self.children: dict[str, StackResolver | None] = {}
        self._pseudo_values = pseudo.values()
        self._evaluator = Evaluator(self)
        self.conditions = ConditionTable(template.conditions, self._evaluator.condition_value, template.file)
        self._properties: dict[str, Any] = {}
        self._resolving: list[str] = []
        self._outputs: dict[str, Any] = {}
        self._outputs_in_progress: list[str] = []
        self._references: dict[str, set[str]] = {}
        self._placeholders_told: set[str] = set()
        self.derived: dict[tuple[str, str], Any] = {}
        for warning in template.warnings:
            host.warn(warning.message, warning.place)
        for transform in template.transforms:
            if transform not in SUPPORTED_TRANSFORMS:
                host.warn(
                    f"Transform {transform} is not applied offline; what it would add or change is missing",
                    template.place("Transform"),
                )
        self.parameters = resolve_parameters(template.parameters, given, stack=self.stack, warn=host.warn)
        check_rules(template.rules, self._evaluator.condition_value, template.file, host.warn)

    # -- Scope ---------------------------------------------------------------------

    @property
    def stack(self) -> str:
        return self.pseudo.stack_name

    @property
    def file(self) -> Path | None:
        return self.template.file

    @property
    def region(self) -> str:
        return self.pseudo.region

    @property
    def mappings(self) -> Mapping[str, Any]:
        return self.template.mappings

    @property
    def root(self) -> StackResolver:
        """The top-level stack this one is nested in (itself if top-level)."""
        return self if self.parent is None else self.parent.root

    def ref(self, name: str, place: Place) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self._pseudo_values:
            return copy.copy(self._pseudo_values[name])
        if name in self.parameters:
            return copy.copy(self.parameters[name])
        if name in self.template.resources:
            self._note_reference(name, place)
            return ResourceRef(name, self.stack)
        raise UnresolvedReferenceError(
            f"{name!r} is not a parameter, pseudo parameter or resource of stack {self.stack!r}", place=place
        )

    def get_att(self, logical_id: str, attribute: str, place: Place) -> Any:
        decl = self.template.resources.get(logical_id)
        if decl is None:
            raise UnresolvedReferenceError(
                f"Fn::GetAtt of {logical_id}.{attribute}: stack {self.stack!r} has no resource {logical_id!r}",
                place=place,
            )
        self._note_reference(logical_id, place)
        if decl.type == NESTED_STACK_TYPE and attribute.startswith("Outputs."):
            return self._nested_output(logical_id, attribute.removeprefix("Outputs."), place)
        return AttrRef(logical_id, attribute, self.stack)

    def condition(self, name: str, place: Place) -> bool:
        return self.conditions.value(name, place)

    def import_value(self, name: str, place: Place) -> Any:
        return self.host.import_value(self, name, place)

    def availability_zones(self, region: str) -> list[str]:
        return self.pseudo.azs(region)

    def concrete(self, value: Any, place: Place) -> Any:
        return self.host.concrete(value, place)

    def warn(self, message: str, place: Place) -> None:
        self.host.warn(message, place)

    # -- resources -----------------------------------------------------------------

    def is_active(self, logical_id: str) -> bool:
        """False if the resource's Condition is false."""
        decl = self.template.resources[logical_id]
        if decl.condition is None:
            return True
        return self.conditions.value(decl.condition, self._place(decl).child("Condition"))

    def properties(self, logical_id: str) -> Any:
        """The evaluated properties of an active resource (memoised, cycle-checked)."""
        if logical_id in self._properties:
            return self._properties[logical_id]
        decl = self.template.resources[logical_id]
        if logical_id in self._resolving:
            cycle = [*self._resolving[self._resolving.index(logical_id) :], logical_id]
            raise CircularReferenceError(
                f"resources depend on each other in a circle: {' -> '.join(cycle)}", place=self._place(decl)
            )
        self._resolving.append(logical_id)
        try:
            value = self._evaluator.evaluate(decl.properties, self._place(decl).child("Properties"))
        finally:
            self._resolving.pop()
        if value is NO_VALUE:
            value = {}
        if not isinstance(value, dict):
            raise IntrinsicError("Properties must evaluate to a mapping", place=self._place(decl))
        self._properties[logical_id] = value
        return value

    def derived_attribute(self, logical_id: str, attribute: str, place: Place) -> Any:
        """An attribute the template determines (``Vpc.CidrBlock``), or None; remembered in ``derived``."""
        key = (logical_id, attribute)
        if key not in self.derived:
            self.derived[key] = self._derive(logical_id, attribute, place)
        return copy.deepcopy(self.derived[key])

    def _derive(self, logical_id: str, attribute: str, place: Place) -> Any:
        decl = self.template.resources.get(logical_id)
        if decl is None or not self.is_active(logical_id):
            return None
        if decl.type == "AWS::EC2::VPC" and attribute == "Ipv6CidrBlocks":
            return self._vpc_ipv6_blocks(logical_id, place)
        how = derivation(decl.type, attribute)
        if how is None:
            return None
        value = self.properties(logical_id).get(how.property)
        if value is None:
            return None
        value = self.host.concrete(value, place)
        if value is None:
            return None
        return [value] if how.as_list else value

    def _vpc_ipv6_blocks(self, vpc: str, place: Place) -> list[str]:
        blocks: list[str] = []
        for decl in self.template.resources.values():
            if decl.type != "AWS::EC2::VPCCidrBlock" or not self.is_active(decl.logical_id):
                continue
            props = self.properties(decl.logical_id)
            if props.get("VpcId") != ResourceRef(vpc, self.stack):
                continue
            given = props.get("Ipv6CidrBlock")
            if isinstance(given, str):
                blocks.append(given)
            elif props.get("AmazonProvidedIpv6CidrBlock") or props.get("Ipv6IpamPoolId") or props.get("Ipv6Pool"):
                block = self.host.ipv6_placeholder((self.stack, decl.logical_id))
                if decl.logical_id not in self._placeholders_told:
                    self._placeholders_told.add(decl.logical_id)
                    self.host.warn(
                        f"the IPv6 block of {vpc} is assigned by AWS at deployment; "
                        f"using the placeholder {block} (documentation range) for {decl.logical_id}",
                        self._place(decl),
                    )
                blocks.append(block)
        return blocks

    def _note_reference(self, target: str, place: Place) -> None:
        source = place.logical_id
        if source is None or place.path[:1] != ("Properties",):
            return
        if source == target:
            raise CircularReferenceError(f"resource {source} refers to itself", place=place)
        self._references.setdefault(source, set()).add(target)
        if not self.is_active(target):
            condition = self.template.resources[target].condition
            self.host.warn(f"refers to {target}, which is not created (condition {condition} is false)", place)

    def _place(self, decl: ResourceDecl) -> Place:
        return Place(self.template.file, decl.line, decl.logical_id)

    # -- nested stacks ---------------------------------------------------------------

    def nested_child(self, logical_id: str, place: Place) -> StackResolver | None:
        """The child stack of an active AWS::CloudFormation::Stack resource, or None."""
        if logical_id in self.children:
            return self.children[logical_id]
        self.children[logical_id] = None
        decl = self.template.resources[logical_id]
        if not self.is_active(logical_id):
            return None
        props = self.properties(logical_id)
        url = props.get("TemplateURL")
        at = self._place(decl).child("Properties").child("TemplateURL")
        if not isinstance(url, str):
            self.host.warn(f"TemplateURL {url} is not known before deployment; nested stack not loaded", at)
            return None
        parameters = props.get("Parameters", {})
        if not isinstance(parameters, dict):
            raise StackError("Parameters of a nested stack must be a mapping", place=at)
        child = self.host.load_nested(self, logical_id, url, dict(parameters), at)
        self.children[logical_id] = child
        return child

    def _nested_output(self, logical_id: str, output: str, place: Place) -> Any:
        child = self.nested_child(logical_id, place)
        if child is None:
            return AttrRef(logical_id, f"Outputs.{output}", self.stack)
        return child.output_value(output, place)

    def load_all_nested(self) -> None:
        """Load every active nested stack (and theirs), so their exports are known."""
        for decl in self.template.resources.values():
            if decl.type == NESTED_STACK_TYPE:
                child = self.nested_child(decl.logical_id, self._place(decl))
                if child is not None:
                    child.load_all_nested()

    # -- outputs -------------------------------------------------------------------

    def output_value(self, name: str, used_at: Place) -> Any:
        """The value of output ``name`` (memoised, cycle-checked); a fresh copy each time."""
        if name in self._outputs:
            return copy.deepcopy(self._outputs[name])
        decl = self.template.outputs.get(name)
        if decl is None:
            known = ", ".join(sorted(self.template.outputs)) or "none"
            raise UnresolvedReferenceError(
                f"stack {self.stack!r} has no output {name!r} (outputs: {known})", place=used_at
            )
        place = Place(self.template.file, decl.line, None, ("Outputs", name))
        if decl.condition is not None and not self.conditions.value(decl.condition, place.child("Condition")):
            raise UnresolvedReferenceError(
                f"output {name!r} of stack {self.stack!r} is not created (condition {decl.condition} is false)",
                place=used_at,
            )
        if name in self._outputs_in_progress:
            cycle = [*self._outputs_in_progress[self._outputs_in_progress.index(name) :], name]
            raise CircularReferenceError(f"outputs depend on each other: {' -> '.join(cycle)}", place=place)
        self._outputs_in_progress.append(name)
        try:
            value = self._evaluator.evaluate(decl.value, place.child("Value"))
        finally:
            self._outputs_in_progress.pop()
        if value is NO_VALUE:
            raise IntrinsicError("an output value cannot be AWS::NoValue", place=place)
        self._outputs[name] = value
        return copy.deepcopy(value)

    def export_names(self) -> dict[str, str]:
        """``{export name: output name}`` for the active outputs that export."""
        out: dict[str, str] = {}
        for name, decl in self.template.outputs.items():
            if decl.export_name is None:
                continue
            place = Place(self.template.file, decl.line, None, ("Outputs", name, "Export", "Name"))
            if decl.condition is not None and not self.conditions.value(decl.condition, place):
                continue
            export = self._evaluator.evaluate(decl.export_name, place)
            if is_marker(export) or not isinstance(export, str | int) or isinstance(export, bool):
                raise IntrinsicError(f"an export name must be a plain string, not {export}", place=place)
            out[str(export)] = name
        return out

    def resolved_outputs(self) -> dict[str, ResolvedOutput]:
        """Every active output, evaluated."""
        exports = {output: export for export, output in self.export_names().items()}
        out: dict[str, ResolvedOutput] = {}
        for name, decl in self.template.outputs.items():
            place = Place(self.template.file, decl.line, None, ("Outputs", name))
            if decl.condition is not None and not self.conditions.value(decl.condition, place):
                continue
            out[name] = ResolvedOutput(
                name=name,
                value=self.output_value(name, place),
                export_name=exports.get(name),
                description=decl.description,
                line=decl.line,
            )
        return out

    # -- everything ------------------------------------------------------------------

    def resolve_resources(self) -> tuple[list[ResolvedResource], list[ResolvedResource]]:
        """``(active, inactive)`` resources in template order; checks dependency cycles."""
        active: list[ResolvedResource] = []
        inactive: list[ResolvedResource] = []
        for logical_id, decl in self.template.resources.items():
            is_on = self.is_active(logical_id)
            for name in decl.depends_on:
                at = self._place(decl).child("DependsOn")
                if name not in self.template.resources:
                    raise UnresolvedReferenceError(
                        f"DependsOn names {name!r}, which is not a resource of this stack", place=at
                    )
                if is_on and not self.is_active(name):
                    condition = self.template.resources[name].condition
                    self.host.warn(f"depends on {name}, which is not created (condition {condition} is false)", at)
            child = self.nested_child(logical_id, self._place(decl)) if decl.type == NESTED_STACK_TYPE else None
            resource = ResolvedResource(
                stack=self.stack,
                logical_id=logical_id,
                qualified_id=logical_id,
                type=decl.type,
                properties=self.properties(logical_id) if is_on else decl.properties,
                condition_active=is_on,
                line=decl.line,
                file=self.template.file,
                condition=decl.condition,
                depends_on=decl.depends_on,
                nested_stack=child.stack if child is not None else None,
            )
            (active if is_on else inactive).append(resource)
        self._check_dependency_cycles(active)
        return active, inactive

    def _check_dependency_cycles(self, active: list[ResolvedResource]) -> None:
        edges = {r.logical_id: set(self._references.get(r.logical_id, ())) | set(r.depends_on) for r in active}
        state: dict[str, int] = {}
        for start in edges:
            if state.get(start):
                continue
            path: list[str] = []
            stack: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
            state[start] = 1
            path.append(start)
            while stack:
                node, todo = stack[-1]
                if not todo:
                    stack.pop()
                    path.pop()
                    state[node] = 2
                    continue
                nxt = todo.pop()
                if nxt not in edges:
                    continue
                if state.get(nxt) == 1:
                    cycle = [*path[path.index(nxt) :], nxt]
                    decl = self.template.resources[nxt]
                    raise CircularReferenceError(
                        f"resources depend on each other in a circle: {' -> '.join(cycle)}",
                        place=self._place(decl),
                    )
                if not state.get(nxt):
                    state[nxt] = 1
                    path.append(nxt)
                    stack.append((nxt, sorted(edges[nxt])))
