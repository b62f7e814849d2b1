"""Paint a `Page` into PNG (raster, at a scale), SVG (QSvgGenerator) or PDF (QPdfWriter, vector)."""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from .fastpaint import ExportPainter
from .iconpaint import export_icons
from .options import MAX_SIDE, ExportError
from .page import Page
from .pngwrite import PngStream

DPI = 96.0  # one page unit is one pixel at 96 dpi: fonts given in points keep the canvas look
PDF_MAX_POINTS = 14_400.0  # 200 inches: the largest page PDF readers accept
BAND_BYTES = 512 << 20  # painted at a time: one band up to 128 megapixels (items on a seam paint twice)


def png_size(page: Page, scale: float) -> tuple[int, int, float, str | None]:
    """Pixel size for `scale`, capped at MAX_SIDE a side (then the scale used and a message)."""
    w, h = page.size.width(), page.size.height()
    used = scale
    message = None
    if max(w, h) * scale > MAX_SIDE:
        used = MAX_SIDE / max(w, h)
        message = (f"the picture would be {math.ceil(w * scale):,} × {math.ceil(h * scale):,} pixels; "
                   f"capped at {MAX_SIDE:,} pixels a side (scale {scale:g} reduced to {used:.2f})")
    return min(MAX_SIDE, math.ceil(w * used)), min(MAX_SIDE, math.ceil(h * used)), used, message


def to_png(page: Page, scale: float) -> tuple[bytes, int, int, float, str | None]:
    """Paint band by band while finished bands are encoded in the background.

    Memory stays at a few bands instead of the whole picture (a 16,384-pixel square would need
    a gigabyte), and painting and compression overlap on two cores.
    """
    width, height, used, message = png_size(page, scale)
    stream = PngStream(width, height, DPI * used, alpha=page.transparent)
    rows = max(1, min(height, BAND_BYTES // (width * 4)))
    with export_icons(vector=False):
        for y in range(0, height, rows):
            band, _ = _paint_band(page, used, width, y, min(rows, height - y))
            stream.add(band)
    return stream.finish(), width, height, used, message


def raster(page: Page, scale: float) -> tuple[QImage, float, str | None]:
    """The whole page painted into one image at `scale` (capped), the scale used and the cap message."""
    width, height, used, message = png_size(page, scale)
    with export_icons(vector=False):
        image, _ = _paint_band(page, used, width, 0, height)
    return image, used, message


def _paint_band(page: Page, scale: float, width: int, y: int, rows: int) -> tuple[QImage, QRectF]:
    image = QImage(width, rows, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExportError(f"not enough memory for a {width:,} × {rows:,} pixel image; use a smaller scale")
    dpm = round(DPI / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    image.fill(QColor(0, 0, 0, 0) if page.transparent else QColor("#ffffff"))  # the page's background
    painter = ExportPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.translate(0, -y)
    painter.scale(scale, scale)
    region = QRectF(0, y / scale, width / scale, rows / scale).adjusted(0, -1, 0, 1)
    painter.setClipRect(region)
    page.paint(painter, region, background=False)
    painter.end()
    return image, region


def to_svg(page: Page, title: str) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    w, h = page.size.width(), page.size.height()
    gen.setSize(QSize(math.ceil(w), math.ceil(h)))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setResolution(round(DPI))
    gen.setTitle(title)
    gen.setDescription("Exported from VPC Designer")
    painter = QPainter(gen)
    with export_icons(vector=True):
        page.paint(painter)
    painter.end()
    buf.close()
    return bytes(data.data())


def to_pdf(page: Page, title: str) -> tuple[bytes, float, str | None]:
    """A one-page vector PDF the size of the picture (shrunk to the 200-inch PDF limit if needed)."""
    w, h = page.size.width(), page.size.height()
    points = 72.0 / DPI
    fit = min(1.0, PDF_MAX_POINTS / (max(w, h) * points))
    message = None if fit >= 1.0 else f"the page is larger than PDF's 200-inch limit; shrunk to {fit:.0%}"
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    pdf = QPdfWriter(buf)
    pdf.setResolution(round(DPI))
    pdf.setTitle(title)
    pdf.setCreator("VPC Designer")
    size = QPageSize(QSizeF(w * points * fit, h * points * fit), QPageSize.Unit.Point, title or "picture",
                     QPageSize.SizeMatchPolicy.ExactMatch)
    pdf.setPageSize(size)
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(pdf)
    f = pdf.width() / w if w else 1.0
    painter.scale(f, f)
    with export_icons(vector=True):
        page.paint(painter)
    painter.end()
    buf.close()
    return bytes(data.data()), fit, message
