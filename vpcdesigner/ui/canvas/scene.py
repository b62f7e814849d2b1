"""DesignScene: a projection of the Document (id -> item), rebuilt by diffing after each change.

Document signals only mark the scene dirty; `flush()` (run on the next event-loop turn, or called
directly) reconciles items with `projection.entries()`: create, delete, reparent, move, resize.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap, QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from vpcdesigner.model import Derived, Document, derive

from ..connections import edge_specs
from ..theme import current
from .edges import EdgeItem
from .incremental import SETTLE_MS, is_cosmetic, sync_cosmetic
from .interactions import ConnectNodes, HandleItem, HintItem, MoveItems
from .items import HEADER, PAD, BadgeItem, BandItem, BaseItem, ContainerItem, MountedItem, NodeItem, NoteItem
from .labels import assign_label_room
from .projection import DEFAULT_SIZE, Entry, entries
from .zones import RegionBand, ZoneBand, sync_region_bands, sync_zone_bands

GRID = 10.0


class DesignScene(QGraphicsScene):
    object_activated = Signal(str)  # a badge or problem asks the inspector to show this id
    hint = Signal(str, bool)  # message for the status bar; True = accepted, False = refused
    synced = Signal()
    note_edit_requested = Signal(str)

    def __init__(self, doc: Document, stack: QUndoStack) -> None:
        super().__init__()
        self.doc, self.stack = doc, stack
        self.snap = True
        self.derived: Derived = derive(doc.design)
        self._items: dict[str, BaseItem] = {}
        self._top: list[BaseItem] = []
        self._edges: dict[str, EdgeItem] = {}
        self._notes: dict[str, NoteItem] = {}
        self._zones: dict[tuple[str, str], ZoneBand] = {}
        self._regions: dict[str, RegionBand] = {}
        self._syncing = False
        self._grid_brush: QBrush | None = None
        self.detail = 2  # 2 full, 1 no badges (zoomed out), 0 overview: boxes drawn by their container
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.handle = HandleItem()
        self.addItem(self.handle)
        self.hint_item = HintItem()
        self.addItem(self.hint_item)
        self.move = MoveItems(self)
        self.connect_gesture = ConnectNodes(self)
        # Renaming (typing a name or description) re-syncs only the renamed item at once; the full
        # projection (derive, every entry, edges) follows when typing pauses (see incremental.py).
        self._full_pending = True
        self._cosmetic: set[str] = set()
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settle_now)
        for sig in (doc.resource_added, doc.resource_removed, doc.placement_changed, doc.notes_changed, doc.reset):
            sig.connect(self._on_document_changed)
        doc.resource_changed.connect(self._on_resource_changed)
        self.selectionChanged.connect(self._on_selection_changed)
        self.flush()

    # ---- projection ----------------------------------------------------------------------
    def _on_document_changed(self, *args: Any) -> None:
        self._full_pending = True
        if not self._timer.isActive():
            self._timer.start()

    def _on_resource_changed(self, new: Any, old: Any) -> None:
        if not self._full_pending and is_cosmetic(new, old):
            self._cosmetic.add(new.id)
            if not self._timer.isActive():
                self._timer.setInterval(0)  # a rename is cheap to show: no coalescing delay
                self._timer.start()
            return
        self._on_document_changed()

    def _settle_now(self) -> None:
        self._full_pending = True
        self.flush()

    def item(self, rid: str) -> BaseItem | None:
        return self._items.get(rid)

    def items_by_id(self) -> dict[str, BaseItem]:
        return dict(self._items)

    def top_level_items(self) -> list[BaseItem]:
        """Items without a container (the design's extent is theirs), as of the last full sync."""
        return [i for i in self._top if i.scene() is self and i.parentItem() is None]

    def region_bands(self) -> dict[str, RegionBand]:
        return dict(self._regions)

    def edge_items(self) -> dict[str, EdgeItem]:
        return dict(self._edges)

    def note_items(self) -> dict[str, NoteItem]:
        return dict(self._notes)

    def flush(self) -> None:
        """Bring the items in line with the Document now."""
        self._timer.stop()
        if self._syncing:
            return
        self._syncing = True
        enabled = gc.isenabled()
        gc.disable()  # a sync allocates many small objects; cyclic GC passes over a big heap cost more
        started = time.perf_counter()
        try:
            if not self._full_pending and self._cosmetic:
                ids, self._cosmetic = self._cosmetic, set()
                if sync_cosmetic(self, ids):
                    self._settle.start()  # the full projection catches up when typing pauses
                    self.synced.emit()
                    return
            self._full_pending = False
            self._cosmetic.clear()
            self._settle.stop()
            self._sync()
        finally:
            self._syncing = False
            if enabled:
                gc.enable()
        # Adaptive coalescing: on a big design a sync is slow, so let keystrokes pile up between syncs.
        cost_ms = (time.perf_counter() - started) * 1000
        self._timer.setInterval(0 if cost_ms < 20 else min(250, int(cost_ms * 2)))
        self.synced.emit()

    def _sync(self) -> None:
        design = self.doc.design
        self.derived = derive(design)
        ents = entries(design, self.derived)
        wanted = {e.rid: e for e in ents}
        # Containers whose contents changed: only these are re-laid out and re-fitted (typing in the
        # inspector on a 5,000-object design must not re-place every box).
        dirty: set[str | None] = set()
        for rid in [r for r in self._items if r not in wanted or self._items[r].role != wanted[r].shape]:
            parent = self._items[rid].parentItem()
            dirty.add(getattr(parent, "rid", None))
            self._drop_item(rid, wanted)
        for e in ents:
            self._sync_entry(e, dirty)
        if dirty:
            self._auto_place(ents, dirty)
            refit = self._with_ancestors(dirty)
            self._fit_containers(ents, refit)
            for rid in refit:
                item = self._items.get(rid) if rid else None
                if item is not None and item.role == "container":
                    item.markers = None  # type: ignore[attr-defined]
            sync_zone_bands(self, self._zones)
            sync_region_bands(self, self._regions)
        self._top = [i for i in self._items.values() if i.parentItem() is None]
        self._sync_notes()
        self._sync_edges(bool(dirty))
        if dirty:
            for item in assign_label_room(self._items.values()):
                item.update()
        if self.handle.target is not None and self.handle.target.scene() is None:
            self.handle.attach(None)

    def _drop_item(self, rid: str, wanted: dict[str, Entry]) -> None:
        item = self._items.pop(rid)
        for child in item.childItems():
            if isinstance(child, (BaseItem, NoteItem)):
                pos = child.scenePos()
                child.setParentItem(None)
                child.setPos(pos)
        if self.handle.target is item:
            self.handle.attach(None)
        self.removeItem(item)

    def set_zoom(self, zoom: float) -> None:
        """Level of detail: fewer, simpler items when zoomed out (labels stay readable, frames fast)."""
        level = 2 if zoom >= 0.45 else 1 if zoom >= 0.2 else 0
        if level == self.detail:
            return
        self.detail = level
        for item in self._items.values():
            self._apply_detail(item)

    def _apply_detail(self, item: BaseItem) -> None:
        if item.role in ("node", "member", "mounted"):
            item.setVisible(self.detail > 0)
        for child in item.childItems():
            if isinstance(child, BadgeItem):
                child.setVisible(self.detail == 2)

    def _make(self, e: Entry) -> BaseItem:
        item: BaseItem
        if e.shape == "container":
            item = ContainerItem(e.rid, e.kind)
        elif e.shape == "mounted":
            item = MountedItem(e.rid, e.kind)
        elif e.shape == "band":
            item = BandItem(e.rid, e.kind)
        else:
            item = NodeItem(e.rid, e.kind, derived=e.shape == "member")
        item.role = e.shape  # type: ignore[attr-defined]
        self._items[e.rid] = item
        self.addItem(item)
        if self.detail < 2:
            self._apply_detail(item)
        return item

    def _with_ancestors(self, ids: set[str | None]) -> set[str | None]:
        out = set(ids)
        for rid in ids:
            item = self._items.get(rid) if rid else None
            parent = item.parentItem() if item is not None else None
            while parent is not None:
                out.add(getattr(parent, "rid", None))
                parent = parent.parentItem()
        return out

    def _sync_entry(self, e: Entry, dirty: set[str | None]) -> None:
        item = self._items.get(e.rid) or self._make(e)
        parent = self._items.get(e.parent) if e.parent else None
        if item.parentItem() is not parent:
            old = item.parentItem()
            dirty.add(getattr(old, "rid", None))
            dirty.add(e.parent)
            pos = item.scenePos()
            item.setParentItem(parent)
            item.setPos(parent.mapFromScene(pos) if parent is not None else pos)
        if item.signature == e.key:
            return
        item.signature = e.key
        dirty.add(e.parent)
        if e.shape in ("container", "band"):
            dirty.add(e.rid)
        item.entry = e  # type: ignore[attr-defined]
        item.set_view(e.view)
        for child in item.childItems():
            if isinstance(child, BadgeItem):
                self.removeItem(child)
        if isinstance(item, NodeItem):
            item.set_badges(e.badges)
        else:
            for ref_id, kind, text, colour in e.badges:
                badge = BadgeItem(ref_id, kind, text, colour)
                badge.setParentItem(item)
                badge.setVisible(self.detail == 2)
        p = e.placement
        if p is not None:
            item.setPos(p.x, p.y)
        if e.shape in ("container", "band"):
            dw, dh = DEFAULT_SIZE.get(e.kind, (300.0, 200.0))
            item.set_size(p.width or dw if p else dw, p.height or dh if p else dh)
            item.base_size = (p.width if p else None, p.height if p else None)  # type: ignore[attr-defined]
        item.layout_badges()

    def _auto_place(self, ents: list[Entry], dirty: set[str | None]) -> None:
        """Things without a saved position go in the first free cell of a grid over their container.

        Linear time: placed siblings mark the cells they cover, then unplaced items fill free cells
        in reading order (a 5,000-object design without positions still opens quickly).
        """
        by_parent: dict[str | None, list[BaseItem]] = {}
        for e in ents:
            if e.placement is None and e.parent in dirty:
                by_parent.setdefault(e.parent, []).append(self._items[e.rid])
        for parent_id, unplaced in by_parent.items():
            parent = self._items.get(parent_id) if parent_id else None
            unplaced_set = set(unplaced)
            siblings = parent.childItems() if parent is not None else [
                i for i in self._items.values() if i.parentItem() is None]
            busy = [s.mapRectToParent(s.footprint()) for s in siblings
                    if isinstance(s, BaseItem) and s not in unplaced_set]
            cell = QRectF()
            for item in unplaced:
                cell = cell.united(item.footprint().translated(-item.footprint().topLeft()))
            cw, ch = cell.width() + 16, cell.height() + 24
            if parent is None:  # a parking column block right of the placed design
                top = min((r.top() for r in busy), default=0.0)
                left = max((r.right() for r in busy), default=0.0) + 40
                cols = 2
            else:
                top, left = HEADER + 36, PAD
                cols = max(1, int((max(parent.size()[0], 300.0) - 2 * PAD) // cw))
            taken: set[tuple[int, int]] = set()
            for r in busy:
                c0, c1 = int((r.left() - left) // cw), int((r.right() - left) // cw)
                r0, r1 = int((r.top() - top) // ch), int((r.bottom() - top) // ch)
                for cx in range(max(c0, 0), min(c1, cols - 1) + 1):
                    for cy in range(max(r0, 0), r1 + 1):
                        taken.add((cx, cy))
            n = 0
            for item in unplaced:
                while (n % cols, n // cols) in taken:
                    n += 1
                fp = item.footprint()
                item.setPos(left + (n % cols) * cw - fp.left(), top + (n // cols) * ch - fp.top())
                n += 1

    def _fit_containers(self, ents: list[Entry], refit: set[str | None]) -> None:
        """A container is at least as big as what it holds (a container grows to fit)."""
        for e in reversed(ents):
            if e.shape != "container" or e.rid not in refit:
                continue
            item = self._items[e.rid]
            bw, bh = getattr(item, "base_size", (None, None))
            dw, dh = DEFAULT_SIZE.get(e.kind, (300.0, 200.0))
            need = self.children_extent(item)
            w = max(bw or (dw if need is None else 0), (need.right() + PAD) if need else 0, 160.0)
            h = max(bh or (dh if need is None else 0), (need.bottom() + PAD + 8) if need else 0,
                    HEADER + 20 + 26 * len(e.view.lines))
            item.set_size(w, h)

    @staticmethod
    def children_extent(item: BaseItem) -> QRectF | None:
        rect: QRectF | None = None
        for child in item.childItems():
            if isinstance(child, BaseItem) and child.role != "mounted":
                r = child.mapRectToParent(child.footprint())
                rect = r if rect is None else rect.united(r)
        return rect

    def _sync_notes(self) -> None:
        notes = {n.id: n for n in self.doc.design.notes}
        for nid in [n for n in self._notes if n not in notes]:
            self.removeItem(self._notes.pop(nid))
        for n in notes.values():
            item = self._notes.get(n.id)
            if item is None:
                item = NoteItem(n.id, n.width, n.height)
                item.role = "note"  # type: ignore[attr-defined]
                self._notes[n.id] = item
                self.addItem(item)
            parent = self._items.get(n.parent) if n.parent else None
            if item.parentItem() is not parent:
                item.setParentItem(parent)
            item.text, item.colour = n.text, n.color
            item.set_size(n.width, n.height)
            item.setPos(n.x, n.y)
            item.setToolTip(n.text)
            item.update()

    def _sync_edges(self, moved: bool = True) -> None:
        specs = {s.key: s for s in edge_specs(self.doc.design, self.derived)}
        for key in list(self._edges):
            e = self._edges[key]
            s = specs.get(key)
            if s is None or s != e.spec or self._items.get(s.src) is not e.src or self._items.get(s.dst) is not e.dst:
                self.removeItem(self._edges.pop(key))
        for key, s in specs.items():
            if key not in self._edges:
                edge = EdgeItem(s, self._items[s.src], self._items[s.dst])
                self._edges[key] = edge
                self.addItem(edge)
        if moved:
            for edge in self._edges.values():
                edge.adjust()

    # ---- behaviour -------------------------------------------------------------------------
    def item_moved(self, item: QGraphicsItem) -> None:
        """Keep edges attached while items move (during a drag, before the model changes)."""
        if self._syncing:
            return
        for edge in self._edges.values():
            if edge.touches(item):
                edge.adjust()

    def selected_ids(self) -> list[str]:
        out = []
        for it in self.selectedItems():
            rid = getattr(it, "rid", None)
            if rid and (isinstance(it, (BaseItem, EdgeItem))) and rid not in out:
                out.append(rid)
        return out

    def select_ids(self, ids: list[str]) -> None:
        self.clearSelection()
        for rid in ids:
            item = self._items.get(rid) or self._notes.get(rid)
            if item is not None:
                item.setSelected(True)

    def container_at(self, pos: QPointF, exclude: list[QGraphicsItem] | None = None) -> BaseItem | None:
        """The topmost drawn object under `pos`, skipping the dragged items and their descendants."""
        exclude = exclude or []
        for it in self.items(pos):
            if isinstance(it, BaseItem) and it.role != "note" and not any(
                    x is it or x.isAncestorOf(it) for x in exclude):
                return it
        return None

    def container_under(self, pos: QPointF, exclude: list[QGraphicsItem]) -> BaseItem | None:
        """The innermost container box under `pos`, found without the scene index.

        While a big container is dragged its descendants are being re-indexed; asking the BSP index
        (scene.items) on every mouse move would pay for that each time. Containers are few.
        """
        best: BaseItem | None = None
        best_depth = -1
        for item in self._items.values():
            if item.role != "container" or not item.isVisible():
                continue
            if any(x is item or x.isAncestorOf(item) for x in exclude):
                continue
            if item.mapRectToScene(item.rect()).contains(pos):
                depth = 0
                parent = item.parentItem()
                while parent is not None:
                    depth += 1
                    parent = parent.parentItem()
                if depth > best_depth:
                    best, best_depth = item, depth
        return best

    def snap_point(self, p: QPointF) -> QPointF:
        if not self.snap:
            return p
        return QPointF(round(p.x() / GRID) * GRID, round(p.y() / GRID) * GRID)

    def show_hint(self, text: str, ok: bool, at: QPointF | None = None) -> None:
        self.hint.emit(text, ok)
        if at is not None and not ok:
            self.hint_item.show_at(text, at)

    def _on_selection_changed(self) -> None:
        sel = [i for i in self.selectedItems() if isinstance(i, BaseItem) and i.movable and i.role != "note"]
        self.handle.attach(sel[0] if len(sel) == 1 else None)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.handle.isVisible() and \
                self.handle.contains(self.handle.mapFromScene(event.scenePos())):
            self.connect_gesture.start(self.handle.target, event.scenePos())
            event.accept()
            return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.move.start(event.scenePos())

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.connect_gesture.active:
            self.connect_gesture.update(event.scenePos())
            return
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.move.update(event.scenePos())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.connect_gesture.active:
            self.connect_gesture.finish(event.scenePos())
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.move.finish(event.scenePos())

    def render(self, painter: QPainter, target: QRectF | None = None, source: QRectF | None = None,
               mode: Qt.AspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio) -> None:
        """Render for export (PNG/SVG/PDF): full detail and no pixmap caches, so vector output keeps text."""
        cached = [i for i in self.items() if i.cacheMode() != QGraphicsItem.CacheMode.NoCache]
        for item in cached:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        level = self.detail
        if level != 2:
            self.detail = 2
            for item in self._items.values():
                self._apply_detail(item)
        try:
            super().render(painter, target or QRectF(), source or QRectF(), mode)
        finally:
            for item in cached:
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            if level != 2:
                self.detail = level
                for item in self._items.values():
                    self._apply_detail(item)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Plain canvas colour; a grid (a cached texture, cheap to tile) when zoomed in enough to use it."""
        t = current()
        if painter.worldTransform().m11() < 0.5:
            painter.fillRect(rect, QColor(t.canvas))
            return
        if self._grid_brush is None:
            step = int(GRID * 4)
            tile = QPixmap(step, step)
            tile.fill(QColor(t.canvas))
            p = QPainter(tile)
            p.setPen(QPen(QColor(t.grid), 1))
            p.drawLine(0, 0, step, 0)
            p.drawLine(0, 0, 0, step)
            p.end()
            self._grid_brush = QBrush(tile)
        painter.fillRect(rect, self._grid_brush)
