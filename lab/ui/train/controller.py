"""The training lab's state and actions, without a widget: the runs (a Qt-free
:class:`~lab.engine.train.runs.RunsModel`), the generator runner that trains them, the selected
run, live learning-rate changes and where they took effect, and throttled snapshots of the runs'
histories for the curves. Test results, datasets and weights are its
:class:`~lab.ui.train.results.TrainResults`.

Why a controller: the panel's widgets are views of this object (the run table, the curves, the
test results follow its signals); it is tested with ``qtbot`` and no window, and the panel only
builds, connects, asks the user (dialogs) and delegates (lab/ui/train/panel.py).

Threads: runs are jobs of one GeneratorRunner (time slices in one background thread), tagged
with the run's instance id, so no message of an older instance reaches a newer run. Each run
appends to its entry's one history; as a run ends, its result is taken and saved to a run folder
in the runner's thread (:class:`~lab.ui.train.jobs.RunJobs`) before this object hears of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor

from lab.engine.core.commands import SetLr
from lab.engine.train.config import TrainConfig
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.experiments import MAX_RUNS
from lab.engine.train.history import HistorySnapshot
from lab.engine.train.presets import TRAIN_PRESETS
from lab.engine.train.records import RunStatus
from lab.engine.train.run_store import RunStore
from lab.engine.train.runs import RunEntry, RunsModel
from lab.ui.common.i18n import tr
from lab.ui.common.palette import pick_color
from lab.ui.concurrency.registry import shutdown_within
from lab.ui.concurrency.runner import GeneratorRunner
from lab.ui.train import jobs
from lab.ui.train.lr_marks import LrMarks
from lab.ui.train.probe_log import ProbeLog
from lab.ui.train.results import TrainResults

REDRAW_MS = 120  # curves redraw at about 8 Hz: painting holds the GIL the runs need


@dataclass(frozen=True, eq=False)
class DrawnRun:
    """What the curves draw of one run: one snapshot (every curve shows the same rows), its
    colour, and its live lr changes as (iteration, lr)."""

    rows: HistorySnapshot
    color: str
    lr_marks: tuple[tuple[int, float], ...] = ()


class TrainController(QObject):
    """One training lab's runs; every change is told through a signal the views follow."""

    status_message = Signal(str)  # a line for the status bar
    runs_listed = Signal(list)  # [RunEntry]: the list of runs changed (rows rebuilt)
    run_changed = Signal(object)  # a RunEntry whose status, progress or colour changed
    curves_drawn = Signal(list)  # [DrawnRun]: redraw these runs' curves
    curves_dropped = Signal(str)  # a run's curves go (removed, restarted, recoloured)
    selection_changed = Signal(object)  # the selected run's name, or None
    preset_changed = Signal(str)  # the preset whose runs are shown
    updated = Signal()  # a batch of updates arrived (Lab.computed)
    run_ended = Signal(str, object)  # run name, RunStatus (tests wait on it)

    def __init__(self, runs_folder: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.runs = RunsModel()
        self.store = RunStore(Path(runs_folder))
        self.run_jobs = jobs.RunJobs(self.store)
        self.runner = GeneratorRunner("training", self, needs=("torch",))
        self.results = TrainResults(self.runs, self.store, self)
        self.lr_marks = LrMarks()
        self.probe_log = ProbeLog()
        self.selected: str | None = None
        self.preset: str | None = None
        self.diagnostics: DiagnosticsConfig | None = None  # runs started now measure inside
        self._dirty: set[str] = set()
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setInterval(REDRAW_MS)
        self._redraw_timer.timeout.connect(self.redraw)
        self._redraw_timer.start()
        self.runner.started.connect(self._started)
        self.runner.updated.connect(self._updated)
        self.runner.ended.connect(self._ended)
        self.results.status_message.connect(self.status_message)

    # ---- reading ------------------------------------------------------------------------------
    @property
    def configs(self) -> dict[str, TrainConfig]:
        """Each run's configuration by name, in list order (read-only view)."""
        return {entry.name: entry.config for entry in self.runs}

    def selected_entry(self) -> RunEntry | None:
        return self.runs.get(self.selected)

    def select(self, name: str | None) -> None:
        """Pick run ``name`` (None: none): the table, the live lr and the test results follow."""
        self.selected = name if name in self.runs else None
        self.selection_changed.emit(self.selected)
        self.results.show_run(self.selected_entry())

    # ---- the list of runs ---------------------------------------------------------------------
    def apply_preset(self, key: str) -> None:
        """Replace every run by the preset's (they wait for Start). Runs with results have
        them in their run folders already (a training run saves them as it stops)."""
        kept = [e for e in self.runs if e.has_results]
        self.clear()
        self.preset = key
        self.preset_changed.emit(key)
        for config in TRAIN_PRESETS[key].runs:
            self.add_config(config, listed=False)
        self._list_runs()
        if kept:
            self.status_message.emit(tr("{n} earlier run(s) with results replaced; their "
                                        "results are saved in {folder}").format(
                n=len(kept), folder=self.store.root))

    def clear(self) -> None:
        """Stop every run and empty the list (a preset or a session replaces it)."""
        self.stop_all()
        for entry in self.runs.clear():
            self._drop_curves(entry.name)
        self._dirty.clear()
        self.selected = None  # the new list shows its first run

    def add_config(self, config: TrainConfig, listed: bool = True,
                   index: int | None = None) -> RunEntry:
        """A queued run (on the dataset in use when its config names none)."""
        folder = self.results.data_folder
        if folder and config.data.folder is None:
            config = replace(config, data=replace(config.data, folder=folder))
        color = pick_color(config.optimizer.name, (e.color for e in self.runs))
        entry = self.runs.add(config, color, index)
        if listed:
            self._list_runs()
        return entry

    def add_run(self) -> RunEntry | None:
        if self._full():
            return None
        return self.add_config(TrainConfig(self.runs.unique_name(f"run-{len(self.runs) + 1}"),
                                           iterations=500))

    def duplicate(self, name: str, bounded: bool = True) -> RunEntry | None:
        """A queued copy right after the run (None when the list is full; a run restarted
        as a copy is not ``bounded``: its results must not block it)."""
        if bounded and self._full():
            return None
        entry = self.runs[name]
        color = pick_color(entry.config.optimizer.name, (e.color for e in self.runs))
        copy = self.runs.copy_of(entry.name, color)
        self._list_runs()
        return copy

    def add_handoff(self, config: TrainConfig) -> RunEntry:
        """Train this configuration (the search lab): the trial as a new run, selected."""
        entry = self.add_config(replace(config, name=self.runs.unique_name(config.name)))
        self.select(entry.name)
        self.status_message.emit(tr("Added run {name}: press Start to train it").format(
            name=entry.name))
        return entry

    def _full(self) -> bool:
        """The bound an experiment file or a session has (so a saved session opens again)."""
        if len(self.runs) < MAX_RUNS:
            return False
        self.status_message.emit(tr("The training lab holds at most {n} runs: remove one "
                                    "first.").format(n=MAX_RUNS))
        return True

    def replace_config(self, name: str, config: TrainConfig) -> RunEntry | None:
        """Apply an edit: no change changes nothing; a run with results (or training) keeps
        them and the edit becomes a new run after it; a queued run is changed in place."""
        had_results = self.runs[name].has_results or self.runs[name].status.active
        try:
            entry = self.runs.edit(name, config)
        except ValueError as err:
            self.status_message.emit(str(err))
            return None
        if entry is None:
            self.status_message.emit(tr("{name}: nothing changed").format(name=name))
            return None
        self._list_runs()
        self.select(entry.name)
        if had_results:
            self.status_message.emit(tr("{name} keeps its results; the edit is the new run "
                                        "{new}").format(name=name, new=entry.name))
        return entry

    def set_color(self, name: str, color: str) -> None:
        """Recolour a run: its row and its curves (redrawn in the new colour)."""
        self.runs[name].color = color
        self.run_changed.emit(self.runs[name])
        self._drop_curves(name)
        self._dirty.add(name)
        self.redraw()

    def remove_run(self, name: str) -> None:
        """Take a run out of the list (its results, if any, stay in its run folder); the
        panel asks the user first when it has results."""
        entry = self.runs[name]
        if entry.status.active:
            self.runner.stop(entry.instance)
        self.runs.remove(name)
        self._drop_curves(name)
        self._list_runs()

    def _list_runs(self) -> None:
        self.runs_listed.emit(list(self.runs))
        self.select(self.selected if self.selected in self.runs else
                    next(iter(self.runs.names()), None))

    def _drop_curves(self, name: str) -> None:
        self.lr_marks.forget(name)
        self.curves_dropped.emit(name)

    # ---- start, pause, stop -------------------------------------------------------------------
    def start(self, name: str) -> str | None:
        """Start a queued run or resume a paused one; a run that has results is started as a
        new run (a copy), never restarted over them. Returns the name of the run started."""
        entry = self.runs[name]
        if entry.status is RunStatus.PAUSED:
            self.set_paused(name, False)
            return name
        if entry.status.active:
            return None
        if entry.has_results:
            entry = self.duplicate(entry.name, bounded=False)
            self.status_message.emit(tr("{name} keeps its results; started it again as "
                                        "{new}").format(name=name, new=entry.name))
            self.select(entry.name)
        instance = self.runs.begin(entry.name)
        self._drop_curves(entry.name)
        self.run_changed.emit(entry)
        probes, rows = self.probe_log.begin(entry.name)  # snapshots and sharpness, if asked
        self.runner.start(instance, partial(self.run_jobs.make_run, entry.config, entry.history,
                                            entry.color, probes, rows, self.diagnostics),
                          self.run_jobs.take_result)  # fmt: skip
        return entry.name

    def start_all(self) -> None:
        """Queued runs start, paused runs resume; runs with results stay as they are."""
        start, resume = self.runs.plan_start_all()
        for name in resume + start:
            self.start(name)

    def set_paused(self, name: str, paused: bool) -> None:
        entry = self.runs[name]
        if self.runs.set_paused(name, paused):
            (self.runner.pause if paused else self.runner.resume)(entry.instance)
            self.run_changed.emit(entry)

    def pause_all(self, paused: bool = True) -> None:
        """Pause every running run (``paused`` False: resume every paused one)."""
        for name in self.runs.names():
            self.set_paused(name, paused)

    def stop(self, name: str) -> None:
        if (entry := self.runs[name]).status.active:
            self.runner.stop(entry.instance)

    def stop_all(self) -> None:
        for entry in self.runs.active():
            self.runner.stop(entry.instance)

    def set_live_lr(self, lr: float) -> bool:
        """Change the selected run's learning rate while it trains (from its next iteration);
        the curves mark where it took effect."""
        entry = self.selected_entry()
        if entry is None or not entry.status.active:
            return False
        self.runner.send(entry.instance, SetLr(lr))
        self.lr_marks.sent(entry.name, entry.history.n, lr)
        self.status_message.emit(tr("{name}: learning rate set to {lr}").format(
            name=entry.name, lr=f"{lr:g}"))
        return True

    # ---- messages from the runner -------------------------------------------------------------
    def _started(self, instance: int, message: str) -> None:
        entry = self.runs.by_instance(instance)
        if entry is not None and message:
            self.status_message.emit(f"{entry.name}: {message}")

    def _updated(self, batch) -> None:
        self._dirty |= self.runs.touched_by(batch)
        self.updated.emit()

    def redraw(self) -> None:
        """Tell the views about the runs that changed since the last redraw (the timer calls
        this; tests call it to draw now)."""
        touched, self._dirty = self._dirty, set()
        drawn = []
        for name in [n for n in self.runs.names() if n in touched]:  # in the table's order
            entry = self.runs[name]
            rows = entry.history.snapshot()
            if rows.n:
                marks = self.lr_marks.resolve(name, rows)
                drawn.append(DrawnRun(rows, entry.color, marks))
            self.run_changed.emit(entry)
        if drawn:
            self.curves_drawn.emit(drawn)

    def _ended(self, instance: int, status: RunStatus, message: str, value) -> None:
        result, folder, save_error = value if value is not None else (None, None, "")
        entry = self.runs.finish(instance, status, message, result)
        if entry is None:
            return  # a superseded instance (removed, or replaced by a preset)
        entry.folder = folder
        self._dirty.add(entry.name)
        self.redraw()
        if entry.name == self.selected:
            self.results.show_run(entry)
        if status is RunStatus.FAILED:
            self.status_message.emit(tr("{name} failed: {message}").format(name=entry.name,
                                                                           message=message))
        elif save_error:
            self.status_message.emit(f"{entry.name}: {save_error}")
        self.run_ended.emit(entry.name, status)

    # ---- saved settings -----------------------------------------------------------------------
    def save_state(self) -> dict:
        from lab.engine.train.experiments import run_to_entry

        entries = list(self.runs)
        return {"preset": self.preset, "data_folder": self.results.data_folder,
                "runs": [run_to_entry(e.config) for e in entries],
                "colors": [e.color for e in entries],
                "folders": [e.folder for e in entries]}

    def restore_state(self, state: dict) -> bool:
        """The last session's runs (they replace the list), with the results saved in their
        run folders; a damaged folder is named in a message and its run comes back queued."""
        from lab.engine.train.experiments import ExperimentError, runs_from_entries

        try:
            configs = runs_from_entries(state["runs"])
            colors = [str(c) for c in state.get("colors", [])]
            folders = list(state.get("folders") or [])
            preset = state.get("preset")
        except (KeyError, TypeError, ExperimentError):
            return False
        if not configs:
            return False
        self.clear()
        if preset in TRAIN_PRESETS:
            self.preset = preset
            self.preset_changed.emit(preset)
        self.results.set_data_folder(state.get("data_folder") or None)
        problems = []
        for k, config in enumerate(configs):
            entry = self.add_config(config, listed=False)
            if k < len(colors) and QColor.isValidColorName(colors[k]):
                entry.color = colors[k]
            folder = folders[k] if k < len(folders) else None
            if isinstance(folder, str) and folder:
                loaded, bad = self.store.load_many([folder])
                problems += bad
                if loaded:
                    _attach(entry, loaded[0].result, folder)
        self._dirty |= {e.name for e in self.runs if e.history.n}
        self._list_runs()
        if problems:
            self.status_message.emit(tr("Not restored: {problems}").format(
                problems="; ".join(problems)))
        return True

    # ---- closing ------------------------------------------------------------------------------
    def shutdown(self, timeout: float) -> bool:
        """Stop every run and join the runner and the workers within ``timeout`` seconds; the
        runner saves each run to its folder in its own thread, and joining it delivers their
        ends here, so the settings saved next name those folders."""
        self._redraw_timer.stop()
        return shutdown_within(self, timeout)


def _attach(entry: RunEntry, result, folder: str) -> None:
    entry.status = result.status
    entry.result, entry.history, entry.folder = result, result.history, folder
