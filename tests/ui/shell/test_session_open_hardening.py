"""File > Open session on files that are not files: a FIFO (opening one for reading waits for a
writer, which froze the GUI thread for good), a device (/dev/zero, read with a bound) and a
folder each get one message and change nothing."""

import os

import pytest
from PySide6.QtWidgets import QMainWindow

from tests.fifo_watch import no_reader_waits


class Window(QMainWindow):
    """What Sessions needs of the main window: a status bar and the error box."""

    def __init__(self):
        super().__init__()
        self.errors: list[tuple[str, str]] = []

    def _show_error(self, title: str, message: str) -> None:
        self.errors.append((title, message))


@pytest.fixture
def sessions(qtbot):
    from lab.ui.shell.session import Sessions

    window = Window()
    qtbot.addWidget(window)
    return Sessions(window)


def test_a_fifo_is_refused_without_waiting_for_a_writer(sessions, tmp_path):
    fifo = tmp_path / "session.toml"
    os.mkfifo(fifo)
    with no_reader_waits(fifo):  # the GUI thread must not wait in open()
        assert not sessions.open(str(fifo))
    [(title, message)] = sessions.window.errors
    assert title == "Session not opened" and "not a regular file" in message
    assert "\n" not in message


@pytest.mark.parametrize("path, words", [("/dev/zero", "not a regular file"),
                                         (None, "Is a directory")])
def test_a_device_or_a_folder_is_one_message(sessions, tmp_path, path, words):
    if path is not None and not os.path.exists(path):
        pytest.skip(f"no {path} here")
    assert not sessions.open(path or str(tmp_path))
    [(_, message)] = sessions.window.errors
    assert words in message and "\n" not in message


def test_a_regular_session_file_is_still_read_and_checked(sessions, tmp_path):
    from lab.app.session import FORMAT

    path = tmp_path / "s.toml"
    path.write_text(f'[session]\nformat = "{FORMAT}"\nversion = 1\n[search]\nstudy = "x\\u0001"\n')
    assert not sessions.open(str(path))  # read, parsed, and refused for its content
    [(_, message)] = sessions.window.errors
    assert "control characters" in message
