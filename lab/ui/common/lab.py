"""The lab protocol: everything the main window asks of a lab, and nothing more.

Why: the window (``lab/ui/shell``) serves every lab the same way (tabs, File menu, exports,
animations, sessions, saved settings, stored data, hand-offs, the launch order, closing) and
must never need to know *which* lab it talks to. A lab is a :class:`Lab`: a QWidget whose
methods below answer the window's questions. Each default answers "nothing" (no exports, no
session section, no actions...), so a lab implements only what it has, and a new lab plugs into
the window through the one list of factories (``lab/ui/shell/labs.py``) without a change to
the shell.

Records instead of tuples: what a lab offers is a small frozen dataclass (:class:`ExportTarget`,
:class:`CsvExport`, :class:`WeightsExport`, :class:`PresetShown`, :class:`SessionSection`,
:class:`StoredDataInUse`), so the window reads fields by name.

Threads: only the session checks (``SessionSection.schema``) run off the GUI thread; they are
pure functions of a section's plain data and never touch the lab. Everything else here is
called on the GUI thread and must return within a frame (slow work is a job for the lab's
workers, :mod:`lab.ui.concurrency`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from lab.app.session import Section
from lab.app.stored_data import RUNNING
from lab.ui.concurrency.registry import shutdown_within
from lab.ui.concurrency.worker import Worker

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
# keys a lab may not take: the session file's header table and the window's own settings
RESERVED_KEYS = frozenset({"session", "window", "view", "language"})


@dataclass(frozen=True)
class ExportTarget:
    """A plot the File > Export menu offers as PNG or SVG."""

    label: str  # untranslated (marked with N_); the window translates it
    widget: QWidget


@dataclass(frozen=True)
class CsvExport:
    """Data the File > Export menu offers as CSV; the text is made when the user exports."""

    label: str  # untranslated (N_), or already translated when it names something
    text: Callable[[], str]


@dataclass(frozen=True)
class WeightsExport:
    """Trained weights the File > Export menu offers (safetensors + JSON + .pt)."""

    label: str  # shown through tr(): a label already translated shows as it is
    write: Callable[[str], Sequence[Path]]  # writes at the path; the files written, first shown
    name: str = ""  # the file name proposed (the run's name; made safe by the window)


@dataclass(frozen=True)
class FolderExport:
    """Files the File > Export menu writes into a folder the user picks (the training lab's
    TensorBoard logs). ``write(folder)`` starts the work (the lab runs it off the GUI thread
    and reports through ``status_message`` / ``error_raised``)."""

    label: str  # untranslated (N_); the window translates it
    write: Callable[[str], None]


@dataclass(frozen=True)
class PresetShown:
    """The preset a lab shows, and whether the user has edited its settings since."""

    key: str
    title: str  # untranslated (N_)
    modified: bool = False


@dataclass(frozen=True)
class SessionSection:
    """A lab's table in a session file (File > Save / Open session).

    ``schema`` checks a section without the lab (the keys it may hold, its bounded counts and
    a check that builds the lab's configuration without applying it): it runs in the session
    worker, off the GUI thread, on every section of a file before any lab changes. ``save``
    returns the section's plain data (what one machine only has, such as folders, left out);
    ``restore`` applies a section the schema accepted."""

    schema: Section
    save: Callable[[], dict]
    restore: Callable[[dict], None]


@dataclass(frozen=True)
class StoredDataInUse:
    """What a lab uses in the data folder, so File > Manage stored data keeps it."""

    runs: frozenset[str] = frozenset()  # run folder names (in the data folder's runs/)
    # resolved study journal paths, each with why (lab.app.stored_data.OPEN or RUNNING)
    studies: Mapping[Path, str] = field(default_factory=dict)

    @staticmethod
    def union(parts: Iterable[StoredDataInUse]) -> StoredDataInUse:
        """Everything any lab uses; a study both open and searched counts as searched."""
        runs: set[str] = set()
        studies: dict[Path, str] = {}
        for part in parts:
            runs |= part.runs
            for path, why in part.studies.items():
                if studies.get(path) != RUNNING:
                    studies[path] = why
        return StoredDataInUse(frozenset(runs), studies)


class Lab(QWidget):
    """Base of every lab: the questions the window asks, each with a default that offers
    nothing. Subclasses set ``key`` and ``title`` and override what they have."""

    key = ""  # stable id: settings group, session table, hand-off address (KEY_PATTERN)
    title = "Lab"  # the tab's title, untranslated (N_)
    guide: str | None = None  # its guide's name in lab/guides (F1); None: no guide
    close_wait_s = 2.0  # closing: how long this lab's threads may take to end

    status_message = Signal(str)  # a line for the status bar (shown while the lab is)
    computed = Signal()  # a result was drawn (the launch order and tests wait on it)
    compute_failed = Signal(str)  # a computation failed (the launch order stops waiting)
    error_raised = Signal(str, str)  # title, message: the window shows one clear message
    handed_off = Signal(str, object)  # target lab's key, payload: the window routes it
    show_requested = Signal()  # bring this lab to the front (its File-menu action ran)

    # ---- saved settings (QSettings, group ``key``) ---------------------------------------------
    def load_default(self) -> None:
        """Show what a first-time user sees (no saved settings, or they were dropped)."""

    def save_state(self) -> dict:
        """The lab's settings as plain JSON data, saved as the window closes."""
        return {}

    def restore_state(self, state: dict) -> bool:
        """Apply saved settings; False (with a status message) when they do not apply, and
        then the window calls :meth:`load_default`."""
        return False

    # ---- what the window shows -----------------------------------------------------------------
    def preset_shown(self) -> PresetShown | None:
        """The preset on screen, or None for a lab without presets."""
        return None

    def export_targets(self) -> list[ExportTarget]:
        """Plots to export as images (the first is also File > Copy figure image)."""
        return []

    def csv_exports(self) -> list[CsvExport]:
        """Data to export as CSV (only what exists now)."""
        return []

    def weights_exports(self) -> list[WeightsExport]:
        """Trained weights to export (only what exists now)."""
        return []

    def folder_exports(self) -> list[FolderExport]:
        """Files to write into a folder (only what exists now)."""
        return []

    def animation_sources(self) -> list:
        """What File > Export animation… can animate: lab.ui.export.animation.AnimationSource
        values (their ``begin`` refuses, with a clear message, when there is nothing yet)."""
        return []

    def file_actions(self) -> list[QAction]:
        """Actions the lab adds to the File menu; the lab owns them (parent: the lab) and
        emits ``show_requested`` when one needs the lab on screen."""
        return []

    def has_playback(self) -> bool:
        """True when Space plays and pauses something in this lab."""
        return False

    def toggle_playback(self) -> None:
        """Space: play or pause (only called when :meth:`has_playback`)."""

    # ---- sessions, stored data, hand-offs ------------------------------------------------------
    def session_section(self) -> SessionSection | None:
        """The lab's table in a session file (its key names the table); None: none."""
        return None

    def stored_data_in_use(self) -> StoredDataInUse:
        """Run folders and studies this lab uses now (Manage stored data keeps them)."""
        return StoredDataInUse()

    def stored_data_changed(self, removal) -> None:
        """Entries of the data folder were removed (a lab.app.stored_data.Removal): a lab
        that lists them reads its list again."""

    def accept_handoff(self, payload: object) -> bool:
        """Take what another lab handed to this one (``handed_off`` with this lab's key);
        False when the payload is not something this lab takes. The window then shows it."""
        return False

    # ---- launch order and closing --------------------------------------------------------------
    def hold(self) -> None:
        """Launch: let this lab's workers keep their first jobs waiting while another lab
        draws first (the lab on screen; see Worker.hold)."""
        for worker in self.findChildren(Worker):
            worker.hold()

    def release(self) -> None:
        """Let the held jobs run (a repeat does nothing)."""
        for worker in self.findChildren(Worker):
            worker.release()

    def shutdown(self) -> None:
        """The window is closing: stop what runs and join every thread this lab owns (its
        workers and runners, found through the thread registry) within ``close_wait_s``."""
        shutdown_within(self, self.close_wait_s)


def check_keys(labs: Sequence[Lab]) -> None:
    """A programming error, caught as the window is built: every lab needs its own key, fit
    for a settings group and a TOML table name."""
    seen: set[str] = set()
    for lab in labs:
        if not KEY_PATTERN.match(lab.key) or lab.key in RESERVED_KEYS:
            raise ValueError(f"{type(lab).__name__}: lab key {lab.key!r} must be lowercase "
                             "letters, digits and _ (not session, window, view or language)")
        if lab.key in seen:
            raise ValueError(f"two labs share the key {lab.key!r}")
        seen.add(lab.key)
