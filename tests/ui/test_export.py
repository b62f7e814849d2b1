"""Image export of a design (issue 6 item 1): PNG size follows the scale, pictures are not blank,
a PNG reopens as the same design, the 16,384-pixel cap is announced, SVG and PDF open."""

from __future__ import annotations

import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from vpcdesigner.exchange.png_embed import design_from_png
from vpcdesigner.model import Design, Note, Placement
from vpcdesigner.ui.export import MAX_SIDE, ExportError, ExportOptions, export_design, render


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    w, h = struct.unpack(">II", data[16:24])
    return int(w), int(h)


def grey_variance(image: QImage, step: int = 7) -> float:
    """Variance of grey levels over a grid of pixels: 0 for a blank picture."""
    values = [QColor(image.pixel(x, y)).lightness() for y in range(0, image.height(), step)
              for x in range(0, image.width(), step)]
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def notes_design(*xs: float) -> Design:
    """A tiny design of notes at the given x positions (fast to render, any width we like)."""
    notes = tuple(Note(id=f"n{i}", text=f"note {i}", x=x, y=0.0, width=160.0, height=60.0) for i, x in enumerate(xs))
    return Design(name="Notes", notes=notes)


def test_png_size_follows_scale_and_is_not_blank(tmp_path: Path, sample_design: Design) -> None:
    one = export_design(sample_design, tmp_path / "one.png", ExportOptions(scale=1))
    two = export_design(sample_design, tmp_path / "two.png", ExportOptions(scale=2))
    w1, h1 = png_size(tmp_path / "one.png")
    w2, h2 = png_size(tmp_path / "two.png")
    assert (one.width, one.height) == (w1, h1) and (two.width, two.height) == (w2, h2)
    assert abs(w2 - 2 * w1) <= 1 and abs(h2 - 2 * h1) <= 1
    assert w1 > 1000  # the AnyCompany canvas is about two thousand units wide
    image = QImage(str(tmp_path / "one.png"))
    assert not image.isNull() and grey_variance(image) > 100
    assert one.messages == [] and two.messages == []


def test_scale_two_is_rendered_not_upscaled(tmp_path: Path, sample_design: Design) -> None:
    export_design(sample_design, tmp_path / "one.png", ExportOptions(scale=1))
    export_design(sample_design, tmp_path / "two.png", ExportOptions(scale=2))
    one = QImage(str(tmp_path / "one.png"))
    two = QImage(str(tmp_path / "two.png")).convertToFormat(QImage.Format.Format_RGB32)
    blown = one.scaled(two.width(), two.height(), Qt.AspectRatioMode.IgnoreAspectRatio,
                       Qt.TransformationMode.FastTransformation).convertToFormat(QImage.Format.Format_RGB32)
    differing = sum(1 for y in range(0, two.height(), 5) for x in range(0, two.width(), 5)
                    if two.pixel(x, y) != blown.pixel(x, y))
    assert differing > 1000  # edges and text are drawn at the finer resolution


def test_png_reopens_as_the_same_design(tmp_path: Path, sample_design: Design) -> None:
    export_design(sample_design, tmp_path / "d.png", ExportOptions(scale=1, title="AnyCompany", legend=True))
    assert design_from_png(tmp_path / "d.png") == sample_design


def test_selection_png_still_carries_the_whole_design(tmp_path: Path, sample_design: Design) -> None:
    whole = export_design(sample_design, tmp_path / "w.png", ExportOptions())
    part = export_design(sample_design, tmp_path / "p.png", ExportOptions(selection=("public-a",)))
    assert part.width < whole.width / 2 and part.height < whole.height
    assert design_from_png(tmp_path / "p.png") == sample_design


def test_selection_shows_only_the_selected_objects(tmp_path: Path, sample_design: Design) -> None:
    one = export_design(sample_design, tmp_path / "c.png", ExportOptions(selection=("customer",)))
    two = export_design(sample_design, tmp_path / "c2.png", ExportOptions(selection=("customer", "db")))
    assert one.width < 300 and one.height < 250  # one node and its label, nothing around it
    assert two.width > one.width + 300  # db sits far to the right of the customer


def test_selected_contents_are_drawn_without_their_container(tmp_path: Path, sample_design: Design) -> None:
    """A subnet inside the VPC: the subnet and its instances are painted, the VPC box is not."""
    from vpcdesigner.ui.theme import current

    export_design(sample_design, tmp_path / "p.png", ExportOptions(selection=("private-a",)))
    image = QImage(str(tmp_path / "p.png"))
    colours: dict[int, int] = {}
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            colours[image.pixel(x, y)] = colours.get(image.pixel(x, y), 0) + 1
    total = sum(colours.values())
    assert colours.get(QColor(current().private_fill).rgb(), 0) > total * 0.4  # the subnet box
    assert colours.get(QColor(current().vpc_fill).rgb(), 0) == 0  # no VPC background around it
    assert grey_variance(image, 3) > 50  # instances, labels and badges inside


@pytest.mark.parametrize(("ids", "words"), [(("nope",), "no object with id 'nope'"),
                                            (("web-sg",), "'web-sg' is a security-group")])
def test_bad_selection_names_the_id(tmp_path: Path, sample_design: Design, ids: tuple[str, ...], words: str) -> None:
    with pytest.raises(ExportError, match=words):
        export_design(sample_design, tmp_path / "x.png", ExportOptions(selection=ids))
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("scale", [0.5, 4.5])
def test_scale_outside_one_to_four_is_refused(tmp_path: Path, sample_design: Design, scale: float) -> None:
    with pytest.raises(ExportError, match="scale"):
        export_design(sample_design, tmp_path / "x.png", ExportOptions(scale=scale))


