"""Room for labels: each node's name may use at most the space up to its neighbours' labels.

Zoomed out, node labels grow in scene units so they stay readable on screen; two tiles side by side
(isp-resolver next to anycompany.example) would then print over each other. After each full sync
the scene records, for every node, its nearest neighbours left and right whose label band
overlaps its own; when painting, `room()` shares each gap by the two names' widths at the current
font size, and labels are elided to that (see items.NodeItem.paint),
and edge labels keep clear of the same bands (see edges.py). Rows are bucketed, so this is
O(n log n) for a 5,000-object design.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF

from .items import BaseItem, metrics

BAND = 96.0  # scene height of a node's tile plus its (zoomed-out) label: vertical reach of a clash
GAP = 10.0
ROW = 100.0
MIN_DX = 20.0  # tiles stacked in a column: their labels are apart vertically
REACH = 130.0  # half of items.ZOOMED_LABEL_W: how far a name may reach from its tile's centre


def label_rect(item: BaseItem) -> QRectF:
    """The scene rectangle a node's name and detail lines use at normal zoom."""
    r = item.mapRectToScene(item.rect())
    text = max(metrics(0, True).horizontalAdvance(item.view.title),
               metrics(-1).horizontalAdvance(item.view.subtitle)) + 6
    x0, width = place(item, 0, float(getattr(item, "LABEL_W", r.width())), text)
    return QRectF(r.center().x() + x0, r.bottom() + 2, width, 34)


def assign_label_room(items: Iterable[BaseItem]) -> list[BaseItem]:
    """Give every node-like item its nearest label neighbours left and right (`label_neighbours`,
    as (item, distance) pairs); returns the items whose neighbours changed (to repaint)."""
    nodes = [i for i in items if i.role in ("node", "mounted", "member") and i.isVisible()]
    centres: dict[BaseItem, tuple[float, float]] = {}
    rows: dict[int, list[BaseItem]] = {}
    for item in nodes:
        c = item.mapRectToScene(item.rect()).center()
        centres[item] = (c.x(), c.y())
        rows.setdefault(int(c.y() // ROW), []).append(item)
    for row in rows.values():
        row.sort(key=lambda i: centres[i][0])
    changed = []
    for item in nodes:
        x, y = centres[item]
        left: tuple[BaseItem, float] | None = None
        right: tuple[BaseItem, float] | None = None
        key = int(y // ROW)
        for k in (key - 1, key, key + 1):
            for other in _near(rows.get(k, []), centres, x):
                ox, oy = centres[other]
                d = abs(ox - x)
                if other is item or abs(oy - y) >= BAND or d < MIN_DX:
                    continue
                if ox < x and (left is None or d < left[1]):
                    left = (other, d)
                elif ox >= x and (right is None or d < right[1]):
                    right = (other, d)
        found = tuple(n for n in ((left[0], -left[1]) if left else None, right) if n is not None)
        if getattr(item, "label_neighbours", None) != found:
            item.label_neighbours = found  # type: ignore[attr-defined]
            changed.append(item)
    return changed


def room(item: BaseItem, size_delta: int, cap: float) -> float:
    """Width the item's centred name may use at this font size without reaching a neighbour's name:
    a short neighbour leaves more of the gap between them, two long ones share it evenly."""
    half = cap / 2
    for other, signed in getattr(item, "label_neighbours", ()):
        half = min(half, _extent(other, abs(signed), size_delta, cap))
    return max(24.0, 2 * half)


def _extent(other: BaseItem, d: float, size_delta: int, cap: float) -> float:
    other_w = min(metrics(size_delta, True).horizontalAdvance(other.view.title) + 4, cap)
    return d - min(other_w / 2, d / 2) - GAP / 2


def place(item: BaseItem, size_delta: int, cap: float, text_w: float) -> tuple[float, float]:
    """(left edge relative to the tile's centre, width) for a line `text_w` wide.

    Centred when it fits; towards a side with no neighbouring name it may shift (up to `REACH`, the
    item's painted bounds), never towards a neighbour further than the shared gap allows; when it
    cannot fit, the whole span is returned and the caller elides (or breaks) the text.
    """
    left = right = cap / 2
    free_left = free_right = True
    for other, signed in getattr(item, "label_neighbours", ()):
        extent = _extent(other, abs(signed), size_delta, cap)
        if signed < 0:
            left, free_left = min(left, extent), False
        else:
            right, free_right = min(right, extent), False
    left = max(12.0, REACH if free_left else left)
    right = max(12.0, REACH if free_right else right)
    if text_w <= left + right:
        return min(max(-text_w / 2, -left), right - text_w), text_w
    return -left, left + right


def _near(row: list[BaseItem], centres: dict[BaseItem, tuple[float, float]], x: float) -> list[BaseItem]:
    """The items of a row sorted by x that sit just left and right of `x` (two each side)."""
    lo, hi = 0, len(row)
    while lo < hi:
        mid = (lo + hi) // 2
        if centres[row[mid]][0] < x:
            lo = mid + 1
        else:
            hi = mid
    return row[max(0, lo - 3):lo + 3]
