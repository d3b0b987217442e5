"""The optimizer lab: trajectories of many optimizers on a 2-D function, recomputed live.

Every control edit asks for a computation (lab.ui.common.latest_wins: coalesced, latest-only,
stale results dropped).
The map, loss plot and readout redraw from one result, so they always agree. A control with a
bad value (red, lab.ui.common.fields) means no config: nothing is computed and the status line
names the problem, rather than computing with an older value.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.app.session import without_preset
from lab.engine.core import fields as F
from lab.engine.core.optimizers import OPTIMIZERS
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import (
    SweepConfig,
    TrajectoryConfig,
    run_trajectories,
    sweep_csv,
    sweep_learning_rates,
    trajectories_csv,
)
from lab.ui.common.busy_overlay import compiling_overlay
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget, Lab, SessionSection
from lab.ui.common.latest_wins import LatestWins
from lab.ui.common.panel import group_box, side_panel
from lab.ui.common.preset_bar import PresetBar
from lab.ui.concurrency.worker import Worker, one_line
from lab.ui.optimize import session_io
from lab.ui.optimize.contour_map import ContourMap
from lab.ui.optimize.function_picker import FunctionPicker
from lab.ui.optimize.loss_plot import LossPlot
from lab.ui.optimize.optimizer_table import OptimizerTable
from lab.ui.optimize.playback_bar import PlaybackBar
from lab.ui.optimize.readout_table import ReadoutTable
from lab.ui.optimize.run_settings import RunSettings
from lab.ui.optimize.schedule_editor import ScheduleEditor
from lab.ui.optimize.small_multiples import SmallMultiples
from lab.ui.optimize.state import state_from_plain
from lab.ui.optimize.state_arrows import StateOnMaps
from lab.ui.optimize.state_view import StateView
from lab.ui.optimize.surface_loader import SurfaceLoader
from lab.ui.optimize.sweep_plot import SweepPlot

DEFAULT_PRESET = "book-fig-6-8"


def trajectories_job(config: TrajectoryConfig):
    """Worker job: the trajectories and f* (the loss plot's reference), both off the GUI."""
    return run_trajectories(config, record_state=True), config.surface().min_value()


def sweep_job(config: TrajectoryConfig, sweep: SweepConfig):
    return sweep_learning_rates(config, sweep), config.surface().min_value()


def sweep_key(config: TrajectoryConfig) -> TrajectoryConfig:
    """What a sweep depends on: everything but the learning rates it varies itself."""
    return replace(config, optimizers=tuple(
        replace(o, hyper=tuple((k, v) for k, v in o.hyper if k != "lr"))
        for o in config.optimizers))


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
        self.compute = LatestWins(self, self.make_job, self.show_result, self.needs)
        self.result = None
        self._start = (-7.0, 2.0)
        self._notice = ""  # shown with the next result's summary (e.g. dropped settings)
        self._sweep_key: TrajectoryConfig | None = None  # the settings the sweep was made for
        self.sweep_worker = Worker("sweep", self, self.needs)
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
        self.presets.row.addWidget(self.function, 1)
        self.presets.row.addWidget(self.two_by_two)

        self.optimizers = OptimizerTable()
        self.schedule = ScheduleEditor()
        self.settings = RunSettings()
        scroll = side_panel([group_box(tr("Optimizers (hover a name for its update rule)"),
                                       self.optimizers),
                             group_box(tr("Learning-rate schedule"), self.schedule),
                             group_box(tr("Run"), self.settings)], min_width=380)

        self.map = ContourMap()
        self.multiples = SmallMultiples()
        self.maps = QStackedWidget()
        self.maps.addWidget(self.map)
        self.maps.addWidget(self.multiples)
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
        self.state_view = StateView()  # the chosen optimizer's state, drawn on its map
        self.tabs.addTab(self.state_view, tr("State"))
        self.state_maps = StateOnMaps(self.map, self.multiples.maps)
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
        self.presets.chosen.connect(self.apply_preset)
        self.function.requested.connect(self.surfaces.request)
        self.surfaces.ready.connect(self._surface_ready)
        self.surfaces.failed.connect(self._surface_failed)
        self.two_by_two.toggled.connect(lambda on: self.maps.setCurrentIndex(int(on)))
        self.optimizers.changed.connect(self.compute.request)
        self.schedule.changed.connect(self.compute.request)
        self.settings.changed.connect(self._settings_changed)
        self.map.start_moved.connect(self._start_moved)
        self.multiples.start_moved.connect(self._start_moved)
        self.playback.step_changed.connect(self._show_step)
        self.sweep.run_requested.connect(self.run_sweep)
        self.sweep.lr_picked.connect(self.optimizers.set_lr)
        self.sweep_worker.done.connect(self._sweep_ready)
        self.sweep_worker.failed.connect(self._sweep_failed)
        self.state_view.shown.connect(self.state_maps.show)
        self.tabs.currentChanged.connect(
            lambda _: self.state_maps.set_visible(self.tabs.currentWidget() is self.state_view))

    # ---- state ---------------------------------------------------------------------------
    def build(self) -> tuple[TrajectoryConfig | None, list[str], list[str]]:
        """(the trajectory the controls describe, its colours, []) or (None, [], every problem:
        each red field's, or that no optimizer is ticked)."""
        if not self.optimizers.ticked():
            return None, [], [tr("Tick at least one optimizer.")]
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
        self.compute.request()  # in parallel with the surface worker: first result sooner

    def set_start(self, x: float, y: float) -> None:
        self._show_start(x, y)
        self.compute.request()

    def _show_start(self, x: float, y: float) -> None:
        self._start = (float(x), float(y))
        self.map.set_start(x, y)
        self.multiples.set_start(x, y)

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

    # ---- computing -------------------------------------------------------------------------
    def make_job(self):
        self.presets.refresh()  # every change of what is shown comes through here
        config, colors, problems = self.build()
        if config is None:  # nothing is computed for a bad value: the status line says why
            self.status_message.emit(problems[0] if not self.optimizers.ticked() else
                                     tr("Not computed: {problems}").format(
                                         problems="; ".join(problems)))  # fmt: skip
            return None
        self.sweep.set_stale(self._sweep_key is not None and sweep_key(config) != self._sweep_key)
        self.sweep.set_current({o.name: o.lr for o in config.optimizers})
        return partial(trajectories_job, config), colors

    def show_result(self, computed, colors: list[str]) -> None:
        result, f_star = computed
        self.result = result
        self.map.set_result(result, colors)
        self.multiples.set_result(result, colors)
        self.loss.set_result(result, colors, f_star)
        self.state_view.set_result(result, colors)
        tolerance = self.settings.tolerance.value()
        if tolerance is not None:  # else red, and the status line says so
            self.readout.set_result(result, colors, tolerance)
        self.playback.set_maximum(result.paths.shape[1] - 1)
        self._show_step(self.playback.step())
        diverged = [tr("{optimizer} diverged at step {step}").format(optimizer=label, step=k)
                    for label, k in zip(result.labels, result.diverged_at, strict=True) if k >= 0]
        summary = "; ".join(diverged) or tr("{n} trajectories, {steps} steps").format(
            n=len(result.labels), steps=result.paths.shape[1] - 1)
        self.status_message.emit(f"{self._notice} — {summary}" if self._notice else summary)
        self._notice = ""

    def _show_step(self, step: int) -> None:
        self.map.set_step(step)
        self.multiples.set_step(step)
        self.loss.set_step(step)
        self.state_view.set_step(step)

    def _surface_ready(self, prepared, origin: str) -> None:
        """A function compiled and gridded in the worker: every map shows the one grid."""
        self.function.accept(prepared.spec, prepared.surface)
        self.map.set_surface(prepared)
        self.multiples.set_surface(prepared)
        xmin, xmax, ymin, ymax = prepared.surface.box
        x, y = self._start
        if origin == "user":  # presets and saved settings requested theirs already
            if not (xmin <= x <= xmax and ymin <= y <= ymax):
                self._show_start(xmin + 0.8 * (xmax - xmin), ymin + 0.8 * (ymax - ymin))
            self.compute.request()
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
        self.compute.request()

    def _start_moved(self, x: float, y: float) -> None:
        """A map moved the start: every other map shows it too."""
        self.set_start(x, y)

    # ---- sweep -----------------------------------------------------------------------------
    def run_sweep(self) -> None:
        config, colors, problems = self.build()
        if config is None:
            message = (tr("Tick at least one optimizer to sweep.") if not
                       self.optimizers.ticked() else tr("Not swept: {problems}").format(
                           problems="; ".join(problems)))  # fmt: skip
            self.status_message.emit(message)
            self.sweep.status.setText(message)
            return
        self.sweep.set_running(True)
        self._sweep_request = (config, colors)
        self._sweep_key = sweep_key(config)
        self.sweep_worker.submit(partial(sweep_job, config, SweepConfig()))

    def _sweep_ready(self, computed) -> None:
        sweep, f_star = computed
        config, colors = self._sweep_request
        names = [o.name for o in config.optimizers]
        self.sweep.set_result(sweep, names, colors, f_star)
        current = self.config()  # edited while it swept: stale on arrival
        self.sweep.set_stale(current is not None and sweep_key(current) != self._sweep_key)
        self.sweep_computed.emit()

    def _sweep_failed(self, message: str) -> None:
        self.sweep.set_running(False)
        self.sweep.status.setText(tr("Sweep failed: {message}").format(message=message))

    # ---- the lab protocol (lab.ui.common.lab) ----------------------------------------------
    def preset_shown(self):
        return self.presets.shown()

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(N_("Contour map"), self.maps.currentWidget()),
                ExportTarget(N_("Loss plot"), self.loss),
                ExportTarget(N_("Learning-rate sweep"), self.sweep.plot),
                ExportTarget(N_("Schedule preview"), self.schedule.preview)]

    def csv_exports(self) -> list[CsvExport]:
        exports = []
        if self.result is not None:
            exports.append(CsvExport(N_("Trajectories"), partial(trajectories_csv, self.result)))
        if self.sweep.sweep is not None:
            exports.append(CsvExport(N_("Learning-rate sweep"),
                                     partial(sweep_csv, self.sweep.sweep)))
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
        self.compute.stop()
        super().shutdown()


