"""Verdict marks drawn as shapes, never as colour alone: ✓ in a disc, ✗ in an octagon, • for info.

Drawn with paths rather than font glyphs so they look the same in PNG, SVG and PDF whatever fonts
the machine has.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

from ..theme import current

PASS, BLOCK, INFO = "#2e7d32", "#c62828", "#607d8b"
FORWARD, RETURN = "#1565c0", "#7b1fa2"


def pfont(px: float, bold: bool = False) -> QFont:
    """A font sized in pixels (page units), so text keeps its size on every output device."""
    f = QFont(current().font_family)
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    return f


def octagon(centre: QPointF, r: float) -> QPolygonF:
    return QPolygonF([QPointF(centre.x() + r * math.cos(math.pi / 8 + k * math.pi / 4),
                              centre.y() + r * math.sin(math.pi / 8 + k * math.pi / 4)) for k in range(8)])


def draw_mark(painter: QPainter, verdict: str, centre: QPointF, r: float) -> None:
    """The verdict mark centred on `centre` with radius `r`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    white = QPen(QColor("#ffffff"), max(1.0, r * 0.14))
    painter.setPen(white)
    stroke = QPen(QColor("#ffffff"), max(1.5, r * 0.28))
    stroke.setCapStyle(Qt.PenCapStyle.RoundCap)
    stroke.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    x, y = centre.x(), centre.y()
    if verdict == "block":
        painter.setBrush(QColor(BLOCK))
        painter.drawPolygon(octagon(centre, r))
        painter.setPen(stroke)
        k = r * 0.42
        painter.drawLine(QPointF(x - k, y - k), QPointF(x + k, y + k))
        painter.drawLine(QPointF(x - k, y + k), QPointF(x + k, y - k))
    elif verdict == "pass":
        painter.setBrush(QColor(PASS))
        painter.drawEllipse(centre, r, r)
        painter.setPen(stroke)
        path = QPainterPath(QPointF(x - r * 0.45, y + r * 0.02))
        path.lineTo(QPointF(x - r * 0.12, y + r * 0.36))
        path.lineTo(QPointF(x + r * 0.48, y - r * 0.34))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    else:
        painter.setBrush(QColor(INFO))
        painter.drawEllipse(centre, r * 0.62, r * 0.62)
    painter.restore()


def draw_arrow_head(painter: QPainter, tip: QPointF, angle: float, size: float, colour: str) -> None:
    """A filled triangle pointing along `angle` (radians, screen coordinates)."""
    left = QPointF(tip.x() - size * math.cos(angle - 0.45), tip.y() - size * math.sin(angle - 0.45))
    right = QPointF(tip.x() - size * math.cos(angle + 0.45), tip.y() - size * math.sin(angle + 0.45))
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawPolygon(QPolygonF([tip, left, right]))
    painter.restore()


def text_block(painter: QPainter, rect: QRectF, text: str, px: float, colour: str, bold: bool = False,
               flags: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) -> None:
    painter.setFont(pfont(px, bold))
    painter.setPen(QColor(colour))
    painter.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), text)
