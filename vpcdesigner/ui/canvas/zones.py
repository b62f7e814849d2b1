"""Availability Zone bands: a dashed frame around the subnets of each AZ inside a VPC.

Pure decoration derived from the subnets' `availability_zone` (AZs are not objects of the model),
drawn under the subnets, ignoring the mouse, and left out when the layout interleaves the zones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

from .. import icons
from ..theme import current
from .items import BaseItem, font, lod_of, zoomed_font_delta

if TYPE_CHECKING:
    from .scene import DesignScene

MARGIN, LABEL = 10.0, 20.0


class ZoneBand(QGraphicsItem):
    def __init__(self, zone: str) -> None:
        super().__init__()
        self.zone = zone
        self._rect = QRectF()
        self.setZValue(0.5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setToolTip(f"Availability Zone {zone}")
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = current()
        pen = QPen(QColor(t.muted), 1.2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self._rect, 8, 8)
        lod = lod_of(painter, option)
        if lod >= 0.35:
            icons.draw(painter, "availability-zone", QRectF(self._rect.x() + 6, self._rect.y() + 3, 14, 14))
            painter.setPen(QColor(t.muted))
            painter.setFont(font(zoomed_font_delta(lod, 7.0, 3) if lod < 0.9 else -2, True))
            painter.drawText(QRectF(self._rect.x() + 24, self._rect.y() + 2, self._rect.width() - 30, 16),
                             Qt.AlignmentFlag.AlignVCenter, self.zone)


def sync_zone_bands(scene: DesignScene, bands: dict[tuple[str, str], ZoneBand]) -> None:
    """Create, move or remove the AZ bands of every VPC to match its subnets."""
    design = scene.doc.design
    wanted: dict[tuple[str, str], tuple[BaseItem, QRectF]] = {}
    per_vpc: dict[str, dict[str, QRectF]] = {}
    for rid, item in scene.items_by_id().items():
        r = design.resources.get(rid)
        if r is None or r.kind != "subnet":
            continue
        parent = item.parentItem()
        if not isinstance(parent, BaseItem) or parent.kind != "vpc":
            continue
        rect = item.mapRectToParent(item.rect())
        zones = per_vpc.setdefault(parent.rid, {})
        zones[r.availability_zone] = zones[r.availability_zone].united(rect) if r.availability_zone in zones else rect
    for vpc_id, zones in per_vpc.items():
        rects = {z: r.adjusted(-MARGIN, -MARGIN - LABEL, MARGIN, MARGIN) for z, r in zones.items()}
        values = list(rects.values())
        if any(a.intersects(b) for i, a in enumerate(values) for b in values[i + 1:]):
            continue  # interleaved layout: frames would only confuse
        vpc_item = scene.item(vpc_id)
        assert vpc_item is not None
        for zone, rect in rects.items():
            wanted[(vpc_id, zone)] = (vpc_item, rect)
    for key in [k for k in bands if k not in wanted or not isValid(bands[k])]:
        band = bands.pop(key)
        if isValid(band) and band.scene() is scene:
            scene.removeItem(band)
    for key, (vpc_item, rect) in wanted.items():
        band = bands.get(key)
        if band is None or band.scene() is not scene:
            band = ZoneBand(key[1])
            bands[key] = band
            band.setParentItem(vpc_item)
        elif band.parentItem() is not vpc_item:
            band.setParentItem(vpc_item)
        band.set_rect(rect)
