"""The Document: the one way to change a design. It validates, mutates and emits events.

The canvas, the undo stack and the simulator all listen to these signals, so they always see the
same truth. psygnal keeps this free of Qt. Every method that changes something returns what is
needed to undo it exactly (the old objects), so undo commands stay one-liners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psygnal import Signal
from pydantic import ValidationError

from .base import Resource
from .compute import AutoScalingGroup
from .design import CLASS_FOR_KIND, Design, Note, Placement, Scenario
from .refs import iter_refs, nested_ids, strip_refs


class DocumentError(ValueError):
    """A change that would make the design inconsistent; the message names the object."""


@dataclass
class Removal:
    """Everything `remove` took away, so `restore` can put it back exactly."""

    removed: list[Resource] = field(default_factory=list)
    changed: list[Resource] = field(default_factory=list)  # the *old* versions of edited referrers
    placements: dict[str, Placement] = field(default_factory=dict)
    notes: tuple[Note, ...] | None = None


class Document:
    resource_added = Signal(object)  # Resource
    resource_removed = Signal(object)  # Resource
    resource_changed = Signal(object, object)  # new Resource, old Resource
    placement_changed = Signal(str)  # id
    notes_changed = Signal()
    scenarios_changed = Signal()
    meta_changed = Signal()
    reset = Signal()

    def __init__(self, design: Design | None = None) -> None:
        self._design = design or Design()

    # ---- reading -------------------------------------------------------------------------
    @property
    def design(self) -> Design:
        """The live design. Treat as read-only; change it only through this class."""
        return self._design

    def snapshot(self) -> Design:
        """A cheap copy for the simulator: resources are immutable, so only the dicts are copied."""
        d = self._design
        return Design.model_construct(
            format=d.format, format_version=d.format_version, name=d.name, description=d.description,
            resources=dict(d.resources), layout=dict(d.layout), notes=d.notes, scenarios=d.scenarios,
        )

    def get(self, rid: str) -> Resource | None:
        return self._design.resources.get(rid)  # type: ignore[return-value]

    def referrers(self, rid: str) -> list[Resource]:
        return [r for r in self._design.resources.values() if any(ref.target == rid for ref in iter_refs(r))]

    def all_ids(self) -> set[str]:
        ids = set(self._design.resources)
        for r in self._design.resources.values():
            ids.update(nested_ids(r))
            if isinstance(r, AutoScalingGroup):  # members are addressed as <asg>-1, -2, ... up to max size
                ids.update(f"{r.id}-{i}" for i in range(1, max(r.max_size, r.desired) + 1))
        ids.update(n.id for n in self._design.notes)
        return ids

    def new_id(self, prefix: str) -> str:
        """A short readable id not used yet: `subnet-3`."""
        ids = self.all_ids()
        n = 1
        while f"{prefix}-{n}" in ids:
            n += 1
        return f"{prefix}-{n}"

    # ---- changing ------------------------------------------------------------------------
    def _check_refs(self, resource: Resource, extra: dict[str, Resource] | None = None) -> None:
        res = self._design.resources
        nested: set[str] | None = None  # collected only when a ref is not a top-level id (big designs)
        for ref in iter_refs(resource):
            target = (extra or {}).get(ref.target) or res.get(ref.target)
            if target is None:
                if nested is None:
                    nested = {nid for r in res.values() for nid in nested_ids(r)} | set(nested_ids(resource))
                if ref.target in nested:
                    continue
                where = ".".join(str(p) for p in ref.path)
                raise DocumentError(f"{resource.display_name}: {where} refers to unknown object {ref.target!r}")
            if ref.kinds and target.kind not in ref.kinds:
                where = ".".join(str(p) for p in ref.path)
                raise DocumentError(
                    f"{resource.display_name}: {where} must be a {' or '.join(ref.kinds)}, "
                    f"but {ref.target!r} is a {target.kind}"
                )

    def add(self, resource: Resource, placement: Placement | None = None) -> None:
        self.add_many([resource], {resource.id: placement} if placement else None)

    def add_many(self, resources: list[Resource], placements: dict[str, Placement] | None = None) -> None:
        """Add several resources at once (they may refer to each other)."""
        incoming = {r.id: r for r in resources}
        taken = self.all_ids()
        for r in resources:
            if r.id in taken:
                raise DocumentError(f"an object with id {r.id!r} already exists")
        for r in resources:
            self._check_refs(r, incoming)
        for r in resources:
            self._design.resources[r.id] = r  # type: ignore[assignment]
            if placements and r.id in placements:
                self._design.layout[r.id] = placements[r.id]
        for r in resources:
            self.resource_added.emit(r)

    def update(self, rid: str, **changes: Any) -> dict[str, Any]:
        """Change fields of one resource; returns the old values of exactly those fields."""
        old = self.get(rid)
        if old is None:
            raise DocumentError(f"no object with id {rid!r}")
        if "id" in changes or "kind" in changes:
            raise DocumentError("id and kind cannot be changed")
        try:
            new = old.with_changes(**changes)
        except ValidationError as exc:
            raise DocumentError(f"{old.display_name}: {_first_error(exc)}") from None
        self._check_refs(new)
        previous = {k: getattr(old, k) for k in changes}
        self._design.resources[rid] = new  # type: ignore[assignment]
        self.resource_changed.emit(new, old)
        return previous

    def replace(self, resource: Resource) -> Resource:
        """Put a whole new version of an existing resource; returns the old one."""
        old = self.get(resource.id)
        if old is None:
            raise DocumentError(f"no object with id {resource.id!r}")
        if old.kind != resource.kind:
            raise DocumentError("kind cannot be changed")
        self._check_refs(resource)
        self._design.resources[resource.id] = resource  # type: ignore[assignment]
        self.resource_changed.emit(resource, old)
        return old

    def remove(self, ids: list[str]) -> Removal:
        """Remove objects, everything that cannot exist without them, and references to them."""
        res = self._design.resources
        gone: set[str] = set()
        pending = [i for i in ids if i in res]
        removal = Removal()
        # Cascade: an object whose required reference points at a removed object goes too.
        while pending:
            gone.update(pending)
            gone.update(n for i in pending for n in nested_ids(res[i]))
            pending = []
            for r in res.values():
                if r.id not in gone and strip_refs(r, gone) is None:
                    pending.append(r.id)
        edited: list[tuple[Resource, Resource]] = []
        for r in list(res.values()):
            if r.id in gone:
                continue
            changes = strip_refs(r, gone)
            if changes:
                edited.append((r, r.with_changes(**changes)))  # type: ignore[arg-type]
        order: list[Resource] = [r for r in res.values() if r.id in gone]
        removal.removed = order
        removal.changed = [old for old, _ in edited]
        removal.placements = {i: self._design.layout[i] for i in gone if i in self._design.layout}
        if any(n.parent in gone for n in self._design.notes):
            removal.notes = self._design.notes
            self._design.notes = tuple(n.model_copy(update={"parent": None}) if n.parent in gone else n
                                       for n in self._design.notes)
        for _old, new in edited:
            res[new.id] = new  # type: ignore[assignment]
        for gone_r in order:
            del res[gone_r.id]
            self._design.layout.pop(gone_r.id, None)
        for old, new in edited:
            self.resource_changed.emit(new, old)
        for gone_r in reversed(order):
            self.resource_removed.emit(gone_r)
        if removal.notes is not None:
            self.notes_changed.emit()
        return removal

    def restore(self, removal: Removal) -> None:
        """Undo a `remove` exactly."""
        res = self._design.resources
        for r in removal.removed:
            res[r.id] = r  # type: ignore[assignment]
        self._design.layout.update(removal.placements)
        for r in removal.removed:
            self.resource_added.emit(r)
        for old in removal.changed:
            current = res[old.id]
            res[old.id] = old  # type: ignore[assignment]
            self.resource_changed.emit(old, current)
        if removal.notes is not None:
            self._design.notes = removal.notes
            self.notes_changed.emit()

    def set_placement(self, rid: str, placement: Placement | None) -> Placement | None:
        """Move/resize one object on the canvas (no network meaning). Returns the old placement."""
        old = self._design.layout.get(rid)
        if placement is None:
            self._design.layout.pop(rid, None)
        else:
            self._design.layout[rid] = placement
        self.placement_changed.emit(rid)
        return old

    def set_placements(self, placements: dict[str, Placement | None]) -> dict[str, Placement | None]:
        old = {rid: self._design.layout.get(rid) for rid in placements}
        for rid, p in placements.items():
            if p is None:
                self._design.layout.pop(rid, None)
            else:
                self._design.layout[rid] = p
        for rid in placements:
            self.placement_changed.emit(rid)
        return old

    def set_notes(self, notes: tuple[Note, ...]) -> tuple[Note, ...]:
        old = self._design.notes
        self._design.notes = tuple(notes)
        self.notes_changed.emit()
        return old

    def set_scenarios(self, scenarios: tuple[Scenario, ...]) -> tuple[Scenario, ...]:
        old = self._design.scenarios
        self._design.scenarios = tuple(scenarios)
        self.scenarios_changed.emit()
        return old

    def set_meta(self, name: str | None = None, description: str | None = None) -> tuple[str, str]:
        old = (self._design.name, self._design.description)
        if name is not None:
            self._design.name = name
        if description is not None:
            self._design.description = description
        self.meta_changed.emit()
        return old

    def replace_all(self, design: Design) -> Design:
        """Swap in a whole new design (open, import). Returns the previous one."""
        old = self._design
        self._design = design
        self.reset.emit()
        return old


def new_resource(kind: str, **fields: Any) -> Resource:
    """Build a validated resource of `kind` (used by the palette and importers)."""
    cls = CLASS_FOR_KIND.get(kind)
    if cls is None:
        raise DocumentError(f"unknown kind {kind!r}")
    try:
        return cls.model_validate({"kind": kind, **fields})  # type: ignore[no-any-return, attr-defined]
    except ValidationError as exc:
        raise DocumentError(f"new {kind}: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"])
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg
