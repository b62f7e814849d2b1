"""Icons from the project's own SVG set: QIcon through Qt's SVG icon engine (crisp at any device
pixel ratio) for widgets, cached pixmaps sized for the device for canvas items."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
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
    pm.fill(Qt.GlobalColor.transparent)  # fill(0) is opaque black under the offscreen platform
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer(name).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pm


@cache
def icon(name: str) -> QIcon:
    """The SVG itself: Qt renders it at whatever size and device pixel ratio a widget asks for."""
    path = icon_path(name)
    return QIcon(str(path if path.is_file() else icon_path("note")))


def _device_ratio(painter: QPainter) -> float:
    device = painter.device()
    return device.devicePixelRatioF() if device is not None else 1.0


def draw(painter: QPainter, name: str, rect: QRectF) -> None:
    """Paint an icon into `rect` from a cached pixmap of the size it covers on the device
    (rect × zoom × device pixel ratio, in steps of 8 px so zooming does not fill the cache)."""
    scale = painter.worldTransform().m11() ** 2 + painter.worldTransform().m12() ** 2
    zoom = max(scale ** 0.5, 0.05)
    needed = rect.width() * zoom * _device_ratio(painter)
    size = max(16, min(512, (int(needed) + 7) // 8 * 8))
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawPixmap(rect, pixmap(name, size), QRectF(0, 0, size, size))
