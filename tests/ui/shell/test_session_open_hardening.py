"""File > Open session on files that are not files: a FIFO (opening one for reading waits for a
writer, which froze the GUI thread for good), a device (/dev/zero, read with a bound) and a
folder each get one message and change nothing."""

import os

import pytest
from PySide6.QtWidgets import QMainWindow

from lab.ui.common.lab import Lab, SessionSection
from tests.fifo_watch import no_reader_waits
from tests.ui.open_session import open_session


class SchemaOnly(Lab):
    """A lab with only its session section's schema: checking a file never touches a lab."""

    def __init__(self, key: str, schema):
        super().__init__()
        self.key, self._schema = key, schema

    def session_section(self) -> SessionSection:
        return SessionSection(self._schema, dict, lambda section: None)


class Window(QMainWindow):
    """What Sessions needs of the main window: the labs' sections, a status bar and the error
    box."""

    def __init__(self):
        super().__init__()
        from lab.ui.init import session_io as init
        from lab.ui.optimize import session_io as optimizer
        from lab.ui.search import session_io as search
        from lab.ui.train import session_io as train

        self.errors: list[tuple[str, str]] = []
        self.labs = [SchemaOnly(key, module.SCHEMA) for key, module in (
            ("optimizer", optimizer), ("init", init), ("train", train), ("search", search))]

    def _show_error(self, title: str, message: str) -> None:
        self.errors.append((title, message))


@pytest.fixture
def sessions(qtbot):
    from lab.ui.shell.session import Sessions

    window = Window()
    qtbot.addWidget(window)
    sessions = Sessions(window)
    yield sessions
    assert sessions.worker.shutdown()  # the reading worker is joined


def test_a_fifo_is_refused_without_waiting_for_a_writer(qtbot, sessions, tmp_path):
    fifo = tmp_path / "session.toml"
    os.mkfifo(fifo)
    with no_reader_waits(fifo):  # the GUI thread must not wait in open()
        assert not open_session(qtbot, sessions, str(fifo))
    [(title, message)] = sessions.window.errors
    assert title == "Session not opened" and "not a regular file" in message
    assert "\n" not in message


@pytest.mark.parametrize("path, words", [("/dev/zero", "not a regular file"),
                                         (None, "Is a directory")])
def test_a_device_or_a_folder_is_one_message(qtbot, sessions, tmp_path, path, words):
    if path is not None and not os.path.exists(path):
        pytest.skip(f"no {path} here")
    assert not open_session(qtbot, sessions, path or str(tmp_path))
    [(_, message)] = sessions.window.errors
    assert words in message and "\n" not in message


def test_a_regular_session_file_is_still_read_and_checked(qtbot, sessions, tmp_path):
    from lab.app.session import FORMAT

    path = tmp_path / "s.toml"
    path.write_text(f'[session]\nformat = "{FORMAT}"\nversion = 1\n[search]\nstudy = "x\\u0001"\n')
    assert not open_session(qtbot, sessions, str(path))  # read, parsed, refused for its content
    [(_, message)] = sessions.window.errors
    assert "control characters" in message


def session_file(tmp_path, body: str):
    from lab.app.session import FORMAT

    path = tmp_path / "s.toml"
    path.write_text(f'[session]\nformat = "{FORMAT}"\nversion = 1\n{body}', encoding="utf-8")
    return path


def test_a_disguised_huge_power_is_refused_off_the_gui_thread(qtbot, sessions, tmp_path,
                                                               monkeypatch):
    """Issue 16, 6: File > Open session of this function froze the window (4.7 GB). The file
    is read and checked (its function compiled, with a budget) in the worker, and refused."""
    import threading

    from lab.ui.shell import session as module

    threads = []
    read = module.read_session

    def spy(path, validators):
        threads.append(threading.current_thread())
        return read(path, validators)

    monkeypatch.setattr(module, "read_session", spy)
    path = session_file(tmp_path, '[optimizer]\nfunction = "2**(x-x+999999999999999)"\n')
    assert not open_session(qtbot, sessions, path)
    assert threads and all(t is not threading.main_thread() for t in threads)
    [(_, message)] = sessions.window.errors
    assert "function: the exponent at column 5 simplifies to 1e+15, too large" in message


def test_a_session_of_3000_runs_is_refused_by_its_count(qtbot, sessions, tmp_path):
    """Issue 16, 10: 3 000 runs blocked Open session for 22 s."""
    runs = "".join(f'[[train.runs]]\nname = "r{k}"\n' for k in range(3000))
    assert not open_session(qtbot, sessions, session_file(tmp_path, runs))
    [(_, message)] = sessions.window.errors
    assert "[train] runs: 3,000 items; a session holds at most 100" in message


def test_an_unknown_key_is_refused_by_name_and_section(qtbot, sessions, tmp_path):
    """Issue 16, 14: ``step = 50`` vanished; experiment files refuse such a key."""
    path = session_file(tmp_path, '[optimizer]\nfunction = "book"\nstep = 50\n'
                                  '[[search.space]]\nname = "lr"\nlow = 0.1\nhihg = 1.0\n')
    assert not open_session(qtbot, sessions, path)
    [(_, message)] = sessions.window.errors
    assert "[optimizer] unknown key 'step' (did you mean 'steps'?)" in message
    assert "[search] lr: unknown key 'hihg' (did you mean 'high'?)" in message
