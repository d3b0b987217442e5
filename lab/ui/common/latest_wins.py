"""Latest-wins compute: a lab that redraws everything from one computation of its inputs (the
optimizer and initialization labs) asks for it on every edit, and only the newest request's
result is drawn.

Why apart from the protocol (:mod:`lab.ui.common.lab`): the window needs none of this, and the
training and search labs drive runs instead. Edits in one event-loop turn (a preset loading
every control) coalesce into one request through a zero timer; the job runs in a
:class:`~lab.ui.concurrency.worker.Worker`, which delivers only the current job's result, so a
dragged slider never shows a stale picture.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer

from lab.ui.common.i18n import tr
from lab.ui.common.lab import Lab
from lab.ui.concurrency.worker import Worker

# (job, context) for the current inputs, or None when there is nothing to compute (a red field)
MakeJob = Callable[[], tuple[Callable[[], object], object] | None]


class LatestWins(QObject):
    """``request()`` on every input change; ``show_result(result, context)`` runs on the GUI
    thread for the newest request only, then the lab's ``computed`` fires (a failure: its
    ``compute_failed`` and a status line)."""

    def __init__(self, lab: Lab, make_job: MakeJob,
                 show_result: Callable[[object, object], None], needs: tuple[str, ...] = ()):
        super().__init__(lab)
        self._lab = lab
        self._make_job, self._show_result = make_job, show_result
        # needs: heavy modules the jobs import, once, in the worker's thread (import_once)
        self.worker = Worker(type(lab).__name__, self, needs)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # a burst of edits in one event-loop turn: one request
        self._timer.timeout.connect(self._submit)
        self.worker.done.connect(self._finished)
        self.worker.failed.connect(self._failed)

    def request(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        """The lab is closing: no request is made any more (its shutdown joins the worker)."""
        self._timer.stop()

    def _submit(self) -> None:
        made = self._make_job()
        if made is None:
            return
        job, context = made
        self.worker.submit(partial(_with_context, job, context))

    def _finished(self, answer: tuple[object, object]) -> None:
        result, context = answer  # the newest request's: the worker dropped older ones
        self._show_result(result, context)
        self._lab.computed.emit()

    def _failed(self, message: str) -> None:
        self._lab.compute_failed.emit(message)
        self._lab.status_message.emit(tr("Could not compute: {message}").format(message=message))


def _with_context(job: Callable[[], object], context: object) -> tuple[object, object]:
    """The worker's job: the result travels with the context of the request that made it."""
    return job(), context
