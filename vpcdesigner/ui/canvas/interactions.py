"""Modal gestures on the canvas: moving/reparenting boxes, connecting two objects, palette drops.

Each gesture has start/update/finish, receives scene mouse events first, and ends by pushing
exactly one undo command (a drag is one step) or by showing why it was refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

from vpcdesigner.model import Placement

from .. import icons
from ..commands import ChangeDesign, SetNotes
from ..connections import plan_connection
from ..factory import DropPlan, plan_drop
from ..rules import EDGE_MOUNTED, can_contain, refusal, reparent_changes
from ..theme import current
from .items import PAD, BaseItem, ContainerItem, NoteItem, font, metrics

if TYPE_CHECKING:
    from .scene import DesignScene


def chain(item: QGraphicsItem | None) -> list[BaseItem]:
    """`item` and its containers, innermost first."""
    out: list[BaseItem] = []
    while item is not None:
        if isinstance(item, BaseItem):
            out.append(item)
        item = item.parentItem()
    return out


def pick_container(scene: DesignScene, kind: str, pos: QPointF,
                   exclude: list[QGraphicsItem]) -> tuple[BaseItem | None, bool, BaseItem | None]:
    """(accepting container or None = canvas, accepted?, innermost container for a refusal mark)."""
    under = scene.container_under(pos, exclude)
    containers = [c for c in chain(under) if c.role == "container"]
    for c in containers:
        if can_contain(c.kind, kind):
            return c, True, c
    if can_contain(None, kind) and not containers:
        return None, True, None
    return None, False, containers[0] if containers else None


def _set_highlight(scene: DesignScene, target: BaseItem | None, state: str) -> None:
    """Mark one container as accepting/refusing; only the previously marked one is cleared (cheap per move)."""
    previous = getattr(scene, "_highlighted", None)
    if previous is not None and previous is not target and isValid(previous):
        previous.set_highlight("")
    if isinstance(target, ContainerItem):
        target.set_highlight(state)
        scene._highlighted = target  # type: ignore[attr-defined]
    else:
        scene._highlighted = None  # type: ignore[attr-defined]


class MoveItems:
    """Drag selected boxes; on release move them, reparent them (one step) or snap them back."""

    def __init__(self, scene: DesignScene) -> None:
        self.scene = scene
        self._start: dict[QGraphicsItem, QPointF] = {}
        self._press = QPointF()
        self._moved = False
        self._raised: list[tuple[QGraphicsItem, float]] = []

    def start(self, pos: QPointF) -> None:
        sel = [i for i in self.scene.selectedItems() if isinstance(i, BaseItem) and i.movable]
        top = [i for i in sel if not any(o is not i and o.isAncestorOf(i) for o in sel)]
        self._start = {i: i.pos() for i in top}
        self._press, self._moved = pos, False

    def update(self, pos: QPointF) -> None:
        if not self._start:
            return
        if not self._moved:
            if (pos - self._press).manhattanLength() < 4:
                return
            self._moved = True
            for item in self._start:
                for anc in chain(item.parentItem()):
                    self._raised.append((anc, anc.zValue()))
                    anc.setZValue(anc.zValue() + 50)
        for item in self._start:
            self.scene.item_moved(item)
        primary = self._primary(pos)
        if primary is not None and primary.role != "note":
            target, ok, mark = pick_container(self.scene, primary.kind, pos, list(self._start))
            _set_highlight(self.scene, mark if not ok else target, "accept" if ok else "refuse")

    def _primary(self, pos: QPointF) -> BaseItem | None:
        for item in self._start:
            if isinstance(item, BaseItem) and item.sceneBoundingRect().contains(pos):
                return item
        return next((i for i in self._start if isinstance(i, BaseItem)), None)

    def finish(self, pos: QPointF) -> None:
        scene = self.scene
        for item, z in reversed(self._raised):
            item.setZValue(z)
        self._raised.clear()
        _set_highlight(scene, None, "")
        start, self._start = self._start, {}
        moved = {i: p for i, p in start.items() if i.pos() != p}
        if not self._moved or not moved:
            return
        design = scene.doc.design
        primary = self._primary(pos)
        replaced: dict[str, Any] = {}
        placements: dict[str, Placement | None] = {}
        notes = {n.id: n for n in design.notes}
        new_notes = dict(notes)
        for item in moved:
            assert isinstance(item, BaseItem)
            at = pos if item is primary else item.mapToScene(item.rect().center())
            if isinstance(item, NoteItem):
                p = scene.snap_point(item.pos())
                new_notes[item.rid] = notes[item.rid].model_copy(update={"x": p.x(), "y": p.y()})
                continue
            target, ok, mark = pick_container(scene, item.kind, at, list(moved))
            if not ok:
                where = mark.kind if mark is not None else None
                self._revert(start, refusal(where, item.kind), at)
                return
            target_id = target.rid if target is not None else None
            changes = reparent_changes(design, item.rid, target_id)
            if isinstance(changes, str):
                self._revert(start, changes, at)
                return
            if changes:
                replaced[item.rid] = design.resources[item.rid].with_changes(**changes)
            scene_pos = item.scenePos()
            rel = target.mapFromScene(scene_pos) if target is not None else scene_pos
            if item.role == "mounted" and target is not None:
                rel = _to_border(rel, item, target)
            else:
                rel = scene.snap_point(rel)
            old = design.layout.get(item.rid) or Placement()
            placements[item.rid] = old.model_copy(update={"x": rel.x(), "y": rel.y()})
            if target is not None:
                self._grow(target, rel, item, placements)
        names = ", ".join(i.rid for i in list(moved)[:3]) + ("…" if len(moved) > 3 else "")
        verb = "Move" if not replaced else "Move (reparent)"
        stack = scene.stack
        if new_notes != notes and (placements or replaced):
            stack.beginMacro(f"{verb} {names}")
        if placements or replaced:
            stack.push(ChangeDesign(scene.doc, f"{verb} {names}", replaced=list(replaced.values()),
                                   placements=placements))
        if new_notes != notes:
            stack.push(SetNotes(scene.doc, tuple(new_notes[n.id] for n in design.notes), "Move note"))
            if placements or replaced:
                stack.endMacro()
        scene.flush()
        if replaced:
            scene.show_hint(f"Moved {names} into {target_id or 'the canvas'}", True)

    def _grow(self, target: BaseItem, rel: QPointF, item: BaseItem,
              placements: dict[str, Placement | None]) -> None:
        """Grow the target container (saved size) when the dropped box pokes out of it."""
        design = self.scene.doc.design
        p = placements.get(target.rid) or design.layout.get(target.rid)
        if p is None or p.width is None or p.height is None:
            return
        w, h = item.size()
        need_w, need_h = rel.x() + w + PAD, rel.y() + h + PAD
        if item.role == "mounted":
            return
        if need_w > p.width or need_h > p.height:
            placements[target.rid] = p.model_copy(update={"width": max(p.width, need_w),
                                                          "height": max(p.height, need_h)})

    def _revert(self, start: dict[QGraphicsItem, QPointF], message: str, at: QPointF) -> None:
        for item, p in start.items():
            item.setPos(p)
            self.scene.item_moved(item)
        self.scene.show_hint(message, False, at)


def _to_border(rel: QPointF, item: BaseItem, target: BaseItem) -> QPointF:
    """Gateways sit on the VPC border: snap the centre onto the nearest edge."""
    w, h = item.size()
    return _border_point_for(rel + QPointF(w / 2, h / 2), w, target, h)


def _border_point_for(centre: QPointF, w: float, target: BaseItem, h: float | None = None) -> QPointF:
    """Top-left of a w x h box whose centre is moved onto the nearest border of `target`."""
    h = w if h is None else h
    tw, th = target.size()
    rel = centre - QPointF(w / 2, h / 2)
    cx, cy = rel.x() + w / 2, rel.y() + h / 2
    dist = {"left": abs(cx), "right": abs(tw - cx), "top": abs(cy), "bottom": abs(th - cy)}
    side = min(dist, key=lambda k: dist[k])
    cx, cy = min(max(cx, 0), tw), min(max(cy, 0), th)
    if side == "left":
        cx = 0
    elif side == "right":
        cx = tw
    elif side == "top":
        cy = 0
    else:
        cy = th
    return QPointF(round(cx - w / 2), round(cy - h / 2))


class ConnectNodes:
    """Drag from a box's handle to another box: sets the reference field that makes the connection."""

    def __init__(self, scene: DesignScene) -> None:
        self.scene = scene
        self.active = False
        self.source: BaseItem | None = None
        self._line = QGraphicsLineItem()
        pen = QPen(QColor(current().selection), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._line.setPen(pen)
        self._line.setZValue(90)

    def start(self, source: BaseItem | None, pos: QPointF) -> None:
        if source is None:
            return
        self.active, self.source = True, source
        c = source.mapToScene(source.rect().center())
        self._line.setLine(QLineF(c, pos))
        if self._line.scene() is None:
            self.scene.addItem(self._line)
        self._line.show()

    def _target(self, pos: QPointF) -> BaseItem | None:
        for it in self.scene.items(pos):
            if isinstance(it, BaseItem) and it is not self.source and it.role != "note":
                return it
        return None

    def update(self, pos: QPointF) -> None:
        if self.source is None:
            return
        line = self._line.line()
        self._line.setLine(QLineF(line.p1(), pos))
        target = self._target(pos)
        if isinstance(target, ContainerItem):
            ok = isinstance(plan_connection(self.scene.doc.design, self.source.rid, target.rid), DropPlan)
            _set_highlight(self.scene, target, "accept" if ok else "refuse")
        else:
            _set_highlight(self.scene, None, "")

    def finish(self, pos: QPointF) -> None:
        self.active = False
        self._line.hide()
        _set_highlight(self.scene, None, "")
        source, self.source = self.source, None
        target = self._target(pos)
        if source is None:
            return
        if target is None:
            self.scene.show_hint("Release the connection on another object.", False, pos)
            return
        self.connect(source.rid, target.rid, pos)

    def cancel(self) -> None:
        """Escape: drop the rubber line, change nothing."""
        self.active, self.source = False, None
        self._line.hide()
        _set_highlight(self.scene, None, "")

    def connect(self, src: str, dst: str, at: QPointF | None = None) -> bool:
        plan = plan_connection(self.scene.doc.design, src, dst)
        if isinstance(plan, str):
            self.scene.show_hint(plan, False, at)
            return False
        self.scene.stack.push(ChangeDesign(self.scene.doc, f"Connect {src} → {dst}", plan.added, plan.replaced))
        self.scene.flush()
        self.scene.show_hint(f"Connected {src} → {dst}", True)
        return True


def drop_new(scene: DesignScene, kind: str, pos: QPointF, commit: bool) -> tuple[bool, str]:
    """Plan (and with `commit`, do) dropping a new `kind` from the palette at scene `pos`."""
    if kind == "note":  # free text: anywhere, not a resource
        if commit:
            from vpcdesigner.model import Note

            from ..factory import new_id

            nid = new_id(scene.doc.design, "note")
            note = Note(id=nid, text="Note", x=round(pos.x()), y=round(pos.y()))
            scene.stack.push(SetNotes(scene.doc, (*scene.doc.design.notes, note), "Add note"))
            scene.flush()
            scene.select_ids([nid])
            return True, nid
        return True, "Drop to add a text note"
    under = scene.container_at(pos)
    candidates: list[BaseItem | None] = [c for c in chain(under) if c.role != "member"]
    candidates.append(None)
    first_refusal = ""
    for target in candidates:
        plan = plan_drop(scene.doc.design, kind, target.rid if target is not None else None)
        if isinstance(plan, str):
            first_refusal = first_refusal or plan
            continue
        mark = target if isinstance(target, ContainerItem) else None
        _set_highlight(scene, mark, "accept" if not commit else "")
        if not commit:
            return True, f"Drop to add a {kind} to {target.rid if target else 'the canvas'}"
        placements: dict[str, Placement | None] = {}
        main = plan.main_id
        if main is not None and plan.added[0].kind == kind and kind not in ("vpn-connection", "vpc-peering") \
                and kind not in ("security-group", "network-acl", "route-table"):
            rel = target.mapFromScene(pos) if target is not None else pos
            rel = scene.snap_point(rel - QPointF(40, 20))
            size = {"vpc": (720.0, 420.0), "subnet": (380.0, 180.0), "on-premises": (300.0, 180.0)}.get(kind)
            placements[main] = Placement(x=max(rel.x(), 0) if target else rel.x(),
                                         y=max(rel.y(), 34) if target else rel.y(),
                                         width=size[0] if size else None, height=size[1] if size else None)
            if kind in EDGE_MOUNTED and target is not None and target.kind == "vpc":
                s = current().mounted_size
                at = _border_point_for(target.mapFromScene(pos), s, target)
                placements[main] = Placement(x=at.x(), y=at.y())
            elif target is not None:
                grow: dict[str, Placement | None] = {}
                p = scene.doc.design.layout.get(target.rid)
                w, h = size or (current().node_width, current().node_height)
                if p is not None and p.width and p.height:
                    nw, nh = max(p.width, rel.x() + w + PAD), max(p.height, rel.y() + h + PAD)
                    if (nw, nh) != (p.width, p.height):
                        grow[target.rid] = p.model_copy(update={"width": nw, "height": nh})
                placements.update(grow)
        what = plan.added[0].id if plan.added else kind
        scene.stack.push(ChangeDesign(scene.doc, f"Add {what}", plan.added, plan.replaced, placements))
        scene.flush()
        scene.clearSelection()
        item = scene.item(what)
        if item is not None:
            item.setSelected(True)
        elif plan.added:
            scene.object_activated.emit(what)
        scene.show_hint(f"Added {what}", True)
        return True, what
    mark = next((c for c in chain(under) if c.role == "container"), None)
    _set_highlight(scene, mark, "refuse" if not commit else "")
    if commit:
        scene.show_hint(first_refusal, False, pos)
    return False, first_refusal


class HandleItem(QGraphicsItem):
    """The ◆ on the right of the selected box: drag it onto another box to connect them."""

    def __init__(self) -> None:
        super().__init__()
        self.target: BaseItem | None = None
        self.setZValue(50)
        self.setToolTip("Drag onto another object to connect (attach, route, forward, resolve…)")
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.hide()

    def attach(self, item: BaseItem | None) -> None:
        self.target = item
        if item is None:
            self.setParentItem(None)
            self.hide()
            return
        self.setParentItem(item)
        w, h = item.size()
        self.setPos(w + 4, h / 2 if item.role != "container" else 15)
        self.show()

    def boundingRect(self) -> QRectF:
        return QRectF(-8, -8, 16, 16)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(current().handle_outline), 1.5))
        painter.setBrush(QColor(current().selection))
        painter.drawPolygon(QPolygonF([QPointF(0, -7), QPointF(7, 0), QPointF(0, 7), QPointF(-7, 0)]))


class HintItem(QGraphicsItem):
    """A refusal bubble next to the cursor (✗ icon + reason); it stays readable at any zoom."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.setZValue(100)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_at(self, text: str, pos: QPointF, msec: int = 4000) -> None:
        self.prepareGeometryChange()
        self.text = text
        self.setPos(pos + QPointF(14, 14))
        self.show()
        self._timer.start(msec)

    def boundingRect(self) -> QRectF:
        w = min(520.0, metrics(0, True).horizontalAdvance(self.text) + 46)
        return QRectF(0, 0, w, 34 if w < 520 else 52)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if widget is not None and getattr(widget.parent(), "is_minimap", False):
            return  # the bubble explains the main view; it would only cover the overview
        r = self.boundingRect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(current().refuse), 1.5))
        painter.setBrush(QColor(current().hint_fill))
        painter.drawRoundedRect(r, 6, 6)
        icons.draw(painter, "verdict-block", QRectF(8, 7, 20, 20))
        painter.setPen(QColor(current().hint_text))
        painter.setFont(font(0, True))
        painter.drawText(r.adjusted(34, 4, -8, -4), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         self.text)
