"""File → Import ▸ in the main window: start an import, show its progress, open the result.

`import_cloudformation`, `import_snapshot` and `import_live` do the work without any modal
dialog of their own (like `open_path`), returning the running `ImportJob`; the menu entries
ask for their inputs first. A successful import replaces the window's design as a new, unsaved
document (after the same unsaved-changes question as File → Open) and shows the report; a
failure shows one message naming the file, line or logical id, and leaves the design alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QProgressDialog

from vpcdesigner.exchange.report import ImportResult

from .aws_dialog import LiveDialog
from .cfn_dialog import CloudFormationDialog, default_folder
from .jobs import RUNNING, ImportJob, Progress
from .report_view import ReportDialog, summary_text

SHOW_PROGRESS_AFTER_MS = 250  # quick imports finish without a flashing dialog


class ImportActions:
    """The import menu and jobs of one MainWindow."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.endpoint_url: str | None = None  # testing hook: point live imports at moto / LocalStack
        self.jobs: list[ImportJob] = []
        self.last: tuple[ImportResult, str] | None = None
        self.report: ReportDialog | None = None
        self.progress: QProgressDialog | None = None
        self._cfn: CloudFormationDialog | None = None
        self._live: LiveDialog | None = None
        self.menu = QMenu("&Import", window)
        self.menu.setToolTipsVisible(True)
        self.cfn_action = self.menu.addAction("&CloudFormation Template(s)…", self.cloudformation_dialog)
        self.cfn_action.setToolTip("YAML or JSON templates, with parameters; stacks given together resolve "
                                   "each other's exports")
        self.snapshot_action = self.menu.addAction("AWS &Snapshot Folder…", self.snapshot_dialog)
        self.snapshot_action.setToolTip("A folder of saved aws ec2/elbv2 describe-* JSON")
        self.live_action = self.menu.addAction("AWS &Account (Live)…", self.live_dialog)
        self.live_action.setToolTip("Describe the networks of an account through boto3")
        self.menu.addSeparator()
        self.report_action = self.menu.addAction("Last Import &Report…", self.show_last_report)
        self.report_action.setEnabled(False)
        self._add_to_file_menu()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel_all)  # a live import would otherwise hold up the exit
        window.destroyed.connect(lambda *_: self.cancel_all())

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def _add_to_file_menu(self) -> None:
        file_menu = next((a.menu() for a in self.window.menuBar().actions()
                          if a.text().replace("&", "") == "File" and a.menu() is not None), None)
        if file_menu is None:
            self.window.menuBar().addMenu(self.menu)
            return
        save = getattr(self.window, "actions_by_name", {}).get("save")
        if save in file_menu.actions():
            file_menu.insertMenu(save, self.menu)
            file_menu.insertSeparator(save)
        else:
            file_menu.addMenu(self.menu)

    # ---- menu entries (ask, then run) ----------------------------------------------------------
    def cloudformation_dialog(self) -> None:
        if not self.window.maybe_save():
            return
        if self._cfn is None:
            self._cfn = CloudFormationDialog(self.window, default_folder(self.window))
        if self._cfn.exec() == QDialog.DialogCode.Accepted:
            req = self._cfn.request()
            job = self.import_cloudformation(req.specs, req.params, region=req.region, ask=False)
            if job is not None:  # reopening the dialog shows what to fix
                job.failed.connect(self._cfn.show_problem)

    def snapshot_dialog(self) -> None:
        if not self.window.maybe_save():
            return
        folder = QFileDialog.getExistingDirectory(
            self.window, "Import an AWS snapshot folder (saved describe-* JSON)", default_folder(self.window))
        if folder:
            self.import_snapshot(folder, ask=False)

    def live_dialog(self) -> None:
        if not self.window.maybe_save():
            return
        if self._live is None:
            self._live = LiveDialog(self.window, default_folder(self.window))
        if self._live.exec() == QDialog.DialogCode.Accepted:
            req = self._live.request()
            self.import_live(req.profile, req.regions, req.save_snapshot, ask=False)

    # ---- the work ------------------------------------------------------------------------------
    def import_cloudformation(self, specs: list[str], params: dict[str, str] | None = None,
                              params_file: str | None = None, *, region: str = "us-east-1",
                              ask: bool = True) -> ImportJob | None:
        from vpcdesigner.exchange.cloudformation.importer import import_templates

        names = ", ".join(os.path.basename(s.rpartition("@")[0] or s) for s in specs)

        def work(_progress: Progress) -> ImportResult:
            return import_templates(list(specs), dict(params or {}), params_file, region=region)

        return self.start(f"CloudFormation ({names})", work, ask=ask)

    def import_snapshot(self, folder: str, *, ask: bool = True) -> ImportJob | None:
        from vpcdesigner.exchange.aws import import_snapshot

        return self.start(f"the AWS snapshot {os.path.basename(folder.rstrip(os.sep)) or folder}",
                          lambda _progress: import_snapshot(folder), ask=ask)

    def import_live(self, profile: str | None, regions: list[str], save_snapshot: str | None = None, *,
                    ask: bool = True) -> ImportJob | None:
        endpoint = self.endpoint_url

        def work(progress: Progress) -> ImportResult:
            from vpcdesigner.exchange.aws.live import import_live

            return import_live(profile=profile, regions=list(regions) or None, progress=progress,
                               save_snapshot=save_snapshot, endpoint_url=endpoint)

        where = ", ".join(regions) or "the configured region"
        return self.start(f"the AWS account ({profile or 'default profile'}, {where})", work, ask=ask,
                          determinate=True)

    def start(self, source: str, work: Callable[[Progress], ImportResult], *, ask: bool = True,
              determinate: bool = False) -> ImportJob | None:
        """Run `work` in the thread pool with a progress dialog; None when the user kept the design."""
        if ask and not self.window.maybe_save():
            return None
        job = ImportJob(source, work, self.window)
        self.jobs = [j for j in self.jobs if j.state == RUNNING] + [job]
        dialog = QProgressDialog(f"Importing {source}…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Import")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(520)
        dialog.canceled.connect(job.cancel)
        dialog.canceled.connect(lambda: self._status(f"Cancelling the import of {source}…", True))
        if determinate:
            job.progressed.connect(lambda done, total, message: self._on_progress(dialog, done, total, message))
        job.succeeded.connect(lambda result: self.open_result(result, source))
        job.failed.connect(lambda error: self.window.message("Cannot import", f"Import of {source} failed:\n{error}"))
        job.cancelled.connect(lambda: self._status(f"Import of {source} cancelled; the design is unchanged", True))
        job.finished.connect(dialog.reset)
        job.finished.connect(dialog.hide)
        job.finished.connect(dialog.deleteLater)
        self.progress = dialog
        QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, lambda: self._show_progress(job, dialog))
        self._status(f"Importing {source}…", True)
        job.start()
        return job

    @staticmethod
    def _show_progress(job: ImportJob, dialog: QProgressDialog) -> None:
        if job.state == RUNNING and not job.cancel_requested:
            dialog.show()

    def _on_progress(self, dialog: QProgressDialog, done: int, total: int, message: str) -> None:
        if dialog.maximum() != max(total, 1):
            dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(f"{done} of {total}: {message}")

    # ---- results -------------------------------------------------------------------------------
    def open_result(self, result: ImportResult, source: str) -> None:
        """The imported design becomes the window's new, unsaved document; then the report."""
        w = self.window
        w.set_design(result.design, None)
        w.stack.resetClean()  # an import is unsaved work: closing asks to save it
        w._update_title()
        self.last = (result, source)
        self.report_action.setEnabled(True)
        self._status(f"Imported {len(result.design.resources)} objects from {source}; "
                     "Save As to keep it as a design file", True)
        self.show_report(result, source)

    def show_report(self, result: ImportResult, source: str) -> ReportDialog:
        if self.report is None:
            self.report = ReportDialog(self.window)
        self.report.show_result(result, source)
        self.report.show()
        self.report.raise_()
        return self.report

    def show_last_report(self) -> None:
        if self.last is not None:
            self.show_report(*self.last)

    def _status(self, text: str, ok: bool) -> None:
        hint = getattr(self.window, "_on_hint", None)
        if callable(hint):
            hint(text, ok)


__all__ = ["ImportActions", "summary_text"]
