"""Icons from the project's own SVG set, rendered lazily and cached (QIcon for widgets, renderer for items)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from vpcdesigner.assets import icon_path


@cache
def _svg_bytes(name: str) -> bytes:
    path = icon_path(name)
    try:
        return path.read_bytes()
    except (FileNotFoundError, OSError):
        return icon_path("note").read_bytes()


@cache
def renderer(name: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_svg_bytes(name)))


@cache
def pixmap(name: str, size: int) -> QPixmap:
    """A cached pixmap: painting a pixmap is far cheaper than rendering SVG on every repaint."""
    pm = QPixmap(size, size)
    pm.fill(0)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer(name).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pm


@cache
def icon(name: str) -> QIcon:
    ic = QIcon()
    for size in (16, 24, 32, 48):
        ic.addPixmap(pixmap(name, size))
    return ic


def draw(painter: QPainter, name: str, rect: QRectF) -> None:
    """Paint an icon into `rect` via a cached pixmap at twice the needed size (crisp when zoomed)."""
    size = max(16, min(256, int(rect.width() * 2)))
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawPixmap(rect, pixmap(name, size), QRectF(0, 0, size, size))
