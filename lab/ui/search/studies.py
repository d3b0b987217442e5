"""The search lab's studies on disk: listing the studies of the default folder (or of a
storage URL), opening one (its settings and trials; Start resumes it), and exporting its journal
file. A mixin of :class:`lab.ui.search.panel.SearchLab`; every storage read runs in the lab's
``studies`` worker, never on the GUI thread.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from lab.app.stored_data import OPEN, RUNNING
from lab.ui.common.i18n import tr
from lab.ui.common.lab import StoredDataInUse
from lab.ui.search.study_jobs import export_study_file, list_studies, open_existing


class StudiesMixin:
    """Needs: data_dir, study (StudyControls), studies (Worker), handle, search (SearchRun),
    budget, presets, progress, _found, _budget, load_config, select_trial, show_snapshot,
    space_editor, _say, studies_listed."""

    # ---- studies on disk ----------------------------------------------------------------------
    def refresh_studies(self) -> None:
        self.studies.submit(partial(list_studies, self.data_dir, self.study.storage()))

    def open_selected_study(self) -> None:
        index = self.study.studies.currentIndex()
        if index < 0 or index >= len(self._found):
            self._say(tr("No study chosen: press Refresh to list the studies."))
            return
        name, path = self._found[index]
        self.open_study(name, path)

    def open_study(self, name: str, storage: str | Path | None) -> None:
        """Load a study's settings and trials (in the worker); Start resumes it."""
        self.studies.submit(partial(open_existing, name, storage, self.data_dir))

    def _studies_done(self, result) -> None:
        kind, value = result
        if kind == "list":
            found, problems = value
            self._found = found
            self.study.studies.clear()
            for name, path in found:
                self.study.studies.addItem(name, str(path))
            self._say(tr("{n} studies found").format(n=len(found)) if not problems
                      else "; ".join(problems))  # fmt: skip
            self.studies_listed.emit()
            return
        handle, (snapshot, budget), storage = value
        if self.handle is not None and self.handle is not handle:
            self.handle.close()
        self.handle = handle
        self.load_config(handle.config, handle.name, storage)
        self.budget.trials.setValue(budget)
        self._budget = budget
        self.presets.mark_modified()
        self.progress = None
        self.select_trial(None)
        self.show_snapshot(snapshot)
        self._say("; ".join([tr("Opened study {name} ({n} trials): Start resumes it").format(
            name=handle.name, n=len(snapshot.rows)), *handle.notes]))  # a journal repaired
        self.studies_listed.emit()

    def _studies_failed(self, message: str) -> None:
        self._say(message)
        self.space_editor.show_problems([message])
        self.studies_listed.emit()

    # ---- stored data (File > Manage stored data, through the lab protocol) ------------------
    def stored_data_in_use(self) -> StoredDataInUse:
        return StoredDataInUse(studies=studies_in_use(self))

    def stored_data_changed(self, removal) -> None:
        """A study removed from the data folder leaves the list of studies."""
        if any(entry.kind == "study" for entry in removal.done):
            self.refresh_studies()

    def ask_export_study_file(self) -> None:
        if self.handle is None:
            self._say(tr("Open or start a study first."))
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Export study file"),
                                              f"{self.handle.name}.journal",
                                              tr("Optuna journal (*.journal *.log)"))
        if path:
            self.export_study_file(path)

    def export_study_file(self, path: str) -> Path | None:
        from lab.io.files import ExportError

        try:
            written = export_study_file(self.handle, path)
        except (ExportError, OSError, ValueError) as err:
            self._say(tr("Study file not exported: {message}").format(message=err))
            return None
        self._say(tr("Saved {path}").format(path=written))
        return written


def studies_in_use(lab) -> dict[Path, str]:
    """Resolved journal paths of the study the search lab has open and of a running search."""
    from lab.engine.search.storage import is_url, journal_path

    found: dict[Path, str] = {}
    running = lab.search.is_running()
    for handle in (lab.handle, lab.search.handle):
        if handle is not None and not is_url(handle.where):
            found[Path(handle.where).resolve()] = OPEN
    if running:  # the search may not have opened its study yet
        storage = lab.study.storage()
        path = Path(storage) if storage and not is_url(storage) else journal_path(
            lab.data_dir, lab.study.name.text().strip())
        found[path.resolve()] = RUNNING
        if lab.search.handle is not None and not is_url(lab.search.handle.where):
            found[Path(lab.search.handle.where).resolve()] = RUNNING
    return found
