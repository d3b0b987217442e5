"""The training lab's list of runs as the user edits it: add, duplicate, edit, recolour and
remove runs. A mixin of :class:`~lab.ui.train.panel.TrainLab`.

Why apart from the panel: the panel drives runs (the runner, its messages, the live curves);
this is the list before and between runs: which runs exist and with what settings, and the
rules that keep a run's results (an edit or a restart of a run with results becomes a new run;
removing one asks first, and its results stay in its run folder).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialog, QMessageBox

from lab.engine.train.config import TrainConfig
from lab.engine.train.experiments import MAX_RUNS
from lab.engine.train.runs import RunEntry
from lab.ui.common.i18n import tr
from lab.ui.common.palette import pick_color
from lab.ui.train.run_editor import RunEditor


class RunEditsMixin:
    """Needs from the panel: ``runs`` (RunsModel), ``run_list``, ``data_folder``, ``store``,
    ``runner``, ``_dirty``, ``_redraw``, ``_drop_curves``, ``_selected``,
    ``_selection_changed`` and the ``status_message`` signal."""

    def add_config(self, config: TrainConfig, refresh: bool = True,
                   index: int | None = None) -> RunEntry:
        if self.data_folder and config.data.folder is None:
            config = replace(config, data=replace(config.data, folder=self.data_folder))
        color = pick_color(config.optimizer.name, (e.color for e in self.runs))
        entry = self.runs.add(config, color, index)
        if refresh:
            self._refresh_list()
        return entry

    def _refresh_list(self) -> None:
        self.run_list.show_runs(list(self.runs))

    def add_run(self) -> None:
        if self._full():
            return
        self.add_config(TrainConfig(self.runs.unique_name(f"run-{len(self.runs) + 1}"),
                                    iterations=500))

    def duplicate_run(self) -> None:
        if (entry := self._selected()) and not self._full():
            self._copy_of(entry)

    def _full(self) -> bool:
        """The bound an experiment file or a session has (so a saved session opens again)."""
        if len(self.runs) < MAX_RUNS:
            return False
        self.status_message.emit(tr("The training lab holds at most {n} runs: remove one "
                                    "first.").format(n=MAX_RUNS))
        return True

    def _copy_of(self, entry: RunEntry) -> RunEntry:
        color = pick_color(entry.config.optimizer.name, (e.color for e in self.runs))
        copy = self.runs.copy_of(entry.name, color)
        self._refresh_list()
        return copy

    def edit_run(self) -> None:
        entry = self._selected()
        if entry is None:
            self.status_message.emit(tr("Select a run to edit it."))
            return
        editor = RunEditor(entry.config, set(self.runs.names()) - {entry.name}, self)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.replace_config(entry.name, editor.result_config)

    def replace_config(self, name: str, config: TrainConfig) -> RunEntry | None:
        """Apply an edit: no change changes nothing; a run with results (or training) keeps
        them and the edit becomes a new run after it; a queued run is changed in place."""
        had_results = self.runs[name].has_results or self.runs[name].status.active
        try:
            entry = self.runs.edit(name, config)
        except ValueError as err:
            self.status_message.emit(str(err))
            return None
        if entry is None:
            self.status_message.emit(tr("{name}: nothing changed").format(name=name))
            return None
        self._refresh_list()
        self.run_list.select(entry.name)
        if had_results:
            self.status_message.emit(tr("{name} keeps its results; the edit is the new run "
                                        "{new}").format(name=name, new=entry.name))
        return entry

    def _pick_color(self, row: int, column: int) -> None:
        if column != 0:
            return
        name = self.run_list.names()[row]
        color = QColorDialog.getColor(QColor(self.runs[name].color), self,
                                      tr("Colour of {name}").format(name=name))
        if color.isValid():
            self.set_color(name, color.name())

    def set_color(self, name: str, color: str) -> None:
        """Recolour a run: its row and its curves (redrawn in the new colour)."""
        self.runs[name].color = color
        self.run_list.show_entry(self.runs[name])
        self._drop_curves(name)
        self._dirty.add(name)
        self._redraw()

    def remove_run(self) -> None:
        """Remove the selected run; one with results is removed only after the user agrees
        (its results stay in its run folder)."""
        entry = self._selected()
        if entry is None:
            return
        if entry.has_results or entry.status.active:
            where = " " + tr("Its results stay in {folder}.").format(
                folder=self.store.root / entry.folder) if entry.folder else ""
            if not self.confirm(tr("Remove run"), tr(
                    "Remove {name} and its curves and test results from the list?").format(
                    name=entry.name) + where):
                return
        if entry.status.active:
            self.runner.stop(entry.instance)
        self.runs.remove(entry.name)
        self._drop_curves(entry.name)
        self._refresh_list()
        self._selection_changed()

    def confirm(self, title: str, text: str) -> bool:
        """Ask Yes/No (No is the default)."""
        self._question = QMessageBox(QMessageBox.Icon.Question, title, text,
                                     QMessageBox.StandardButton.Yes |
                                     QMessageBox.StandardButton.No, self)  # fmt: skip
        self._question.setDefaultButton(QMessageBox.StandardButton.No)
        return self._question.exec() == QMessageBox.StandardButton.Yes
