"""Help → About: the version, the Qt and Python versions, and each runtime dependency's licence.

Licences are read from the installed packages' metadata (importlib.metadata) rather than typed
in, so the box stays true when a dependency changes; a bundle that dropped the metadata says so.
"""

from __future__ import annotations

import html
import platform
import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from vpcdesigner import __version__

DIST = "vpcdesigner"
FALLBACK_DEPENDENCIES = ("PySide6-Essentials", "pyqtgraph", "pydantic", "networkx", "psygnal", "PyYAML", "numpy")


@dataclass(frozen=True)
class Dependency:
    name: str
    version: str
    licence: str


def _licence(md: Any) -> str:
    """SPDX expression if given, else the short License field, else the OSI classifiers."""
    expr = md.get("License-Expression")
    if expr:
        return str(expr)
    text = (md.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    classifiers = [c.split(" :: ")[-1] for c in (md.get_all("Classifier") or []) if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    return text.splitlines()[0][:80] if text else "not stated"


def runtime_dependencies() -> list[str]:
    """Names of the app's own runtime requirements (extras such as test tools left out)."""
    try:
        reqs = metadata.requires(DIST) or []
    except metadata.PackageNotFoundError:
        return list(FALLBACK_DEPENDENCIES)
    names = []
    for req in reqs:
        if "extra ==" in req:
            continue
        match = re.match(r"[A-Za-z0-9_.\-]+", req)
        if match and match.group(0) not in names:
            names.append(match.group(0))
    return names


def dependencies() -> list[Dependency]:
    out = []
    for name in runtime_dependencies():
        try:
            md = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            out.append(Dependency(name, "?", "metadata not included in this build"))
            continue
        out.append(Dependency(name, str(md["Version"] or "?"), _licence(md)))
    return out


def about_html() -> str:
    rows = "".join(f"<tr><td>{html.escape(d.name)}</td><td>{html.escape(d.version)}</td>"
                   f"<td>{html.escape(d.licence)}</td></tr>" for d in dependencies())
    return (f"<h2>VPC Designer {html.escape(__version__)}</h2>"
            "<p>Draw AWS networks and watch packets and DNS lookups travel through them, hop by hop.</p>"
            f"<p>Qt {html.escape(qVersion())} · PySide6 {html.escape(pyside_version)} · "
            f"Python {html.escape(platform.python_version())}</p>"
            "<p>VPC Designer is MIT licensed. It uses these libraries:</p>"
            "<table cellpadding='3'><tr><th align='left'>Library</th><th align='left'>Version</th>"
            f"<th align='left'>Licence</th></tr>{rows}</table>")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About VPC Designer")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html())
        self.text.setMinimumSize(520, 360)
        layout.addWidget(self.text)
        layout.addWidget(QLabel("Qt is used under the LGPL 3.0 (PySide6); see each library for its terms."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def show_about(parent: QWidget | None = None) -> AboutDialog:
    dialog = AboutDialog(parent)
    dialog.open()
    return dialog
