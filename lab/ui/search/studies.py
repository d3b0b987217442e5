"""The search lab's studies on disk: listing the studies of the default folder (or of a storage
URL or file) and opening one (its settings and trials; Start resumes it), every storage read in
the browser's worker, never on the GUI thread; and which study journals the lab uses.

Why apart from the controller: listing and opening are their own latest-wins jobs (a Refresh
pressed twice lists once), with their own answers; the controller decides what an opened study
means for the lab (its settings shown, its trials drawn).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from lab.app.stored_data import OPEN, RUNNING
from lab.ui.common.i18n import tr
from lab.ui.concurrency.worker import Worker
from lab.ui.search.study_jobs import FoundStudies, OpenedStudy, list_studies, open_existing


class StudyBrowser(QObject):
    """Lists the studies of a storage and opens one, in its worker."""

    listed = Signal(list)  # [(name, where)]: the studies found
    opened = Signal(object)  # lab.ui.search.study_jobs.OpenedStudy
    failed = Signal(str)  # a study could not be listed or opened: why
    message = Signal(str)  # a line for the status bar

    def __init__(self, data_dir: str | Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.found: list[tuple[str, str | Path]] = []
        self.reopening: str | None = None  # the study opened again as the app starts
        self.worker = Worker("SearchStudies", self)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)

    def refresh(self, storage: str | None) -> None:
        """List the studies in ``storage`` (None: the default folder's journal files)."""
        self.reopening = None
        self.worker.submit(partial(list_studies, self.data_dir, storage))

    def open_found(self, index: int) -> bool:
        """Open the ``index``-th study listed; False (with a message) when there is none."""
        if index < 0 or index >= len(self.found):
            self.message.emit(tr("No study chosen: press Refresh to list the studies."))
            return False
        self.open(*self.found[index])
        return True

    def open(self, name: str, storage: str | Path | None, reopened: bool = False) -> None:
        """Read a study's settings and trials (in the worker); ``opened`` carries them
        (``reopened``: the study the app had open when it was closed; if it cannot be read,
        a status line says so, not ``failed``: nobody asked for it in this session)."""
        self.reopening = name if reopened else None
        self.worker.submit(partial(open_existing, name, storage, self.data_dir, reopened))

    def _done(self, result: FoundStudies | OpenedStudy) -> None:
        if isinstance(result, OpenedStudy):
            self.reopening = None
            self.opened.emit(result)
            return
        self.found = list(result.found)
        self.message.emit(tr("{n} studies found").format(n=len(result.found))
                          if not result.problems else "; ".join(result.problems))
        self.listed.emit(self.found)

    def _failed(self, message: str) -> None:
        if self.reopening is not None:
            name, self.reopening = self.reopening, None
            self.message.emit(tr("The study {name} was not reopened: {message}").format(
                name=name, message=message))
            return
        self.message.emit(message)
        self.failed.emit(message)


def studies_in_use(opened, searched, running: bool, storage: str | None, name: str,
                   data_dir: str | Path) -> dict[Path, str]:
    """Resolved journal paths of the study the lab has open (``opened``) and of the one its
    last search opened (``searched``; either None); while a search runs, its study is found by
    ``storage`` and ``name`` too (it may not be open yet) and counts as searched."""
    from lab.engine.search.storage import is_url, journal_path

    found: dict[Path, str] = {}
    for handle in (opened, searched):
        if handle is not None and not is_url(handle.where):
            found[Path(handle.where).resolve()] = OPEN
    if running:
        path = Path(storage) if storage and not is_url(storage) else journal_path(
            data_dir, name.strip())
        found[path.resolve()] = RUNNING
        if searched is not None and not is_url(searched.where):
            found[Path(searched.where).resolve()] = RUNNING
    return found
