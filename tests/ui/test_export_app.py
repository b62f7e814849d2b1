"""File → Export Picture… and Simulation → Export Trace… in the main window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QImage

from vpcdesigner.exchange.png_embed import design_from_png
from vpcdesigner.model import Design, Scenario
from vpcdesigner.ui.export import ExportOptions
from vpcdesigner.ui.export.dialog import ExportDialog


def _menu_texts(window: Any, title: str) -> list[str]:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            return [a.text().replace("&", "") for a in action.menu().actions()]
    return []


def test_menus_offer_export(window: Any) -> None:
    assert {"Export Picture…", "Open Exported Picture…"} <= set(_menu_texts(window, "File"))
    assert "Export Trace…" in _menu_texts(window, "Simulation")


def test_dialog_answers_with_options(window: Any) -> None:
    dlg = ExportDialog(window, "AnyCompany online store", has_selection=True)
    assert dlg.selection.isChecked()
    dlg.format.setCurrentIndex(dlg.format.findData("svg"))
    assert not dlg.scale.isEnabled() and not dlg.transparent.isEnabled()
    dlg.use_title.setChecked(False)
    opts = dlg.options(["public-a"])
    assert opts == ExportOptions("svg", 1.0, False, "", "", True, ("public-a",))
    dlg.format.setCurrentIndex(dlg.format.findData("png"))
    dlg.whole.setChecked(True)
    dlg.use_title.setChecked(True)
    dlg.scale.setValue(3)
    assert dlg.options(["public-a"]) == ExportOptions("png", 3.0, False, "AnyCompany online store", "", True, ())
    no_sel = ExportDialog(window, "x", has_selection=False)
    assert no_sel.whole.isChecked() and not no_sel.selection.isEnabled()


def test_export_hides_the_selection_outline(window: Any, tmp_path: Path) -> None:
    window.scene.select_ids(["store-alb"])
    result = window.export_actions.export_to(str(tmp_path / "d.png"), ExportOptions())
    assert result is not None and window.messages == []
    image = QImage(str(tmp_path / "d.png"))
    blue = QColor("#1565c0").rgb()  # the selection outline colour
    assert not any(image.pixel(x, y) == blue for y in range(0, image.height(), 2) for x in range(0, image.width(), 2))
    assert design_from_png(tmp_path / "d.png") == window.doc.design
    assert window.scene.selected_ids() == ["store-alb"]  # the user's selection is kept


def test_export_selection_from_the_window(window: Any, tmp_path: Path) -> None:
    whole = window.export_actions.export_to(str(tmp_path / "w.png"), ExportOptions())
    part = window.export_actions.export_to(str(tmp_path / "s.png"), ExportOptions(selection=("private-a",)))
    assert whole is not None and part is not None and part.width < whole.width / 2


def test_bad_path_is_a_message_not_a_crash(window: Any, tmp_path: Path) -> None:
    assert window.export_actions.export_to(str(tmp_path / "no" / "d.png"), ExportOptions()) is None
    assert window.messages and "does not exist" in window.messages[-1]


def test_export_trace_of_the_last_run(window: Any, tmp_path: Path) -> None:
    actions = window.export_actions
    assert actions.export_trace_to(str(tmp_path / "none.svg"), ExportOptions(format="svg")) is None
    assert "Run a scenario first" in window.messages[-1]
    sc = Scenario(id="db-from-internet", source="customer", destination="db", port=5432)
    window.simulation.run_scenario(sc, autoplay=False)
    result = actions.export_trace_to(str(tmp_path / "t.svg"), ExportOptions(format="svg"))
    assert result is not None
    text = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "BLOCKED" in text and "Explanation" in text and "destination" in text


def test_exported_png_reopens_in_the_app(window: Any, tmp_path: Path) -> None:
    original = window.doc.design
    assert window.export_actions.export_to(str(tmp_path / "d.png"), ExportOptions(scale=1)) is not None
    window.set_design(Design(name="something else"), None)
    assert window.export_actions.open_picture(str(tmp_path / "d.png"))
    assert window.doc.design == original and window.path is None  # editable, saved elsewhere on purpose
    assert window.scene.item("store-alb") is not None
    (tmp_path / "plain.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    assert not window.export_actions.open_picture(str(tmp_path / "plain.png"))
    assert "carries no VPC Designer design" in window.messages[-1]
    assert window.doc.design == original


def test_export_a_dns_lookup_from_the_panel(window: Any, tmp_path: Path) -> None:
    sc = Scenario(id="lookup", type="dns", source="customer", destination="www.anycompany.example")
    run = window.simulation.run_scenario(sc, autoplay=False)
    assert run.trace is None and run.steps  # a lookup: steps only, no packet trace
    result = window.export_actions.export_trace_to(str(tmp_path / "dns.svg"), ExportOptions(format="svg"))
    assert result is not None, window.messages
    text = (tmp_path / "dns.svg").read_text(encoding="utf-8")
    assert "DNS lookup" in text and "www.anycompany.example" in text
