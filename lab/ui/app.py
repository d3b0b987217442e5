"""Start-up: the window paints first; heavy imports (sympy, numba, torch) happen where needed."""

from __future__ import annotations

import os

from lab.ui.common.application import make_application

# set by `descent-lab bench startup`: print when the window first paints, then quit
EXIT_AFTER_PAINT = "DESCENT_LAB_EXIT_AFTER_PAINT"


def run_app() -> int:
    from lab.engine.core.devices import leave_a_core_for_the_window

    leave_a_core_for_the_window()  # before any worker imports torch
    app = make_application()
    from lab.ui.common.i18n import install_language

    install_language(app)  # before any widget is built: each sets its text once
    from lab.ui.concurrency.registry import shutdown_all
    from lab.ui.shell.main_window import MainWindow

    window = MainWindow()
    if os.environ.get(EXIT_AFTER_PAINT):
        _exit_after_first_paint(app, window)
    window.show()
    app.aboutToQuit.connect(shutdown_all)
    return app.exec()


def _exit_after_first_paint(app, window) -> None:
    """For `descent-lab bench startup`: say "painted" at the first paint and quit; with the
    value "trajectories", also say "trajectories" when the optimizer lab has drawn its first
    result, and quit then."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    wait_for_trajectories = os.environ.get(EXIT_AFTER_PAINT) == "trajectories"

    def drawn() -> None:
        window.labs[0].computed.disconnect(drawn)  # once: a preset may compute twice
        print("trajectories", flush=True)
        QTimer.singleShot(0, window.close)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                print("painted", flush=True)
                window.removeEventFilter(self)
                if not wait_for_trajectories:
                    QTimer.singleShot(0, window.close)
            return False

    if wait_for_trajectories:
        window.labs[0].computed.connect(drawn)
    window._first_paint_probe = FirstPaint(window)
    window.installEventFilter(window._first_paint_probe)
