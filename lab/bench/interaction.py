"""How the real window responds to what a user does: ``descent-lab bench interaction``.

A 5 ms timer in the GUI thread measures how late it fires; the longest lateness while an action
runs (from the input to the moment its result is on screen) is that action's GUI-thread stall.
Actions: typing a function and switching to the 2x2 view (optimizer lab); opening a dataset
folder, selecting a finished run (its test results, the test set not yet read) and loading a
weights file (training lab). The dataset folder and the run that saves the weights are made in
temporary folders (the bundled MNIST written with the IDX writer, 30 iterations on 1000 images);
file dialogs are skipped by calling what they call with the path. ``slider_to_paint_p95_ms`` is
the time from a step-slider value change to the paint of the map that shows that step, with 11
optimizers x 5000 steps loaded. Needs Qt (offscreen when there is no display), so it lives
here, not in the engine.
"""

from __future__ import annotations

import time

PROBE_MS = 5


def _wait(app, signal, timeout_s: float) -> bool:
    """Run the event loop until ``signal`` fires (True) or ``timeout_s`` passes (False)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, fired = QEventLoop(), []
    signal.connect(lambda *_: (fired.append(1), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    return bool(fired)


class _StallProbe:
    """Lateness of a PROBE_MS timer in the GUI thread; ``longest()`` since the last reset."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self._last = time.perf_counter()
        self._worst = 0.0
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self._worst = max(self._worst, (now - self._last) * 1000 - PROBE_MS)
        self._last = now

    def reset(self) -> None:
        self._last, self._worst = time.perf_counter(), 0.0

    def longest(self) -> float:
        self._tick()  # a stall that is still going on counts too
        return max(self._worst, 0.0)


