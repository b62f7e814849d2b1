"""The stacks resolved together: exports and imports, nested templates, and the result.

Each `StackResolver` handles its own template; whatever crosses stacks goes
through here: ``Fn::ImportValue`` looks up the export table, ``TemplateURL``
becomes a local file, markers from other stacks are made concrete where possible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .attributes import placeholder_ipv6_block
from .errors import (
    CircularReferenceError,
    ParameterError,
    Place,
    StackError,
    TemplateWarning,
    UnresolvedReferenceError,
)
from .loader import load_template
from .nested import find_nested_template
from .pseudo import Pseudo
from .result import ResolvedExport, ResolvedSet, ResolvedStack
from .stack import StackResolver
from .template import Template
from .values import AttrRef, Deferred, ImportRef, ResourceRef, Unresolved

MAX_NESTING = 8


class StackSet:
    """Stacks loaded together; the `StackHost` of each of them."""

    def __init__(
        self,
        *,
        strict_imports: bool = True,
        template_urls: Mapping[str, Path] | None = None,
    ) -> None:
        self.strict_imports = strict_imports
        self.template_urls = dict(template_urls or {})
        self.resolvers: list[StackResolver] = []
        self.by_name: dict[str, StackResolver] = {}
        self.exports: dict[str, tuple[StackResolver, str]] = {}
        self.edges: set[tuple[str, str]] = set()
        self.warnings: list[TemplateWarning] = []
        self._warning_keys: set[tuple[str, Place]] = set()
        self._placeholders: dict[tuple[str, str], str] = {}
        self._templates: dict[Path, Template] = {}

    # -- building ----------------------------------------------------------------------

    def add(
        self,
        template: Template,
        pseudo: Pseudo,
        given: Mapping[str, Any],
        *,
        parent: StackResolver | None = None,
        parent_resource: str | None = None,
    ) -> StackResolver:
        """Create the resolver for one stack and register its exports."""
        name = pseudo.stack_name
        if name in self.by_name:
            other = self.by_name[name].file
            raise StackError(
                f"two stacks are named {name!r} ({other} and {template.file}); "
                "name one explicitly with 'file.yaml@OtherName'",
                file=template.file,
            )
        resolver = StackResolver(self, template, pseudo, given, parent=parent, parent_resource=parent_resource)
        self.resolvers.append(resolver)
        self.by_name[name] = resolver
        for export, output in resolver.export_names().items():
            if export in self.exports:
                first = self.exports[export][0].stack
                raise StackError(
                    f"export {export!r} is defined by both stack {first!r} and stack {name!r}",
                    place=Place(template.file, template.outputs[output].line, None, ("Outputs", output)),
                )
            self.exports[export] = (resolver, output)
        return resolver

    def template(self, path: Path) -> Template:
        """Load a template once, however many stacks use it."""
        key = path.resolve()
        if key not in self._templates:
            self._templates[key] = load_template(path)
        return self._templates[key]

    # -- StackHost ---------------------------------------------------------------------

    def import_value(self, importer: StackResolver, name: str, place: Place) -> Any:
        found = self.exports.get(name)
        if found is None:
            if self.strict_imports:
                known = ", ".join(sorted(self.exports)[:12]) or "none"
                raise UnresolvedReferenceError(
                    f"Fn::ImportValue {name!r}: none of the stacks given exports it "
                    f"(exports: {known}); load the exporting stack together with this one",
                    place=place,
                )
            self.warn(f"Fn::ImportValue {name!r} is not exported by any stack given; kept as a marker", place)
            return ImportRef(name)
        exporter, output = found
        if exporter.root is importer.root:
            if exporter is importer:
                raise CircularReferenceError(f"stack {importer.stack!r} imports its own export {name!r}", place=place)
        else:
            self.edges.add((importer.root.stack, exporter.root.stack))
        return exporter.output_value(output, place)

    def load_nested(
        self, parent: StackResolver, logical_id: str, url: str, parameters: dict[str, Any], place: Place
    ) -> StackResolver | None:
        dirs: list[Path] = []
        for stack in (parent, parent.root):
            if stack.file is not None and stack.file.parent not in dirs:
                dirs.append(stack.file.parent)
        path = find_nested_template(url, dirs, self.template_urls)
        if path is None:
            self.warn(
                f"nested stack template {url} was not found next to {parent.file.name if parent.file else 'the parent'}"
                "; its resources are missing and its outputs stay markers",
                place,
            )
            return None
        depth = 0
        chain: StackResolver | None = parent
        while chain is not None:
            if chain.file is not None and chain.file.resolve() == path.resolve():
                raise CircularReferenceError(
                    f"nested stack {logical_id} includes its own template {path.name}", place=place
                )
            depth += 1
            chain = chain.parent
        if depth > MAX_NESTING:
            raise StackError(f"nested stacks are more than {MAX_NESTING} levels deep", place=place)
        template = self.template(path)
        unknown = sorted(set(parameters) - set(template.parameters))
        if unknown:
            raise ParameterError(
                f"nested stack {logical_id} passes {', '.join(map(repr, unknown))}, which {path.name} does not declare",
                place=Place(place.file, place.line, place.logical_id, ("Properties", "Parameters")),
            )
        pseudo = replace(parent.pseudo, stack_name=f"{parent.stack}-{logical_id}")
        return self.add(template, pseudo, parameters, parent=parent, parent_resource=logical_id)

    def concrete(self, value: Any, place: Place) -> Any:
        if isinstance(value, AttrRef):
            owner = self.by_name.get(value.stack)
            return owner.derived_attribute(value.logical_id, value.attribute, place) if owner else None
        if isinstance(value, Deferred):
            pieces = [p if isinstance(p, str) else self.concrete(p, place) for p in value.parts]
            return "".join(pieces) if all(isinstance(p, str) for p in pieces) else None
        if isinstance(value, ResourceRef | ImportRef | Unresolved):
            return None
        return value

    def ipv6_placeholder(self, key: tuple[str, str]) -> str:
        if key not in self._placeholders:
            self._placeholders[key] = placeholder_ipv6_block(len(self._placeholders) + 1)
        return self._placeholders[key]

    def warn(self, message: str, place: Place) -> None:
        if (message, place) not in self._warning_keys:
            self._warning_keys.add((message, place))
            self.warnings.append(TemplateWarning(message, place))

    # -- result ------------------------------------------------------------------------

    def resolve(self) -> ResolvedSet:
        """Resolve every stack and assemble the result in dependency order."""
        for top in [r for r in self.resolvers if r.parent is None]:
            top.load_all_nested()
        stacks: dict[str, ResolvedStack] = {}
        for resolver in list(self.resolvers):
            active, inactive = resolver.resolve_resources()
            stacks[resolver.stack] = ResolvedStack(
                name=resolver.stack,
                file=resolver.file,
                region=resolver.region,
                parameters=resolver.parameters,
                conditions=resolver.conditions.all(),
                outputs=resolver.resolved_outputs(),
                resources=active,
                inactive=inactive,
                parent=resolver.parent.stack if resolver.parent else None,
                parent_resource=resolver.parent_resource,
            )
        ordered = [stacks[r.stack] for r in self._ordered()]
        _qualify(ordered)
        exports = {
            name: ResolvedExport(name, owner.stack, output, stacks[owner.stack].outputs[output].value)
            for name, (owner, output) in self.exports.items()
        }
        derived = {
            (r.stack, logical_id, attribute): value
            for r in self.resolvers
            for (logical_id, attribute), value in r.derived.items()
            if value is not None
        }
        return ResolvedSet(stacks=ordered, exports=exports, warnings=list(self.warnings), derived=derived)

    def _ordered(self) -> list[StackResolver]:
        """Top-level stacks exporters first (a cycle is an error), each followed by its nested stacks."""
        roots = [r for r in self.resolvers if r.parent is None]
        needs = {r.stack: {b for a, b in self.edges if a == r.stack} for r in roots}
        placed: list[StackResolver] = []
        done: set[str] = set()
        while len(placed) < len(roots):
            ready = [r for r in roots if r.stack not in done and needs[r.stack] <= done]
            if not ready:
                left = [r.stack for r in roots if r.stack not in done]
                raise CircularReferenceError(
                    f"stacks import each other's exports in a circle: {' -> '.join(_cycle(left, needs))}"
                )
            placed.append(ready[0])
            done.add(ready[0].stack)
        out: list[StackResolver] = []
        for root in placed:
            out.extend(_family(root, self.resolvers))
        return out


def _family(root: StackResolver, everyone: Sequence[StackResolver]) -> list[StackResolver]:
    out = [root]
    for resolver in everyone:
        if resolver.parent is root:
            out.extend(_family(resolver, everyone))
    return out


def _cycle(left: list[str], needs: Mapping[str, set[str]]) -> list[str]:
    path = [left[0]]
    while True:
        nxt = sorted(n for n in needs[path[-1]] if n in left)[0]
        if nxt in path:
            return [*path[path.index(nxt) :], nxt]
        path.append(nxt)


def _qualify(stacks: list[ResolvedStack]) -> None:
    """Rename resources whose logical id occurs in more than one stack to ``stack.id``."""
    seen: dict[str, set[str]] = {}
    for stack in stacks:
        for resource in (*stack.resources, *stack.inactive):
            seen.setdefault(resource.logical_id, set()).add(stack.name)
    for stack in stacks:
        stack.resources = [_qualified(r, seen) for r in stack.resources]
        stack.inactive = [_qualified(r, seen) for r in stack.inactive]


def _qualified(resource: Any, seen: Mapping[str, set[str]]) -> Any:
    if len(seen[resource.logical_id]) < 2:
        return resource
    return replace(resource, qualified_id=f"{resource.stack}.{resource.logical_id}")
