"""Editing verbs on the current selection: delete, copy/paste/duplicate, align, distribute, notes, find.

Each verb pushes one undo command (or one macro), so every user action undoes in one step.
"""

from __future__ import annotations

import ipaddress

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QGuiApplication

from vpcdesigner.model import Note, Placement

from .canvas.edges import EdgeItem
from .canvas.items import BaseItem
from .canvas.scene import DesignScene
from .canvas.view import DesignView
from .clipboard import MIME, copy_payload, paste_plan
from .commands import ChangeDesign, RemoveResources, SetNotes
from .factory import new_id
from .rules import EDGE_KINDS


class Editing:
    def __init__(self, scene: DesignScene, view: DesignView) -> None:
        self.scene, self.view = scene, view
        self.doc, self.stack = scene.doc, scene.stack
        self._find_hits: list[str] = []
        self._find_index = -1
        self._find_text = ""

    # ---- delete / clipboard -----------------------------------------------------------------
    def _deletable(self) -> list[str]:
        """Selected objects; an edge counts only when it is an object itself (a VPN, a peering).

        Other edges are reference fields of their owner: deleting the owner (a whole load balancer)
        because its arrow was selected would be a nasty surprise.
        """
        res = self.doc.design.resources
        ids: list[str] = []
        for item in self.scene.selectedItems():
            if isinstance(item, EdgeItem):
                owner = res.get(item.spec.owner)
                if owner is not None and owner.kind in EDGE_KINDS:
                    ids.append(owner.id)
                elif owner is not None:
                    self.scene.show_hint(f"This connection is a setting of {owner.display_name}: "
                                         "change it in the inspector.", False)
            elif isinstance(item, BaseItem) and item.rid in res and item.rid not in ids:
                ids.append(item.rid)
        return ids

    def delete(self) -> None:
        ids = self._deletable()
        note_ids = {i.rid for i in self.scene.selectedItems() if isinstance(i, BaseItem) and i.role == "note"}
        if not ids and not note_ids:
            return
        self.stack.beginMacro(f"Delete {len(ids) + len(note_ids)} object(s)")
        if ids:
            self.stack.push(RemoveResources(self.doc, ids, f"Delete {', '.join(ids[:3])}"))
        if note_ids:
            self.stack.push(SetNotes(self.doc, tuple(n for n in self.doc.design.notes if n.id not in note_ids),
                                     "Delete note"))
        self.stack.endMacro()
        self.scene.flush()

    def copy(self) -> bool:
        ids = [i for i in self.scene.selected_ids() if i in self.doc.design.resources]
        if not ids:
            return False
        mime = QMimeData()
        text = copy_payload(self.doc.design, ids)
        mime.setData(MIME, text.encode())
        mime.setText(text)
        QGuiApplication.clipboard().setMimeData(mime)
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete()

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(MIME):
            self.scene.show_hint("The clipboard holds no VPC Designer objects.", False)
            return
        self.paste_text(bytes(mime.data(MIME).data()).decode())

    def paste_text(self, text: str) -> list[str]:
        try:
            resources, placements = paste_plan(self.doc.design, text)
        except ValueError as exc:
            self.scene.show_hint(f"Cannot paste: {exc}", False)
            return []
        self.stack.push(ChangeDesign(self.doc, f"Paste {len(resources)} object(s)", resources, [],
                                     dict(placements)))
        self.scene.flush()
        ids = [r.id for r in resources]
        self.scene.select_ids(ids)
        return ids

    def duplicate(self) -> list[str]:
        ids = [i for i in self.scene.selected_ids() if i in self.doc.design.resources]
        if not ids:
            return []
        return self.paste_text(copy_payload(self.doc.design, ids))

    # ---- align / distribute ----------------------------------------------------------------------
    def _movable_selection(self) -> list[BaseItem]:
        return [i for i in self.scene.selectedItems() if isinstance(i, BaseItem) and i.movable
                and i.role != "note" and i.rid in self.doc.design.resources]

    def align(self, how: str) -> None:
        items = self._movable_selection()
        if len(items) < 2:
            self.scene.show_hint("Select two or more objects to align.", False)
            return
        rects = {i: i.mapRectToScene(i.rect()) for i in items}
        ref = {"left": min(r.left() for r in rects.values()), "right": max(r.right() for r in rects.values()),
               "top": min(r.top() for r in rects.values()), "bottom": max(r.bottom() for r in rects.values()),
               "hcenter": sum(r.center().x() for r in rects.values()) / len(rects),
               "vcenter": sum(r.center().y() for r in rects.values()) / len(rects)}[how]
        moves: dict[BaseItem, QPointF] = {}
        for i, r in rects.items():
            dx = {"left": ref - r.left(), "right": ref - r.right(), "hcenter": ref - r.center().x()}.get(how, 0.0)
            dy = {"top": ref - r.top(), "bottom": ref - r.bottom(), "vcenter": ref - r.center().y()}.get(how, 0.0)
            moves[i] = QPointF(dx, dy)
        self._apply_moves(moves, f"Align {how}")

    def distribute(self, axis: str) -> None:
        items = self._movable_selection()
        if len(items) < 3:
            self.scene.show_hint("Select three or more objects to distribute.", False)
            return
        key = (lambda i: i.mapRectToScene(i.rect()).center().x()) if axis == "h" else (
            lambda i: i.mapRectToScene(i.rect()).center().y())
        items.sort(key=key)
        first, last = key(items[0]), key(items[-1])
        step = (last - first) / (len(items) - 1)
        moves = {}
        for n, i in enumerate(items):
            d = first + n * step - key(i)
            moves[i] = QPointF(d, 0) if axis == "h" else QPointF(0, d)
        self._apply_moves(moves, "Distribute " + ("horizontally" if axis == "h" else "vertically"))

    def _apply_moves(self, moves: dict[BaseItem, QPointF], text: str) -> None:
        layout = self.doc.design.layout
        placements: dict[str, Placement | None] = {}
        for item, d in moves.items():
            if d.isNull():
                continue
            pos = item.pos() + d
            old = layout.get(item.rid) or Placement()
            placements[item.rid] = old.model_copy(update={"x": round(pos.x(), 1), "y": round(pos.y(), 1)})
        if placements:
            self.stack.push(ChangeDesign(self.doc, text, placements=placements))
            self.scene.flush()

    def nudge(self, dx: float, dy: float) -> None:
        self._apply_moves({i: QPointF(dx, dy) for i in self._movable_selection()}, "Nudge")

    # ---- notes --------------------------------------------------------------------------------
    def add_note(self, at: QPointF | None = None, text: str = "Note") -> str:
        pos = at if at is not None else self.view.mapToScene(self.view.viewport().rect().center())
        nid = new_id(self.doc.design, "note")
        note = Note(id=nid, text=text, x=round(pos.x()), y=round(pos.y()))
        self.stack.push(SetNotes(self.doc, (*self.doc.design.notes, note), "Add note"))
        self.scene.flush()
        self.scene.select_ids([nid])
        return nid

    def set_note_text(self, nid: str, text: str) -> None:
        notes = tuple(n.model_copy(update={"text": text}) if n.id == nid else n for n in self.doc.design.notes)
        self.stack.push(SetNotes(self.doc, notes, "Edit note", merge_key=nid))

    # ---- find -----------------------------------------------------------------------------------
    def matches(self, text: str) -> list[str]:
        """Objects whose id, name, address or CIDR matches `text` (an address also matches its CIDR)."""
        needle = text.strip().lower()
        if not needle:
            return []
        derived = self.scene.derived
        hits: list[str] = []
        try:
            addr = ipaddress.ip_address(needle)
        except ValueError:
            addr = None
        for rid, _item in self.scene.items_by_id().items():
            r = self.doc.design.resources.get(rid) or derived.instances.get(rid)
            if r is None:
                continue
            attrs = ("private_ip", "ip", "cidr", "public_ip")
            fields = [rid, r.display_name] + [getattr(r, a, None) or "" for a in attrs]
            if rid in derived.instances:
                fields.append(derived.instances[rid].private_ip or "")
            in_subnet = addr is not None and r.kind == "subnet" and addr in ipaddress.ip_network(r.cidr)
            if any(needle in str(f).lower() for f in fields) or in_subnet:
                hits.append(rid)
        return hits

    def find_next(self, text: str) -> str | None:
        if text != self._find_text:
            self._find_text, self._find_hits, self._find_index = text, self.matches(text), -1
        if not self._find_hits:
            self.scene.show_hint(f"Nothing matches “{text}”.", False)
            return None
        self._find_index = (self._find_index + 1) % len(self._find_hits)
        rid = self._find_hits[self._find_index]
        self.reveal(rid)
        self.scene.show_hint(f"{self._find_index + 1} of {len(self._find_hits)}: {rid}", True)
        return rid

    def reveal(self, rid: str) -> bool:
        item = self.scene.item(rid) or self.scene.note_items().get(rid)
        if item is None:
            return False
        self.scene.clearSelection()
        item.setSelected(True)
        self.view.centerOn(item)
        return True
