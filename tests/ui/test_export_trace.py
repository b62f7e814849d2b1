"""Trace export: the design with the path drawn (shapes, not colour only) and the hop table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vpcdesigner.model import Design
from vpcdesigner.sim import trace
from vpcdesigner.ui.export import ExportError, ExportOptions, export_design, export_trace_image


def svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [(t.text or "").strip() for t in root.iter() if t.tag.endswith("text")]


def test_blocked_trace_has_path_marks_and_hop_table(tmp_path: Path, sample_design: Design) -> None:
    tr = trace(sample_design, "customer", "db", "tcp", 5432)
    assert tr.reachable is False
    result = export_trace_image(sample_design, tr, tmp_path / "t.svg", ExportOptions(format="svg", legend=True))
    texts = svg_texts(tmp_path / "t.svg")
    joined = "\n".join(texts)
    for header in ("#", "Verdict", "Component", "Check", "Rule", "Explanation"):
        assert header in texts
    for hop in tr.forward:  # every hop is a row: its component and the start of its explanation
        assert hop.name in texts
        assert hop.explanation.split()[0] in joined
    assert "BLOCKED" in texts  # the word, not only a red colour
    assert texts.count("destination") == 1  # db is ringed though the packet never got there
    assert "Trace: customer → db (TCP 5432)" in texts
    assert any(t.startswith("✗ NOT REACHABLE") for t in texts)
    assert result.width > 1000


def test_reachable_trace_lists_request_and_reply(tmp_path: Path, sample_design: Design) -> None:
    tr = trace(sample_design, "corp-pc", "db", "tcp", 5432)
    assert tr.reachable and tr.return_
    export_trace_image(sample_design, tr, tmp_path / "t.svg", ExportOptions(format="svg", title=""))
    texts = svg_texts(tmp_path / "t.svg")
    assert "Request path" in texts and "Reply path" in texts
    rows = len(tr.forward) + len(tr.return_)
    assert str(rows) in texts  # the last hop number is printed (table and path markers)
    assert not any(t.startswith("Trace:") for t in texts)  # title="" means no title


def test_trace_png_is_taller_than_the_plain_picture(tmp_path: Path, sample_design: Design) -> None:
    plain = export_design(sample_design, tmp_path / "p.png", ExportOptions())
    tr = trace(sample_design, "customer", "db", "tcp", 5432)
    traced = export_trace_image(sample_design, tr, tmp_path / "t.png", ExportOptions())
    assert traced.height > plain.height + 150  # the table sits below the diagram
    pdf = export_trace_image(sample_design, tr, tmp_path / "t.pdf", ExportOptions(format="pdf"))
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF") and pdf.width > 0


def test_trace_with_no_hops_or_a_selection_is_refused(tmp_path: Path, sample_design: Design) -> None:
    with pytest.raises(ExportError, match="no hops"):
        export_trace_image(sample_design, [], tmp_path / "t.png", ExportOptions())
    tr = trace(sample_design, "customer", "db", "tcp", 5432)
    with pytest.raises(ExportError, match="whole design"):
        export_trace_image(sample_design, tr, tmp_path / "t.png", ExportOptions(selection=("db",)))
    assert not (tmp_path / "t.png").exists()


def test_table_goes_beside_a_tall_diagram() -> None:
    """A portrait design gets its hop table on the right, a landscape one below."""
    from vpcdesigner.model import Note
    from vpcdesigner.ui.export.canvas import build_scene
    from vpcdesigner.ui.export.page import Page
    from vpcdesigner.ui.export.qtapp import ensure_app
    from vpcdesigner.ui.simulation.steps import SimStep, number

    ensure_app()
    steps = number([SimStep(0, "forward", "internet", "Internet", "internet", "send", "info", "sent", ""),
                    SimStep(0, "forward", "internet", "Internet", "internet", "routing", "block", "no route", "")])
    tall = Design(notes=tuple(Note(id=f"n{i}", text="n", x=0.0, y=i * 400.0) for i in range(5)))
    wide = Design(notes=tuple(Note(id=f"n{i}", text="n", x=i * 400.0, y=0.0) for i in range(5)))
    beside = Page(build_scene(tall), steps=steps)
    below = Page(build_scene(wide), steps=steps)
    assert beside.table is not None and below.table is not None
    assert beside.table_at.x() > beside.diagram.right() and beside.table_at.y() == beside.diagram.top()
    assert below.table_at.y() > below.diagram.bottom() and below.table_at.x() == below.diagram.left()
