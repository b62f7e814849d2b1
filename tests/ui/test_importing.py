"""File → Import ▸ CloudFormation in the app, the import report window, and reopening a PNG
that carries a design through File → Open and drag-and-drop (pytest-qt, headless)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMenu

from vpcdesigner.exchange.png_embed import embed_design
from vpcdesigner.exchange.report import ImportResult, ReportItem
from vpcdesigner.model import Design
from vpcdesigner.ui.importing.cfn_dialog import REQUIRED, CloudFormationDialog
from vpcdesigner.ui.importing.jobs import CANCELLED, DONE, FAILED, RUNNING, ImportJob, describe_error
from vpcdesigner.ui.importing.report_view import ReportDialog, category_of

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VpcCidr:
    Type: String
    Default: 10.40.0.0/16
  Env:
    Type: String
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref VpcCidr
      Tags: [{Key: Name, Value: !Sub "${Env}-vpc"}]
  Web:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!Ref VpcCidr, 4, 8]]
      AvailabilityZone: !Select [0, !GetAZs ""]
  Topic:
    Type: AWS::SNS::Topic
"""


def finish(qtbot: Any, job: ImportJob | None, timeout: int = 20_000) -> ImportJob:
    assert job is not None
    qtbot.waitUntil(lambda: job.state != RUNNING, timeout=timeout)
    return job


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "network.yaml"
    path.write_text(TEMPLATE)
    return path


def test_import_menu_sits_in_the_file_menu(window: Any) -> None:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    sub = next(a.menu() for a in file_menu.actions() if a.menu() is not None and "Import" in a.text())
    assert isinstance(sub, QMenu)
    labels = [a.text().replace("&", "") for a in sub.actions() if not a.isSeparator()]
    assert labels[:3] == ["CloudFormation Template(s)…", "AWS Snapshot Folder…", "AWS Account (Live)…"]
    assert not window.import_actions.report_action.isEnabled()  # nothing imported yet


def test_cloudformation_import_opens_an_unsaved_design_and_shows_the_report(
        qtbot: Any, window: Any, template: Path) -> None:
    job = finish(qtbot, window.import_actions.import_cloudformation([f"{template}@Shop"], {"Env": "prod"},
                                                                    region="eu-west-1"))
    assert job.state == DONE and not window.messages
    design = window.doc.design
    assert {"Vpc", "Web"} <= set(design.resources)
    assert design.resources["Web"].cidr == "10.40.0.0/24"
    assert design.resources["Web"].availability_zone.startswith("eu-west-1")  # the region reached GetAZs
    assert window.path is None and not window.stack.isClean() and window.isWindowModified()
    assert window.scene.item("Web") is not None
    report = window.import_actions.report
    assert report is not None and report.isVisible()
    assert "Topic" in " ".join(f"{i.where} {i.message}" for i in report.items)  # skipped, not dropped
    assert f"{len(design.resources)} design objects" in report.summary.text() and "skipped" in report.summary.text()
    assert window.import_actions.report_action.isEnabled()


def test_import_asks_about_unsaved_changes_first(qtbot: Any, window: Any, template: Path) -> None:
    window.stack.resetClean()
    window.ask_unsaved = lambda: "cancel"
    before = window.doc.design
    assert window.import_actions.import_cloudformation([str(template)], {"Env": "x"}) is None
    assert window.doc.design is before


