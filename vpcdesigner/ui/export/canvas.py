"""A clean, offscreen projection of a design for export: no grid, no selection, no handles.

A fresh `DesignScene` is built from the design (never the window's live scene), so hover states,
the connect handle, refusal hints and simulation overlays cannot leak into a picture. For a
selection, everything else is hidden and the selected objects' containers are made invisible
while their contents stay drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QPainter, QUndoStack
from PySide6.QtWidgets import QGraphicsItem

from vpcdesigner.model import Design, Document

from ..canvas.edges import EdgeItem
from ..canvas.items import BadgeItem, BaseItem
from ..canvas.scene import DesignScene
from ..canvas.zones import RegionBand, ZoneBand
from .options import ExportError

PAD = 20.0


class ExportScene(DesignScene):
    """A DesignScene that paints no background: the page behind it is the export's own."""

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        return


def build_scene(design: Design) -> ExportScene:
    scene = ExportScene(Document(design), QUndoStack())  # the constructor projects the design at once
    scene.handle.hide()
    scene.hint_item.hide()
    scene.clearSelection()
    for item in scene.items():  # a cached item would land in SVG/PDF as a bitmap, and blur when scaled
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    return scene


def _edge_rect(edge: EdgeItem) -> QRectF:
    line = edge._line  # the drawn segment; boundingRect() adds room for a label
    return QRectF(line.p1(), line.p2()).normalized().adjusted(-6, -6, 6, 6)


def visible_rect(scene: DesignScene) -> QRectF:
    """The tight box around what is drawn (labels under nodes included), padded a little."""
    rect = QRectF()
    for item in scene.items():
        if not item.isVisible() or item.effectiveOpacity() == 0.0:
            continue
        if isinstance(item, BaseItem):  # notes too
            r = item.mapRectToScene(item.footprint())
        elif isinstance(item, EdgeItem):
            r = _edge_rect(item)
        elif isinstance(item, BadgeItem | RegionBand | ZoneBand):  # bands: their frame and label too
            r = item.sceneBoundingRect()
        else:
            continue
        rect = r if rect.isNull() else rect.united(r)
    if rect.isNull():
        return QRectF(0, 0, 400, 200)
    return rect.adjusted(-PAD, -PAD, PAD, PAD)


def _owners(scene: DesignScene) -> dict[str, list[EdgeItem]]:
    out: dict[str, list[EdgeItem]] = {}
    for edge in scene.edge_items().values():
        out.setdefault(edge.rid, []).append(edge)
    return out


def isolate(scene: DesignScene, ids: tuple[str, ...] | list[str]) -> None:
    """Show only `ids` (drawn objects, notes or connections), their contents and edges among them.

    Unknown ids raise ExportError naming them; ids of things the canvas draws as badges (security
    groups, NACLs, route tables) are refused with a hint, since they have no box of their own.
    """
    items = scene.items_by_id()
    notes = scene.note_items()
    owners = _owners(scene)
    design = scene.doc.design
    chosen: list[QGraphicsItem] = []
    chosen_edges: list[EdgeItem] = []
    for rid in ids:
        if rid in items:
            chosen.append(items[rid])
        elif rid in notes:
            chosen.append(notes[rid])
        elif rid in owners:
            for edge in owners[rid]:
                chosen_edges.append(edge)
                chosen.extend([edge.src, edge.dst])
        elif rid in design.resources:
            kind = design.resources[rid].kind
            raise ExportError(f"selection: {rid!r} is a {kind}, drawn as a badge or not at all, not as a box; "
                              "select the objects it belongs to")
        else:
            raise ExportError(f"selection: no object with id {rid!r} in the design")
    keep: set[QGraphicsItem] = set()
    for item in chosen:
        keep.add(item)
        keep.update(_descendants(item))
    ancestors: set[QGraphicsItem] = set()
    for item in keep:
        parent = item.parentItem()
        while parent is not None and parent not in keep:
            ancestors.add(parent)
            parent = parent.parentItem()
    flags = QGraphicsItem.GraphicsItemFlag
    for item in scene.items():
        if item in keep:
            if item.parentItem() in ancestors:
                item.setFlag(flags.ItemIgnoresParentOpacity)
            continue
        if item in ancestors:  # invisible itself, but its kept children still draw
            item.setFlag(flags.ItemDoesntPropagateOpacityToChildren)
            item.setOpacity(0.0)
        elif isinstance(item, EdgeItem):
            item.setVisible(item in chosen_edges or (item.src in keep and item.dst in keep))
        elif item.parentItem() is None or item.parentItem() in ancestors:
            item.setVisible(False)


def _descendants(item: QGraphicsItem) -> list[QGraphicsItem]:
    out: list[QGraphicsItem] = []
    for child in item.childItems():
        out.append(child)
        out.extend(_descendants(child))
    return out
