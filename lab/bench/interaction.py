"""How the real window responds to what a user does: ``descent-lab bench interaction``.

A 5 ms timer in the GUI thread measures how late it fires; the longest lateness while an action
runs (from the input to the moment its result is on screen) is that action's GUI-thread stall.
``slider_to_paint_p95_ms`` is the time from a step-slider value change to the paint of the map
that shows that step, with 11 optimizers x 5000 steps loaded. Needs Qt (offscreen when there is
no display), so it lives here, not in the engine.
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


def _stall_during(app, probe: _StallProbe, action, done_signal, timeout_s: float = 60) -> float:
    """The longest GUI stall from ``action()`` until ``done_signal`` fires (then one frame)."""
    from PySide6.QtCore import QEventLoop, QTimer

    probe.reset()
    action()
    if not _wait(app, done_signal, timeout_s):
        return float("nan")
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
    """Stalls and latencies of the optimizer lab in the real window (see the module note)."""
    import os

    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtCore import QSettings

    from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
    from lab.engine.optimize.trajectories import TrajectoryConfig
    from lab.ui.app import make_application
    from lab.ui.main_window import MainWindow

    app = make_application()
    scratch = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                        "DescentLabBenchInteraction")
    scratch.clear()
    window = MainWindow(scratch)
    window.resize(1366, 768)
    window.show()
    lab = window.labs[0]
    figures: dict[str, float] = {}
    try:
        if lab.result is None:
            _wait(app, lab.computed, 120)
        probe = _StallProbe()
        lab.two_by_two.setChecked(False)
        _wait(app, lab.computed, 0.3)  # settle

        def type_function() -> None:
            lab.function.edit.setText("sin(x)*cos(y) + 0.05*(x**2 + y**2)")
            lab.function.apply_text()

        figures["type_function_stall_ms"] = _stall_during(app, probe, type_function,
                                                          lab.computed)
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
        probe.timer.stop()
    finally:
        window.close()
        scratch.clear()
    from lab.bench.stall import gui_stall_p99_ms

    figures["gui_stall_p99_ms"] = gui_stall_p99_ms(3.0 if quick else 8.0)
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