def test_bad_template_shows_the_place_and_leaves_the_design_alone(qtbot: Any, window: Any, tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref Nowhere\n")
    before = window.doc.design
    job = finish(qtbot, window.import_actions.import_cloudformation([str(bad)]))
    assert job.state == FAILED
    assert window.doc.design is before and window.stack.isClean()
    text = window.messages[-1]
    assert "broken.yaml" in text and "line 5" in text and "Vpc" in text and "Nowhere" in text
    assert "Traceback" not in text


def test_missing_required_parameter_is_named(qtbot: Any, window: Any, template: Path) -> None:
    job = finish(qtbot, window.import_actions.import_cloudformation([str(template)]))
    assert job.state == FAILED and "Env" in window.messages[-1]


def test_corpus_template_with_its_parameter_file(qtbot: Any, window: Any, shared_dir: Path) -> None:
    folder = shared_dir / "corpus/cloudformation/Jardo72__AWS-Sandbox/VPC-Peering"
    dlg = CloudFormationDialog(window)
    qtbot.addWidget(dlg)
    dlg.add_template(str(folder / "cloud-formation-template.yml"))
    assert dlg.load_params(str(folder / "stack-params.json"))
    dlg.region.setCurrentText("eu-central-1")  # its AMI mapping only knows eu-* regions
    req = dlg.request()
    assert req.params["cloud-formation-template.VPCTwoCIDRParam"] == "10.1.0.0/16"
    job = finish(qtbot, window.import_actions.import_cloudformation(req.specs, req.params, region=req.region))
    assert job.state == DONE, window.messages
    kinds = [r.kind for r in window.doc.design.resources.values()]
    assert kinds.count("vpc") == 2 and "vpc-peering" in kinds


def test_dialog_lists_declared_parameters_and_builds_the_request(qtbot: Any, template: Path, tmp_path: Path) -> None:
    dlg = CloudFormationDialog()
    qtbot.addWidget(dlg)
    assert not dlg.import_button.isEnabled()
    dlg.add_template(str(template))
    assert dlg.import_button.isEnabled()
    rows = {dlg._cell(r, 1): (dlg._cell(r, 0), dlg._cell(r, 3)) for r in range(dlg.params.rowCount())}
    assert rows == {"VpcCidr": ("network", "10.40.0.0/16"), "Env": ("network", REQUIRED)}
    assert dlg.missing_required() == ["network.Env"]
    assert dlg.request().specs == [str(template)]  # default stack name: no @
    dlg.templates.item(0, 1).setText("Prod")  # renaming the stack follows into the parameters
    assert dlg.request().specs == [f"{template}@Prod"]
    assert {dlg._cell(r, 0) for r in range(dlg.params.rowCount())} == {"Prod"}
    dlg.templates.item(0, 1).setText("bad name!")
    assert dlg.templates.item(0, 1).text() == "Prod" and "not a valid stack name" in dlg.problem.text()
    params = tmp_path / "p.json"
    params.write_text(json.dumps([{"ParameterKey": "Env", "ParameterValue": "test"},
                                  {"ParameterKey": "Extra", "ParameterValue": ["a", "b"]}]))
    assert dlg.load_params(str(params), stack="Prod")
    assert dlg.request().params == {"Prod.Env": "test", "Prod.Extra": "a,b"}
    params.write_text("[{\"ParameterKey\": 1,}]")
    assert not dlg.load_params(str(params))
    assert "p.json" in dlg.problem.text() and dlg.problem.isVisibleTo(dlg)


def test_dialog_names_an_unreadable_template_at_once(qtbot: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"Resources": {"A": {"Type": "AWS::EC2::VPC",}}}')
    dlg = CloudFormationDialog()
    qtbot.addWidget(dlg)
    dlg.add_template(str(bad))
    assert "bad.json" in dlg.problem.text() and "line 1" in dlg.problem.text()


def test_report_filters_by_severity_category_and_text_and_copies(qtbot: Any) -> None:
    items = [ReportItem("info", "t.yaml line 3, resource Vpc", "mapped: AWS::EC2::VPC -> vpc 'Vpc'"),
             ReportItem("info", "t.yaml line 9, resource Topic", "skipped: AWS::SNS::Topic has no network meaning"),
             ReportItem("warning", "t.yaml line 12, resource Eip", "placeholder: public IP allocated at deploy"),
             ReportItem("error", "t.yaml line 20, resource Odd", "could not be mapped; left out")]
    assert [category_of(i) for i in items] == ["mapped", "skipped", "placeholder", "other"]
    dlg = ReportDialog()
    qtbot.addWidget(dlg)
    dlg.show_result(ImportResult(Design(name="t"), items), "t.yaml")
    assert dlg.table.rowCount() == 2  # with warnings present, it opens on what needs a look
    assert "1 warning" in dlg.summary.text() and "1 error" in dlg.summary.text()
    dlg.severity_boxes["info"].setChecked(True)
    assert dlg.table.rowCount() == 4
    dlg.category.setCurrentIndex(dlg.category.findData("skipped"))
    assert [dlg.table.item(r, 2).text() for r in range(dlg.table.rowCount())] == [items[1].message]
    dlg.category.setCurrentIndex(0)
    dlg.text_filter.setText("eip")
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 0).text() == "warning"
    dlg.copy()
    copied = QApplication.clipboard().text()
    assert "placeholder: public IP" in copied and "Topic" not in copied


