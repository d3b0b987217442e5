"""File > Export > TensorBoard log…: every run with results as a TensorBoard log (scalars, the
Inside tab's histograms with their own bin edges, the run's hyperparameters), one folder per
run, written by the engine's writer (lab.engine.train.diagnostics.tensorboard) in a worker.

Why a worker: a few runs with their histograms are thousands of events, more than a frame.
Why check tensorboardX first: it is an optional extra; without it the user gets one clear
message (how to install it) at once, not a failed job later.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from lab.ui.common.i18n import tr
from lab.ui.concurrency.worker import Worker


class TensorBoardExport(QObject):
    status_message = Signal(str)
    error_raised = Signal(str, str)  # title, message

    def __init__(self, inside, parent: QObject | None = None):
        super().__init__(parent)
        self.inside = inside
        self.worker = Worker("train-tensorboard", self)
        self.worker.done.connect(self._written)
        self.worker.failed.connect(
            lambda message: self.error_raised.emit(tr("TensorBoard log not written"), message)
        )

    def runs(self) -> list:
        """(name, config, history snapshot, diagnostics snapshot or None) of every run that
        has rows, in the run table's order."""
        return [(e.name, e.config, e.history.snapshot(), self.inside.snapshot(e.name))
                for e in self.inside.train.runs if e.history.n]  # fmt: skip

    def write(self, folder: str) -> None:
        from lab.engine.train.diagnostics.tensorboard import (
            TensorBoardError,
            require_tensorboardx,
            write_run_logs,
        )

        try:
            require_tensorboardx()
        except TensorBoardError as err:
            self.error_raised.emit(
                tr("TensorBoard log not written"),
                tr(
                    "TensorBoard logs need the optional package tensorboardX. Install it with: "
                    "pip install 'descent-lab[tensorboard]'"
                )
                + f"\n\n({err})",
            )
            return
        runs = self.runs()
        self.status_message.emit(
            tr("Writing the TensorBoard logs of {n} run(s)…").format(n=len(runs))
        )
        self.worker.submit(lambda: (folder, len(write_run_logs(folder, runs))))

    def _written(self, value) -> None:
        folder, count = value
        self.status_message.emit(tr("TensorBoard logs of {n} run(s) written to {folder} "
                                    "(tensorboard --logdir {folder})").format(
                                        n=count, folder=folder))  # fmt: skip
