"""Undo commands, one class per user verb. They hold the Document plus ids and values, never items.

The canvas follows the Document's signals, so a command never touches the scene.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtGui import QUndoCommand

from vpcdesigner.model import Document, Note, Placement, Removal, Resource


class CommandId(IntEnum):
    EDIT = 1001
    NOTE_TEXT = 1002
    META = 1003


class ChangeDesign(QUndoCommand):
    """Add resources, replace others and move/resize boxes, as one step (drops, drags, connections)."""

    def __init__(self, doc: Document, text: str, added: list[Resource] | None = None,
                 replaced: list[Resource] | None = None,
                 placements: dict[str, Placement | None] | None = None) -> None:
        super().__init__(text)
        self._doc = doc
        self._added = list(added or [])
        self._replaced = list(replaced or [])
        self._placements = dict(placements or {})
        self._old_resources: list[Resource] = []
        self._old_placements: dict[str, Placement | None] = {}

    def redo(self) -> None:
        doc = self._doc
        if self._added:
            doc.add_many(self._added)
        self._old_resources = [doc.replace(r) for r in self._replaced]
        if self._placements:
            self._old_placements = doc.set_placements(self._placements)

    def undo(self) -> None:
        doc = self._doc
        if self._placements:
            doc.set_placements(self._old_placements)
        for old in reversed(self._old_resources):
            doc.replace(old)
        if self._added:
            doc.remove([r.id for r in self._added])


class RemoveResources(QUndoCommand):
    """Delete objects and whatever cannot exist without them (Document.remove cascades)."""

    def __init__(self, doc: Document, ids: list[str], text: str = "Delete") -> None:
        super().__init__(text)
        self._doc, self._ids = doc, list(ids)
        self._removal: Removal | None = None

    def redo(self) -> None:
        self._removal = self._doc.remove(self._ids)

    def undo(self) -> None:
        if self._removal is not None:
            self._doc.restore(self._removal)


class EditResource(QUndoCommand):
    """Change fields of one resource; consecutive edits of the same fields of it merge (typing)."""

    def __init__(self, doc: Document, rid: str, **changes: Any) -> None:
        super().__init__(f"Edit {', '.join(changes)}")
        self._doc, self.rid, self.new = doc, rid, changes
        self._old: dict[str, Any] = {}

    def redo(self) -> None:
        old = self._doc.update(self.rid, **self.new)
        if not self._old:
            self._old = old

    def undo(self) -> None:
        self._doc.update(self.rid, **self._old)

    def id(self) -> int:
        return int(CommandId.EDIT)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditResource) or other.rid != self.rid or other.new.keys() != self.new.keys():
            return False
        self.new = other.new
        return True


class EditResourceStep(EditResource):
    """An edit that never merges (ticking an entry of a list is one step each, unlike typing)."""

    def id(self) -> int:
        return -1


class ReplaceResource(QUndoCommand):
    """Put a whole new version of a resource (rule tables edit nested parts this way)."""

    def __init__(self, doc: Document, resource: Resource, text: str = "Edit") -> None:
        super().__init__(text)
        self._doc, self._new = doc, resource
        self._old: Resource | None = None

    def redo(self) -> None:
        self._old = self._doc.replace(self._new)

    def undo(self) -> None:
        if self._old is not None:
            self._doc.replace(self._old)


class SetNotes(QUndoCommand):
    """Add, move, edit or delete free text notes; typing in one note merges."""

    def __init__(self, doc: Document, notes: tuple[Note, ...], text: str = "Edit note",
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self._doc, self._new = doc, tuple(notes)
        self._old: tuple[Note, ...] | None = None
        self._merge_key = merge_key

    def redo(self) -> None:
        old = self._doc.set_notes(self._new)
        if self._old is None:
            self._old = old

    def undo(self) -> None:
        if self._old is not None:
            self._doc.set_notes(self._old)

    def id(self) -> int:
        return int(CommandId.NOTE_TEXT) if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNotes) or other._merge_key != self._merge_key:
            return False
        self._new = other._new
        return True


class SetMeta(QUndoCommand):
    """Rename the design or change its description; typing merges."""

    def __init__(self, doc: Document, name: str | None = None, description: str | None = None) -> None:
        super().__init__("Edit design name")
        self._doc, self._name, self._description = doc, name, description
        self._old: tuple[str, str] | None = None

    def redo(self) -> None:
        old = self._doc.set_meta(self._name, self._description)
        if self._old is None:
            self._old = old

    def undo(self) -> None:
        if self._old is not None:
            self._doc.set_meta(*self._old)

    def id(self) -> int:
        return int(CommandId.META)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetMeta):
            return False
        self._name, self._description = other._name, other._description
        return True
