"""The canvas side of the simulation: anchors → scene geometry, gliding packets, highlight, callout.

`SimOverlay.show_hop(index, step)` is driven by the player; `Animator` moves any number of packets
with one 16 ms timer (the benchmark drives `Animator.advance` with 50 packets in flight).
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from .items import BlockMark, CalloutItem, HighlightItem, PacketItem, StationItem, TrailItem
from .steps import SimStep

STATION_LABELS = {
    "internet": ("Internet", "internet"), "root": ("DNS root servers", "dns-resolver"),
    "tld": ("TLD name servers", "dns-resolver"), "aws-dns": ("AWS DNS (Route 53)", "hosted-zone"),
    "resolver": ("Default resolver", "dns-resolver"),
}
_OWN = (PacketItem, HighlightItem, CalloutItem, BlockMark, StationItem, TrailItem)


class Geometry:
    """Scene rectangles and points for anchors; stations sit in a column left of the design."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.stations: dict[str, StationItem] = {}

    def design_bounds(self) -> QRectF:
        rect = QRectF()
        for item in getattr(self.scene, "items_by_id", lambda: {})().values():
            if item.parentItem() is None:
                rect = rect.united(item.sceneBoundingRect())
        return rect if not rect.isNull() else QRectF(0, 0, 800, 600)

    def station(self, name: str) -> StationItem:
        item = self.stations.get(name)
        if item is None:
            label, icon_name = STATION_LABELS.get(name, (name, "internet"))
            item = StationItem(label, icon_name)
            self.scene.addItem(item)
            self.stations[name] = item
        return item

    def place_stations(self, used: set[str]) -> None:
        """Lay the stations a trace uses out on the left edge of the design (fixed, predictable)."""
        bounds = self.design_bounds()
        x, y = bounds.left() - 190, bounds.top() + 50
        for name in STATION_LABELS:
            if name in used:
                item = self.station(name)
                item.setPos(x, y)
                item.show()
                y += 130
            elif name in self.stations:
                self.stations[name].hide()

    def hide_stations(self) -> None:
        for item in self.stations.values():
            item.hide()

    def rect(self, anchor: str) -> QRectF:
        if anchor.startswith("station:"):
            st = self.station(anchor.split(":", 1)[1])
            return st.mapRectToScene(StationItem.SIZE)
        if anchor.startswith("edge:"):
            edges: dict[str, Any] = getattr(self.scene, "edge_items", dict)()
            edge = edges.get(anchor.split(":", 1)[1])
            if edge is not None:
                mid = edge.mapToScene(edge._line.pointAt(0.5))
                return QRectF(mid.x() - 18, mid.y() - 18, 36, 36)
            return QRectF(0, 0, 10, 10)
        item = getattr(self.scene, "item", lambda _r: None)(anchor)
        if item is None:
            return self.rect("station:internet")
        return item.mapRectToScene(item.rect())

    def point(self, anchor: str) -> QPointF:
        r = self.rect(anchor)
        if anchor.startswith("station:"):  # on the station's icon, so the packet leaves its name readable
            return QPointF(r.left() + 46, r.center().y())
        item = None if ":" in anchor else getattr(self.scene, "item", lambda _r: None)(anchor)
        if item is not None and getattr(item, "role", "") in ("container", "band"):
            return QPointF(r.left() + 16, r.top() + 14)  # on its icon: the name beside it stays readable
        return r.center()

    def path(self, a: str, b: str) -> list[QPointF]:
        """Along the drawn edge when one joins the two anchors, else straight."""
        pa, pb = self.point(a), self.point(b)
        for edge in getattr(self.scene, "edge_items", lambda: {})().values():
            ends = {getattr(edge.src, "rid", None), getattr(edge.dst, "rid", None)}
            if ends == {a, b} and a != b:
                p1, p2 = edge.mapToScene(edge._line.p1()), edge.mapToScene(edge._line.p2())
                if getattr(edge.src, "rid", None) != a:
                    p1, p2 = p2, p1
                return [pa, p1, p2, pb]
        return [pa, pb]


@dataclass
class Glide:
    item: QGraphicsItem
    points: list[QPointF]
    lengths: list[float]
    start: float
    duration: float

    def at(self, now: float) -> tuple[QPointF, bool]:
        t = 1.0 if self.duration <= 0 else min(max((now - self.start) / self.duration, 0.0), 1.0)
        t = t * t * (3 - 2 * t)  # ease in and out
        total = self.lengths[-1]
        want = total * t
        for i in range(1, len(self.points)):
            if self.lengths[i] >= want or i == len(self.points) - 1:
                seg = self.lengths[i] - self.lengths[i - 1]
                f = 0.0 if seg <= 0 else (want - self.lengths[i - 1]) / seg
                a, b = self.points[i - 1], self.points[i]
                return QPointF(a.x() + (b.x() - a.x()) * f, a.y() + (b.y() - a.y()) * f), t >= 1.0
        return self.points[-1], True


