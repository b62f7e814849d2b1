"""The project's own SVG icon set (icons/*.svg).

Checks that every icon the app expects exists, is well-formed SVG on the
shared 64x64 grid, never depends on fonts or embedded rasters, and renders to
something visible with QtSvg.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS_DIR = Path(__file__).resolve().parent.parent / "icons"
SVG_NS = "http://www.w3.org/2000/svg"

# One icon per resource kind, plus canvas-only glyphs (internet, note, region, AZ).
RESOURCE_ICONS = (
    "vpc",
    "subnet",
    "route-table",
    "network-acl",
    "security-group",
    "prefix-list",
    "vpc-endpoint",
    "internet-gateway",
    "egress-only-internet-gateway",
    "nat-gateway",
    "vpn-gateway",
    "customer-gateway",
    "vpn-connection",
    "direct-connect",
    "direct-connect-gateway",
    "on-premises",
    "vpc-peering",
    "transit-gateway",
    "instance",
    "network-interface",
    "auto-scaling-group",
    "load-balancer",
    "target-group",
    "cloudfront",
    "hosted-zone",
    "dns-resolver",
    "internet-client",
    "internet",
    "note",
    "region",
    "availability-zone",
)

APP_ICONS = ("app",)

SIMULATOR_ICONS = (
    "verdict-pass",
    "verdict-block",
    "verdict-info",
    "packet",
    "play",
    "pause",
    "step-forward",
    "step-back",
    "reset",
)

EXPECTED_ICONS = RESOURCE_ICONS + APP_ICONS + SIMULATOR_ICONS

# Generous ceiling: hand-drawn vector icons are well under this; a file that
# grows past it almost certainly has something embedded in it.
MAX_BYTES = 8 * 1024


def _path(name: str) -> Path:
    return ICONS_DIR / f"{name}.svg"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_expected_list_has_no_duplicates():
    assert len(set(EXPECTED_ICONS)) == len(EXPECTED_ICONS)


@pytest.mark.parametrize("name", EXPECTED_ICONS)
def test_icon_exists(name):
    assert _path(name).is_file(), f"missing icon {name}.svg"


@pytest.mark.parametrize("name", EXPECTED_ICONS)
def test_icon_is_plain_64x64_svg(name):
    path = _path(name)
    assert path.stat().st_size <= MAX_BYTES, f"{name}.svg is unexpectedly large"
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{SVG_NS}}}svg", f"{name}.svg root is {root.tag!r}"
    assert root.get("viewBox", "").split() == ["0", "0", "64", "64"]

    tags = {_local(el.tag) for el in root.iter()}
    assert "text" not in tags, f"{name}.svg uses <text>; draw glyphs as shapes"
    assert "tspan" not in tags
    assert "image" not in tags, f"{name}.svg embeds an <image>"
    assert "foreignObject" not in tags
    assert "script" not in tags

    raw = path.read_text(encoding="utf-8")
    assert "data:image" not in raw
    assert "font-family" not in raw


def test_no_unexpected_icon_files():
    """Every shipped SVG is on the expected list, so the list stays the source of truth."""
    present = {p.stem for p in ICONS_DIR.glob("*.svg")}
    assert present - set(EXPECTED_ICONS) == set()


def _render(name: str, size: int):
    qtsvg = pytest.importorskip("PySide6.QtSvg")
    from PySide6 import QtCore as qtcore
    from PySide6 import QtGui as qtgui
    from PySide6 import QtWidgets

    if QtWidgets.QApplication.instance() is None:
        # A full QApplication (not QGuiApplication) so pytest-qt's qapp and widget
        # tests later in the same process can reuse it. Keep a reference alive.
        _render.app = QtWidgets.QApplication([])

    renderer = qtsvg.QSvgRenderer(str(_path(name)))
    assert renderer.isValid(), f"QtSvg cannot load {name}.svg"
    image = qtgui.QImage(size, size, qtgui.QImage.Format.Format_ARGB32)
    image.fill(qtcore.Qt.GlobalColor.transparent)
    painter = qtgui.QPainter(image)
    renderer.render(painter, qtcore.QRectF(0, 0, size, size))
    painter.end()
    return image


@pytest.mark.parametrize("name", EXPECTED_ICONS)
def test_icon_renders_non_blank(name):
    image = _render(name, 64)
    opaque = 0
    colours = set()
    for y in range(0, 64, 2):
        for x in range(0, 64, 2):
            pixel = image.pixel(x, y)
            if (pixel >> 24) & 0xFF > 200:
                opaque += 1
                colours.add(pixel & 0xFFFFFF)
    # A badge covers most of the tile and carries a glyph in a second colour.
    assert opaque > 0.3 * 32 * 32, f"{name}.svg renders (almost) nothing"
    assert len(colours) >= 2, f"{name}.svg renders as a single flat colour"
