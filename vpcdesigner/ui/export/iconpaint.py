"""Icons for exported pictures: vector in SVG/PDF, pixel-exact with real transparency in PNG.

The canvas paints icons through `icons.draw`, a pixmap cache sized for the screen (blurry at scale
4, and opaque black corners under the offscreen platform the CLI uses, where a fresh QPixmap has no
alpha). While an export paints, `export_icons(vector)` points `icons.draw` at these functions and
restores it afterwards, so the app's own canvas is untouched.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from .. import icons


@cache
def _image(name: str, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    icons.renderer(name).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def draw_raster(painter: QPainter, name: str, rect: QRectF, *_extra: Any, **_options: Any) -> None:
    """At the device's pixel size, so a scale-4 export is as sharp as a scale-1 one."""
    t = painter.worldTransform()
    device = rect.width() * math.hypot(t.m11(), t.m12())
    size = max(8, min(1024, math.ceil(device)))
    painter.drawImage(rect, _image(name, size), QRectF(0, 0, size, size))


def draw_vector(painter: QPainter, name: str, rect: QRectF, *_extra: Any, **_options: Any) -> None:
    icons.renderer(name).render(painter, rect)


@contextmanager
def export_icons(vector: bool) -> Iterator[None]:
    original = icons.draw
    icons.draw = draw_vector if vector else draw_raster  # type: ignore[assignment]
    try:
        yield
    finally:
        icons.draw = original  # type: ignore[assignment]
