"""Canvas items: one per drawn object. Items only draw; the scene owns behaviour.

Each item reads a small `View` record (title, subtitle, state) that the scene computes from the
Document and `derive()`, so items never look at the model themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .. import icons
from ..theme import current

HEADER = 30.0
PAD = 16.0


@dataclass
class View:
    """What an item shows; computed by the scene (see scene.py `_view_for`)."""

    title: str
    subtitle: str = ""
    icon: str = ""
    tag: str = ""  # subnets: "PUBLIC" / "PRIVATE"
    derived: bool = False  # ASG members: not editable, drawn dashed
    lines: tuple[str, ...] = ()  # on-prem hosts
    tooltip: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def font(size_delta: int = 0, bold: bool = False) -> QFont:
    f = QFont(current().font_family)
    f.setPointSizeF(max(5.0, current().font_size + size_delta))
    f.setBold(bold)
    return f


@cache
def metrics(size_delta: int = 0, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(size_delta, bold))


def elide(text: str, width: float, size_delta: int = 0, bold: bool = False) -> str:
    return metrics(size_delta, bold).elidedText(text, Qt.TextElideMode.ElideRight, max(10.0, width))


ZOOMED_LABEL_W = 260.0
BREAKS = "-._ "


def split_two(text: str, width: float, size_delta: int) -> tuple[str, str] | None:
    """A bold name too wide for `width` cut into two lines after a '-', '.', '_' or space (the most
    even cut that fits), so "anycompany.example" reads whole when squeezed; None when none fits."""
    m = metrics(size_delta, True)
    if m.horizontalAdvance(text) <= width:
        return None
    best: tuple[float, tuple[str, str]] | None = None
    for i, ch in enumerate(text[:-1]):
        if ch in BREAKS and i > 0:
            a, b = text[:i + 1].rstrip(), text[i + 1:].lstrip()
            widest = max(m.horizontalAdvance(a), m.horizontalAdvance(b))
            if widest <= width and (best is None or widest < best[0]):
                best = (widest, (a, b))
    return best[1] if best else None


def zoomed_font_delta(lod: float, screen_pt: float = 8.5, cap: int = 26) -> int:
    """Point-size change that keeps a label about `screen_pt` tall on screen at this zoom."""
    return int(min(cap, max(0.0, screen_pt / max(lod, 0.05) - current().font_size)))


def lod_of(painter: QPainter, option: QStyleOptionGraphicsItem) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


class BaseItem(QGraphicsItem):
    """A drawn resource (or ASG member) with an id and a size."""

    movable = True
    role = "node"  # "container" | "node" | "mounted" | "band" | "member" | "note"

    def __init__(self, rid: str, kind: str, width: float, height: float) -> None:
        super().__init__()
        self.rid, self.kind = rid, kind
        self.view = View(rid)
        self._w, self._h = width, height
        self.signature: object = None
        # Paint once per zoom level, then blit: Python paint() is the cost of a frame.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsSelectable)
        if self.movable:
            self.setFlag(flags.ItemIsMovable)
        self.setAcceptHoverEvents(True)

    def size(self) -> tuple[float, float]:
        return self._w, self._h

    def set_size(self, width: float, height: float) -> None:
        if (width, height) != (self._w, self._h):
            self.prepareGeometryChange()
            self._w, self._h = width, height
            self.layout_badges()

    def set_view(self, view: View) -> None:
        self.view = view
        self.setToolTip(view.tooltip or view.title)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, self._w + 4, self._h + 4)

    def rect(self) -> QRectF:
        return QRectF(0, 0, self._w, self._h)

    def footprint(self) -> QRectF:
        """The area the item needs at normal zoom (layout and container sizes use this)."""
        return self.rect()

    def layout_badges(self) -> None:
        """Place badge children; containers and nodes override."""

    def _selection_pen(self) -> QPen:
        pen = QPen(QColor(current().selection), 2.6, Qt.PenStyle.SolidLine)
        pen.setCosmetic(True)
        return pen


class NodeItem(BaseItem):
    """An icon tile with its name and one line of detail (address, CIDR, role) underneath."""

    LABEL_W = 150.0

    def __init__(self, rid: str, kind: str, derived: bool = False) -> None:
        self.movable = not derived
        t = current()
        self._bounds_key: tuple[float, float] | None = None
        self._bounds = QRectF()
        self.badges: list[tuple[str, str, str, str, QRectF]] = []
        self.label_neighbours: tuple[tuple[BaseItem, float], ...] = ()  # set by the scene (labels.py)
        super().__init__(rid, kind, t.node_width, t.node_height)
        self.setZValue(2)

    def footprint(self) -> QRectF:
        extra = (self.LABEL_W - self._w) / 2
        return QRectF(-extra, -3, self.LABEL_W, self._h + 40)

    def boundingRect(self) -> QRectF:
        # Room for the enlarged label drawn when zoomed out. Cached: Qt asks for it very often.
        key = (self._w, self._h)
        if self._bounds_key != key:
            self._bounds_key = key
            self._bounds = QRectF(-ZOOMED_LABEL_W / 2 + self._w / 2, -3, ZOOMED_LABEL_W, self._h + 90)
        return self._bounds

    def set_badges(self, badges: list[tuple[str, str, str, str]]) -> None:
        """Security-group pills drawn by the node itself (one item, not one per pill: cheaper frames)."""
        widths = [metrics(-2, True).horizontalAdvance(text) + 26 for _, _, text, _ in badges]
        x = (self._w - (sum(widths) + 3 * max(0, len(badges) - 1))) / 2
        self.badges = []
        for (ref_id, kind, text, colour), w in zip(badges, widths, strict=True):
            self.badges.append((ref_id, kind, text, colour, QRectF(x, self._h + 36, w, 17)))
            x += w + 3
        self.update()

    def badge_at(self, pos: QPointF) -> str | None:
        for ref_id, _kind, _text, _colour, rect in self.badges:
            if rect.contains(pos):
                return ref_id
        return None

    def mousePressEvent(self, event: Any) -> None:
        ref = self.badge_at(event.pos())
        scene = self.scene()
        self._badge_pressed = ref is not None
        if ref is not None and scene is not None and hasattr(scene, "object_activated"):
            scene.object_activated.emit(ref)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        if getattr(self, "_badge_pressed", False):  # a badge click opens the group; it does not select
            self._badge_pressed = False
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def border_colour(self) -> str:
        return current().node_border

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = current()
        lod = lod_of(painter, option)
        r = self.rect()
        pen = QPen(QColor(self.border_colour()), t.line_width)
        if self.view.derived:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.node_fill))
        if lod < 0.2:
            painter.drawRect(r)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawRoundedRect(r, 8, 8)
        icons.draw(painter, self.view.icon or self.kind, r.adjusted(8, 8, -8, -8))
        from .labels import place  # names stop short of the neighbours' names: they never overprint

        painter.setPen(QColor(t.text))
        cx, top = self._w / 2, r.bottom() + 2
        if lod < 0.85:  # zoomed out: labels keep a readable size on screen, elided rather than overlapping
            delta = zoomed_font_delta(lod)
            cap = self.LABEL_W if lod >= 0.45 else ZOOMED_LABEL_W
            x0, width = place(self, delta, cap, metrics(delta, True).horizontalAdvance(self.view.title) + 4)
            wide = QRectF(cx + x0, top, width, 86)
            painter.setFont(font(delta, True))
            line_h = metrics(delta, True).height()
            two = split_two(self.view.title, width, delta) if 2 * line_h <= 86 else None
            for i, line in enumerate(two or (elide(self.view.title, width, delta, True),)):
                painter.drawText(wide.translated(0, i * line_h), Qt.AlignmentFlag.AlignHCenter
                                 | Qt.AlignmentFlag.AlignTop, line)
            if lod >= 0.45 and two is None:  # a name on two lines leaves no room for the detail line
                sub = zoomed_font_delta(lod, 7.5)
                sx, sw = place(self, delta, cap, metrics(sub).horizontalAdvance(self.view.subtitle) + 4)
                painter.setFont(font(sub))
                painter.setPen(QColor(t.muted))
                painter.drawText(QRectF(cx + sx, top + line_h, sw, 86 - line_h),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                 elide(self.view.subtitle, sw, sub))
        else:
            x0, width = place(self, 0, self.LABEL_W, metrics(0, True).horizontalAdvance(self.view.title) + 4)
            painter.setFont(font(0, True))
            painter.drawText(QRectF(cx + x0, top, width, 17), Qt.AlignmentFlag.AlignCenter,
                             elide(self.view.title, width, 0, True))
            sx, sw = place(self, 0, self.LABEL_W, metrics(-1).horizontalAdvance(self.view.subtitle) + 4)
            painter.setFont(font(-1))
            painter.setPen(QColor(t.muted))
            painter.drawText(QRectF(cx + sx, top + 15, sw, 17), Qt.AlignmentFlag.AlignCenter,
                             elide(self.view.subtitle, sw, -1))
            for _ref, kind, text, colour, rect in self.badges:
                paint_badge(painter, kind, text, colour, rect)
        if self.isSelected():
            painter.setPen(self._selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(-4, -4, 4, 4), 10, 10)


class MountedItem(NodeItem):
    """A gateway sitting on a VPC border: the same tile, outlined in the VPC colour, drawn on top."""

    def __init__(self, rid: str, kind: str) -> None:
        super().__init__(rid, kind)
        self.setZValue(5)

    def border_colour(self) -> str:
        return current().vpc_border


class ContainerItem(BaseItem):
    """VPC, subnet or on-premises network: a titled box that holds children."""

    def __init__(self, rid: str, kind: str) -> None:
        super().__init__(rid, kind, 360, 200)
        self.setZValue({"vpc": 0, "subnet": 1, "on-premises": 0}.get(kind, 0))
        self.highlight: str = ""  # "accept" / "refuse" while something is dragged over it
        self.markers: list[QRectF] | None = None  # overview: children drawn as plain boxes by the container

    def set_highlight(self, state: str) -> None:
        if state != self.highlight:
            self.highlight = state
            self.update()

    def colours(self) -> tuple[str, str]:
        t = current()
        if self.kind == "vpc":
            return t.vpc_fill, t.vpc_border
        if self.kind == "on-premises":
            return t.onprem_fill, t.onprem_border
        if self.view.tag == "PUBLIC":
            return t.public_fill, t.public_border
        return t.private_fill, t.private_border

    def layout_badges(self) -> None:
        x_right = self._w - 8
        for child in self.childItems():
            if isinstance(child, BadgeItem):
                w = child.boundingRect().width()
                if child.ref_kind == "network-acl":  # NACLs sit on the subnet's border
                    child.setPos(12, self._h - 9)
                else:
                    x_right -= w
                    child.setPos(x_right, HEADER + 2)
                    x_right -= 4

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = current()
        fill, border = self.colours()
        r = self.rect()
        lod = lod_of(painter, option)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.2)
        pen = QPen(QColor(border), t.line_width * (1.6 if self.kind == "vpc" else 1.0))
        if self.kind == "subnet" and self.view.tag != "PUBLIC":
            pen.setStyle(Qt.PenStyle.DashLine)  # private subnets: dashed border, not only another colour
        painter.setPen(pen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(r, 10, 10)
        header = QRectF(0, 0, r.width(), HEADER)
        painter.setPen(QColor(t.text))
        if lod < 0.45:  # zoomed out: the name alone, kept readable on screen
            painter.setFont(font(zoomed_font_delta(lod, 9.5, 60), True))
            text = self.view.title + (f"  {self.view.tag.lower()}" if self.view.tag else "")
            painter.drawText(r.adjusted(10, 4, -10, -4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
        else:
            icons.draw(painter, self.kind, QRectF(8, 5, 22, 22))
            # Below 90 % the header text grows in scene units so it stays readable on screen.
            td = max(1, zoomed_font_delta(lod, 9.5, 8)) if lod < 0.9 else 1
            sd = max(-1, zoomed_font_delta(lod, 7.5, 6)) if lod < 0.9 else -1
            painter.setFont(font(td, True))
            title_w = metrics(td, True).horizontalAdvance(self.view.title)
            painter.drawText(header.adjusted(36, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter,
                             elide(self.view.title, r.width() - 150, td, True))
            painter.setFont(font(sd))
            painter.setPen(QColor(t.muted))
            sub_x = 36 + min(title_w, r.width() - 150) + 10
            painter.drawText(header.adjusted(sub_x, 0, -96, 0), Qt.AlignmentFlag.AlignVCenter,
                             elide(self.view.subtitle, r.width() - sub_x - 100, sd))
            if self.view.tag:
                self._paint_tag(painter, border)
            for i, line in enumerate(self.view.lines):
                y = HEADER + 8 + i * 26
                icons.draw(painter, "instance", QRectF(12, y, 20, 20))
                painter.setPen(QColor(t.text))
                painter.setFont(font(-1))
                painter.drawText(QRectF(38, y, r.width() - 46, 20), Qt.AlignmentFlag.AlignVCenter,
                                 elide(line, r.width() - 46, -1))
        scene = self.scene()
        if scene is not None and getattr(scene, "detail", 2) == 0:
            self._paint_markers(painter)
        if self.highlight:
            colour = t.accept if self.highlight == "accept" else t.refuse
            hp = QPen(QColor(colour), 3, Qt.PenStyle.SolidLine if self.highlight == "accept" else Qt.PenStyle.DotLine)
            hp.setCosmetic(True)
            painter.setPen(hp)
            painter.setBrush(QColor(colour).lighter(190) if self.highlight == "accept" else Qt.BrushStyle.NoBrush)
            painter.setOpacity(0.5 if self.highlight == "accept" else 1.0)
            painter.drawRoundedRect(r, 10, 10)
            painter.setOpacity(1.0)
        if self.isSelected():
            painter.setPen(self._selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(-3, -3, 3, 3), 12, 12)

    def _paint_markers(self, painter: QPainter) -> None:
        """Overview zoom: the boxes inside are hidden; one call draws them all as small tiles."""
        if self.markers is None:
            self.markers = [c.mapRectToParent(c.rect()) for c in self.childItems()
                            if isinstance(c, BaseItem) and c.role in ("node", "member", "mounted")]
        if self.markers:
            painter.setPen(QPen(QColor(current().node_border), 0))
            painter.setBrush(QColor(current().node_fill))
            painter.drawRects(self.markers)

    def _paint_tag(self, painter: QPainter, border: str) -> None:
        """PUBLIC is a filled pill with a globe, PRIVATE an outlined pill: shape as well as colour."""
        text = self.view.tag
        w = metrics(-2, True).horizontalAdvance(text) + 30
        tag = QRectF(self._w - w - 8, 6, w, 19)
        public = text == "PUBLIC"
        painter.setPen(QPen(QColor(border), 1.2))
        painter.setBrush(QColor(border) if public else QColor(current().badge_fill))
        painter.drawRoundedRect(tag, 9, 9)
        icons.draw(painter, "internet" if public else "subnet", QRectF(tag.x() + 5, tag.y() + 2.5, 14, 14))
        painter.setPen(QColor(current().on_border_text) if public else QColor(border))
        painter.setFont(font(-2, True))
        painter.drawText(tag.adjusted(22, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, text)


class BandItem(BaseItem):
    """An Auto Scaling group: a dashed band in its VPC, linked to its members in their subnets."""

    def __init__(self, rid: str, kind: str) -> None:
        super().__init__(rid, kind, 320, 56)
        self.setZValue(1)

    def layout_badges(self) -> None:
        x = self._w - 8
        for child in self.childItems():
            if isinstance(child, BadgeItem):
                x -= child.boundingRect().width()
                child.setPos(x, 8)
                x -= 4

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = current()
        r = self.rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(t.asg_border), t.line_width, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.asg_fill))
        painter.drawRoundedRect(r, 8, 8)
        icons.draw(painter, self.kind, QRectF(10, 8, 28, 28))
        painter.setPen(QColor(t.text))
        lod = lod_of(painter, option)
        if lod < 0.45:
            painter.setFont(font(zoomed_font_delta(lod, 9.0, 40), True))
            painter.drawText(r.adjusted(46, 2, -6, -2), Qt.AlignmentFlag.AlignVCenter,
                             f"{self.view.title}  ({self.view.subtitle.split(' · ')[0]})")
            return
        painter.setFont(font(1, True))
        painter.drawText(QRectF(46, 6, r.width() - 52, 20), Qt.AlignmentFlag.AlignVCenter,
                         elide(self.view.title, r.width() - 56, 1, True))
        painter.setFont(font(-1))
        painter.setPen(QColor(t.muted))
        painter.drawText(QRectF(46, 26, r.width() - 52, 18), Qt.AlignmentFlag.AlignVCenter,
                         elide(self.view.subtitle, r.width() - 56, -1))
        if self.isSelected():
            painter.setPen(self._selection_pen())
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(-3, -3, 3, 3), 10, 10)


def paint_badge(painter: QPainter, kind: str, text: str, colour: str, r: QRectF) -> None:
    """A pill with the kind's icon and a name; NACLs get a square tab (shape, not only colour).
    The colour follows the current theme by kind, so a theme switch recolours existing pills."""
    t = current()
    colour = {"security-group": t.badge_sg, "network-acl": t.badge_nacl, "route-table": t.badge_rtb}.get(kind, colour)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(colour), 1.2))
    painter.setBrush(QColor(t.badge_fill))
    path = QPainterPath()
    if kind == "network-acl":
        path.addRect(r)
    else:
        path.addRoundedRect(r, 8, 8)
    painter.drawPath(path)
    icons.draw(painter, kind, QRectF(r.x() + 4, r.y() + 1.5, 14, 14))
    painter.setPen(QColor(colour))
    painter.setFont(font(-2, True))
    painter.drawText(r.adjusted(21, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, elide(text, r.width() - 23, -2, True))


class BadgeItem(QGraphicsItem):
    """A small pill naming a security group, NACL or route table; clicking it opens that object."""

    def __init__(self, ref_id: str, ref_kind: str, text: str, colour: str) -> None:
        super().__init__()
        self.ref_id, self.ref_kind, self.text, self.colour = ref_id, ref_kind, text, colour
        self._w = metrics(-2, True).horizontalAdvance(text) + 26
        self._bounds = QRectF(0, 0, self._w, 17)
        self.setZValue(6)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip({"security-group": "Security group", "network-acl": "Network ACL",
                         "route-table": "Route table"}.get(ref_kind, ref_kind) + f" {ref_id} — click to edit")

    def boundingRect(self) -> QRectF:
        return self._bounds

    def refit(self) -> None:
        """Re-measure after a theme change (the projector theme's larger font needs a wider pill)."""
        width = metrics(-2, True).horizontalAdvance(self.text) + 26
        if width != self._w:
            self.prepareGeometryChange()
            self._w = width
            self._bounds = QRectF(0, 0, width, 17)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if lod_of(painter, option) < 0.45:
            return
        paint_badge(painter, self.ref_kind, self.text, self.colour, self.boundingRect())

    def mousePressEvent(self, event: Any) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "object_activated"):
            scene.object_activated.emit(self.ref_id)
        event.accept()


def center_of(item: QGraphicsItem) -> QPointF:
    return item.mapToScene(item.boundingRect().center()) if not isinstance(item, BaseItem) else item.mapToScene(
        item.rect().center())


def refit_badges(items: list[QGraphicsItem]) -> None:
    """Pills are measured with the font of the theme they were made under: measure them again."""
    for item in items:
        if isinstance(item, BadgeItem):
            item.refit()
    for item in items:
        if isinstance(item, NodeItem) and item.badges:
            item.set_badges([(ref, kind, text, colour) for ref, kind, text, colour, _ in item.badges])
        elif isinstance(item, BaseItem):
            item.layout_badges()


from .notes import NoteItem  # noqa: E402  (kept importable from here; it builds on BaseItem)

__all__ = ["BadgeItem", "BandItem", "BaseItem", "ContainerItem", "MountedItem", "NodeItem", "NoteItem", "View"]