def test_describe_error_never_gives_a_traceback() -> None:
    assert describe_error(FileNotFoundError(2, "No such file or directory", "/x/t.yaml")) == \
        "/x/t.yaml: No such file or directory"
    text = describe_error(KeyError("Properties"))
    assert "KeyError" in text and "Traceback" not in text


def test_cancelled_job_drops_its_result(qtbot: Any, window: Any) -> None:
    before = window.doc.design

    def work(progress: Any) -> ImportResult:
        progress(1, 3, "first")
        return ImportResult(Design(name="late"))

    job = window.import_actions.start("a test", work, ask=False)
    job.cancel()
    finish(qtbot, job)
    assert job.state == CANCELLED and window.doc.design is before


# ---- PNG with an embedded design --------------------------------------------------------------
def _png(path: Path, design: Design) -> Path:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(0xFF336699)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    path.write_bytes(embed_design(bytes(buffer.data().data()), design))
    return path


def test_png_reopens_through_open_path_and_drops(window: Any, tmp_path: Path, sample_design: Design) -> None:
    png = _png(tmp_path / "diagram.PNG", sample_design)
    window.set_design(Design(name="other"), None)
    assert window.open_path(str(png))
    assert window.doc.design == sample_design and window.path is None
    assert str(png) in window.recent.list()
    window.set_design(Design(name="other"), None)
    window.view.files_dropped.emit([str(png)])  # dropped on the canvas
    assert window.doc.design == sample_design
    window.set_design(Design(name="other"), None)
    window._on_files_dropped([str(tmp_path / "notes.txt"), str(png)])  # dropped on the window
    assert window.doc.design == sample_design


def test_png_without_a_design_is_refused_plainly(window: Any, tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    plain.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    before = window.doc.design
    assert not window.open_path(str(plain))
    assert "carries no VPC Designer design" in window.messages[-1] and window.doc.design is before


def test_design_files_still_open_as_before(window: Any, anycompany_path: Path) -> None:
    window.set_design(Design(name="other"), None)
    assert window.open_path(str(anycompany_path))
    assert window.path == str(anycompany_path) and "store-vpc" in window.doc.design.resources


def test_file_open_lists_pictures_and_opens_one(window: Any, tmp_path: Path, sample_design: Design,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from vpcdesigner.ui.importing import png_open

    png = _png(tmp_path / "shared.png", sample_design)
    asked: list[str] = []

    def pick(_parent: Any, _title: str, _folder: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return str(png), ""

    monkeypatch.setattr(png_open.QFileDialog, "getOpenFileName", pick)
    window.set_design(Design(name="other"), None)
    window.actions_by_name["open"].trigger()
    assert "*.png" in asked[0] and "*.vpcd.json" in asked[0]
    assert window.doc.design == sample_design


def test_menu_entry_runs_the_dialog_request(qtbot: Any, window: Any, template: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    actions = window.import_actions
    dlg = CloudFormationDialog(window)
    qtbot.addWidget(dlg)
    dlg.add_template(str(template))
    dlg.set_param("network", "Env", "stage")
    monkeypatch.setattr(dlg, "exec", lambda: CloudFormationDialog.DialogCode.Accepted)
    actions._cfn = dlg
    actions.cfn_action.trigger()  # File → Import ▸ CloudFormation Template(s)…
    job = finish(qtbot, actions.jobs[-1])
    assert job.state == DONE and "Web" in window.doc.design.resources
    assert actions._cfn is dlg and dlg.templates.rowCount() == 1  # kept, to fix and run again
    before = window.doc.design
    dlg.set_param("network", "VpcCidr", "10.40.0.0/33")
    actions.cfn_action.trigger()
    job = finish(qtbot, actions.jobs[-1])
    assert job.state == FAILED and window.doc.design is before
    assert "VpcCidr" in dlg.problem.text() or "10.40.0.0/33" in dlg.problem.text()
