"""What every lab panel shares: a latest-only worker fed by a coalescing timer (the worker
delivers only the newest request's result), and the protocol the main window talks to (title,
presets, export, settings, shutdown).

A subclass builds its widgets, calls :meth:`request` whenever an input changes, and implements
:meth:`make_job` (a callable for the worker, or None when there is nothing to compute) and
:meth:`show_result`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.concurrency.registry import shutdown_within
from lab.ui.concurrency.worker import Worker


def group_box(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


def side_panel(boxes: list[QWidget], min_width: int) -> QScrollArea:
    """A lab's controls stacked at the top of a vertically scrolling column."""
    side = QWidget()
    layout = QVBoxLayout(side)
    layout.setContentsMargins(0, 0, 0, 0)
    for box in boxes:
        layout.addWidget(box)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(side)
    scroll.setWidgetResizable(True)
    # never narrower than the controls (they would be cut off at the right: it only scrolls
    # vertically), with room for the vertical scroll bar a small screen brings
    bar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(max(min_width, side.minimumSizeHint().width() + bar + 4))
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class LabPanel(QWidget):
    """Base of the labs; ``computed`` fires after each drawn result (tests wait on it)."""

    title = "Lab"
    guide: str | None = None  # the name of its guide in lab/guides (F1 shows it)
    needs: tuple[str, ...] = ()  # heavy modules the lab's jobs import (see import_once)
    close_wait_s = 2.0  # closing: how long this lab's threads may take to end
    status_message = Signal(str)
    computed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.worker = Worker(type(self).__name__, self, self.needs)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # a burst of edits in one event-loop turn: one request
        self._timer.timeout.connect(self._submit)
        self.worker.done.connect(self._finished)
        self.worker.failed.connect(self._failed)

    # ---- to implement -------------------------------------------------------------------
    def make_job(self) -> tuple[Callable[[], object], object] | None:
        """(job, context) for the current inputs; the context comes back with the result."""
        raise NotImplementedError

    def show_result(self, result, context) -> None:
        raise NotImplementedError

    def load_default(self) -> None:
        raise NotImplementedError

    def save_state(self) -> dict:
        return {}

    def restore_state(self, state: dict) -> bool:
        return False

    def export_targets(self) -> list[tuple[str, QWidget]]:
        return []

    def csv_exports(self) -> list[tuple[str, Callable[[], str]]]:
        return []

    # ---- shared machinery ---------------------------------------------------------------
    def request(self) -> None:
        self._timer.start()

    def _submit(self) -> None:
        made = self.make_job()
        if made is None:
            return
        job, context = made
        self.worker.submit(partial(_with_context, job, context))

    def _finished(self, answer: tuple[object, object]) -> None:
        result, context = answer  # the newest request's: the worker dropped older ones
        self.show_result(result, context)
        self.computed.emit()

    def _failed(self, message: str) -> None:
        self.status_message.emit(tr("Could not compute: {message}").format(message=message))

    def shutdown(self) -> None:
        """Stop timers and join every thread this lab owns (the window is closing)."""
        self._timer.stop()
        shutdown_within(self, self.close_wait_s)


def _with_context(job: Callable[[], object], context: object) -> tuple[object, object]:
    """The worker's job: the result travels with the context of the request that made it."""
    return job(), context
