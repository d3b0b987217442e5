"""File > Save session… / Open session…: every lab's settings in one TOML file.

A session holds one table per lab, named by the lab's key: what the lab's
:class:`~lab.ui.common.lab.SessionSection` saves (its settings and the preset shown, less what
belongs to one machine: results and their run folders, the dataset folder). Opening checks
every section of the file first, with each lab's schema (lab.app.session: the keys each section
may hold, its bounded counts, and a check that builds the lab's configuration without applying
it); only a file with no problem at all is applied, through each lab's ``restore``. Reading and
checking run in a worker: a file may hold hundreds of runs or a typed function, which is
compiled there (with its budget) and not on the GUI thread. The labs' schemas are pure, so the
worker never touches a lab.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from lab import __version__
from lab.app.session import (
    MAX_BYTES,
    Section,
    SessionError,
    error_text,
    format_session,
    parse_session,
)
from lab.io.files import ExportError, atomic_write_text, read_limited
from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import Lab, SessionSection
from lab.ui.concurrency.worker import Worker

FILTER = N_("Descent Lab session (*.toml)")


def lab_sections(labs: Sequence[Lab]) -> dict[str, SessionSection]:
    """Each lab's session section, by its key (labs without one are left out)."""
    return {lab.key: section for lab in labs
            if (section := lab.session_section()) is not None}  # fmt: skip


def session_sections(labs: Sequence[Lab]) -> dict[str, dict]:
    """What a session file holds for each of the labs."""
    return {key: section.save() for key, section in lab_sections(labs).items()}


def schemas(labs: Sequence[Lab]) -> dict[str, Section]:
    """What each lab's table may hold, for the worker that checks a file."""
    return {key: section.schema for key, section in lab_sections(labs).items()}


def apply_sections(labs: Sequence[Lab], sections: Mapping[str, dict]) -> None:
    """Apply checked sections (see :func:`parse_session`) to the labs."""
    by_key = lab_sections(labs)
    for key, section in sections.items():
        by_key[key].restore(section)


def read_session(path: str, validators: Mapping[str, Section]) -> tuple[dict | None, str]:
    """The worker's job: (the checked sections, "") or (None, the one message)."""
    name = Path(path).name
    try:
        data = read_limited(path, MAX_BYTES, regular_only=True)  # a FIFO would block
        return parse_session(data, validators, name), ""
    except OSError as err:
        return None, tr("{name}: cannot be read ({error})").format(name=name,
                                                                   error=err.strerror or err)
    except SessionError as err:
        return None, str(err)


def _read_and_check(path: str, validators: Mapping[str, Section]
                    ) -> tuple[str, dict | None, str]:
    return (path, *read_session(path, validators))


class Sessions(QObject):
    """The File menu's session actions for ``window`` (a MainWindow: its ``labs``, status bar
    and error message)."""

    opened = Signal(bool)  # after open(): the file was applied (True) or refused (False)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.save_action = QAction(tr("&Save session…"), window, shortcut=QKeySequence("Ctrl+S"))
        self.save_action.setToolTip(tr("Every lab's settings in one TOML file to hand to others"))
        self.save_action.triggered.connect(self.ask_save)
        self.open_action = QAction(tr("&Open session…"), window, shortcut=QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.ask_open)
        self.worker = Worker("session", self)  # done/failed: only the latest open's
        self.worker.done.connect(self._checked)
        self.worker.failed.connect(lambda message: self._checked((self._opening, None, message)))
        self._opening = ""  # the file being read

    def ask_save(self) -> None:
        path = dialogs.ask_save(self.window, dialogs.SESSIONS, tr("Save session"),
                                "descent-lab-session.toml", tr(FILTER))
        if path:
            self.save(path if path.endswith(".toml") else path + ".toml")

    def ask_open(self) -> None:
        path = dialogs.ask_open(self.window, dialogs.SESSIONS, tr("Open session"), tr(FILTER))
        if path:
            self.open(path)

    def save(self, path: str) -> bool:
        """Write every lab's settings to ``path`` (atomically); a failure is one message."""
        try:
            text = format_session(session_sections(self.window.labs), __version__)
            written = atomic_write_text(path, text)
        except (ExportError, ValueError, TypeError) as err:
            self.window._show_error(tr("Session not saved"), error_text(err))
            return False
        self.window.statusBar().showMessage(tr("Session saved to {path}").format(path=written),
                                            8000)
        return True

    def open(self, path: str) -> None:
        """Read and check the whole file in the worker, then apply it (``opened`` answers);
        any problem: one message, nothing changed."""
        self._opening = path
        self.worker.submit(partial(_read_and_check, path, schemas(self.window.labs)))
        self.window.statusBar().showMessage(
            tr("Opening session {name}…").format(name=Path(path).name))

    def _checked(self, result: tuple[str, dict | None, str]) -> None:
        path, sections, message = result
        if sections is None:
            self.window.statusBar().clearMessage()
            self.window._show_error(tr("Session not opened"), message)
            self.opened.emit(False)
            return
        apply_sections(self.window.labs, sections)
        self.window.statusBar().showMessage(
            tr("Session {name} opened ({sections})").format(name=Path(path).name,
                                                            sections=", ".join(sections)), 8000)
        self.opened.emit(True)
