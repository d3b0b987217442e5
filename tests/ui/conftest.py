"""A main window with throw-away settings, closed (and its workers joined) after each test."""

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    from lab.ui.shell.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    lab = win.labs[0]
    if lab.result is None:
        with qtbot.waitSignal(lab.computed, timeout=120_000):  # a cold kernel cache compiles
            pass
    yield win
    win.close()


@pytest.fixture
def lab(window):
    return window.labs[0]


def pytest_collection_modifyitems(items):
    """A test that opens the main window launches the whole app: slow (`make test-fast` skips)."""
    for item in items:
        if "window" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
