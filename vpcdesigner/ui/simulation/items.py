"""Graphics items the simulation draws on the canvas: packet, highlight ring, callout, block mark,
stations (internet, DNS root/TLD) and the trail. Text items ignore the view's zoom so a callout
stays legible on a projector however far the design is zoomed out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from .. import icons
from ..theme import current

Z = 50.0
# a theme switch sets a new application palette: panels that colour their own cells listen for these
PALETTE_EVENTS = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
ICON = {"pass": "verdict-pass", "block": "verdict-block"}  # ✓ in a disc / ✗ in a square: shape, not only hue


def verdict_colour(verdict: str) -> QColor:
    """The theme's colour for a verdict, so dark and high-contrast themes keep their own reds and greens."""
    t = current()
    return QColor({"pass": t.accept, "block": t.refuse}.get(verdict, t.info))


def elsewhere(item: QGraphicsItem, widget: QWidget | None) -> bool:
    """Pixel-sized items belong to the main canvas: another view of the scene (the overview) would draw
    them at full pixel size over its tiny design, so they skip it there."""
    home = getattr(item, "home", None) or getattr(item.parentItem(), "home", None)
    return home is not None and widget is not None and widget is not home


def on_fill(colour: QColor, fill: QColor) -> QColor:
    """`colour` nudged away from `fill` so a verdict title reads on a light or a dark callout."""
    return colour.darker(125) if fill.lightnessF() > 0.5 else colour.lighter(135)


def ui_font(size: int, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setPixelSize(size)
    f.setBold(bold)
    return f


class PacketItem(QGraphicsItem):
    """The moving packet: a coloured disc with the packet glyph, a ↩ tag on replies (zoom-independent)."""

    R = 13.0

    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = QColor(colour)
        self.reply = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # 50 in flight: blit, don't draw
        self.setZValue(Z + 3)

    def boundingRect(self) -> QRectF:
        return QRectF(-self.R - 2, -self.R - 2, 2 * self.R + 22, 2 * self.R + 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("white"), 3))
        painter.setBrush(self.colour)
        painter.drawEllipse(QPointF(0, 0), self.R, self.R)
        painter.drawPixmap(QRectF(-8, -8, 16, 16), icons.pixmap("packet", 32), QRectF(0, 0, 32, 32))
        if self.reply:
            painter.setFont(ui_font(14, True))
            painter.setPen(QPen(self.colour.darker(140)))
            painter.drawText(QPointF(self.R + 2, 5), "↩")


class VerdictBadge(QGraphicsItem):
    """The ✓ or ✗ icon on the highlight's corner, in pixels (zoom-independent): the verdict by shape."""

    SIZE = 22.0

    def __init__(self, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.verdict = "info"
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)

    def boundingRect(self) -> QRectF:
        h = self.SIZE / 2 + 2
        return QRectF(-h, -h, 2 * h, 2 * h)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if elsewhere(self, widget):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        h = self.SIZE / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(current().canvas))
        painter.drawEllipse(QPointF(0, 0), h + 2, h + 2)
        icon = icons.pixmap(ICON.get(self.verdict, "verdict-info"), 44)
        painter.drawPixmap(QRectF(-h, -h, self.SIZE, self.SIZE), icon, QRectF(0, 0, 44, 44))


class HighlightItem(QGraphicsItem):
    """A thick ring around the component that is checking the packet, with its verdict icon on the
    corner (pass and block differ in shape, not only in colour; an informational step is dashed)."""

    def __init__(self) -> None:
        super().__init__()
        self.rect = QRectF()
        self.verdict = "info"
        self.badge = VerdictBadge(self)
        self.badge.hide()
        self.setZValue(Z)

    def set_target(self, rect: QRectF, verdict: str) -> None:
        self.prepareGeometryChange()
        self.rect = rect.adjusted(-6, -6, 6, 6)
        self.verdict = verdict
        self.badge.verdict = verdict
        self.badge.setPos(self.rect.topRight())
        self.badge.setVisible(verdict in ICON)
        self.badge.update()
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-30, -30, 30, 30)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = verdict_colour(self.verdict)
        pen = QPen(colour, 4)
        pen.setCosmetic(True)
        if self.verdict == "info":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(28)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect, 8, 8)


