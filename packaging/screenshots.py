"""Regenerate the README's screenshots from the real window (run under Xvfb or a desktop).

    Xvfb :99 -screen 0 1600x1000x24 &  DISPLAY=:99 .venv/bin/python packaging/screenshots.py
"""

import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"
PAUSE_MS = 1500


def main() -> int:
    app = QApplication(sys.argv)
    from lab.ui.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    window = MainWindow(QSettings(str(OUT / ".scratch.ini"), QSettings.Format.IniFormat))
    window.resize(1560, 940)
    window.show()
    opt, init, train = window.labs
    started = []

    def save(name):
        return lambda: window.grab().save(str(OUT / name))

    # each step acts and returns None, or is a condition (returns bool) polled until it holds
    steps = [
        lambda: opt.apply_preset("book-fig-6-8"),
        save("optimizer-lab-book.png"),
        lambda: (opt.apply_preset("rosenbrock-valley"), opt.run_sweep(),
                 opt.tabs.setCurrentIndex(1)) and None,
        lambda: opt.playback.scrubber.setValue(120),
        save("optimizer-lab-sweep.png"),
        lambda: (window.show_lab(init), init.apply_preset("compare-xavier-he-relu")) and None,
        save("init-lab-compare.png"),
        lambda: init.apply_preset("book-sigmoid-std1"),
        save("init-lab-book.png"),
        lambda: (window.show_lab(train), train.start_all(),
                 started.append(time.monotonic())) and None,
        lambda: time.monotonic() - started[0] > 25,
        save("train-lab-training.png"),
        lambda: not train.scheduler.is_busy(),
        lambda: (train.run_list.select("adam"),
                 train.tabs.setCurrentWidget(train.evaluation)) and None,
        save("train-lab-results.png"),
    ]

    def advance():
        if not steps:
            window.close()
            app.quit()
            return
        outcome = steps[0]()
        if outcome is not False:  # a condition that holds, or an action
            steps.pop(0)
        QTimer.singleShot(PAUSE_MS, advance)

    QTimer.singleShot(PAUSE_MS, advance)
    app.exec()
    (OUT / ".scratch.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
