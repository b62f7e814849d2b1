"""File verbs of the main window: new, open, save, recent, drop a file, autosave and crash recovery.

A mixin for `MainWindow` (kept apart so each file has one job). `message`, `ask_unsaved` and
`ask_recover` are the only dialogs; tests replace them.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from vpcdesigner.model import Design, DesignFileError, load, save

from .files import discard_recovery, load_recovery, pending

FILE_FILTER = "VPC designs (*.vpcd.json);;All files (*)"


class FileActions:
    """Needs from the window: doc, stack, scene, view, recovery, recent, path, _update_title, _on_hint."""

    doc: Any
    stack: Any
    scene: Any
    view: Any
    recovery: Any
    recent: Any
    path: str | None

    def _update_title(self) -> None: ...
    def _on_hint(self, text: str, ok: bool) -> None: ...
    def show_object(self, rid: str | None) -> None: ...

    # ---- files ------------------------------------------------------------------------------
    def message(self, title: str, text: str, error: bool = True) -> None:
        """Tell the user something; tests replace this to avoid modal dialogs."""
        box = QMessageBox.critical if error else QMessageBox.information
        box(self, title, text)  # type: ignore[arg-type]

    def ask_unsaved(self) -> str:
        """'save', 'discard' or 'cancel' for unsaved changes; tests replace this."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"Save the changes to {self.windowTitle().split('[')[0]}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current design."""
        if self.stack.isClean():
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def set_design(self, design: Design, path: str | None) -> None:
        self.doc.replace_all(design)
        self.stack.clear()
        self.path = path
        self.scene.flush()
        if len(design.resources) > 2000:
            gc.collect()
            gc.freeze()  # a big design and its items stay: keep them out of every later GC pass
        self.scene.clearSelection()
        self.show_object(None)
        self._update_title()
        QTimer.singleShot(0, self.view, self.view.fit_all)

    def new_design(self) -> None:
        if self.maybe_save():
            self.set_design(Design(), None)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open design", self._dir(), FILE_FILTER)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            design = load(path)
        except DesignFileError as exc:
            self.message("Cannot open the design", str(exc))
            return False
        self.set_design(design, os.path.abspath(path))
        self.recent.add(path)
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self._write(self.path)

    def save_as(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save design", self._dir(), FILE_FILTER)
            if not path:
                return False
        if not path.endswith(".vpcd.json"):
            path = path.removesuffix(".json") + ".vpcd.json"
        return self._write(path)

    def _write(self, path: str) -> bool:
        try:
            save(self.doc.design, path)
        except (OSError, DesignFileError) as exc:
            self.message("Cannot save the design", f"{path}: {exc}")
            return False
        self.path = os.path.abspath(path)
        self.stack.setClean()
        self.recovery.discard()
        self.recent.add(path)
        self._update_title()
        self._on_hint(f"Saved {path}", True)
        return True

    def _dir(self) -> str:
        return os.path.dirname(self.path) if self.path else str(Path.home())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.recent.list():
            self.recent_menu.addAction(path, lambda p=path: self.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _on_files_dropped(self, paths: list[str]) -> None:
        for path in paths:
            if path.endswith(".json"):
                self.open_path(path)
                return

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self._on_files_dropped([u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()])

    # ---- recovery ----------------------------------------------------------------------------
    def autosave(self) -> bool:
        """Write the recovery file when there are unsaved changes."""
        if self.stack.isClean():
            return False
        try:
            self.recovery.write(self.doc.design, self.path)
        except OSError:
            return False
        return True

    def ask_recover(self, original: str | None, when: float) -> bool:
        """Offer to recover; tests replace this."""
        name = original or "an unsaved design"
        answer = QMessageBox.question(
            self, "Recover unsaved work?",
            f"VPC Designer did not close properly. Recover the changes to {name} "
            f"(autosaved {time.strftime('%Y-%m-%d %H:%M', time.localtime(when))})?")
        return answer == QMessageBox.StandardButton.Yes

    def offer_recovery(self) -> bool:
        """After a crash: offer each leftover recovery file; returns True when one was opened."""
        for path, original, when in pending(self.recovery.folder, exclude=self.recovery.path):
            if self.ask_recover(original, when):
                try:
                    design = load_recovery(path)
                except DesignFileError as exc:
                    self.message("Cannot recover", str(exc))
                    discard_recovery(path)
                    continue
                self.set_design(design, original)
                self.stack.resetClean()  # recovered work is unsaved work
                self._update_title()
                discard_recovery(path)
                return True
            discard_recovery(path)
        return False