def test_unwritable_path_is_refused_before_rendering(tmp_path: Path, sample_design: Design) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_design(sample_design, tmp_path / "missing" / "x.png", ExportOptions())
    with pytest.raises(ExportError, match="folder"):
        export_design(sample_design, tmp_path, ExportOptions())


def test_cap_at_16384_pixels_is_announced(tmp_path: Path) -> None:
    design = notes_design(0.0, 8_600.0)  # about 8,800 units wide: 17,600 pixels at scale 2
    result = export_design(design, tmp_path / "wide.png", ExportOptions(scale=2))
    w, h = png_size(tmp_path / "wide.png")
    assert w == MAX_SIDE and h < MAX_SIDE
    assert any("capped at 16,384" in m for m in result.messages)
    assert result.scale < 2


def test_no_grid_and_transparent_background(tmp_path: Path) -> None:
    design = notes_design(0.0, 700.0)
    export_design(design, tmp_path / "o.png", ExportOptions())
    export_design(design, tmp_path / "t.png", ExportOptions(transparent=True))
    opaque, clear = QImage(str(tmp_path / "o.png")), QImage(str(tmp_path / "t.png"))
    y = opaque.height() // 2
    gap = range(opaque.width() // 2 - 150, opaque.width() // 2 + 150)  # between the two notes
    assert {opaque.pixel(x, y) for x in gap} == {QColor("#ffffff").rgb()}  # no grid lines
    assert {QColor.fromRgba(clear.pixel(x, y)).alpha() for x in gap} == {0}
    assert not opaque.hasAlphaChannel() and clear.hasAlphaChannel()
    note = QColor.fromRgba(clear.pixel(32 + 20 + 80, y))  # margin, padding, half a note
    assert note.alpha() == 255  # the objects themselves stay opaque


def test_title_and_legend_make_room(tmp_path: Path, sample_design: Design) -> None:
    plain = export_design(sample_design, tmp_path / "a.png", ExportOptions())
    titled = export_design(sample_design, tmp_path / "b.png", ExportOptions(title="AnyCompany", legend=True))
    assert titled.height > plain.height and titled.width > plain.width + 250


def test_svg_is_xml_and_renders(tmp_path: Path, sample_design: Design) -> None:
    result = export_design(sample_design, tmp_path / "d.svg",
                           ExportOptions(format="svg", title="AnyCompany online store", legend=True))
    root = ET.parse(tmp_path / "d.svg").getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "AnyCompany online store" in texts and "store-alb" in texts and "Legend" in texts
    renderer = QSvgRenderer(str(tmp_path / "d.svg"))
    assert renderer.isValid()
    assert abs(renderer.viewBoxF().width() - result.width) <= 1
    image = QImage(800, 400, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert grey_variance(image, 3) > 50


def test_pdf_is_one_vector_page_that_renders(tmp_path: Path, sample_design: Design) -> None:
    result = export_design(sample_design, tmp_path / "d.pdf", ExportOptions(format="pdf", title="AnyCompany"))
    data = (tmp_path / "d.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page/") >= 1
    assert result.width > 1000  # points: about three quarters of the canvas units
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "d.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)
    page = QImage(str(tmp_path / "page.png"))
    assert not page.isNull() and grey_variance(page, 2) > 50


def test_export_leaves_the_design_and_app_untouched(tmp_path: Path, sample_design: Design) -> None:
    before = sample_design.model_copy(deep=True)
    render(sample_design, ExportOptions(format="svg"))
    assert sample_design == before
    from vpcdesigner.ui import icons
    from vpcdesigner.ui.export import iconpaint

    assert icons.draw is not iconpaint.draw_raster and icons.draw is not iconpaint.draw_vector


def test_layout_placement_is_respected(tmp_path: Path) -> None:
    """Moving a note 300 units right widens the picture by 300 pixels at scale 1 (what you see)."""
    a = export_design(notes_design(0.0, 400.0), tmp_path / "a.png", ExportOptions())
    b = export_design(notes_design(0.0, 700.0), tmp_path / "b.png", ExportOptions())
    assert abs((b.width - a.width) - 300) <= 1
    _ = Placement  # the layout model the canvas reads


def test_legend_lists_only_what_is_shown(sample_design: Design) -> None:
    from vpcdesigner.ui.export import legend
    from vpcdesigner.ui.export.canvas import build_scene, isolate
    from vpcdesigner.ui.export.qtapp import ensure_app

    ensure_app()
    whole = [e.label for e in legend.entries(build_scene(sample_design))]
    for label in ("VPC", "Public subnet (solid border, filled tag)", "Private subnet (dashed border)",
                  "On-premises network", "VPN / Direct Connect link", "Security group", "Network ACL"):
        assert label in whole
    assert not any("Blocked" in label for label in whole)  # verdict marks only on trace pictures
    part = build_scene(sample_design)
    isolate(part, ["customer", "isp-resolver"])
    labels = [e.label for e in legend.entries(part)]
    assert "VPC" not in labels and "Public subnet (solid border, filled tag)" not in labels
    assert "DNS record (alias, CNAME)" in labels  # the customer's resolver link
    traced = [e.label for e in legend.entries(part, trace=True)]
    assert "✗ Blocked (packet dropped)" in traced and "✓ Allowed (check passed)" in traced


def test_pdf_larger_than_200_inches_is_shrunk_with_a_message(tmp_path: Path) -> None:
    import re

    result = export_design(notes_design(0.0, 20_000.0), tmp_path / "wide.pdf", ExportOptions(format="pdf"))
    assert result.scale < 1 and any("200-inch" in m for m in result.messages)
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", (tmp_path / "wide.pdf").read_bytes())
    assert boxes and all(float(w) <= 14_400.5 for w, _h in boxes)