def _until(app, done, timeout_s: float) -> bool:
    """Run the event loop until ``done()`` is true (checked every PROBE_MS) or time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    while not done():
        if time.perf_counter() > deadline:
            return False
        QTimer.singleShot(PROBE_MS, loop.quit)
        loop.exec()
    return True


def _stall_during(app, probe: _StallProbe, action, done, timeout_s: float = 60) -> float:
    """The longest GUI stall from ``action()`` until ``done`` (a signal, or a predicate polled
    in the event loop) says its result is shown, then one frame for the repaint."""
    from PySide6.QtCore import QEventLoop, QTimer

    fired: list[int] = []

    def fire(*_args) -> None:
        fired.append(1)

    signal = done if hasattr(done, "connect") else None
    if signal is not None:  # connected before the action: an answer given at once counts
        signal.connect(fire)
    probe.reset()
    action()
    try:
        if not _until(app, done if signal is None else lambda: bool(fired), timeout_s):
            return float("nan")
    finally:
        if signal is not None:
            signal.disconnect(fire)
    loop = QEventLoop()
    QTimer.singleShot(40, loop.quit)  # the repaint that shows the result
    loop.exec()
    return probe.longest()


def _slider_to_paint_ms(app, lab, repeats: int) -> list[float]:
    """Step-slider change -> paint of the map, over ``repeats`` changes."""
    import numpy as np
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    view = lab.maps.currentWidget()
    viewport = view.viewport() if hasattr(view, "viewport") else lab.multiples.maps[0].viewport()
    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    watch = PaintWatch()
    viewport.installEventFilter(watch)
    latencies = []
    maximum = lab.playback.scrubber.maximum()
    for value in np.linspace(0, maximum, repeats + 1)[1:].astype(int):
        painted.clear()
        start = time.perf_counter()
        lab.playback.scrubber.setValue(int(value))
        loop = QEventLoop()
        deadline = start + 2.0
        while not painted and time.perf_counter() < deadline:
            QTimer.singleShot(1, loop.quit)
            loop.exec()
        if painted:
            latencies.append((painted[0] - start) * 1000)
    viewport.removeEventFilter(watch)
    return latencies


def bench_interaction(quick: bool = False) -> dict[str, float]:
    """Stalls and latencies of the optimizer and training labs in the real window (see the
    module note)."""
    import os

    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lab.bench.scratch import scratch_settings
    from lab.ui.common.application import make_application
    from lab.ui.shell.main_window import MainWindow

    app = make_application()
    figures: dict[str, float] = {}
    with scratch_settings() as scratch:
        window = MainWindow(scratch)
        window.resize(1366, 768)
        window.show()
        probe = _StallProbe()
        try:
            figures |= _optimizer_lab(app, window, probe, quick)
            figures |= _training_lab(app, window, probe)
        finally:
            probe.timer.stop()
            window.close()
    from lab.bench.stall import gui_stall_p99_ms

    figures["gui_stall_p99_ms"] = gui_stall_p99_ms(3.0 if quick else 8.0)
    figures["inside_tab_stall_p99_ms"] = gui_stall_p99_ms(3.0 if quick else 8.0, inside=True)
    figures["idle_stall_p99_ms"] = gui_stall_p99_ms(3.0 if quick else 8.0, inside=True,
                                                    train=False)  # fmt: skip
    return figures


def _settle(app, window) -> None:
    """Every lab's workers idle and their results shown: a measured action's stall must not
    include another lab's first result arriving (the init lab's, ~0.3 s after launch)."""
    from lab.ui.concurrency.worker import Worker

    workers = [w for lab in window.labs for w in lab.findChildren(Worker)]
    _until(app, lambda: window._labs_loaded and not any(w.is_busy() for w in workers), 120)
    _until(app, lambda: False, 0.3)  # their results painted


def _optimizer_lab(app, window, probe: _StallProbe, quick: bool) -> dict[str, float]:
    import numpy as np

    from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
    from lab.engine.optimize.trajectories import TrajectoryConfig

    lab = window.labs[0]
    figures: dict[str, float] = {}
    if lab.result is None:
        _wait(app, lab.computed, 120)
    lab.two_by_two.setChecked(False)
    _settle(app, window)

    def type_function() -> None:
        lab.function.edit.setText("sin(x)*cos(y) + 0.05*(x**2 + y**2)")
        lab.function.apply_text()

    figures["type_function_stall_ms"] = _stall_during(app, probe, type_function, lab.computed)
    figures["switch_to_2x2_stall_ms"] = _switch_stall(app, probe, lab)

    every = tuple(make_optimizer(name) for name in OPTIMIZERS)
    steps = 1000 if quick else 5000
    lab.two_by_two.setChecked(False)
    config = TrajectoryConfig("book", every, (-7.0, 2.0), steps=steps)
    lab._load(config)  # what a preset does, with all 11 optimizers
    _wait(app, lab.computed, 120)
    latencies = _slider_to_paint_ms(app, lab, 20 if quick else 60)
    figures["slider_to_paint_p95_ms"] = (float(np.percentile(latencies, 95))
                                         if latencies else float("nan"))
    figures["optimizers_x_steps"] = float(len(every) * steps)
    return figures


def _training_lab(app, window, probe: _StallProbe) -> dict[str, float]:
    """Open a dataset folder, train one short run on it, select it, load its weights."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from lab.bench.scratch import scratch_dataset_folder
    from lab.engine.train.config import DataConfig, TrainConfig

    lab = window.lab("train")
    results = lab.controller.results
    window.show_lab(lab)
    _until(app, lambda: len(lab.controller.runs) > 0, 30)  # the labs fill in after the first paint
    _settle(app, window)
    figures: dict[str, float] = {}
    with scratch_dataset_folder() as folder:
        figures["open_dataset_folder_stall_ms"] = _stall_during(
            app, probe, lambda: results.use_dataset_folder(str(folder)), results.job_done)
        entry = lab.controller.add_config(TrainConfig(
            "bench-short", iterations=30, eval_every=10,
            data=DataConfig(folder=str(folder), train_size=1000)))
        ended: list[str] = []
        lab.controller.run_ended.connect(lambda name, status: ended.append(status))
        lab.controller.start(entry.name)
        if not _until(app, lambda: bool(ended), 300) or entry.folder is None:
            raise RuntimeError(f"the benchmark's short run did not finish: {ended}")
        # another run, so the click changes selection
        lab.controls.run_list.select(lab.controller.runs.names()[0])
        _settle(app, window)  # the ended run's curves drawn
        results.test_sets.clear()  # as after a restart: the first click reads the test set

        def click_row() -> None:
            table = lab.controls.run_list
            rect = table.visualItemRect(table.item(table.names().index(entry.name), 1))
            QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

        lab.tabs.setCurrentWidget(lab.evaluation)
        shown = f"<b>{entry.name}</b>"
        figures["select_finished_run_stall_ms"] = _stall_during(
            app, probe, click_row, lambda: lab.evaluation.summary.text().startswith(shown))
        weights = str(lab.controller.store.weights_path(entry.folder))
        figures["load_weights_stall_ms"] = _stall_during(
            app, probe, lambda: results.evaluate_weights(weights), results.job_done)
    return figures


def _switch_stall(app, probe: _StallProbe, lab) -> float:
    """Longest stall from ticking "2x2 view" until the four maps have painted once."""
    from PySide6.QtCore import QEventLoop, QTimer

    probe.reset()
    lab.two_by_two.setChecked(True)
    loop = QEventLoop()
    QTimer.singleShot(200, loop.quit)  # the switch paints within a few frames
    loop.exec()
    return probe.longest()


