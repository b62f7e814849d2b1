"""File → Import ▸ AWS in the app: a snapshot folder, and a live account through a real boto3 client
against moto's server on a loopback port the test starts (dummy credentials, nothing leaves the
machine): progress updates, the imported design, Cancel, the live dialog's profiles and regions."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from vpcdesigner.ui.importing.aws_dialog import DEFAULT_PROFILE, LiveDialog
from vpcdesigner.ui.importing.jobs import CANCELLED, DONE, FAILED, RUNNING, ImportJob

REGION = "eu-central-1"


def finish(qtbot: Any, job: ImportJob | None, timeout: int = 60_000) -> ImportJob:
    assert job is not None
    qtbot.waitUntil(lambda: job.state != RUNNING, timeout=timeout)
    return job


def write_snapshot(folder: Path) -> Path:
    """A VPC with one public subnet behind an internet gateway, in the `aws ec2 describe-*` shapes."""
    files: dict[str, Any] = {
        "Vpcs.json": {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.9.0.0/16",
                                "Tags": [{"Key": "Name", "Value": "lab"}]}]},
        "Subnets.json": {"Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.9.1.0/24",
                                      "AvailabilityZone": "eu-west-1a", "MapPublicIpOnLaunch": True,
                                      "Tags": [{"Key": "Name", "Value": "public"}]}]},
        "InternetGateways.json": {"InternetGateways": [
            {"InternetGatewayId": "igw-1", "Attachments": [{"State": "available", "VpcId": "vpc-1"}]}]},
        "RouteTables.json": {"RouteTables": [
            {"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [{"Main": True}],
             "Routes": [{"DestinationCidrBlock": "10.9.0.0/16", "GatewayId": "local", "State": "active"},
                        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]}]},
    }
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_text(json.dumps(data))
    return folder


def test_snapshot_folder_import(qtbot: Any, window: Any, tmp_path: Path) -> None:
    folder = write_snapshot(tmp_path / "snap")
    job = finish(qtbot, window.import_actions.import_snapshot(str(folder)))
    assert job.state == DONE, window.messages
    kinds = sorted(r.kind for r in window.doc.design.resources.values())
    assert kinds.count("vpc") == 1 and kinds.count("subnet") == 1 and "internet-gateway" in kinds
    assert not window.stack.isClean() and window.import_actions.report.isVisible()


def test_snapshot_menu_entry_asks_for_a_folder(qtbot: Any, window: Any, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from vpcdesigner.ui.importing import actions

    folder = write_snapshot(tmp_path / "snap")
    monkeypatch.setattr(actions.QFileDialog, "getExistingDirectory", lambda *_a: str(folder))
    window.import_actions.snapshot_action.trigger()
    job = finish(qtbot, window.import_actions.jobs[-1])
    assert job.state == DONE and any(r.name == "lab" for r in window.doc.design.resources.values())


def test_broken_snapshot_names_the_file_and_keeps_the_design(qtbot: Any, window: Any, tmp_path: Path) -> None:
    folder = write_snapshot(tmp_path / "snap")
    (folder / "Subnets.json").write_text('{"Subnets": [\n  {"SubnetId": "subnet-1",}\n]}')
    before = window.doc.design
    job = finish(qtbot, window.import_actions.import_snapshot(str(folder)))
    assert job.state == FAILED and window.doc.design is before
    assert "Subnets.json" in window.messages[-1] and "line 2" in window.messages[-1]


# ---- live, against moto --------------------------------------------------------------------
@pytest.fixture(scope="module")
def moto_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    import boto3

    home = tmp_path_factory.mktemp("aws-home")
    (home / "config").write_text(f"[default]\nregion = {REGION}\n\n[profile teaching]\nregion = eu-west-3\n")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                           "AWS_SESSION_TOKEN": "testing", "AWS_CONFIG_FILE": str(home / "config"),
                           "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials")}.items():
            mp.setenv(key, value)
        for key in ("AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"):
            mp.delenv(key, raising=False)
        server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            url = f"http://{host}:{port}"
            ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=url)
            vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
            ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "classroom"}])
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24",
                                       AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
            ec2.create_tags(Resources=[subnet], Tags=[{"Key": "Name", "Value": "desks"}])
            yield url
        finally:
            server.stop()


def test_live_import_shows_progress_and_opens_the_account(qtbot: Any, window: Any, moto_url: str,
                                                          tmp_path: Path) -> None:
    window.import_actions.endpoint_url = moto_url
    job = window.import_actions.import_live(None, [REGION], str(tmp_path / "saved"))
    assert job is not None
    dialog = window.import_actions.progress
    seen: list[tuple[int, int]] = []
    job.progressed.connect(lambda done, total, _m: seen.append((dialog.value(), dialog.maximum())))
    finish(qtbot, job)
    assert job.state == DONE, window.messages
    dones = [d for d, _t, _m in job.updates]
    assert len(dones) > 5 and dones == sorted(dones) and job.updates[-1][0] == job.updates[-1][1]
    assert any(REGION in m and "describe_subnets" in m for _d, _t, m in job.updates)
    assert seen and seen[-1][1] == job.updates[-1][1]  # the bar's maximum is the importer's total
    names = {r.name for r in window.doc.design.resources.values()}
    assert {"classroom", "desks"} <= names
    assert (tmp_path / "saved" / "aws_configs" / REGION / "Vpcs.json").is_file()
    assert "AWS account" in window.import_actions.report.summary.text()


def test_live_import_cancel_stops_at_the_next_update(qtbot: Any, window: Any, moto_url: str) -> None:
    window.import_actions.endpoint_url = moto_url
    before = window.doc.design
    job = window.import_actions.import_live(None, [REGION])
    assert job is not None
    cancel_button = window.import_actions.progress.findChild(QPushButton)
    clicked = threading.Event()

    def click_cancel(done: int, _total: int, _message: str) -> None:  # UI thread (queued)
        if done >= 2 and not clicked.is_set():
            cancel_button.click()
            clicked.set()

    def hold_worker(done: int, _total: int, _message: str) -> None:  # worker thread (direct)
        if done == 2:
            clicked.wait(10)  # deterministic: the worker goes on only once the user has clicked

    job.progressed.connect(click_cancel)
    job.progressed.connect(hold_worker, Qt.ConnectionType.DirectConnection)
    finish(qtbot, job)
    assert job.state == CANCELLED and window.doc.design is before and window.stack.isClean()
    assert len(job.updates) < 10  # it stopped early, not after all ~36 steps
    assert "cancelled" in window.hint_label.text()


def test_live_import_refusal_is_shown_plainly(qtbot: Any, window: Any, moto_url: str) -> None:
    window.import_actions.endpoint_url = moto_url
    job = finish(qtbot, window.import_actions.import_live("no-such-profile", [REGION]))
    assert job.state == FAILED and "no-such-profile" in window.messages[-1]
    assert "Traceback" not in window.messages[-1]


def test_live_dialog_offers_profiles_and_their_regions(qtbot: Any, moto_url: str, tmp_path: Path) -> None:
    dlg = LiveDialog(None, str(tmp_path))
    qtbot.addWidget(dlg)
    assert dlg.available
    assert [dlg.profile.itemText(i) for i in range(dlg.profile.count())] == [DEFAULT_PROFILE, "default",
                                                                             "teaching"]
    assert dlg.chosen_regions() == [REGION] and dlg.import_button.isEnabled()
    dlg.regions.findItems(REGION, Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    assert not dlg.import_button.isEnabled() and "region" in dlg.note.text()
    dlg.profile.setCurrentText("teaching")
    assert dlg.chosen_regions() == ["eu-west-3"]
    dlg.save.setChecked(True)
    assert not dlg.import_button.isEnabled()
    dlg.save_path.setText(str(tmp_path / "snap"))
    assert dlg.request().profile == "teaching" and dlg.request().save_snapshot == str(tmp_path / "snap")


def test_live_dialog_without_boto3_explains_the_extra(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from vpcdesigner.ui.importing import aws_dialog

    monkeypatch.setattr(aws_dialog, "boto3_available", lambda: False)
    dlg = LiveDialog()
    qtbot.addWidget(dlg)
    assert not dlg.import_button.isEnabled() and "pip install 'vpcdesigner[aws]'" in dlg.note.text()
