"""The training lab's Landscape tab: the loss around trained runs with their paths, and the
stability of runs as they train (issue 19).

Why a view of the controller, with its own worker: the runs, their folders and their sharpness
rows are the controller's (lab/ui/train/controller.py, probe_log.py); a landscape is loaded
from run folders and evaluated coarse to fine in a :class:`Worker` (parented to the
controller, so closing the lab joins it), each pass drawn as it arrives, cancelable between
passes. The Stability view follows the controller's redraws: the runs' histories and their
sharpness rows so far; its "Measure sharpness now" row (:mod:`.sharpness_now`) adds a point.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core import fields as F
from lab.engine.train.landscape.job import LandscapeConfig, LandscapeError
from lab.engine.train.landscape.probes import ProbeConfig, ProbeError
from lab.ui.common.i18n import N_, tr
from lab.ui.common.panel import side_panel
from lab.ui.concurrency.worker import Worker
from lab.ui.train.landscape_job import compute_landscape
from lab.ui.train.landscape_map import LandscapeLine, LandscapeMap
from lab.ui.train.landscape_settings import LandscapeSettings, plain_of
from lab.ui.train.sharpness_now import MeasureBar, SharpnessNow
from lab.ui.train.stability_view import StabilityView


class LandscapeTab(QWidget):
    """Settings on the left; the plane (or line) with its iteration slider, and the Stability
    view, as two pages on the right."""

    computed = Signal(object)  # the finished Landscape (tests wait on it)

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.worker = Worker("train-landscape", controller, ("torch",))
        self.settings = LandscapeSettings()
        self.map = LandscapeMap()
        self.line = LandscapeLine()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.map)
        self.stack.addWidget(self.line)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setEnabled(False)
        self.slider_label = QLabel()
        self.stability = StabilityView()
        self.sharpness_now = SharpnessNow(controller)
        self.measure_bar = MeasureBar(self.sharpness_now)
        self.pages = QTabWidget()
        self.result = None  # the landscape shown (partial while it fills in)
        self.colors: dict[str, str] = {}
        self._lay_out()
        self._connect()
        self.settings.set_probes(controller.probe_log.config)

    def _lay_out(self) -> None:
        plane = QWidget()
        column = QVBoxLayout(plane)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.stack, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Iteration")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.slider_label)
        column.addLayout(row)
        self.pages.addTab(plane, tr("Plane or line"))
        self.stability_page = QWidget()  # the action above the two plots
        column = QVBoxLayout(self.stability_page)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.measure_bar)
        column.addWidget(self.stability, 1)
        self.pages.addTab(self.stability_page, tr("Stability"))
        split = QSplitter()
        split.addWidget(side_panel([self.settings], 230))
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        split.setSizes([250, 650])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _connect(self) -> None:
        c, s = self.controller, self.settings
        s.compute.clicked.connect(self.compute)
        s.cancel.clicked.connect(self.cancel)
        s.probes_changed.connect(self._probes_edited)
        self.slider.valueChanged.connect(self._slid)
        self.worker.progressed.connect(self._show)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        c.runs_listed.connect(self.settings.show_runs)
        c.run_changed.connect(lambda _entry: self.settings.show_runs(list(c.runs)))
        c.curves_drawn.connect(self.show_stability)
        c.curves_dropped.connect(self.stability.drop_run)
        c.preset_changed.connect(self._preset_chosen)
        self.sharpness_now.measured.connect(self._measured_now)

    # ---- while runs train ---------------------------------------------------------------------
    def _probes_edited(self) -> None:
        config, problems = self.settings.probes.build()
        if config is None:
            self.settings.status.setText("; ".join(problems))
            return
        self.set_probes(config)

    def set_probes(self, config: ProbeConfig) -> None:
        """The probes runs started from now on train with."""
        try:
            self.controller.probe_log.set_config(**plain_of(config))
        except ProbeError as err:
            self.settings.status.setText(str(err))
            return
        if self.settings.probes.build()[0] != config:
            self.settings.set_probes(config)

    def _preset_chosen(self, key: str) -> None:
        """A preset that keeps snapshots or measures sharpness turns them on for its runs."""
        from lab.engine.train.presets import TRAIN_PRESETS

        preset = TRAIN_PRESETS.get(key)
        self.settings.status.setText(tr("Train runs with snapshots on, then tick them here."))
        probes = getattr(preset, "probes", None)
        if probes is not None and probes.active:
            self.set_probes(probes)
            self.pages.setCurrentWidget(self.stability_page if probes.sharpness_every and not
                                        probes.snapshot_every else self.pages.widget(0))

    def show_stability(self, drawn: list) -> None:
        """Each redrawn run's sharpness so far, threshold and loss (controller.DrawnRun)."""
        for run in drawn:
            entry = self.controller.runs.get(run.rows.name)
            if entry is not None:
                self.stability.show_run(run.rows, run.color, entry.config.optimizer,
                                        self._sharpness_rows(entry))  # fmt: skip

    def _measured_now(self, name: str, _row) -> None:
        """A point measured on demand: the run drawn again with it (a finished run's curves
        are not redrawn otherwise)."""
        entry = self.controller.runs.get(name)
        if entry is not None and entry.history.n:
            self.stability.show_run(entry.history.snapshot(), entry.color,
                                    entry.config.optimizer, self._sharpness_rows(entry))

    # ---- a landscape --------------------------------------------------------------------------
    def compute(self) -> bool:
        """Evaluate the ticked runs' landscape in the worker; False (and why, in the status
        line) when it cannot start."""
        names = self.settings.ticked()
        config, problems = self.settings.form.build()
        problem = "; ".join(problems) if problems else _runs_problem(config, names)
        if problem:
            self.settings.status.setText(problem)
            return False
        entries = [self.controller.runs[n] for n in names]
        self.colors = {e.name: e.color for e in entries}
        weights = [self.controller.store.weights_path(e.folder) for e in entries]
        self.settings.busy(True)
        self.settings.status.setText(tr("Loading the runs and their snapshots…"))
        self.worker.submit(partial(compute_landscape, weights, config), with_token=True)
        return True

    def cancel(self) -> None:
        self.worker.cancel()

    def _show(self, result) -> None:
        """A pass of the grid (or the line) measured: draw what there is."""
        self.result = result
        if result.betas is None:
            self.stack.setCurrentWidget(self.line)
            self.line.set_landscape(result, self.colors.get(result.runs[0], "#1f77b4"))
        else:
            self.stack.setCurrentWidget(self.map)
            self.map.set_landscape(result, self.colors)
        self.settings.progress.setValue(round(100 * result.measured / max(result.total, 1)))
        self.settings.status.setText(tr("Measured {done} of {total} points…").format(
            done=result.measured, total=result.total))

    def _done(self, result) -> None:
        self.settings.busy(False)
        if result is None:
            return
        self._show(result)
        self._fit_slider(result)
        self.settings.status.setText(tr("{kind}: {points} points, loss {low:.4g} to {high:.4g}")
                                     .format(kind=result.kind, points=result.total,
                                             low=float(_finite(result.loss).min()),
                                             high=float(_finite(result.loss).max())))
        self.computed.emit(result)

    def _failed(self, message: str) -> None:
        self.settings.busy(False)
        self.settings.status.setText(tr("Landscape not computed: {why}").format(why=message))

    def _cancelled(self, _late) -> None:
        self.settings.busy(False)
        self.settings.status.setText(tr("Cancelled."))

    def _fit_slider(self, result) -> None:
        last = max((int(its[-1]) for its, _ in result.paths.values() if len(its)), default=0)
        self.slider.setEnabled(last > 0)
        self.slider.setRange(0, last)
        self.slider.setValue(last)
        self._slid(last)

    def _slid(self, iteration: int) -> None:
        self.slider_label.setText(str(iteration))
        self.map.set_iteration(iteration)

    # ---- exports ------------------------------------------------------------------------------
    def export_targets(self) -> list[tuple[str, QWidget]]:
        """(untranslated label, widget) of each picture the tab can export."""
        return [(N_("Loss landscape"), self.map), (N_("Loss along a line"), self.line),
                (N_("Sharpness and thresholds"), self.stability.sharpness_plot),
                (N_("Loss beside sharpness"), self.stability.loss_plot)]

    def csv_exports(self) -> list[tuple[str, object]]:
        """(untranslated label, text()) for the finished landscape's grid and the sharpness
        rows of the listed runs."""
        from lab.engine.train.landscape.files import grid_csv
        from lab.engine.train.landscape.probes import sharpness_csv

        out = []
        if self.result is not None and self.result.measured == self.result.total:
            out.append((N_("Landscape grid"), partial(grid_csv, self.result)))
        rows = [r for e in self.controller.runs for r in self._sharpness_rows(e)]
        if rows:
            out.append((N_("Sharpness"), partial(sharpness_csv, rows)))
        return out

    def _sharpness_rows(self, entry) -> list:
        folder = self.controller.store.root / entry.folder if entry.folder else None
        return self.controller.probe_log.rows(entry.name, folder)

    def export_npz(self, path: str) -> bool:
        """The finished landscape (grid, axes, paths) as NPZ at ``path``."""
        from lab.engine.train.landscape.files import write_npz

        if self.result is None or self.result.measured != self.result.total:
            self.settings.status.setText(tr("Compute a landscape first."))
            return False
        write_npz(self.result, path)
        return True

    # ---- saved settings -----------------------------------------------------------------------
    def save_state(self) -> dict:
        landscape, _ = self.settings.form.build()
        return {"probes": plain_of(self.controller.probe_log.config),
                "landscape": plain_of(landscape or LandscapeConfig()),
                "ticked": self.settings.ticked()}

    def restore_state(self, state: dict) -> None:
        """The tab's settings from a saved state (a damaged value keeps the default)."""
        if not isinstance(state, dict):
            return
        try:
            self.set_probes(F.config_from_plain(ProbeConfig, state.get("probes") or {},
                                                error=ProbeError))
            self.settings.set_landscape(F.config_from_plain(
                LandscapeConfig, state.get("landscape") or {}, error=LandscapeError))
        except (ProbeError, LandscapeError, TypeError):
            pass
        ticked = state.get("ticked")
        if isinstance(ticked, list):
            self.settings.tick([str(n) for n in ticked])


def _runs_problem(config, names: list[str]) -> str:
    if not names:
        return tr("Tick a run with saved results first.")
    if config.plane == "line" and len(names) > 2:
        return tr("A line runs from one run's initial to its final weights, or between two "
                  "runs: tick one or two.")
    if config.plane == "hessian" and len(names) > 1:
        return tr("The line along the top Hessian eigenvector is one run's: tick one.")
    return ""


def _finite(values):
    import numpy as np

    values = np.asarray(values, dtype=float)
    kept = values[np.isfinite(values)]
    return kept if len(kept) else np.zeros(1)
