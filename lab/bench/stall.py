"""How long the GUI thread stalls while training runs: the figure behind
``descent-lab bench training``'s ``gui_stall_p99_ms`` (it needs a real window, so it lives
here, not in the Qt-free engine)."""

from __future__ import annotations


def gui_stall_p99_ms(seconds: float, inside: bool = False, train: bool = True) -> float:
    """The 99th percentile lateness of a 10 ms timer in the GUI thread of the real window while
    the four book-optimizer runs train (offscreen when there is no display); ``inside``: with
    the runs measured inside every 10 iterations and the Inside tab on screen, redrawing live;
    ``train=False``: the same window with nothing running, the machine's own timer jitter that
    the other two figures are read against."""
    import os

    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from lab.bench.scratch import scratch_settings
    from lab.ui.common.application import make_application
    from lab.ui.shell.main_window import MainWindow

    make_application()
    with scratch_settings() as scratch:
        window = MainWindow(scratch)
        window.show()
        lab = window.lab("train")
        window.show_lab(lab)
        lab.controller.apply_preset("book-optimizers")
        if inside:
            lab.inside.set_measuring(True, 10)
            lab.tabs.setCurrentWidget(lab.inside_tab)
        if train:
            lab.controller.start_all()
        clock, gaps, last = QElapsedTimer(), [], [0]
        clock.start()

        def tick() -> None:
            now = clock.elapsed()
            if last[0]:
                gaps.append(now - last[0] - 10)
            last[0] = now

        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        QTimer.singleShot(1500, timer.start)  # once the runs have started training
        # a local loop, not app.exec()/app.quit(): quitting the application would end every
        # event loop the caller runs afterwards at once (a test's waits, the rest of a bench)
        loop = QEventLoop()
        QTimer.singleShot(int(1500 + seconds * 1000), loop.quit)
        loop.exec()
        timer.stop()
        window.close()
    return float(np.percentile(np.maximum(gaps, 0), 99)) if gaps else float("nan")
