"""The fast PNG encoder round-trips exactly through Qt's decoder (RGB and RGBA, many strips)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

from vpcdesigner.ui.export import pngwrite
from vpcdesigner.ui.export.pngwrite import encode_png
from vpcdesigner.ui.export.qtapp import ensure_app


def _picture(alpha: bool) -> QImage:
    ensure_app()
    image = QImage(1500, 1800, QImage.Format.Format_ARGB32_Premultiplied)  # ~10 MB: several strips
    image.fill(QColor(0, 0, 0, 0) if alpha else QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    grad = QLinearGradient(QPointF(0, 0), QPointF(1500, 1800))
    grad.setColorAt(0, QColor(255, 0, 0, 255))
    grad.setColorAt(1, QColor(0, 0, 255, 90 if alpha else 255))
    painter.setBrush(grad)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(100, 100, 1300, 1600))
    painter.setPen(QColor("#202020"))
    painter.drawText(QRectF(0, 0, 1500, 80), Qt.AlignmentFlag.AlignCenter, "round trip")
    painter.end()
    return image


@pytest.mark.parametrize("numpy", [True, False])
@pytest.mark.parametrize("alpha", [False, True])
def test_png_round_trip_is_exact(alpha: bool, numpy: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not numpy:  # the plain-Python framing used when numpy is not installed
        monkeypatch.setattr(pngwrite, "np", None)
    image = _picture(alpha)
    data = encode_png(image, 192.0, alpha=alpha)
    back = QImage.fromData(data, "PNG")
    assert not back.isNull() and (back.width(), back.height()) == (1500, 1800)
    assert back.hasAlphaChannel() == alpha
    want = image.convertToFormat(QImage.Format.Format_ARGB32)
    got = back.convertToFormat(QImage.Format.Format_ARGB32)
    if not alpha:
        want = image.convertToFormat(QImage.Format.Format_RGB32)
        got = back.convertToFormat(QImage.Format.Format_RGB32)
    assert got == want
    assert round(back.dotsPerMeterX() * 0.0254) == 192


def test_band_by_band_painting_has_no_seams(monkeypatch: pytest.MonkeyPatch, anycompany_path: Path) -> None:
    """A picture painted in many bands decodes to the same picture as one painted in one go."""
    from vpcdesigner.model import load
    from vpcdesigner.ui.export import writers
    from vpcdesigner.ui.export.canvas import build_scene
    from vpcdesigner.ui.export.page import Page

    ensure_app()
    page = Page(build_scene(load(anycompany_path)), "AnyCompany", "", True)
    whole, _scale, _msg = writers.raster(page, 1.0)
    monkeypatch.setattr(writers, "BAND_BYTES", whole.width() * 4 * 97)  # 97-row bands: a dozen seams
    data, width, height, _used, _note = writers.to_png(page, 1.0)
    banded = QImage.fromData(data, "PNG").convertToFormat(QImage.Format.Format_ARGB32)
    assert (width, height) == (whole.width(), whole.height())
    reference = whole.convertToFormat(QImage.Format.Format_ARGB32)
    per_row = [sum(1 for x in range(width) if banded.pixel(x, y) != reference.pixel(x, y)) for y in range(height)]
    # Cosmetic dashed lines (AZ frames) restart their dash pattern where a band clips them, so a few
    # dash pixels move; anything dropped or doubled at a seam would fill whole rows there.
    assert sum(per_row) < 0.01 * width * height
    seams = [n for y, n in enumerate(per_row) if y % 97 in (0, 96)]
    assert max(seams) <= max(20, 3 * sum(per_row) / height)


def test_export_painter_draws_dashed_outlines_like_qt() -> None:
    """The side-by-side dashed outline covers the same border with about as much ink, same fill."""
    from PySide6.QtGui import QPen

    from vpcdesigner.ui.export.fastpaint import ExportPainter

    ensure_app()
    images = []
    for cls in (QPainter, ExportPainter):
        image = QImage(700, 400, QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = cls(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#3949ab"), 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(QColor("#e8eefc"))
        painter.drawRoundedRect(QRectF(20, 20, 600, 300), 10, 10)
        assert painter.pen().style() == Qt.PenStyle.DashLine and painter.brush().color() == QColor("#e8eefc")
        painter.end()
        images.append(image)
    qt, ours = images
    assert qt.pixel(300, 150) == ours.pixel(300, 150) == QColor("#e8eefc").rgb()
    assert qt.pixel(660, 370) == ours.pixel(660, 370) == QColor("#ffffff").rgb()

    def ink(image: QImage) -> int:
        return sum(1 for y in range(400) for x in range(700) if QColor(image.pixel(x, y)).blue() < 215)

    assert abs(ink(ours) - ink(qt)) < 0.25 * ink(qt)
    assert ink(qt) > 500  # the border really is drawn
