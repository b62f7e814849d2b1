"""The main window: owns the Document and the undo stack; menus, docks, file handling, autosave."""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
    QUndoView,
    QWidget,
)

from vpcdesigner.model import Design, Document

from . import icons
from .canvas.items import BaseItem
from .canvas.minimap import Minimap
from .canvas.scene import DesignScene
from .canvas.view import DesignView
from .editing import Editing
from .files import RecentFiles, Recovery
from .inspector.panel import InspectorPanel
from .palette import Palette
from .problems import ProblemsPanel
from .theme import current as current_theme
from .window_files import FileActions

AUTOSAVE_MS = 30_000


def _silence(stack: QUndoStack, *_args: object) -> None:
    """Stop a dying window's undo stack from signalling into it (its children go after it)."""
    with suppress(RuntimeError):  # the stack went first: nothing left to signal
        stack.blockSignals(True)


class MainWindow(FileActions, QMainWindow):
    def __init__(self, settings: QSettings | None = None, recovery: Recovery | None = None,
                 autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__()
        self.settings = settings or QSettings("VPC Designer", "vpcdesigner")
        self.recent = RecentFiles(self.settings)
        self.recovery = recovery or Recovery()
        self.path: str | None = None
        self.doc = Document(Design())
        self.stack = QUndoStack(self)
        self.scene = DesignScene(self.doc, self.stack)
        self.scene.setParent(self)
        self.view = DesignView(self.scene)
        self.editing = Editing(self.scene, self.view)
        self.setCentralWidget(self.view)
        self.setWindowIcon(icons.icon("app"))
        self.setAcceptDrops(True)
        self._build_docks()
        self._build_actions()
        self._build_status()
        self.stack.cleanChanged.connect(self._update_title)
        self.stack.indexChanged.connect(self._on_index_changed)
        # ~QUndoStack clears itself and emits indexChanged/cleanChanged while the window is already
        # half destroyed: silence the stack first (a plain function, not a slot of the dying window).
        self.destroyed.connect(partial(_silence, self.stack))
        self.doc.meta_changed.connect(self._update_title)
        self.scene.selectionChanged.connect(self._on_selection)
        self.scene.object_activated.connect(self.show_object)
        self.scene.hint.connect(self._on_hint)
        self.scene.note_edit_requested.connect(self.edit_note)
        self.view.files_dropped.connect(self._on_files_dropped)
        self.view.zoom_changed.connect(self._on_zoom)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self._autosave = QTimer(self)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.autosave)
        self._autosave.start()
        from .simulation import install_simulation  # the simulation panel (issue 5)

        self.simulation = install_simulation(self)
        from .classroom import install_classroom  # presentation, lessons, quiz, themes, About (issue 7)

        self.classroom = install_classroom(self)
        from .export import install_export  # File → Export Picture…, Simulation → Export Trace… (issue 6)

        install_export(self)
        from .importing import install_import  # File → Import ▸ and PNG open (issue 6)

        install_import(self)
        self.resize(1440, 900)
        self._restore_state()
        self._update_title()

    # ---- building ---------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.palette_panel = Palette()  # not "palette": that would hide QWidget.palette()
        self.palette_panel.kind_activated.connect(self._add_at_centre)
        self.palette_dock = self._dock("Palette", "palette", self.palette_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.minimap = Minimap(self.view)
        self.minimap_dock = self._dock("Overview", "overview", self.minimap, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.inspector = InspectorPanel(self.doc, self.stack)
        self.inspector_dock = self._dock("Inspector", "inspector", self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.history = QUndoView(self.stack)
        self.history.setEmptyLabel("Opened design")
        self.history_dock = self._dock("History", "history", self.history, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.history_dock)
        self.inspector_dock.raise_()
        self.problems = ProblemsPanel(self.doc)
        self.problems.object_requested.connect(self.reveal_object)
        self.problems_dock = self._dock("Problems", "problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems.counts_changed.connect(self._on_counts)
        self._docks_sized = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._hide_stale_tab_bars)  # cancelled if the window dies
        if not self._docks_sized and self.settings.value("window/state") is None:
            self._docks_sized = True  # first start: a roomy canvas, compact panels
            QTimer.singleShot(0, self, self._size_docks)

    def _hide_stale_tab_bars(self) -> None:
        """Qt 6.11 can leave a second, orphaned tab bar for docks tabified before the window showed
        (drawn over another dock). Keep, for each set of tabs, the bar next to its visible dock."""
        from PySide6.QtWidgets import QTabBar

        bars: dict[tuple[str, ...], list[QTabBar]] = {}
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self and bar.isVisible():
                bars.setdefault(tuple(bar.tabText(i) for i in range(bar.count())), []).append(bar)
        docks = {d.windowTitle(): d for d in self.findChildren(QDockWidget)}
        for titles, group in bars.items():
            if len(group) < 2:
                continue
            shown = [docks[t] for t in titles
                     if t in docks and docks[t].isVisible() and not docks[t].visibleRegion().isEmpty()]
            if not shown:
                continue
            bottom = shown[0].geometry().bottom()
            group.sort(key=lambda b: abs(b.geometry().top() - bottom))
            for stale in group[1:]:
                stale.hide()

    def _size_docks(self) -> None:
        """First start: a roomy canvas. On a short screen (1280×720) the overview becomes a tab behind
        the palette and the right-hand docks run down to the status bar, so the canvas keeps its
        height for the design and the inspector its height for the fields."""
        small = self.width() < 1500
        if self.height() < 820:
            self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
            self.tabifyDockWidget(self.palette_dock, self.minimap_dock)
            self.palette_dock.raise_()
            QTimer.singleShot(0, self, self._hide_stale_tab_bars)
        self.resizeDocks([self.palette_dock, self.inspector_dock], [180, 320] if small else [220, 420],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [90 if small else 120], Qt.Orientation.Vertical)

    def _action(self, text: str, slot: Any, shortcut: Any = None, icon: str | None = None,
                tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if icon:
            act.setIcon(icons.icon(icon))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(lambda _=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        a = self._action
        self.actions_by_name = {
            "new": a("&New", self.new_design, K.New), "open": a("&Open…", self.open_dialog, K.Open),
            "save": a("&Save", self.save, K.Save), "save_as": a("Save &As…", self.save_as, K.SaveAs),
            "quit": a("&Quit", self.close, K.Quit),
            "cut": a("Cu&t", self.editing.cut, K.Cut), "copy": a("&Copy", self.editing.copy, K.Copy),
            "paste": a("&Paste", self.editing.paste, K.Paste),
            "duplicate": a("&Duplicate", self.editing.duplicate, "Ctrl+D"),
            "delete": a("De&lete", self.editing.delete, K.Delete),
            "select_all": a("Select &All", self._select_all, K.SelectAll),
            "find": a("&Find…", self._focus_find, K.Find),
            "note": a("Add &Note", lambda: self.editing.add_note(), "Ctrl+Shift+N", "note"),
            "zoom_in": a("Zoom &In", lambda: self.view.zoom_by(1.25), K.ZoomIn),
            "zoom_out": a("Zoom &Out", lambda: self.view.zoom_by(0.8), K.ZoomOut),
            "zoom_fit": a("&Fit Design", self.view.fit_all, "Ctrl+0"),
            "zoom_100": a("Actual Size (100 %)", lambda: self.view.set_zoom(1.0), "Ctrl+1"),
            "zoom_sel": a("Zoom to &Selection", self.view.zoom_to_selection, "Ctrl+2"),
        }
        undo = self.stack.createUndoAction(self, "&Undo")
        undo.setShortcut(K.Undo)
        redo = self.stack.createRedoAction(self, "&Redo")
        redo.setShortcut(K.Redo)
        self.actions_by_name.update(undo=undo, redo=redo)
        snap = QAction("Snap to &Grid", self, checkable=True, checked=True)
        snap.toggled.connect(lambda on: setattr(self.scene, "snap", on))
        for key, (dx, dy) in {"Left": (-10, 0), "Right": (10, 0), "Up": (0, -10), "Down": (0, 10)}.items():
            act = a(f"Nudge {key}", lambda dx=dx, dy=dy: self.editing.nudge(dx, dy), f"Alt+{key}")
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(act)
        bar = self.menuBar()
        m_file = bar.addMenu("&File")
        m_file.addActions([self.actions_by_name[k] for k in ("new", "open")])
        self.recent_menu = m_file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m_file.addActions([self.actions_by_name[k] for k in ("save", "save_as")])
        m_file.addSeparator()
        m_file.addAction(self.actions_by_name["quit"])
        m_edit = bar.addMenu("&Edit")
        m_edit.addActions([undo, redo])
        m_edit.addSeparator()
        m_edit.addActions([self.actions_by_name[k] for k in ("cut", "copy", "paste", "duplicate", "delete",
                                                             "select_all")])
        m_edit.addSeparator()
        m_edit.addAction(self.actions_by_name["find"])
        m_edit.addAction(self.actions_by_name["note"])
        m_arrange = bar.addMenu("&Arrange")
        for how in ("left", "hcenter", "right", "top", "vcenter", "bottom"):
            label = {"hcenter": "centres horizontally", "vcenter": "centres vertically"}.get(how, how + " edges")
            m_arrange.addAction(a(f"Align {label}", lambda h=how: self.editing.align(h)))
        m_arrange.addSeparator()
        m_arrange.addAction(a("Distribute horizontally", lambda: self.editing.distribute("h")))
        m_arrange.addAction(a("Distribute vertically", lambda: self.editing.distribute("v")))
        m_arrange.addSeparator()
        m_arrange.addAction(snap)
        m_view = bar.addMenu("&View")
        m_view.addActions([self.actions_by_name[k] for k in ("zoom_in", "zoom_out", "zoom_fit", "zoom_100",
                                                             "zoom_sel")])
        m_view.addSeparator()
        for dock in (self.palette_dock, self.inspector_dock, self.history_dock, self.problems_dock,
                     self.minimap_dock):
            m_view.addAction(dock.toggleViewAction())
        tools = QToolBar("Main", self)
        tools.setObjectName("main-toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tools.addActions([self.actions_by_name["new"], self.actions_by_name["open"], self.actions_by_name["save"]])
        tools.addSeparator()
        tools.addActions([undo, redo])
        tools.addSeparator()
        tools.addActions([self.actions_by_name[k] for k in ("zoom_fit", "zoom_100", "zoom_sel")])
        tools.addSeparator()
        tools.addAction(self.actions_by_name["note"])
        tools.addSeparator()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find name, id or address (Ctrl+F)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(280)
        self.find_box.returnPressed.connect(lambda: self.editing.find_next(self.find_box.text()))
        tools.addWidget(self.find_box)
        self.addToolBar(tools)

    def _build_status(self) -> None:
        bar = self.statusBar()
        self.hint_label = QLabel("Ready")
        self.selection_label = QLabel("")
        self.problems_label = QLabel("")
        self.zoom_label = QLabel("100 %")
        bar.addWidget(self.hint_label, 1)
        bar.addPermanentWidget(self.selection_label)
        bar.addPermanentWidget(self.problems_label)
        bar.addPermanentWidget(self.zoom_label)

    # ---- state ------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]
        else:
            self._fit_screen()
        if state is not None:
            self.restoreState(state)  # type: ignore[arg-type]

    def _fit_screen(self) -> None:
        """First start: 1440×900, or the whole available screen when that is smaller (a 1280×720
        projector must not get a window hanging off its edges)."""
        screen = self.screen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        if avail.width() < 1440 or avail.height() < 900:
            self.setGeometry(avail.adjusted(0, 0, 0, 0))
            frame = self.frameGeometry().size() - self.geometry().size()
            self.resize(avail.width() - frame.width(), avail.height() - frame.height())

    def _save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())

    def _on_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")

    def _on_counts(self, errors: int, warnings: int) -> None:
        self.problems_label.setText(f"✗ {errors}  ⚠ {warnings}")

    def _on_index_changed(self, _index: int) -> None:
        self._update_title()

    def _update_title(self) -> None:
        name = Path(self.path).name if self.path else self.doc.design.name
        self.setWindowTitle(f"{name}[*] — VPC Designer")
        self.setWindowModified(not self.stack.isClean())

    def _on_hint(self, text: str, ok: bool) -> None:
        self.hint_label.setText(("✓ " if ok else "✗ ") + text)
        self.hint_label.setStyleSheet("" if ok else f"color:{current_theme().refuse}; font-weight:600")

    def _on_selection(self) -> None:
        ids = self.scene.selected_ids()
        self.selection_label.setText(f"{len(ids)} selected" if ids else "")
        self.show_object(ids[0] if len(ids) == 1 else None)

    def show_object(self, rid: str | None) -> None:
        self.inspector.show_object(rid, self.scene.derived)
        if rid is not None:
            self.inspector_dock.raise_()

    def edit_note(self, nid: str) -> None:
        """Double-click on a note: edit its text (one undo step per dialog)."""
        from PySide6.QtWidgets import QInputDialog

        note = next((n for n in self.doc.design.notes if n.id == nid), None)
        if note is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "Note", "Text of the note:", note.text)
        if ok and text != note.text:
            self.editing.set_note_text(nid, text)

    def reveal_object(self, rid: str) -> None:
        if not self.editing.reveal(rid):
            self.show_object(rid)

    def _select_all(self) -> None:
        for item in self.scene.items_by_id().values():
            if item.movable:
                item.setSelected(True)

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _add_at_centre(self, kind: str) -> None:
        from .canvas.interactions import drop_new

        centre = self.view.mapToScene(self.view.viewport().rect().center())
        if kind == "note":
            self.editing.add_note(centre)
            return
        drop_new(self.scene, kind, QPointF(centre), commit=True)

    def _context_menu(self, pos: Any) -> None:
        scene_pos = self.view.mapToScene(pos)
        under = self.scene.container_at(scene_pos)
        if under is not None and not under.isSelected():
            self.scene.clearSelection()
            under.setSelected(True)
        menu = QMenu(self)
        if self.scene.selected_ids():
            menu.addActions([self.actions_by_name[k] for k in ("cut", "copy", "duplicate", "delete")])
            if isinstance(under, BaseItem) and under.kind == "subnet":
                rtb = self.scene.derived.route_table_of.get(under.rid)
                nacl = self.scene.derived.nacl_of.get(under.rid)
                menu.addSeparator()
                if rtb is not None:
                    menu.addAction(f"Open route table {rtb.id}", lambda r=rtb.id: self.show_object(r))
                if nacl is not None:
                    menu.addAction(f"Open network ACL {nacl.id}", lambda n=nacl.id: self.show_object(n))
            menu.addAction(self.actions_by_name["zoom_sel"])
            menu.addSeparator()
        menu.addAction(self.actions_by_name["paste"])
        menu.addAction("Add note here", lambda: self.editing.add_note(scene_pos))
        menu.addAction(self.actions_by_name["zoom_fit"])
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self._save_state()
        self.recovery.discard()
        event.accept()
