"""Every open, save and folder dialog of the app, each starting in the last folder used for its
kind of file.

Why: Qt's dialogs, given a bare file name, open in the process's working folder (the source
tree, when the app runs from a checkout) and forget where the user saved last time. Each call
here names a kind (``EXPORTS``: images, CSV, animations, study files; ``WEIGHTS``; ``SESSIONS``;
``DATASETS``), starts in that kind's last folder (kept in the app's settings under
``folders/<kind>``) or, the first time, in the user's documents folder (home if there is none),
and remembers the folder of the file chosen. The main window installs its QSettings with
:func:`use_settings`; without it (a lab built alone, in a test) folders are remembered for the
process only, so nothing touches the user's settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

EXPORTS = "exports"
WEIGHTS = "weights"
SESSIONS = "sessions"
DATASETS = "datasets"
KINDS = (EXPORTS, WEIGHTS, SESSIONS, DATASETS)
GROUP = "folders"

_settings: QSettings | None = None
_in_memory: dict[str, str] = {}  # without installed settings: for this process only


def use_settings(settings: QSettings | None) -> None:
    """Keep the folders in ``settings`` (the main window's); None: in memory only."""
    global _settings
    _settings = settings


def forget_settings(settings: QSettings) -> None:
    """The window that installed ``settings`` closes: keep folders in memory again."""
    if _settings is settings:
        use_settings(None)


def first_folder() -> Path:
    """Where a kind starts before the user chose a folder: documents, else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def start_folder(kind: str) -> Path:
    """The last folder used for ``kind`` if it still exists, else :func:`first_folder`."""
    _check(kind)
    key = f"{GROUP}/{kind}"
    saved = _settings.value(key, "") if _settings is not None else _in_memory.get(kind, "")
    if isinstance(saved, str) and saved and Path(saved).is_absolute() and Path(saved).is_dir():
        return Path(saved)
    return first_folder()


def remember(kind: str, path: str | Path) -> None:
    """Note the folder of ``path`` (a file) or ``path`` itself (a folder) for ``kind``."""
    _check(kind)
    path = Path(path).absolute()
    folder = str(path if path.is_dir() else path.parent)
    if _settings is not None:
        _settings.setValue(f"{GROUP}/{kind}", folder)
    else:
        _in_memory[kind] = folder


def suggested(kind: str, name: str) -> str:
    """``name`` in the kind's start folder (a name with a folder is kept as it is)."""
    return name if Path(name).is_absolute() else str(start_folder(kind) / name)


def ask_save(parent: QWidget | None, kind: str, title: str, name: str, filters: str) -> str:
    """A save dialog proposing ``name`` in the kind's folder; the path chosen, or ""."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested(kind, name), filters)
    if path:
        remember(kind, path)
    return path


def ask_open(parent: QWidget | None, kind: str, title: str, filters: str) -> str:
    """An open dialog in the kind's folder; the file chosen, or ""."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), filters)
    if path:
        remember(kind, path)
    return path


def ask_folder(parent: QWidget | None, kind: str, title: str) -> str:
    """A folder dialog in the kind's folder; the folder chosen, or ""."""
    folder = QFileDialog.getExistingDirectory(parent, title, str(start_folder(kind)))
    if folder:
        remember(kind, folder)
    return folder


def _check(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of file {kind!r}; one of {', '.join(KINDS)}")
