"""File → Export… and Simulation → Export trace… in the app: an options dialog, then a file name.

`ExportDialog.options()` is the dialog's answer as `ExportOptions`; `ExportActions.export_to` and
`export_trace_to` do the work without any modal window, so tests (and scripts) drive them directly.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QRadioButton,
    QWidget,
)

from vpcdesigner.exchange.png_embed import design_from_png
from vpcdesigner.model import DesignFileError

from .api import export_design, export_trace_image
from .options import FORMATS, MAX_SCALE, MIN_SCALE, ExportError, ExportOptions, ExportResult, Format

FILTERS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)", "pdf": "PDF document (*.pdf)"}


class ExportDialog(QDialog):
    """Format, whole design or selection, PNG scale and transparency, title, legend."""

    def __init__(self, parent: QWidget | None, design_name: str, has_selection: bool, trace: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export trace" if trace else "Export picture")
        form = QFormLayout(self)
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FILTERS[fmt].split(" (")[0], fmt)
        form.addRow("&Format", self.format)
        self.whole = QRadioButton("&Whole design")
        self.selection = QRadioButton("&Selection only")
        self.selection.setEnabled(has_selection)
        (self.selection if has_selection and not trace else self.whole).setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.selection)
        row = QHBoxLayout()
        row.addWidget(self.whole)
        row.addWidget(self.selection)
        form.addRow("What", row)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(MIN_SCALE, MAX_SCALE)
        self.scale.setSingleStep(0.5)
        self.scale.setValue(2.0)
        self.scale.setSuffix(" ×")
        self.scale.setToolTip("Pixels per canvas unit: 2 is sharp on high-density screens and slides")
        form.addRow("S&cale (PNG)", self.scale)
        self.transparent = QCheckBox("&Transparent background (PNG)")
        form.addRow("", self.transparent)
        self.use_title = QCheckBox("&Title")
        self.use_title.setChecked(True)
        self.title = QLineEdit("" if trace else design_name)
        self.title.setPlaceholderText("Trace: source → destination" if trace else "")
        self.use_title.toggled.connect(self.title.setEnabled)
        title_row = QHBoxLayout()
        title_row.addWidget(self.use_title)
        title_row.addWidget(self.title, 1)
        form.addRow("", title_row)
        self.legend = QCheckBox("&Legend (boxes, lines and marks used)")
        self.legend.setChecked(True)
        form.addRow("", self.legend)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._on_format)
        self._on_format()

    def _on_format(self) -> None:
        png = self.chosen_format() == "png"
        self.scale.setEnabled(png)
        self.transparent.setEnabled(png)

    def chosen_format(self) -> Format:
        return self.format.currentData()  # type: ignore[no-any-return]

    def options(self, selection: list[str]) -> ExportOptions:
        # None: the default title (a trace's "Trace: A → B"); "": no title at all
        title = (self.title.text().strip() or None) if self.use_title.isChecked() else ""
        png = self.chosen_format() == "png"
        return ExportOptions(self.chosen_format(), self.scale.value() if png else 1.0,
                             png and self.transparent.isChecked(), title, "", self.legend.isChecked(),
                             tuple(selection) if self.selection.isChecked() else ())


class ExportActions:
    """The export actions of one MainWindow."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.export_action = QAction("&Export Picture…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setToolTip("Export the design or the selection as PNG, SVG or PDF")
        self.export_action.triggered.connect(lambda _=False: self.export_dialog())
        self.trace_action = QAction("E&xport Trace…", window)
        self.trace_action.setToolTip("Export the current scenario's path and hop table as PNG, SVG or PDF")
        self.trace_action.triggered.connect(lambda _=False: self.export_trace_dialog())
        self.open_action = QAction("Open E&xported Picture…", window)
        self.open_action.setToolTip("Reopen the editable design carried inside a PNG exported by VPC Designer")
        self.open_action.triggered.connect(lambda _=False: self.open_picture_dialog())
        window.addAction(self.export_action)
        self._add_to_menus()

    def _menu(self, title: str) -> QMenu | None:
        for action in self.window.menuBar().actions():
            if action.text().replace("&", "") == title and action.menu() is not None:
                return action.menu()  # type: ignore[no-any-return]
        return None

    def _add_to_menus(self) -> None:
        file_menu = self._menu("File")
        if file_menu is not None:
            quit_action = getattr(self.window, "actions_by_name", {}).get("quit")
            actions = file_menu.actions()
            before = None
            if quit_action in actions:
                i = actions.index(quit_action)
                before = actions[i - 1] if i > 0 and actions[i - 1].isSeparator() else quit_action
            for action in (self.open_action, self.export_action):
                file_menu.insertAction(before, action) if before else file_menu.addAction(action)
        sim_menu = self._menu("Simulation")
        if sim_menu is not None:
            sim_menu.addSeparator()
            sim_menu.addAction(self.trace_action)
            sim_menu.aboutToShow.connect(lambda: self.trace_action.setEnabled(self.current_run() is not None))

    # ---- the whole design or the selection ----------------------------------------------------
    def _ask_path(self, fmt: Format, stem: str) -> str:
        folder = getattr(self.window, "_dir", lambda: "")()
        suggested = os.path.join(folder, f"{stem}.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export", suggested, FILTERS[fmt])
        if path and not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        return path

    def export_dialog(self) -> None:
        selection = self.window.scene.selected_ids()
        dlg = ExportDialog(self.window, self.window.doc.design.name, bool(selection))
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        options = dlg.options(selection)
        stem = os.path.splitext(os.path.basename(self.window.path or self.window.doc.design.name))[0]
        path = self._ask_path(options.format, stem.removesuffix(".vpcd") or "design")
        if path:
            self.export_to(path, options)

    def export_to(self, path: str, options: ExportOptions) -> ExportResult | None:
        """Export and tell the user how it went (status bar, or a message on failure)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big design takes seconds
        try:
            result = export_design(self.window.doc.design, path, options)
        except ExportError as exc:
            result = None
            error = str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        if result is None:
            self.window.message("Cannot export", error)
            return None
        self._report(result)
        return result

    # ---- reopening an exported PNG -------------------------------------------------------------
    def open_picture_dialog(self) -> None:
        if not self.window.maybe_save():
            return
        folder = getattr(self.window, "_dir", lambda: "")()
        path, _ = QFileDialog.getOpenFileName(self.window, "Open exported picture", folder, FILTERS["png"])
        if path:
            self.open_picture(path)

    def open_picture(self, path: str) -> bool:
        """Replace the window's design by the one inside `path` (unsaved: Save As keeps it as a design)."""
        try:
            design = design_from_png(path)
        except DesignFileError as exc:
            self.window.message("Cannot open the picture", str(exc))
            return False
        self.window.set_design(design, None)
        label = getattr(self.window, "hint_label", None)
        if label is not None:
            label.setText(f"Opened the design inside {os.path.basename(path)}; Save As to keep it as a design file")
        return True

    # ---- a simulated trace ---------------------------------------------------------------------
    def current_run(self) -> Any:
        run = getattr(getattr(self.window, "simulation", None), "run", None)
        return run if run is not None and getattr(run, "steps", None) else None

    def export_trace_dialog(self) -> None:
        run = self.current_run()
        if run is None:
            self.window.message("Nothing to export", "Run a scenario first (Simulation → Run scenario).")
            return
        dlg = ExportDialog(self.window, self.window.doc.design.name, False, trace=True)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        options = dlg.options([])
        path = self._ask_path(options.format, f"trace-{run.scenario.id}")
        if path:
            self.export_trace_to(path, options)

    def export_trace_to(self, path: str, options: ExportOptions) -> ExportResult | None:
        """Export the scenario the simulation panel last ran (its trace, or its steps for DNS)."""
        run = self.current_run()
        if run is None:
            self.window.message("Nothing to export", "Run a scenario first (Simulation → Run scenario).")
            return None
        design = self.window.doc.design
        sc = run.scenario
        destination = sc.destination if sc.destination in design.resources else None
        try:
            if run.trace is not None:
                result = export_trace_image(design, run.trace, path, options, destination=destination)
            else:
                title = options.title if options.title is not None else f"{sc.name or sc.id}: {sc.source} → " \
                    f"{sc.destination}"
                opts = ExportOptions(options.format, options.scale, options.transparent, title, "", options.legend)
                result = export_trace_image(design, run.steps, path, opts, summary=f"{run.short} — {run.summary}",
                                            destination=destination)
        except ExportError as exc:
            self.window.message("Cannot export the trace", str(exc))
            return None
        self._report(result)
        return result

    def _report(self, result: ExportResult) -> None:
        text = f"Exported {result.path.name} ({result.width} × {result.height})"
        if result.messages:
            text += " — " + "; ".join(result.messages)
        label = getattr(self.window, "hint_label", None)
        if label is not None:
            label.setText(text)
        if result.messages:
            self.window.message("Export", "\n".join(result.messages), error=False)


def install_export(window: Any) -> ExportActions:
    """Add File → Open Exported Picture…, File → Export Picture… and Simulation → Export Trace…."""
    actions = ExportActions(window)
    window.export_actions = actions
    return actions
