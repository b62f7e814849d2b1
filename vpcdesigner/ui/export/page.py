"""One exported page: title, the diagram (with an optional trace path), legend and hop table.

Everything is laid out in page units (1 unit = 1 scene unit = 1 pixel at scale 1), so the PNG,
SVG and PDF writers only choose a device and a scale and call `paint`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from ..canvas.scene import DesignScene
from ..theme import current
from . import legend
from .canvas import visible_rect
from .marks import pfont

if TYPE_CHECKING:  # the simulation package loads pyqtgraph: only trace exports pay for it
    from ..simulation.steps import SimStep
    from .table import HopTable

MARGIN = 32.0
GAP = 28.0
TITLE_PX, SUBTITLE_PX = 26.0, 15.0
TABLE_MIN_W, TABLE_SIDE_W = 1100.0, 1000.0


class Page:
    """Lays out the parts once; `size` is the page in units, `paint` draws it at the painter's scale."""

    def __init__(self, scene: DesignScene, title: str | None = None, subtitle: str = "", show_legend: bool = False,
                 steps: list[SimStep] | None = None, transparent: bool = False,
                 destination: str | None = None) -> None:
        self.scene, self.title, self.subtitle, self.transparent = scene, title, subtitle, transparent
        design_rect = visible_rect(scene)
        if steps:
            from .table import HopTable
            from .trace_layer import TraceLayer
        self.layer = TraceLayer(scene, steps, design_rect, destination) if steps else None
        self.source = design_rect if self.layer is None else design_rect.united(
            self.layer.bounds().adjusted(-16, -16, 16, 16))
        self.legend = legend.entries(scene, trace=bool(steps)) if show_legend else []
        y = MARGIN
        self.title_rect = QRectF()
        self.subtitle_rect = QRectF()
        if title:
            self.title_rect = QRectF(MARGIN, y, 0, TITLE_PX * 1.4)
            y += self.title_rect.height()
            if subtitle:
                self.subtitle_rect = QRectF(MARGIN, y + 2, 0, 0)  # height set once the width is known
            y += 14
        top = y
        dw, dh = self.source.width(), self.source.height()
        self.diagram = QRectF(MARGIN, top, dw, dh)
        right = self.diagram.right()
        self.legend_rect = QRectF()
        if self.legend:
            self.legend_rect = QRectF(right + GAP, top, legend.WIDTH, legend.height(self.legend))
            right = self.legend_rect.right()
        bottom = max(self.diagram.bottom(), self.legend_rect.bottom())
        self.table: HopTable | None = None
        self.table_at = QPointF()
        if steps:
            beside = dh > dw * 1.15
            if beside:
                self.table = HopTable(steps, TABLE_SIDE_W)
                self.table_at = QPointF(right + GAP, top)
                right += GAP + TABLE_SIDE_W
                bottom = max(bottom, top + self.table.height)
            else:
                self.table = HopTable(steps, max(TABLE_MIN_W, right - MARGIN))
                self.table_at = QPointF(MARGIN, bottom + GAP)
                right = max(right, MARGIN + self.table.width)
                bottom = self.table_at.y() + self.table.height
        width = right + MARGIN
        if title:  # the title never gets cut: widen the page for a long one
            fm = QFontMetricsF(pfont(TITLE_PX, True))
            width = max(width, MARGIN * 2 + fm.horizontalAdvance(title) + 8)
            self.title_rect.setWidth(width - 2 * MARGIN)
            if subtitle:
                sub = QFontMetricsF(pfont(SUBTITLE_PX)).boundingRect(
                    QRectF(0, 0, width - 2 * MARGIN, 10_000), int(Qt.TextFlag.TextWordWrap), subtitle)
                self.subtitle_rect = QRectF(MARGIN, self.subtitle_rect.top(), width - 2 * MARGIN, sub.height() + 4)
                shift = self.subtitle_rect.height() + 2
                for r in (self.diagram, self.legend_rect):
                    r.translate(0, shift)
                self.table_at += QPointF(0, shift)
                bottom += shift
        self.size = QSizeF(width, bottom + MARGIN)

    def paint(self, painter: QPainter, region: QRectF | None = None, background: bool = True) -> None:
        """Paint the page; with `region` (page units) only the diagram items there are rendered,
        for painting a big picture band by band (the painter is clipped to the band already).
        `background` False: the device is already filled (a raster band filled white at creation)."""
        t = current()
        painter.save()
        full = QRectF(QPointF(0, 0), self.size)
        region = full if region is None else region.intersected(full)
        if background and not self.transparent:
            painter.fillRect(region, QColor("#ffffff"))
        if self.title:
            painter.setFont(pfont(TITLE_PX, True))
            painter.setPen(QColor(t.text))
            painter.drawText(self.title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title)
            if self.subtitle:
                painter.setFont(pfont(SUBTITLE_PX))
                painter.setPen(QColor(t.muted))
                painter.drawText(self.subtitle_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                                 self.subtitle)
        part = self.diagram.intersected(region)
        if not part.isEmpty():  # the matching slice of the scene, one unit per unit
            offset = self.source.topLeft() - self.diagram.topLeft()
            self.scene.render(painter, part, part.translated(offset), Qt.AspectRatioMode.IgnoreAspectRatio)
        if self.layer is not None:
            painter.save()
            painter.translate(self.diagram.topLeft() - self.source.topLeft())
            self.layer.paint(painter)
            painter.restore()
        if self.legend:
            legend.paint(painter, self.legend_rect, self.legend)
        if self.table is not None:
            self.table.paint(painter, self.table_at)
        painter.restore()
