"""The hop table printed beside or below a trace picture: one row per hop, wrapped, never cut off.

Columns: #, verdict (mark + word), component (name and kind), check, rule, explanation. Blocked
rows are tinted and bold, so the stopping hop stands out in black-and-white prints too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from ..simulation.steps import KIND_LABEL, SimStep
from ..theme import current
from .marks import draw_mark, pfont

COLUMNS = (("#", 0.035), ("Verdict", 0.085), ("Component", 0.15), ("Check", 0.14), ("Rule", 0.21),
           ("Explanation", 0.38))
PX = 13.0
PAD = 7.0
HEADER_H = 30.0
SECTION_H = 30.0
VERDICT_WORD = {"pass": "pass", "block": "BLOCKED", "info": "info"}
SECTION = {"forward": "Request path", "return": "Reply path", "dns": "DNS lookup"}
WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


@dataclass
class Row:
    step: SimStep | None  # None: a section heading
    cells: tuple[str, ...]
    height: float


def _rule(step: SimStep) -> str:
    if step.tracked:
        return "connection tracking (reply to an allowed request)"
    if not step.rule:
        return "—"
    number = f"rule {step.rule_number}: " if step.kind == "network-acl" and step.rule_number is not None else ""
    return number + step.rule


def cells(n: int, step: SimStep) -> tuple[str, ...]:
    kind = KIND_LABEL.get(step.kind, step.kind)
    return (str(n), VERDICT_WORD.get(step.verdict, step.verdict), f"{step.name}\n{kind}", step.check, _rule(step),
            step.explanation)


class HopTable:
    """Measures and paints the rows for `steps` at a given width."""

    def __init__(self, steps: list[SimStep], width: float) -> None:
        self.width = width
        self.widths = [width * f for _, f in COLUMNS]
        self.rows: list[Row] = []
        section = None
        for n, step in enumerate(steps, 1):
            if step.direction != section:
                section = step.direction
                self.rows.append(Row(None, (SECTION.get(section, section),), SECTION_H))
            values = cells(n, step)
            self.rows.append(Row(step, values, self._height(values, step.verdict == "block")))

    def _height(self, values: tuple[str, ...], bold: bool) -> float:
        tallest = 0.0
        for i, (text, w) in enumerate(zip(values, self.widths, strict=True)):
            fm = QFontMetricsF(pfont(PX, bold and i in (2, 4)))
            box = fm.boundingRect(QRectF(0, 0, w - 2 * PAD - (22 if i == 1 else 0), 10_000), WRAP, text)
            tallest = max(tallest, box.height())
        return tallest + 2 * PAD

    @property
    def height(self) -> float:
        return HEADER_H + sum(r.height for r in self.rows) + 1

    def paint(self, painter: QPainter, origin: QPointF) -> None:
        t = current()
        painter.save()
        painter.translate(origin)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#263238"))
        painter.drawRect(QRectF(0, 0, self.width, HEADER_H))
        x = 0.0
        painter.setFont(pfont(PX, True))
        painter.setPen(QColor("#ffffff"))
        for (title, _), w in zip(COLUMNS, self.widths, strict=True):
            painter.drawText(QRectF(x + PAD, 0, w - 2 * PAD, HEADER_H), Qt.AlignmentFlag.AlignVCenter, title)
            x += w
        y = HEADER_H
        shade = False
        for row in self.rows:
            r = QRectF(0, y, self.width, row.height)
            if row.step is None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#e4e9ee"))
                painter.drawRect(r)
                painter.setPen(QColor(t.text))
                painter.setFont(pfont(PX + 1, True))
                painter.drawText(r.adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignVCenter, row.cells[0])
                shade = False
            else:
                self._row(painter, r, row, shade)
                shade = not shade
            y += row.height
        painter.setPen(QPen(QColor("#9aa5b1"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0, 0, self.width, y))
        painter.restore()

    def _row(self, painter: QPainter, r: QRectF, row: Row, shade: bool) -> None:
        t = current()
        assert row.step is not None
        blocked = row.step.verdict == "block"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#fdecea") if blocked else QColor("#f5f7f9") if shade else QColor("#ffffff"))
        painter.drawRect(r)
        painter.setPen(QPen(QColor("#dde2e7"), 1))
        painter.drawLine(r.bottomLeft(), r.bottomRight())
        x = r.left()
        for i, (text, w) in enumerate(zip(row.cells, self.widths, strict=True)):
            cell = QRectF(x + PAD, r.top() + PAD, w - 2 * PAD, r.height() - 2 * PAD)
            if i == 1:
                draw_mark(painter, row.step.verdict, QPointF(cell.left() + 9, cell.top() + 9), 9)
                cell = cell.adjusted(22, 0, 0, 0)
            colour = "#b71c1c" if blocked and i in (1, 2, 4) else t.text
            if i == 2:  # name, then the kind in grey
                name, _, kind = text.partition("\n")
                painter.setFont(pfont(PX, True))
                painter.setPen(QColor(colour))
                fm = QFontMetricsF(pfont(PX, True))
                top = fm.boundingRect(QRectF(0, 0, cell.width(), 10_000), WRAP, name).height()
                painter.drawText(cell, WRAP, name)
                painter.setFont(pfont(PX - 1))
                painter.setPen(QColor(t.muted))
                painter.drawText(cell.adjusted(0, top, 0, 0), WRAP, kind)
            else:
                painter.setFont(pfont(PX, blocked and i in (1, 4)))
                painter.setPen(QColor(colour))
                painter.drawText(cell, WRAP, text)
            x += w
