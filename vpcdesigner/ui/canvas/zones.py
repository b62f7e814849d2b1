"""Availability Zone bands (a dashed frame around the subnets of each AZ inside a VPC) and region bands.

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


REGION_MARGIN, REGION_LABEL = 26.0, 30.0


class RegionBand(QGraphicsItem):
    """A region: a soft frame around the VPCs of one AWS region, labelled with the region's code.

    Like the AZ frames it is decoration (regions are a field of each VPC, not objects), drawn under
    the VPCs and ignoring the mouse, so multi-region designs read as regions at a glance.
    """

    def __init__(self, region: str) -> None:
        super().__init__()
        self.region = region
        self._rect = QRectF()
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setToolTip(f"AWS Region {region}")
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = current()
        lod = lod_of(painter, option)
        pen = QPen(QColor(t.vpc_border), 1.4, Qt.PenStyle.DashDotLine)
        pen.setCosmetic(True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, lod > 0.2)
        painter.setPen(pen)
        fill = QColor(t.vpc_border)
        fill.setAlpha(14)
        painter.setBrush(fill)
        painter.drawRoundedRect(self._rect, 14, 14)
        delta = zoomed_font_delta(lod, 9.0, 40) if lod < 0.9 else 0
        text_h = max(18.0, font(delta, True).pointSizeF() * 1.6)
        x, y = self._rect.x() + 10, self._rect.y() + 6
        if lod >= 0.35:
            icons.draw(painter, "region", QRectF(x, y + 1, 18, 18))
            x += 24
        painter.setPen(QColor(t.vpc_border))
        painter.setFont(font(delta, True))
        painter.drawText(QRectF(x, y, self._rect.width() - (x - self._rect.x()) - 10, text_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"Region {self.region}")


def sync_region_bands(scene: DesignScene, bands: dict[str, RegionBand]) -> None:
    """One band per region around its VPCs (and the gateways on their borders); left out when two
    regions' frames would overlap (an interleaved layout would only confuse)."""
    design = scene.doc.design
    per_region: dict[str, QRectF] = {}
    for rid, item in scene.items_by_id().items():
        r = design.resources.get(rid)
        if r is None or r.kind != "vpc" or item.parentItem() is not None:
            continue
        rect = item.mapRectToScene(item.rect())
        for child in item.childItems():
            if isinstance(child, BaseItem) and child.role == "mounted":
                rect = rect.united(child.mapRectToScene(child.rect()))
        region = getattr(r, "region", "")
        per_region[region] = per_region[region].united(rect) if region in per_region else rect
    wanted = {z: r.adjusted(-REGION_MARGIN, -REGION_MARGIN - REGION_LABEL, REGION_MARGIN, REGION_MARGIN)
              for z, r in per_region.items()}
    values = list(wanted.values())
    if any(a.intersects(b) for i, a in enumerate(values) for b in values[i + 1:]):
        wanted = {}
    for key in [k for k in bands if k not in wanted or not isValid(bands[k])]:
        band = bands.pop(key)
        if isValid(band) and band.scene() is scene:
            scene.removeItem(band)
    for key, rect in wanted.items():
        band = bands.get(key)
        if band is None or band.scene() is not scene:
            band = RegionBand(key)
            bands[key] = band
            scene.addItem(band)
        band.set_rect(rect)
