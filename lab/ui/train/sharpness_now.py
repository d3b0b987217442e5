""""Measure sharpness now": one sharpness point of the selected run, when the user asks.

Why two ways, one measurement: a run that trains (or is paused) holds its weights and its
optimizer's state in the runner's thread, so the request is a call on that thread between two
iterations (:meth:`GeneratorRunner.call`, :meth:`ProbedRun.measure_now`): the run's own
evaluation set, warm-started vector, threshold at the current learning rate and preconditioned
value, never racing the optimizer, and the point lands in the run's rows (saved with the run as
it ends). A run that has ended has only its folder: its final weights are measured in a
:class:`Worker` (cancelable; ``measure_sharpness_now``), the point added to the folder's
``sharpness.csv`` there. Either way the point is marked on demand and drawn hollow.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from lab.ui.common.i18n import tr
from lab.ui.concurrency.runner import NOT_RUN
from lab.ui.concurrency.worker import Worker
from lab.ui.train.landscape_job import measure_sharpness_now


def _measure_now(run):
    """In the runner's thread, between two iterations: the run's point now (None: its
    weights are not finite)."""
    return run.measure_now()


class SharpnessNow(QObject):
    """The action's state: which run is being measured, and where (runner or worker)."""

    measured = Signal(str, object)  # run name, the SharpnessRow added to its rows
    said = Signal(str)  # a line for the status label (progress, the value, or why not)
    busy_changed = Signal(bool, bool)  # busy, cancelable (only a worker's job can be)

    def __init__(self, controller, parent: QObject | None = None):
        super().__init__(parent or controller)
        self.controller = controller
        self.worker = Worker("train-sharpness-now", controller, ("torch",))
        self.pending: str | None = None  # the run being measured
        self._instance = None  # its run instance, while the runner measures it
        controller.runner.called.connect(self._called)
        self.worker.done.connect(self._measured_saved)
        self.worker.failed.connect(self._not_measured)
        self.worker.cancelled.connect(self._cancelled)

    def request(self, name: str | None = None) -> bool:
        """Measure run ``name`` (default: the selected one) now; False (and why, in ``said``)
        when it cannot start."""
        c = self.controller
        if self.pending is not None:
            self.said.emit(tr("Sharpness of {name} is being measured: wait for it or cancel "
                              "it.").format(name=self.pending))  # fmt: skip
            return False
        entry = c.runs.get(name if name is not None else c.selected)
        if entry is None:
            self.said.emit(tr("Select a run in the run list first."))
            return False
        if entry.status.active:
            if not c.runner.call(entry.instance, _measure_now):
                self.said.emit(tr("{name} is not training any more: try again.").format(
                    name=entry.name))
                return False
            self._instance = entry.instance
            self._begin(entry.name, cancelable=False)
            return True
        return self._measure_saved(entry)

    def cancel(self) -> None:
        """Cancel a measurement of saved weights (one in the runner's thread is short and
        runs to its end)."""
        if self.pending is not None and self._instance is None:
            self.worker.cancel()

    def _measure_saved(self, entry) -> bool:
        if not entry.folder:
            self.said.emit(tr("{name} has no saved weights to measure: train it first.")
                           .format(name=entry.name))
            return False
        rows = entry.history.snapshot()
        iteration = int(rows.iterations[-1]) if rows.n else 0
        lr = float(rows.lr[-1]) if rows.n else None  # the last step's, a live change included
        weights = self.controller.store.weights_path(entry.folder)
        self.worker.submit(partial(measure_sharpness_now, weights, iteration, lr,
                                   self.controller.probe_log.config), with_token=True)
        self._begin(entry.name, cancelable=True)
        return True

    def _begin(self, name: str, cancelable: bool) -> None:
        self.pending = name
        self.busy_changed.emit(True, cancelable)
        self.said.emit(tr("Measuring the sharpness of {name}…").format(name=name))

    def _end(self) -> str | None:
        name, self.pending, self._instance = self.pending, None, None
        self.busy_changed.emit(False, False)
        return name

    # ---- answers ------------------------------------------------------------------------------
    def _called(self, instance, row, error: str) -> None:
        """The runner's answer for a training run."""
        if self.pending is None or instance != self._instance:
            return
        if error == NOT_RUN:  # it ended first: its folder has the final weights now
            entry = self.controller.runs.get(self.pending)
            self._end()
            if entry is not None:
                self._measure_saved(entry)
            return
        name = self._end()
        if error:
            self._not_measured(error, name)
        elif row is None:
            self.said.emit(_not_finite(name))
        else:  # the run appended it to its rows itself (its thread, its list)
            self._shown(name, row)

    def _measured_saved(self, row) -> None:
        name = self._end()
        if row is None:  # cancelled before it wrote anything
            self.said.emit(tr("Cancelled."))
            return
        self._add(name, row)

    def _cancelled(self, late) -> None:
        name = self._end()
        if late is not None:  # it finished regardless and wrote the point: keep it
            self._add(name, late)
        else:
            self.said.emit(tr("Cancelled."))

    def _add(self, name: str, row) -> None:
        entry = self.controller.runs.get(name)
        if entry is not None:
            folder = self.controller.store.root / entry.folder if entry.folder else None
            self.controller.probe_log.add(name, row, folder)
            self._shown(name, row)

    def _shown(self, name: str, row) -> None:
        """Say so; ``measured`` has the Stability view draw the run's rows again."""
        limit = "" if row.threshold is None else tr(", threshold {value}").format(
            value=f"{row.threshold:.4g}")
        self.said.emit(tr("{name}: sharpness {value} at iteration {iteration}{limit}").format(
            name=name, value=f"{row.sharpness:.4g}", iteration=row.iteration, limit=limit))
        self.measured.emit(name, row)

    def _not_measured(self, message: str, name: str | None = None) -> None:
        if name is None:
            name = self._end()
        self.said.emit(tr("Sharpness of {name} not measured: {why}").format(name=name,
                                                                             why=message))


def _not_finite(name: str) -> str:
    return tr("{name}: its weights are not finite (the run diverged), so there is no "
              "sharpness to measure.").format(name=name)


class MeasureBar(QWidget):
    """The Stability page's row: the action, Cancel, a busy bar and the status line."""

    def __init__(self, action: SharpnessNow, parent: QWidget | None = None):
        super().__init__(parent)
        self.action = action
        self.measure = QPushButton(tr("Measure sharpness now"))
        self.measure.setToolTip(tr(
            "The top Hessian eigenvalue of the run selected in the run list, now: between two "
            "iterations while it trains, at its final weights once it has ended. The point is "
            "drawn as a hollow circle and saved with the run (sharpness.csv in its folder)."))
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: no fraction to show
        self.progress.setMaximumWidth(80)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.measure)
        row.addWidget(self.cancel)
        row.addWidget(self.progress)
        row.addWidget(self.status, 1)
        self.measure.clicked.connect(lambda: action.request())
        self.cancel.clicked.connect(action.cancel)
        action.busy_changed.connect(self.busy)
        action.said.connect(self.status.setText)

    def busy(self, running: bool, cancelable: bool) -> None:
        self.measure.setEnabled(not running)
        self.cancel.setEnabled(running and cancelable)
        self.progress.setVisible(running)