class Animator(QObject):
    """Moves packets along polylines, all on one 60 fps timer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.glides: dict[int, Glide] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(16)
        self._timer.timeout.connect(lambda: self.advance(time.perf_counter()))

    def glide(self, item: QGraphicsItem, points: list[QPointF], seconds: float) -> None:
        lengths = [0.0]
        for a, b in itertools.pairwise(points):
            lengths.append(lengths[-1] + math.hypot(b.x() - a.x(), b.y() - a.y()))
        self.glides[id(item)] = Glide(item, points, lengths, time.perf_counter(), seconds)
        item.setPos(points[0])
        if not self._timer.isActive():
            self._timer.start()

    def stop(self, item: QGraphicsItem) -> None:
        self.glides.pop(id(item), None)

    def advance(self, now: float) -> int:
        """Move every packet to where it is at `now`; returns how many are still moving."""
        done = []
        for key, g in self.glides.items():
            pos, finished = g.at(now)
            g.item.setPos(pos)
            if finished:
                done.append(key)
        for key in done:
            del self.glides[key]
        if not self.glides:
            self._timer.stop()
        return len(self.glides)


class SimOverlay(QObject):
    """Draws one scenario's current step on the canvas."""

    def __init__(self, scene: QGraphicsScene, view: QGraphicsView) -> None:
        super().__init__(scene)
        self.scene, self.view = scene, view
        self.geo = Geometry(scene)
        self.animator = Animator(self)
        self.steps: list[SimStep] = []
        self.colour = "#1f77b4"
        self.packet = PacketItem(self.colour)
        self.highlight = HighlightItem()
        self.callout = CalloutItem()
        self.block = BlockMark()
        self.trail = TrailItem(self.colour, False)
        self.trail_back = TrailItem(self.colour, True)
        for item in (self.trail, self.trail_back, self.highlight, self.block, self.packet, self.callout):
            scene.addItem(item)
            item.hide()
        self._home((self.highlight, self.block, self.callout))  # the packet stays: a dot on the overview
        self.index = -1
        zoomed = getattr(view, "zoom_changed", None)
        if zoomed is not None:  # the callout is drawn in pixels: put it back beside its component
            zoomed.connect(lambda *_: self.replace_callout())

    def _home(self, items: tuple[QGraphicsItem, ...]) -> None:
        """Pixel-sized items draw only in the main canvas, not in the overview of the same scene."""
        for item in items:
            setattr(item, "home", self.view.viewport())  # noqa: B010 - a plain attribute on a Qt item

    def replace_callout(self) -> None:
        if 0 <= self.index < len(self.steps) and self.callout.isVisible():
            step = self.steps[self.index]
            self._place_callout(self.geo.point(step.anchor), self.geo.rect(self.from_anchor(self.index)),
                                self.ahead(self.index))

    def load(self, steps: list[SimStep], colour: str) -> None:
        self.steps, self.colour = steps, colour
        for item in (self.packet, self.trail, self.trail_back):
            self.scene.removeItem(item)
        self.packet = PacketItem(colour)
        self.trail, self.trail_back = TrailItem(colour, False), TrailItem(colour, True)
        for item in (self.packet, self.trail, self.trail_back):
            self.scene.addItem(item)
        used = {s.anchor.split(":", 1)[1] for s in steps if s.anchor.startswith("station:")}
        used |= {s.extra.get("from_anchor", "").split(":", 1)[1] for s in steps
                 if s.extra.get("from_anchor", "").startswith("station:")}
        self.geo.place_stations(used)
        self.show_hop(-1, None)
        self.reveal_stations()

    def reveal_stations(self) -> None:
        """If a station used by this scenario is outside the view, fit the whole drawing."""
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        shown = [st for st in self.geo.stations.values() if st.isVisible()]
        if any(not seen.contains(st.sceneBoundingRect()) for st in shown):
            rect = self.geo.design_bounds()
            for st in shown:
                rect = rect.united(st.sceneBoundingRect())
            self.view.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)

    def clear(self) -> None:
        self.steps = []
        self.geo.hide_stations()
        self.show_hop(-1, None)

    def from_anchor(self, index: int) -> str:
        step = self.steps[index]
        if "from_anchor" in step.extra:
            return step.extra["from_anchor"]
        return self.steps[index - 1].anchor if index > 0 else step.anchor

    def show_hop(self, index: int, step: SimStep | None, animate: bool = False, seconds: float = 0.6) -> None:
        visible = step is not None
        self.index = index
        for item in (self.packet, self.highlight, self.callout, self.trail, self.trail_back):
            item.setVisible(visible)
        self.block.setVisible(visible and step is not None and step.verdict == "block")
        if step is None:
            self.animator.stop(self.packet)
            return
        target = self.geo.point(step.anchor)
        self.highlight.set_target(self.geo.rect(step.anchor), step.verdict)
        self.packet.reply = step.direction == "return" or step.check == "DNS reply"
        origin = self.from_anchor(index)
        if animate and origin != step.anchor:
            self.animator.glide(self.packet, self.geo.path(origin, step.anchor), seconds)
        else:
            self.animator.stop(self.packet)
            self.packet.setPos(target)
        self.packet.update()
        self.block.setPos(target)
        self._trails(index)
        title = f"{index + 1}/{len(self.steps)}  {step.name}"
        body = step.callout
        if step.leg_text and len({s.leg for s in self.steps}) > 1:
            body += f"\n[{step.leg_text}]"
        self.callout.set_text(title, body, step.verdict)
        self._place_callout(target, self.geo.rect(origin), self.ahead(index))

    def ahead(self, index: int) -> QPointF | None:
        """Where the packet goes next (the callout must not hide it), or None when it stays put."""
        for later in self.steps[index + 1:]:
            if later.anchor != self.steps[index].anchor:
                return self.geo.point(later.anchor)
        return None

    def _trails(self, index: int) -> None:
        fwd: list[QPointF] = []
        back: list[QPointF] = []
        dns: list[tuple[QPointF, QPointF]] = []
        for s in self.steps[: index + 1]:
            line = back if s.direction == "return" else fwd
            if s.direction == "dns":
                dns.append((self.geo.point(s.extra.get("from_anchor", s.anchor)), self.geo.point(s.anchor)))
                continue
            if s.direction == "return" and not back and fwd:
                back.append(fwd[-1])
            p = self.geo.point(s.anchor)
            if not line or line[-1] != p:
                line.append(p)
        self.trail.set_points(fwd, dns)
        self.trail_back.set_points(back)

    def _place_callout(self, at: QPointF, origin: QRectF, ahead: QPointF | None = None) -> None:
        """Beside the anchor, on the side that hides least of the highlighted component, of the
        place the packet comes from (so the glide stays visible) and of where it goes next."""
        vp = QRectF(self.view.viewport().rect()).adjusted(4, 4, -4, -4)
        p = QPointF(self.view.mapFromScene(at))
        box = self.callout.boundingRect()
        w, h = box.width(), box.height()
        target = self.view.mapFromScene(self.highlight.rect).boundingRect()
        keep = QRectF(target).adjusted(-8, -8, 8, 8)
        if keep.width() * keep.height() > vp.width() * vp.height() / 6:  # a container: keep its label clear
            keep = QRectF(p.x() - 80, p.y() - 30, 200, 70)
        mark = QRectF(p.x() - 60, p.y() - 16, 120, 96) if self.block.isVisible() else QRectF()
        source = QRectF(self.view.mapFromScene(origin).boundingRect()).adjusted(-8, -8, 8, 8)
        if source.width() * source.height() > vp.width() * vp.height() / 4:  # a big container: its centre
            c = source.center()
            source = QRectF(c.x() - 40, c.y() - 40, 80, 80)
        nxt = QRectF()
        if ahead is not None:
            q = QPointF(self.view.mapFromScene(ahead))
            nxt = QRectF(q.x() - 45, q.y() - 30, 90, 60)  # the next component's icon and name
        stations = [QRectF(self.view.mapFromScene(st.sceneBoundingRect()).boundingRect())
                    for st in self.geo.stations.values() if st.isVisible()]  # the DNS path's other stops
        for anchor in dict.fromkeys(s.anchor for s in self.steps):  # and every other stop on the route
            q = QPointF(self.view.mapFromScene(self.geo.point(anchor)))
            if abs(q.x() - p.x()) + abs(q.y() - p.y()) > 40:
                stations.append(QRectF(q.x() - 40, q.y() - 25, 80, 50))
        best: tuple[float, QPointF] | None = None
        gap = 30 if mark.isNull() else 66  # clear of the packet (and of the BLOCKED mark)
        below = 30 if mark.isNull() else mark.bottom() - p.y() + 6
        beside = ((gap, -h - 24), (gap, 30), (-gap - w, -h - 24), (-gap - w, 30), (gap, -h / 2), (-gap - w, -h / 2))
        fallback = ((-w / 2, below), (-w / 2, -h - 24),  # centred: a narrow view
                    (gap + 90, -h - 24), (gap + 90, below))  # further along: clear of a neighbour
        for n, (dx, dy) in enumerate(beside + fallback):
            x = min(max(vp.left(), p.x() + dx), vp.right() - w)
            y = min(max(vp.top(), p.y() + dy), vp.bottom() - h)
            cand = QRectF(x, y, w, h)
            hidden = cand.intersected(keep)
            came = cand.intersected(source)
            if not mark.isNull() and cand.intersects(mark):  # the BLOCKED mark must stay readable
                hit = cand.intersected(mark)
                came = QRectF(0, 0, hit.width() * 12, hit.height())
            going = cand.intersected(nxt) if not nxt.isNull() else QRectF()
            cost = hidden.width() * hidden.height() + 4 * came.width() * came.height() \
                + 20 * going.width() * going.height() + abs(x - (p.x() + dx)) + abs(y - (p.y() + dy))
            for st in stations:
                over = cand.intersected(st)
                cost += over.width() * over.height()
            if cand.contains(p):
                cost += 1e6
            if n >= len(beside):
                cost += 150  # beside the packet reads best: the fallbacks only when that hides something
            if best is None or cost < best[0]:
                best = (cost, QPointF(x, y))
        assert best is not None
        self.callout.setPos(self.view.mapToScene(best[1].toPoint()))
