"""File → Import ▸ AWS Account (Live)…: profile, regions, and where to keep the raw answers.

Profiles and each profile's region come from the usual AWS configuration (~/.aws/config,
~/.aws/credentials, AWS_* variables) through boto3, which is an optional extra: without it the
dialog says how to install it instead of failing. Nothing here reads or shows credentials.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .regions import REGIONS

DEFAULT_PROFILE = "(default configuration)"
INSTALL_HINT = "Live import needs boto3, an optional extra: pip install 'vpcdesigner[aws]'"


@dataclass(frozen=True)
class LiveRequest:
    profile: str | None
    regions: list[str]
    save_snapshot: str | None


def boto3_available() -> bool:
    return importlib.util.find_spec("boto3") is not None


def profiles() -> list[str]:
    """Profile names from the AWS configuration files ([] when none or unreadable)."""
    try:
        import boto3

        return sorted(boto3.session.Session().available_profiles)
    except Exception:  # a broken config file is named later by the import itself
        return []


def region_of(profile: str | None) -> str | None:
    """The region the configuration gives `profile` (or the default configuration)."""
    try:
        import boto3

        return boto3.session.Session(profile_name=profile).region_name  # type: ignore[no-any-return]
    except Exception:
        return None


class LiveDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from an AWS account")
        self.folder = folder
        self.available = boto3_available()
        intro = QLabel("Reads the networks of the account with describe/list calls only (nothing is changed). "
                       "Credentials come from your AWS configuration: profiles, environment variables or SSO.")
        intro.setWordWrap(True)
        self.profile = QComboBox()
        self.profile.setEditable(True)
        self.profile.addItem(DEFAULT_PROFILE)
        self.regions = QListWidget()
        self.regions.setMinimumHeight(180)
        for name in REGIONS:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.regions.addItem(item)
        self.regions.itemChanged.connect(lambda _item: self._update_buttons())
        self.save = QCheckBox("Also &save the API answers to a folder (re-import later with AWS Snapshot Folder…)")
        self.save_path = QLineEdit()
        self.save_path.setPlaceholderText("folder for the snapshot")
        browse = QPushButton("Bro&wse…")
        browse.clicked.connect(self._browse)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_path, 1)
        save_row.addWidget(browse)
        self.save.toggled.connect(self.save_path.setEnabled)
        self.save.toggled.connect(browse.setEnabled)
        self.save.toggled.connect(lambda _on: self._update_buttons())
        self.save_path.textChanged.connect(lambda _t: self._update_buttons())
        self.save.setChecked(False)
        self.save_path.setEnabled(False)
        browse.setEnabled(False)
        form = QFormLayout()
        form.addRow("&Profile", self.profile)
        form.addRow("&Regions", self.regions)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.save)
        layout.addLayout(save_row)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(620, 520)
        if self.available:
            self.profile.addItems(profiles())
            self.profile.currentTextChanged.connect(self._on_profile)
            self._on_profile(self.profile.currentText())
        else:
            for w in (self.profile, self.regions, self.save):
                w.setEnabled(False)
        self._update_buttons()

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Save the snapshot to", self.save_path.text() or self.folder)
        if path:
            self.save_path.setText(path)

    def _on_profile(self, text: str) -> None:
        """Check the profile's configured region when no region is chosen yet."""
        if self.chosen_regions():
            return
        region = region_of(self.chosen_profile())
        if region:
            self.check_regions([region])

    def check_regions(self, names: list[str]) -> None:
        for name in names:
            found = self.regions.findItems(name, Qt.MatchFlag.MatchExactly)
            if not found:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self.regions.insertItem(0, item)
                found = [item]
            found[0].setCheckState(Qt.CheckState.Checked)
            self.regions.scrollToItem(found[0])

    def chosen_profile(self) -> str | None:
        text = self.profile.currentText().strip()
        return None if not text or text == DEFAULT_PROFILE else text

    def chosen_regions(self) -> list[str]:
        return [self.regions.item(i).text() for i in range(self.regions.count())
                if self.regions.item(i).checkState() == Qt.CheckState.Checked]

    def request(self) -> LiveRequest:
        folder = self.save_path.text().strip() if self.save.isChecked() else ""
        return LiveRequest(self.chosen_profile(), self.chosen_regions(), os.path.abspath(folder) if folder else None)

    def _update_buttons(self) -> None:
        if not self.available:
            self.note.setText(INSTALL_HINT)
            self.note.setStyleSheet("color:#c62828")
            self.import_button.setEnabled(False)
            return
        problem = ""
        if not self.chosen_regions():
            problem = "Choose at least one region."
        elif self.save.isChecked() and not self.save_path.text().strip():
            problem = "Choose the folder for the snapshot, or untick saving it."
        chosen = ", ".join(self.chosen_regions())
        self.note.setText(problem or f"Will describe: {chosen}")
        self.note.setStyleSheet("color:#c62828" if problem else "")
        self.import_button.setEnabled(not problem)
