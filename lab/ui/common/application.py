"""The QApplication every entry point makes (the window, the CLI's PNG reports, benchmarks):
named once, so settings, the window manager and the launcher agree."""

from __future__ import annotations

import sys


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
