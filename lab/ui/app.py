"""Start-up: the window paints first; heavy imports (torch) happen only where they are needed."""

from __future__ import annotations

import sys


def make_application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("DescentLab")
    app.setApplicationName("Descent Lab")
    return app


def run_app() -> int:
    app = make_application()
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")
    from lab.ui.main_window import MainWindow
    from lab.ui.workers import shutdown_all

    window = MainWindow()
    window.show()
    app.aboutToQuit.connect(shutdown_all)
    return app.exec()
