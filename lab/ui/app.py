"""Start-up: the window paints first; heavy imports (sympy, numba, torch) happen where needed."""

from __future__ import annotations

import os
import sys

# set by `descent-lab bench startup`: print when the window first paints, then quit
EXIT_AFTER_PAINT = "DESCENT_LAB_EXIT_AFTER_PAINT"


def make_application():
    """The QApplication, named so that settings, the window manager and the launcher agree:
    organisation and application name key QSettings; the desktop file name lets Wayland
    compositors match the window to ``io.github.descentlab.DescentLab.desktop`` and its icon."""
    from PySide6.QtWidgets import QApplication

    from lab import __version__
    from lab.desktop.entry import APP_ID

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("DescentLab")
    app.setApplicationName("Descent Lab")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def app_icon():
    """The application icon at every shipped size (Qt picks the one each place needs)."""
    from PySide6.QtGui import QIcon

    from lab.desktop.entry import ICON_SIZES, icon_png

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)))
    return icon


def run_app() -> int:
    app = make_application()
    from lab.ui.i18n import install_language

    install_language(app)  # before any widget is built: each sets its text once
    from lab.ui.main_window import MainWindow
    from lab.ui.workers import shutdown_all

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