class CalloutItem(QGraphicsItem):
    """The hop's check in words: verdict icon, title, one or more lines (zoom-independent)."""

    WIDTH = 400.0

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.lines: list[str] = []
        self.verdict = "info"
        self._size = QRectF(0, 0, self.WIDTH, 60)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z + 4)

    def set_text(self, title: str, body: str, verdict: str) -> None:
        self.prepareGeometryChange()
        self.title, self.verdict = title, verdict
        fm = QFontMetricsF(ui_font(14))
        self.lines = []
        for para in body.split("\n"):
            words, line = para.split(" "), ""
            for w in words:
                cand = f"{line} {w}".strip()
                if fm.horizontalAdvance(cand) > self.WIDTH - 52 and line:
                    self.lines.append(line)
                    line = w
                else:
                    line = cand
            self.lines.append(line)
        self._size = QRectF(0, 0, self.WIDTH, 36 + 19 * len(self.lines) + 8)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._size.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if elsewhere(self, widget):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = current()
        colour, fill, text = verdict_colour(self.verdict), QColor(t.callout_fill), QColor(t.callout_text)
        painter.setPen(QPen(colour, 2.5))
        painter.setBrush(fill)
        painter.drawRoundedRect(self._size, 8, 8)
        painter.fillRect(QRectF(0, 0, 8, self._size.height()).adjusted(1, 4, 0, -4), colour)
        name = ICON.get(self.verdict, "verdict-info")
        painter.drawPixmap(QRectF(16, 8, 24, 24), icons.pixmap(name, 48), QRectF(0, 0, 48, 48))
        painter.setFont(ui_font(15, True))
        painter.setPen(on_fill(colour, fill) if self.verdict != "info" else text)
        painter.drawText(QRectF(48, 6, self.WIDTH - 56, 26), Qt.AlignmentFlag.AlignVCenter, self.title)
        painter.setFont(ui_font(14))
        painter.setPen(text)
        y = 36.0
        for line in self.lines:
            painter.drawText(QRectF(20, y, self.WIDTH - 28, 19), Qt.AlignmentFlag.AlignVCenter, line)
            y += 19


class BlockMark(QGraphicsItem):
    """Where the packet stopped: a large ✗ in a red disc and the word BLOCKED."""

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(Z + 2)

    DY = 36.0  # drawn just below the packet, which stays on the component

    def boundingRect(self) -> QRectF:
        return QRectF(-50, self.DY - 24, 100, 70)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if elsewhere(self, widget):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(0, self.DY)
        block, halo = verdict_colour("block"), QColor(current().canvas)
        painter.setPen(QPen(QColor("white"), 3))
        painter.setBrush(block)
        painter.drawEllipse(QPointF(0, 0), 20, 20)
        pen = QPen(QColor("white"), 5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(-8, -8), QPointF(8, 8))
        painter.drawLine(QPointF(-8, 8), QPointF(8, -8))
        painter.setFont(ui_font(15, True))
        painter.setPen(QPen(halo, 4))
        painter.drawText(QRectF(-50, 20, 100, 22), Qt.AlignmentFlag.AlignCenter, "BLOCKED")
        painter.setPen(on_fill(block, halo) if halo.lightnessF() <= 0.5 else block)
        painter.drawText(QRectF(-50, 21, 100, 22), Qt.AlignmentFlag.AlignCenter, "BLOCKED")


class StationItem(QGraphicsItem):
    """A place outside the design: the internet, DNS root servers, a TLD's servers, AWS DNS."""

    SIZE = QRectF(-150, -50, 300, 100)  # scene units: big, because the design is usually zoomed out

    def __init__(self, label: str, icon_name: str) -> None:
        super().__init__()
        self.label, self.icon_name = label, icon_name
        self.setZValue(Z - 2)

    def boundingRect(self) -> QRectF:
        return self.SIZE.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = current()
        pen = QPen(QColor(t.muted), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.station_fill))
        painter.drawRoundedRect(self.SIZE, 16, 16)
        painter.drawPixmap(QRectF(-136, -32, 64, 64), icons.pixmap(self.icon_name, 128), QRectF(0, 0, 128, 128))
        painter.setFont(ui_font(30, True))
        painter.setPen(QColor(t.text))
        painter.drawText(QRectF(-62, -48, 206, 96), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                         self.label)


class TrailItem(QGraphicsPathItem):
    """The path travelled so far, in the scenario's colour (forward solid, reply dashed)."""

    def __init__(self, colour: str, reply: bool) -> None:
        super().__init__()
        tint = QColor(colour)
        tint.setAlpha(170)
        pen = QPen(tint, 3.0, Qt.PenStyle.DashLine if reply else Qt.PenStyle.SolidLine)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.setZValue(Z - 1)

    def set_points(self, points: list[QPointF], segments: list[tuple[QPointF, QPointF]] = ()) -> None:  # type: ignore[assignment]
        """A polyline through `points`, plus separate `segments` (DNS: the resolver asks each server)."""
        path = QPainterPath()
        if points:
            path.moveTo(points[0])
            for p in points[1:]:
                path.lineTo(p)
        for a, b in segments:
            path.moveTo(a)
            path.lineTo(b)
        self.setPath(path)
