"""The legend: one line per kind of box, line and mark that the exported picture actually shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from .. import icons
from ..canvas.edges import _STYLE as EDGE_STYLE
from ..canvas.edges import EdgeItem
from ..canvas.items import BadgeItem, BandItem, ContainerItem, NodeItem
from ..canvas.scene import DesignScene
from ..theme import current
from .marks import FORWARD, RETURN, draw_arrow_head, draw_mark, pfont

WIDTH = 330.0
ROW = 30.0
SWATCH = QRectF(0, 0, 48, 22)
EDGE_LABELS = {
    "flow": "Traffic path (route, listener, origin)", "hybrid": "VPN / Direct Connect link",
    "member": "Auto Scaling group member", "dns": "DNS record (alias, CNAME)", "attach": "Attachment",
    "peering": "VPC peering",
}
Swatch = Callable[[QPainter, QRectF], None]


@dataclass
class Entry:
    label: str
    draw: Swatch


def _box(fill: str, border: str, dashed: bool = False, width: float = 1.4) -> Swatch:
    def draw(p: QPainter, r: QRectF) -> None:
        pen = QPen(QColor(border), width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        p.setPen(pen)
        p.setBrush(QColor(fill))
        p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 6, 6)
    return draw


def _tagged(fill: str, border: str, public: bool) -> Swatch:
    def draw(p: QPainter, r: QRectF) -> None:
        _box(fill, border, dashed=not public)(p, r)
        tag = QRectF(r.right() - 22, r.top() + 5, 16, 12)
        p.setPen(QPen(QColor(border), 1.0))
        p.setBrush(QColor(border) if public else QColor("#ffffff"))
        p.drawRoundedRect(tag, 5, 5)
    return draw


def _icon(name: str, dashed: bool = False) -> Swatch:
    def draw(p: QPainter, r: QRectF) -> None:
        t = current()
        tile = QRectF(r.center().x() - 11, r.top(), 22, 22)
        pen = QPen(QColor(t.node_border), 1.2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        p.setPen(pen)
        p.setBrush(QColor(t.node_fill))
        p.drawRoundedRect(tile, 4, 4)
        icons.draw(p, name, tile.adjusted(3, 3, -3, -3))
    return draw


def _line(colour: str, style: Qt.PenStyle, width: float, arrow: bool) -> Swatch:
    def draw(p: QPainter, r: QRectF) -> None:
        y = r.center().y()
        pen = QPen(QColor(colour), width, style)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(QPointF(r.left() + 2, y), QPointF(r.right() - 4, y))
        if arrow:
            draw_arrow_head(p, QPointF(r.right() - 2, y), 0.0, 10, colour)
    return draw


def _badge(kind: str, colour: str) -> Swatch:
    def draw(p: QPainter, r: QRectF) -> None:
        pill = QRectF(r.left() + 4, r.top() + 3, 40, 16)
        p.setPen(QPen(QColor(colour), 1.2))
        p.setBrush(QColor("#ffffff"))
        if kind == "network-acl":
            p.drawRect(pill)
        else:
            p.drawRoundedRect(pill, 8, 8)
        icons.draw(p, kind, QRectF(pill.left() + 3, pill.top() + 1, 14, 14))
    return draw


def _mark(verdict: str) -> Swatch:
    def draw(p: QPainter, r: QRectF) -> None:
        draw_mark(p, verdict, r.center(), 10)
    return draw


def _stop(p: QPainter, r: QRectF) -> None:
    pill = QRectF(r.center().x() - 13, r.center().y() - 10, 26, 20)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#263238"))
    p.drawRoundedRect(pill, 10, 10)
    p.setPen(QColor("#ffffff"))
    p.setFont(pfont(12, True))
    p.drawText(pill, Qt.AlignmentFlag.AlignCenter, "3")


def entries(scene: DesignScene, trace: bool = False) -> list[Entry]:
    """What the visible part of `scene` uses, in a fixed order (containers, nodes, lines, badges)."""
    t = current()
    shown = [i for i in scene.items() if i.isVisible() and i.effectiveOpacity() > 0.0]
    kinds = {(i.kind, getattr(i.view, "tag", "")) for i in shown if isinstance(i, ContainerItem)}
    out: list[Entry] = []
    if any(k == "vpc" for k, _ in kinds):
        out.append(Entry("VPC", _box(t.vpc_fill, t.vpc_border, width=2.2)))
    if any(type(i).__name__ == "ZoneBand" for i in shown):  # duck-typed: AZ frames are canvas decoration
        out.append(Entry("Availability Zone (dashed frame)", _box("#ffffff", t.muted, dashed=True, width=1.2)))
    if ("subnet", "PUBLIC") in kinds:
        out.append(Entry("Public subnet (solid border, filled tag)", _tagged(t.public_fill, t.public_border, True)))
    if any(k == "subnet" and tag != "PUBLIC" for k, tag in kinds):
        out.append(Entry("Private subnet (dashed border)", _tagged(t.private_fill, t.private_border, False)))
    if any(k == "on-premises" for k, _ in kinds):
        out.append(Entry("On-premises network", _box(t.onprem_fill, t.onprem_border)))
    if any(isinstance(i, BandItem) for i in shown):
        out.append(Entry("Auto Scaling group", _box("#fff3e0", t.asg_border, dashed=True)))
    if any(isinstance(i, NodeItem) and i.view.derived for i in shown):
        out.append(Entry("Derived instance (ASG member)", _icon("instance", dashed=True)))
    styles = {i.spec.style for i in shown if isinstance(i, EdgeItem)}
    for style, label in EDGE_LABELS.items():
        if style in styles:
            attr, pen_style, factor, arrow = EDGE_STYLE[style]
            out.append(Entry(label, _line(getattr(t, attr), pen_style, t.line_width * factor, arrow)))
    badges = {(i.ref_kind, i.colour) for i in shown if isinstance(i, BadgeItem)}
    for kind, label in (("security-group", "Security group"), ("network-acl", "Network ACL"),
                        ("route-table", "Route table")):
        colour = next((c for k, c in sorted(badges) if k == kind), None)
        if colour is not None:
            out.append(Entry(label, _badge(kind, colour)))
    if trace:
        out += [Entry("Request path (hop order)", _line(FORWARD, Qt.PenStyle.SolidLine, 4.0, True)),
                Entry("Reply path", _line(RETURN, Qt.PenStyle.DashLine, 3.0, True)),
                Entry("Stop on the path: hop numbers", _stop),
                Entry("✓ Allowed (check passed)", _mark("pass")),
                Entry("✗ Blocked (packet dropped)", _mark("block")),
                Entry("• Information only", _mark("info"))]
    return out


def height(items: list[Entry]) -> float:
    return 44.0 + ROW * len(items) + 10.0


def paint(painter: QPainter, rect: QRectF, items: list[Entry]) -> None:
    """A framed legend box in `rect` (width WIDTH, height `height(items)`)."""
    t = current()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#c5ccd3"), 1.0))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(rect, 8, 8)
    painter.setPen(QColor(t.text))
    painter.setFont(pfont(15, True))
    painter.drawText(QRectF(rect.left() + 14, rect.top() + 10, rect.width() - 28, 24),
                     Qt.AlignmentFlag.AlignVCenter, "Legend")
    fm = QFontMetricsF(pfont(12))
    y = rect.top() + 44
    for entry in items:
        sw = SWATCH.translated(rect.left() + 14, y + (ROW - SWATCH.height()) / 2 - 2)
        painter.save()
        entry.draw(painter, sw)
        painter.restore()
        painter.setFont(pfont(12))
        painter.setPen(QColor(t.text))
        text_rect = QRectF(sw.right() + 12, y, rect.right() - sw.right() - 24, ROW - 4)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(entry.label, Qt.TextElideMode.ElideRight, text_rect.width()))
        y += ROW
    painter.restore()

