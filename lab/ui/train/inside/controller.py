"""The Inside tab's state, without a widget: whether new runs measure inside themselves and how
often, where each run's measurements are, and the one iteration cursor every Inside view shows.

Why the setting is lab-wide (one check box and cadence in the Inside tab, not a field of each
run): diagnostics watch a run without changing it (lab.engine.train.diagnostics.config), so they
are no part of a run's configuration; an edit of the run editor makes a new run when the old
one has results, and turning measurement on must not. The CLI decides the same way: one
``--diagnostics every=K`` for every run. A run measures when the setting is on as it starts.

Live and throttled: a training run appends measurements to its record in the runner's thread;
this object looks at the records only when the training controller redraws (its timer, about
8 times a second, with the runs that changed), and tells the views which runs got new
measurements. No thread of its own, no timer of its own.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from lab.engine.train.diagnostics.config import DEFAULT_EVERY, DiagnosticsConfig
from lab.engine.train.diagnostics.record import DiagnosticsSnapshot


class InsideController(QObject):
    """Measurement on or off for new runs, each run's measurements, the iteration cursor."""

    measured = Signal(list)  # names of the runs whose measurements changed (redraw them)
    cursor_moved = Signal(int)  # the iteration every Inside view shows
    setting_changed = Signal(bool, int)  # measuring, every

    def __init__(self, train, parent: QObject | None = None):
        super().__init__(parent)
        self.train = train  # the lab's TrainController
        self.measuring = False
        self.every = DEFAULT_EVERY
        self.iteration = 0
        self._seen: dict[str, tuple[int, int]] = {}  # name -> (record id, measurements taken)
        train.curves_drawn.connect(self._drawn)
        train.curves_dropped.connect(self._dropped)
        train.runs_listed.connect(lambda _entries: self.measured.emit(self.train.runs.names()))
        train.preset_changed.connect(self._preset)

    # ---- the setting --------------------------------------------------------------------------
    def set_measuring(self, measuring: bool, every: int | None = None) -> None:
        """Runs started from now on measure inside themselves every ``every`` iterations."""
        self.measuring = bool(measuring)
        if every is not None:
            self.every = max(1, int(every))
        self.train.diagnostics = DiagnosticsConfig(every=self.every) if self.measuring else None
        self.setting_changed.emit(self.measuring, self.every)

    def _preset(self, key: str) -> None:
        """A preset made to be looked at inside turns measurement on at its cadence."""
        from lab.engine.train.presets import TRAIN_PRESETS

        preset = TRAIN_PRESETS.get(key)
        if preset is not None and preset.diagnostics is not None:
            self.set_measuring(True, preset.diagnostics.every)

    # ---- the runs' measurements ---------------------------------------------------------------
    def record(self, name: str | None):
        """The run's diagnostics record: its result's (ended, or read from its run folder), or
        the one it is filling as it trains; None when it was not measured."""
        entry = self.train.runs.get(name)
        if entry is None:
            return None
        if entry.result is not None:
            return entry.result.diagnostics
        return self.train.run_jobs.record_of(entry.history)

    def snapshot(self, name: str | None) -> DiagnosticsSnapshot | None:
        record = self.record(name)
        if record is None:
            return None
        snap = record.snapshot()
        return snap if snap.measurements else None

    def measured_runs(self) -> list[str]:
        """The runs that have measurements, in the run table's order."""
        return [name for name in self.train.runs.names() if self.snapshot(name) is not None]

    def _drawn(self, drawn: list) -> None:
        """The training controller redrew these runs: which of them measured something new."""
        changed = []
        for run in drawn:
            name = run.rows.name
            record = self.record(name)
            key = (id(record), record.taken) if record is not None else (0, 0)
            if self._seen.get(name) != key:
                self._seen[name] = key
                changed.append(name)
        if changed:
            self.measured.emit(changed)

    def _dropped(self, name: str) -> None:
        self._seen.pop(name, None)
        self.measured.emit([name])

    # ---- the cursor ---------------------------------------------------------------------------
    def set_iteration(self, iteration: int) -> None:
        iteration = max(0, int(iteration))
        if iteration != self.iteration:
            self.iteration = iteration
            self.cursor_moved.emit(iteration)

    # ---- saved settings -----------------------------------------------------------------------
    def save_state(self) -> dict:
        return {"measuring": self.measuring, "every": self.every}

    def restore_state(self, state) -> None:
        """Saved settings or a session's ``inside`` table (checked by session_io)."""
        if isinstance(state, dict):
            every = state.get("every", self.every)
            measuring = state.get("measuring", self.measuring)
            if isinstance(every, int) and not isinstance(every, bool) and every >= 1:
                self.set_measuring(bool(measuring), every)
