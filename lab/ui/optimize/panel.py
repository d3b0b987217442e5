"""The optimizer lab: trajectories of many optimizers on a 2-D function, recomputed live.

The panel builds the controls and views, reads the controls into a config (``build``) and
draws what its :class:`~lab.ui.optimize.controller.OptimizerController` computes: every control
edit asks for a computation (lab.ui.common.latest_wins: coalesced, latest-only, stale results
dropped); the sweeps run in the controller's workers.
The maps, loss plot, readout and theory redraw from one result, so they always agree. A
control with a bad value (red, lab.ui.common.fields) means no config: nothing is computed and
the status line names the problem, rather than computing with an older value.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.app.session import without_preset
from lab.engine.core import fields as F
from lab.engine.core.optimizers import OPTIMIZERS
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.sweep2d import sweep2d_csv
from lab.engine.optimize.trajectories import TrajectoryConfig, sweep_csv, trajectories_csv
from lab.ui.common.busy_overlay import compiling_overlay
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget, Lab, SessionSection
from lab.ui.common.panel import group_box, side_panel
from lab.ui.common.preset_bar import PresetBar
from lab.ui.concurrency.worker import one_line
from lab.ui.optimize import session_io
from lab.ui.optimize.controller import OptimizerController
from lab.ui.optimize.function_picker import FunctionPicker
from lab.ui.optimize.loss_plot import LossPlot
from lab.ui.optimize.map_stack import MapStack
from lab.ui.optimize.momentum_map import MomentumMap
from lab.ui.optimize.optimizer_table import OptimizerTable
from lab.ui.optimize.playback_bar import PlaybackBar
from lab.ui.optimize.readout_table import ReadoutTable
from lab.ui.optimize.run_settings import RunSettings
from lab.ui.optimize.schedule_editor import ScheduleEditor
from lab.ui.optimize.state import state_from_plain
from lab.ui.optimize.state_view import StateOnMaps, StateView
from lab.ui.optimize.surface_loader import SurfaceLoader
from lab.ui.optimize.sweep_plot import SweepPlot
from lab.ui.optimize.theory_view import TheoryView

DEFAULT_PRESET = "book-fig-6-8"


def as_shown(config: TrajectoryConfig | None) -> TrajectoryConfig | None:
    """``config`` as the optimizer table shows it: one row per optimizer, in registry order
    (a preset listing Adam before RMSProp is shown, and computed, in the table's order)."""
    if config is None:
        return None
    order = list(OPTIMIZERS)
    return replace(config, optimizers=tuple(sorted(config.optimizers,
                                                   key=lambda o: order.index(o.name))))


class OptimizerLab(Lab):
    key = "optimizer"
    title = N_("Optimizer lab")
    guide = "optimizer"  # lab/guides/<language>/optimizer.md
    needs = ("lab.engine.optimize.kernels",)  # SymPy only for a new formula (surface_cache)
    sweep_computed = Signal()
    surface_shown = Signal()  # the maps show a newly prepared function (tests, bench)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = OptimizerController(self, self.build, self.needs)
        self.result = None  # the trajectories drawn now
        self._start = (-7.0, 2.0)
        self._notice = ""  # shown with the next result's summary (e.g. dropped settings)
        self.surfaces = SurfaceLoader(self)  # parses and grids: needs no kernels
        self._build()
        self._connect()

    def load_default(self) -> None:
        """The book's figure: what a first-time user sees."""
        self.apply_preset(DEFAULT_PRESET)

    # ---- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        # the box names the preset the computed config matches, whatever set the controls
        self.presets = PresetBar(OPTIMIZER_PRESETS, current=lambda: as_shown(self.config()),
                                 state_of=lambda preset: as_shown(preset.config))
        self.function = FunctionPicker()
        self.presets.overlay_note(self.function.error)  # an error moves nothing below
        self.two_by_two = QCheckBox(tr("2×2 view"))
        self.two_by_two.setToolTip(tr("one map per optimizer, as in the book's figure"))
        self.three_d = QCheckBox(tr("3-D"))
        self.three_d.setToolTip(tr("the function as a surface with the paths on it; drag to "
                                   "rotate"))
        self.presets.row.addWidget(self.function, 1)
        self.presets.row.addWidget(self.two_by_two)
        self.presets.row.addWidget(self.three_d)

        self.optimizers = OptimizerTable()
        self.schedule = ScheduleEditor()
        self.settings = RunSettings()
        scroll = side_panel([group_box(tr("Optimizers (hover a name for its update rule)"),
                                       self.optimizers),
                             group_box(tr("Learning-rate schedule"), self.schedule),
                             group_box(tr("Run"), self.settings)], min_width=380)

        self.maps = MapStack()
        self.map, self.multiples = self.maps.map, self.maps.multiples
        # first launch on a cold kernel cache: the map says so instead of showing empty axes
        compiling_overlay(self.maps, until=(self.computed, self.compute_failed))
        self.playback = PlaybackBar()
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.maps, 1)
        center_layout.addWidget(self.playback)

        self.loss = LossPlot()
        self.sweep = SweepPlot()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.loss, tr("Loss"))
        self.tabs.addTab(self.sweep, tr("Learning-rate sweep"))
        self.momentum_map = MomentumMap()
        self.tabs.addTab(self.momentum_map, tr("(η, β) map"))
        self.theory = TheoryView()
        self.tabs.addTab(self.theory, tr("Theory"))
        self.state_view = StateView(StateOnMaps(self.map, self.multiples.maps))
        self.tabs.addTab(self.state_view, tr("State"))
        self.readout = ReadoutTable()
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(self.readout)
        right.setSizes([420, 200])

        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(center)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([390, 620, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(self.presets)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        controller = self.controller
        self.presets.chosen.connect(self.apply_preset)
        self.function.requested.connect(self.surfaces.request)
        self.surfaces.ready.connect(self._surface_ready)
        self.surfaces.failed.connect(self._surface_failed)
        for box in (self.two_by_two, self.three_d):
            box.toggled.connect(lambda _on: self.maps.show_view(self.two_by_two.isChecked(),
                                                                self.three_d.isChecked()))
        self.optimizers.changed.connect(controller.request)
        self.schedule.changed.connect(controller.request)
        self.settings.changed.connect(self._settings_changed)
        self.maps.start_moved.connect(self.set_start)
        self.playback.step_changed.connect(self.maps.set_step)
        self.playback.step_changed.connect(self.loss.set_step)
        self.playback.step_changed.connect(self.state_view.set_step)
        self.state_view.follow(self.tabs)  # drawn on the maps while its tab is shown
        self.sweep.run_requested.connect(controller.run_sweep)
        self.sweep.lr_picked.connect(self.optimizers.set_lr)
        controller.status_message.connect(self.status_message)
        controller.requested.connect(self.presets.refresh)  # what is shown may have changed
        controller.config_changed.connect(self._config_changed)
        controller.trajectories_ready.connect(self.show_result)
        controller.sweep_started.connect(lambda: self.sweep.set_running(True))
        controller.sweep_ready.connect(self._sweep_ready)
        controller.sweep_failed.connect(self._sweep_failed)
        self._connect_theory()

    def _connect_theory(self) -> None:
        """The theory and the (η, β) map follow the controller too."""
        controller, chart = self.controller, self.momentum_map
        controller.config_changed.connect(lambda c: chart.set_optimizers(c.optimizers))
        controller.trajectories_ready.connect(self.theory.set_result)
        controller.trajectories_ready.connect(
            lambda *computed: self.optimizers.mark_stability_limit(computed[-1]))
        controller.trajectories_ready.connect(lambda *computed: self.sweep.set_limit(computed[-1]))
        chart.run_requested.connect(
            lambda name: controller.run_map(name, self.settings.tolerance.value()))
        chart.picked.connect(self.optimizers.set_lr_and)
        controller.map_started.connect(lambda: chart.set_running(True))
        controller.map_ready.connect(chart.set_result)
        controller.map_failed.connect(chart.show_failure)

    # ---- state ---------------------------------------------------------------------------
    def build(self) -> tuple[TrajectoryConfig | None, list[str], list[str]]:
        """(the trajectory the controls describe, its colours, []) or (None, [], every red
        field's problem; none when no optimizer is ticked)."""
        if not self.optimizers.ticked():
            return None, [], []
        chosen, problems = self.optimizers.enabled()
        schedule, found = self.schedule.build()
        problems += [f"{tr('schedule')}: {p}" for p in found] + self.settings.problems()
        if problems:
            return None, [], problems
        s = self.settings
        config = TrajectoryConfig(self.function.spec, tuple(c for c, _ in chosen), self._start,
                                  steps=s.steps.value(), schedule=schedule,
                                  noise=s.noise.value(), noise_seed=s.seed.value(),
                                  clip_norm=s.clip.value())  # fmt: skip
        problems = F.problems(config)
        return (None, [], problems) if problems else (config, [c for _, c in chosen], [])

    def config(self) -> TrajectoryConfig | None:
        return self.build()[0]

    def apply_preset(self, key: str) -> None:
        preset = OPTIMIZER_PRESETS[key]
        self._load(preset.config)
        self.presets.show_preset(key)  # after loading: the bar compares what is shown
        self.two_by_two.setChecked(preset.small_multiples)

    def _load(self, config: TrajectoryConfig, origin: str = "preset") -> None:
        widgets = (self.optimizers, self.schedule, self.settings, self.function)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.function.set_spec(config.function)
            self.surfaces.request(config.function, origin)  # parsed and gridded in a worker
            self.settings.load(config)
            self.schedule.load(config.schedule)
            self.schedule.set_steps(config.steps)
            self.optimizers.load(config.optimizers)
            self._show_start(*config.start)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.controller.request()  # in parallel with the surface worker: first result sooner

    def set_start(self, x: float, y: float) -> None:
        """A map moved the start (or a test did): every map shows it, and it is computed."""
        self._show_start(x, y)
        self.controller.request()

    def _show_start(self, x: float, y: float) -> None:
        self._start = (float(x), float(y))
        self.maps.set_start(x, y)

    def save_state(self) -> dict:
        """The trajectory config's plain form, as the controls hold it (a red value as typed:
        reading it back names its problem), the view's settings (lab.ui.optimize.state) and
        the preset chosen last (the box says "modified" after a restart too)."""
        preset = {} if self.presets.key is None else {"preset": self.presets.key}
        return {**preset, "function": self.function.spec, "optimizers": self.optimizers.plain(),
                "start": list(self._start), "schedule": self.schedule.plain(),
                **self.settings.plain(), "two_by_two": self.two_by_two.isChecked(),
                "tolerance": self.settings.tolerance.plain()}  # fmt: skip

    def restore_state(self, state: dict) -> bool:
        """Re-open where the user left off. Settings that fail validation are dropped with a
        status message (the default preset opens); the function itself is checked in the
        surface worker, which drops it the same way (``_surface_failed``)."""
        state = dict(state) if isinstance(state, dict) else state
        preset = state.pop("preset", None) if isinstance(state, dict) else None
        try:
            config, view = state_from_plain(state)
        except (F.ConfigError, RecursionError) as err:
            self._notice = tr("Saved optimizer-lab settings were dropped: {message}").format(
                message=one_line(err))
            self.status_message.emit(self._notice)
            return False
        self._load(config, "restore")
        self.two_by_two.setChecked(view.two_by_two)
        self.settings.tolerance.set_value(view.tolerance)
        if isinstance(preset, str) and preset in OPTIMIZER_PRESETS:  # else the box finds one
            self.presets.show_preset(preset)
        else:
            self.presets.forget()
        return True

    # ---- views of the controller ---------------------------------------------------------
    def _config_changed(self, config: TrajectoryConfig) -> None:
        """About to compute ``config``: the sweep says whether it still describes it."""
        self.sweep.set_stale(self.controller.sweep_stale(config))
        self.sweep.set_current({o.name: o.lr for o in config.optimizers})

    def show_result(self, result, colors: list[str], f_star, theory) -> None:
        self.result = result
        self.maps.set_result(result, colors)
        self.maps.set_theory(theory)
        self.loss.set_result(result, colors, f_star)
        self.state_view.set_result(result, colors)
        tolerance = self.settings.tolerance.value()
        if tolerance is not None:  # else red, and the status line says so
            self.readout.set_result(result, colors, tolerance)
        self.playback.set_maximum(result.paths.shape[1] - 1)
        self.maps.set_step(self.playback.step())
        self.loss.set_step(self.playback.step())
        self.state_view.set_step(self.playback.step())
        diverged = [tr("{optimizer} diverged at step {step}").format(optimizer=label, step=k)
                    for label, k in zip(result.labels, result.diverged_at, strict=True) if k >= 0]
        summary = "; ".join(diverged) or tr("{n} trajectories, {steps} steps").format(
            n=len(result.labels), steps=result.paths.shape[1] - 1)
        self.status_message.emit(f"{self._notice} — {summary}" if self._notice else summary)
        self._notice = ""

    def _surface_ready(self, prepared, origin: str) -> None:
        """A function compiled and gridded in the worker: every map shows the one grid."""
        self.function.accept(prepared.spec, prepared.surface)
        self.maps.set_surface(prepared)
        xmin, xmax, ymin, ymax = prepared.surface.box
        x, y = self._start
        if origin == "user":  # presets and saved settings requested theirs already
            if not (xmin <= x <= xmax and ymin <= y <= ymax):
                self._show_start(xmin + 0.8 * (xmax - xmin), ymin + 0.8 * (ymax - ymin))
            self.controller.request()
        self.surface_shown.emit()

    def _surface_failed(self, spec: str, message: str, origin: str) -> None:
        if origin == "user":
            self.function.reject(message)
            return
        # a saved function that no longer validates: dropped, with a message, never a traceback
        self._notice = tr("The saved function “{spec}” was dropped: {message}").format(
            spec=spec, message=message)
        self.status_message.emit(self._notice)
        self.load_default()

    def _settings_changed(self) -> None:
        if self.settings.steps.value() is not None:
            self.schedule.set_steps(self.settings.steps.value())
        self.controller.request()

    def _sweep_ready(self, sweep, names: list[str], colors: list[str], f_star) -> None:
        self.sweep.set_result(sweep, names, colors, f_star)
        # edited while it swept: stale on arrival
        self.sweep.set_stale(self.controller.sweep_stale(self.config()))
        self.sweep_computed.emit()

    def _sweep_failed(self, message: str) -> None:
        """Bad controls (the message says which) or a failure in the worker."""
        self.sweep.set_running(False)
        self.sweep.status.setText(message)

    # ---- the lab protocol (lab.ui.common.lab) ----------------------------------------------
    def preset_shown(self):
        return self.presets.shown()

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(N_("Contour map"), self.maps.currentWidget()),
                ExportTarget(N_("Loss plot"), self.loss),
                ExportTarget(N_("Learning-rate sweep"), self.sweep.plot),
                ExportTarget(N_("(η, β) map"), self.momentum_map.plot),
                ExportTarget(N_("Error per eigendirection"), self.theory.plot),
                ExportTarget(N_("Schedule preview"), self.schedule.preview)]

    def csv_exports(self) -> list[CsvExport]:
        exports = []
        if self.result is not None:
            exports.append(CsvExport(N_("Trajectories"), partial(trajectories_csv, self.result)))
        if self.sweep.sweep is not None:
            exports.append(CsvExport(N_("Learning-rate sweep"),
                                     partial(sweep_csv, self.sweep.sweep)))
        if self.momentum_map.result is not None:
            exports.append(CsvExport(N_("(η, β) map"),
                                     partial(sweep2d_csv, self.momentum_map.result)))
        return exports

    def animation_sources(self) -> list:
        from lab.ui.optimize.animation import OptimizerPlayback

        return [OptimizerPlayback(N_("Contour map"), self.maps.currentWidget(), self),
                OptimizerPlayback(N_("Loss plot"), self.loss, self)]

    def has_playback(self) -> bool:
        return True

    def toggle_playback(self) -> None:
        self.playback.play.toggle()

    def session_section(self) -> SessionSection:
        return SessionSection(session_io.SCHEMA, self._session_save, self._session_restore)

    def _session_save(self) -> dict:
        return {"preset": self.presets.combo.currentData(), **self.save_state()}

    def _session_restore(self, section: dict) -> None:
        self.restore_state(without_preset(section))
        self.presets.show_known(section.get("preset"))

    def shutdown(self) -> None:
        self.playback.play.setChecked(False)
        self.controller.shutdown()
        super().shutdown()


