"""Regenerate the README's screenshots from the real window (run under Xvfb or a desktop).

    Xvfb :99 -screen 0 1600x1000x24 &  DISPLAY=:99 .venv/bin/python packaging/screenshots.py
"""

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def main() -> int:
    app = QApplication(sys.argv)
    from lab.ui.main_window import MainWindow

    OUT.mkdir(parents=True, exist_ok=True)
    window = MainWindow(QSettings(str(OUT / ".scratch.ini"), QSettings.Format.IniFormat))
    window.resize(1560, 940)
    window.show()
    lab = window.labs[0]
    steps = iter([
        lambda: lab.apply_preset("book-fig-6-8"),
        lambda: window.grab().save(str(OUT / "optimizer-lab-book.png")),
        lambda: (lab.apply_preset("rosenbrock-valley"), lab.run_sweep(),
                 lab.tabs.setCurrentIndex(1)),
        lambda: lab.playback.scrubber.setValue(120),
        lambda: window.grab().save(str(OUT / "optimizer-lab-sweep.png")),
        lambda: (window.show_lab(window.labs[1]),
                 window.labs[1].apply_preset("compare-xavier-he-relu")),
        lambda: window.grab().save(str(OUT / "init-lab-compare.png")),
        lambda: window.labs[1].apply_preset("book-sigmoid-std1"),
        lambda: window.grab().save(str(OUT / "init-lab-book.png")),
    ])

    def advance():
        step = next(steps, None)
        if step is None:
            window.close()
            app.quit()
            return
        step()
        QTimer.singleShot(1500, advance)

    QTimer.singleShot(1500, advance)
    app.exec()
    (OUT / ".scratch.ini").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
