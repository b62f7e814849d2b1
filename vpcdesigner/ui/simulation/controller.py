"""SimulationController: wires scenarios, player, canvas overlay, event list, plot, what-if and
reachability into the MainWindow (`install_simulation(window)`), through its public attributes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSlider, QTabWidget, QToolBar

from vpcdesigner.model import Scenario
from vpcdesigner.sim.dns import DnsCache

from .. import icons
from .anchors import assign
from .commands import SetScenarios, upsert
from .events_panel import EventsPanel
from .layout import SimDockLayout
from .overlay import SimOverlay
from .player import SimulationPlayer
from .plot import TimelinePlot
from .reach import ReachabilityPanel
from .rulematch import rule_location
from .runner import Run, new_session, run_scenario
from .scenarios_panel import PALETTE, ScenariosPanel, endpoints
from .whatif import WhatIf

DNS_SECONDS_BETWEEN_RUNS = 10.0  # simulated time between two runs, so a cached answer's TTL ticks down


class SimulationController(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.doc, self.scene, self.view, self.stack = window.doc, window.scene, window.view, window.stack
        self.player = SimulationPlayer(self)
        self.overlay = SimOverlay(self.scene, self.view)
        self.scenarios = ScenariosPanel()
        self.events = EventsPanel()
        self.plot = TimelinePlot()
        self.reach = ReachabilityPanel()
        self.dns_cache = DnsCache()
        self.request_session = new_session(self.dns_cache)
        self.clock = 0.0
        self.run: Run | None = None
        self.picking: str | None = None
        self.whatif = WhatIf(self.doc, self, active=self.panel_open)
        self._build_docks(window)
        self._build_actions(window)
        self._connect()
        self._design_changed()

    # ---- building ----------------------------------------------------------------------------
    def _build_docks(self, window: QMainWindow) -> None:
        self.scenarios_dock = QDockWidget("Scenarios", window)
        self.scenarios_dock.setObjectName("sim-scenarios")
        self.scenarios_dock.setWidget(self.scenarios)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.scenarios_dock)
        inspector = getattr(window, "inspector_dock", None)
        if inspector is not None:
            window.tabifyDockWidget(inspector, self.scenarios_dock)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.events, "Events")
        self.tabs.addTab(self.plot, "Timeline")
        self.tabs.addTab(self.reach, "Reachability")
        self.sim_dock = QDockWidget("Simulation", window)
        self.sim_dock.setObjectName("sim-events")
        self.sim_dock.setWidget(self.tabs)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.sim_dock)
        problems = getattr(window, "problems_dock", None)
        if problems is not None:
            window.tabifyDockWidget(problems, self.sim_dock)
        self.sim_dock.raise_()
        self.dock_layout = SimDockLayout(window, self.sim_dock, self.tabs)

    def _act(self, window: QMainWindow, text: str, slot: Any, keys: list[str], icon: str | None = None,
             tip: str = "") -> QAction:
        act = QAction(text, window)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        if icon:
            act.setIcon(icons.icon(icon))
        act.setToolTip(f"{tip or text} ({', '.join(keys)})" if keys else tip or text)
        act.triggered.connect(lambda _=False: slot())
        window.addAction(act)
        return act

    def _build_actions(self, window: QMainWindow) -> None:
        a = self._act
        p = self.player
        self.actions = {
            "run": a(window, "&Run scenario", self.run_form, ["F9"], "packet",
                     "Run the question in the Scenarios panel"),
            "run_all": a(window, "Run &all scenarios", self.run_all, ["Shift+F9"]),
            "play": a(window, "&Play / Pause", p.toggle, ["Space"], "play"),
            "forward": a(window, "Step &forward", self._forward, ["Right"], "step-forward",
                         "Step forward (a clicker's PageDown works too)"),
            "back": a(window, "Step &back", p.step_back, ["Left"], "step-back", "Step back (or PageUp)"),
            "reset": a(window, "R&eset", p.reset, ["Home"], "reset", "Back to the start"),
            "clear_dns": a(window, "Clear the DNS &cache", self.clear_dns_cache, []),
            # a presentation clicker sends PageDown/PageUp wherever the focus is
            "clicker_forward": a(window, "Clicker: step forward", self._forward, ["PgDown"]),
            "clicker_back": a(window, "Clicker: step back", p.step_back, ["PgUp"]),
        }
        # Space, arrows and Home belong to the canvas and the simulation docks only, so the rule
        # tables and text boxes elsewhere keep their own keys; and only while there are steps.
        for key in ("play", "forward", "back", "reset"):
            act = self.actions[key]
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            window.removeAction(act)
            for widget in (self.view, self.scenarios_dock, self.sim_dock):
                widget.addAction(act)
        self._enable_steps()
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, 40)  # tenths: 0.1x .. 4x
        self.speed.setValue(10)
        self.speed.setFixedWidth(110)
        self.speed.setToolTip("Play speed")
        self.speed.valueChanged.connect(self._set_speed)
        self.status = QLabel("No scenario")
        self.status.setMinimumWidth(180)
        bar = QToolBar("Simulation", window)
        bar.setObjectName("sim-toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.addAction(self.actions["run"])
        bar.addSeparator()
        for key in ("reset", "back", "play", "forward"):
            bar.addAction(self.actions[key])
        bar.addWidget(QLabel(" speed "))
        bar.addWidget(self.speed)
        self.speed_label = QLabel("1.0×")
        bar.addWidget(self.speed_label)
        bar.addSeparator()
        bar.addWidget(self.status)
        window.addToolBar(bar)
        self.toolbar = bar
        menu = window.menuBar().addMenu("&Simulation")
        menu.addActions([self.actions[k] for k in ("run", "run_all")])
        menu.addSeparator()
        menu.addActions([self.actions[k] for k in ("play", "forward", "back", "reset")])
        menu.addSeparator()
        menu.addAction(self.actions["clear_dns"])
        menu.addAction(self.scenarios_dock.toggleViewAction())
        menu.addAction(self.sim_dock.toggleViewAction())

    def _connect(self) -> None:
        p = self.player
        p.current_hop_changed.connect(self._on_hop)
        p.steps_changed.connect(self._enable_steps)
        p.playing_changed.connect(self._on_playing)
        self.events.row_selected.connect(self._seek_paused)
        self.events.object_requested.connect(self._reveal)
        self.plot.seek_requested.connect(self._seek_paused)
        self.scenarios.run_requested.connect(self.run_scenario)
        self.scenarios.run_all_requested.connect(self.run_all)
        self.scenarios.save_form_requested.connect(self.save_form)
        self.scenarios.run_form_requested.connect(self.run_form)
        self.scenarios.delete_requested.connect(self.delete_scenario)
        self.scenarios.pick_requested.connect(self._start_pick)
        self.reach.trace_requested.connect(self.run_scenario)
        self.whatif.results.connect(self._on_whatif)
        self._links = [(self.doc.scenarios_changed, self._design_changed), (self.doc.reset, self._on_reset)]
        self._links += [(sig, self._on_edit) for sig in (self.doc.resource_added, self.doc.resource_removed,
                                                         self.doc.resource_changed)]
        for sig, slot in self._links:
            sig.connect(slot)
        self.scene.selectionChanged.connect(self._on_canvas_selection)
        links, whatif = self._links, self.whatif
        self.window.destroyed.connect(lambda *_: _detach(links, whatif))

    def panel_open(self) -> bool:
        """Open = either dock not closed by the user (a dock behind another tab still counts)."""
        return any(d.toggleViewAction().isChecked() for d in (self.scenarios_dock, self.sim_dock))

    # ---- design ------------------------------------------------------------------------------
    def _design_changed(self) -> None:
        design = self.doc.design
        self.scenarios.set_scenarios(design.scenarios)
        self.scenarios.set_endpoints(endpoints(design, self.scene.derived))
        self.reach.set_design(design)

    def _on_reset(self) -> None:
        self.clear_dns_cache()
        self.player.load([])
        self.overlay.clear()
        self.run = None
        self._design_changed()
        self.whatif.set_baseline()

    def _on_edit(self, *_args: Any) -> None:
        self.reach.set_design(self.doc.design)
        self.clear_dns_cache()

    def clear_dns_cache(self) -> None:
        """Forget cached DNS answers and the load balancers' rotation: the next run starts cold."""
        self.dns_cache.clear()
        self.request_session = new_session(self.dns_cache)
        self.clock = 0.0

    # ---- running -----------------------------------------------------------------------------
    def run_form(self) -> None:
        try:
            sc = self.scenarios.current()
        except ValueError as exc:
            self._message(f"The question is not complete: {_first_line(exc)}")
            return
        problem = _form_problem(sc)
        if problem:
            self._message(problem)
            return
        self.run_scenario(sc)

    def run_scenario(self, sc: Scenario, autoplay: bool = True) -> Run:
        """Trace (or look up) `sc`, lay it on the canvas and start the player."""
        self.scene.flush()
        run = run_scenario(self.doc.design, sc, cache=self.dns_cache, now=self.clock, session=self.request_session)
        self.clock += DNS_SECONDS_BETWEEN_RUNS
        self.run = run
        if run.error:
            self._message(run.error)
            self.player.load([])
            self.overlay.clear()
            return run
        edges = {e.rid: key for key, e in self.scene.edge_items().items()}
        assign(run.steps, self.doc.design, self.scene.derived, set(self.scene.items_by_id()), edges)
        self.dock_layout.scenario_loaded()  # before the overlay fits the view to the trace
        self.overlay.load(run.steps, sc.color)
        self.events.set_steps(run.steps)
        self.plot.set_steps(run.steps)
        runs = dict(self.scenarios.runs)
        if any(s.id == sc.id for s in self.doc.design.scenarios):
            runs[sc.id] = run
        self.scenarios.set_results(runs, self.scenarios.changes)  # also clears an old error line
        self.player.load(run.steps, autoplay=autoplay)
        self._status()
        return run

    def run_all(self) -> None:
        """Run every saved scenario, make that the what-if baseline, and show the first blocked one."""
        self.whatif.set_baseline()
        runs = self.whatif.runs
        if not runs:
            self._message("No saved scenarios yet: ask a question and press Save.")

    def save_form(self) -> None:
        try:
            sc = self.scenarios.current()
        except ValueError as exc:
            self._message(f"The scenario cannot be saved: {_first_line(exc)}")
            return
        self.save_scenario(sc)

    def save_scenario(self, sc: Scenario) -> None:
        problem = _form_problem(sc)
        if problem:
            self._message(f"The scenario cannot be saved: {problem}")
            return
        existing = {s.id for s in self.doc.design.scenarios}
        if sc.id in existing and not self.scenarios.name.text().strip():
            sc = sc.model_copy(update={"id": self.doc.new_id(sc.id)})
        if sc.color == PALETTE[0] and self.doc.design.scenarios:
            sc = sc.model_copy(update={"color": PALETTE[len(self.doc.design.scenarios) % len(PALETTE)]})
        self.stack.push(SetScenarios(self.doc, upsert(self.doc.design.scenarios, sc), f"Save scenario {sc.name}"))

    def delete_scenario(self, sid: str) -> None:
        keep = tuple(s for s in self.doc.design.scenarios if s.id != sid)
        self.stack.push(SetScenarios(self.doc, keep, f"Delete scenario {sid}"))

    def _on_whatif(self, runs: dict[str, Run], changes: dict[str, str]) -> None:
        """Mark the changes; if the scenario on the canvas changed its verdict, show its new ending."""
        self.scenarios.set_results(runs, changes)
        shown = self.run
        if shown is None or self.player.playing:
            return
        new = runs.get(shown.scenario.id)
        if new is not None and (new.verdict, new.where) != (shown.verdict, shown.where) and \
                any(s.id == shown.scenario.id for s in self.doc.design.scenarios):
            self.run_scenario(shown.scenario, autoplay=False)
            self.player.seek(len(self.player.steps) - 1)

    # ---- player → views ----------------------------------------------------------------------
    def _forward(self) -> None:
        self.player.pause()
        self.player.step_forward()

    def _seek_paused(self, index: int) -> None:
        self.player.pause()
        self.player.seek(index)

    def _on_hop(self, index: int, step: Any) -> None:
        animate = self.player.direction == 1
        seconds = min(0.9, self.player.dwell_ms() / 1000 * 0.7)
        self.overlay.show_hop(index, step, animate=animate, seconds=seconds)
        self.events.show_step(index)
        self.plot.set_cursor(index)
        self._status()

    def _set_speed(self, tenths: int) -> None:
        self.player.set_speed(tenths / 10)
        self._status()

    def _enable_steps(self, *_args: Any) -> None:
        has = bool(self.player.steps)
        for key in ("play", "forward", "back", "reset", "clicker_forward", "clicker_back"):
            self.actions[key].setEnabled(has)

    def _on_playing(self, playing: bool) -> None:
        act = self.actions["play"]
        act.setIcon(icons.icon("pause" if playing else "play"))
        act.setText("&Pause" if playing else "&Play")

    def _status(self) -> None:
        self.speed_label.setText(f"{self.player.speed:.1f}×")
        if self.run is None or not self.player.steps:
            self.status.setText("No scenario")
            return
        step = self.player.current
        where = f"step {self.player.index + 1}/{len(self.player.steps)}"
        self.status.setText(f"{where}  {step.mark + ' ' + step.name if step else 'ready'}  ·  {self.run.short}")

    # ---- canvas picking ----------------------------------------------------------------------
    def _start_pick(self, which: str) -> None:
        self.picking = which
        self.scene.clearSelection()
        self.window.statusBar().showMessage(f"Click the {which} on the canvas…", 8000)

    def _on_canvas_selection(self) -> None:
        if self.picking is None:
            return
        ids = self.scene.selected_ids()
        if len(ids) == 1:
            self.scenarios.set_field(self.picking, ids[0])
            self.window.statusBar().showMessage(f"{self.picking}: {ids[0]}", 4000)
            self.picking = None

    def _reveal(self, rid: str) -> None:
        """Open the step's object in the inspector and select the rule that decided it."""
        if rid not in self.doc.design.resources or not hasattr(self.window, "show_object"):
            self.window.statusBar().showMessage(f"{rid} is not an object of the design (it is implied)", 4000)
            return
        self.window.show_object(rid)
        step = self.player.current
        where = rule_location(self.doc.design, step) if step is not None and step.component == rid else None
        inspector = getattr(self.window, "inspector", None)
        table = getattr(inspector, "tables", {}).get(where[1]) if where and inspector is not None else None
        if where is not None and table is not None and inspector is not None:
            table.table.selectRow(where[2])
            table.table.setCurrentCell(where[2], 0)
            inspector.ensureWidgetVisible(table.table)
            self.window.statusBar().showMessage(f"{rid}: {where[1]} row {where[2] + 1} decided this step", 6000)

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)
        self.scenarios.banner.setText(text)
        self.scenarios.banner.setVisible(True)


def _form_problem(sc: Scenario) -> str | None:
    """What is missing from a question, in the form's own words."""
    if not sc.source.strip():
        return "the source (From) is empty: pick one from the list or press Pick and click it on the canvas"
    if not sc.destination.strip():
        what = {"dns": "the name to look up", "request": "the URL"}.get(sc.type, "the destination (To)")
        return f"{what} is empty"
    return None


def _first_line(exc: Exception) -> str:
    """A pydantic error's useful part (field and message), not its whole report."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{where}: {first.get('msg', '')}" if where else str(first.get("msg", exc))
    return str(exc).splitlines()[0]


def _detach(links: list[tuple[Any, Any]], whatif: WhatIf) -> None:
    """The Document (psygnal) outlives the window: drop our slots so nothing calls deleted Qt objects."""
    for sig, slot in links:
        sig.disconnect(slot)
    whatif.detach()


def install_simulation(window: Any) -> SimulationController:
    """Add the simulation docks, toolbar, menu and shortcuts to a MainWindow."""
    controller = SimulationController(window)
    window.simulation = controller
    return controller
