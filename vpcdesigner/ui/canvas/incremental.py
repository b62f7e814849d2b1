"""Incremental projection: re-sync only the item whose name or description was edited.

A full sync of a 5,000-object design (derive, every entry, every edge) costs ~100 ms, far too much
per keystroke. Typing a name or description changes no address, parent, edge or badge of anything
else, so the scene redraws that one item now and runs the full projection once typing pauses.
Kinds whose names appear on *other* items (security groups, NACLs and route tables as badges, edges
labelled with their owner's name, Auto Scaling groups naming their members) always take the full path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..rules import BADGE_KINDS, EDGE_KINDS
from .projection import Entry, _asg_targets, _describe

if TYPE_CHECKING:
    from .scene import DesignScene

SETTLE_MS = 400
COSMETIC_FIELDS = frozenset({"name", "description", "tags"})
SHOWN_ELSEWHERE = BADGE_KINDS | EDGE_KINDS | {"auto-scaling-group", "direct-connect"}


def is_cosmetic(new: Any, old: Any) -> bool:
    """True when only the name/description/tags of a kind shown on its own item changed."""
    if new is None or old is None or type(new) is not type(old) or new.kind in SHOWN_ELSEWHERE:
        return False
    for name in type(new).model_fields:
        if name not in COSMETIC_FIELDS and getattr(new, name) != getattr(old, name):
            return False
    return True


def sync_cosmetic(scene: DesignScene, ids: set[str]) -> bool:
    """Refresh the views of `ids` from the Document; False when the full projection is needed."""
    design = scene.doc.design
    items = scene._items
    todo = []
    for rid in ids:
        r = design.resources.get(rid)
        item = items.get(rid)
        entry = getattr(item, "entry", None)
        if r is None or item is None or not isinstance(entry, Entry) or r.kind in SHOWN_ELSEWHERE:
            return False
        todo.append((r, item, entry))
    targets = _asg_targets(design, scene.derived) if any(r.kind == "target-group" for r, _, _ in todo) else {}
    for r, item, entry in todo:
        view, badges = _describe(design, scene.derived, r, targets)
        if badges != entry.badges:
            return False
        placement = design.layout.get(r.id)
        new_entry = Entry(r.id, r.kind, entry.parent, entry.shape, view, placement, badges,
                          (r, placement, view.subtitle, view.tag, tuple(badges)))
        item.entry = new_entry  # type: ignore[attr-defined]
        item.signature = new_entry.key
        item.set_view(view)
    return True
