"""Small screens: on a 1366×768 laptop the window opens within the free screen area, and the
initialization lab's controls and table show in full (its side panel scrolls, never clips)."""

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QScrollArea

LAPTOP = QRect(0, 0, 1366, 768)


class Laptop:
    def availableGeometry(self):  # noqa: N802 (Qt's name)
        return LAPTOP


@pytest.fixture
def laptop_window(qtbot, tmp_path, monkeypatch):
    from lab.ui.shell.main_window import MainWindow

    monkeypatch.setattr(MainWindow, "screen", lambda self: Laptop())
    win = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    yield win
    win.close()


def test_window_opens_within_the_screen_and_every_lab_fits(laptop_window):
    size = laptop_window.size()
    assert size.width() <= LAPTOP.width() - 16 and size.height() <= LAPTOP.height() - 48
    assert size.width() >= 1300 and size.height() >= 700  # and uses what is there
    for lab in laptop_window.labs:
        hint = lab.minimumSizeHint()
        assert hint.width() <= size.width() and hint.height() <= size.height() - 60, lab.title


def test_init_side_panel_and_table_show_in_full(laptop_window, qtbot):
    window = laptop_window
    init = window.labs[1]
    window.show_lab(init)
    window.show()
    qtbot.waitExposed(window)
    if init.result is None:
        with qtbot.waitSignal(init.computed, timeout=120_000):
            pass
    scroll = init.findChild(QScrollArea)
    assert scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()
    table = init.table
    assert table.horizontalHeader().length() <= table.viewport().width()
