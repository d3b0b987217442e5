"""The search lab: a search space, a budget and a method; trials trained in batches in the
background; every view live while it runs; a trial picked anywhere is picked everywhere and
can be sent to the training lab.

The panel only builds the widgets, connects them to the lab's
:class:`~lab.ui.search.controller.SearchController` (the state and the actions, testable without
a window) and answers the lab protocol (lab/ui/common/lab.py) by asking it. Widgets are views:
the settings' editors push edits into ``controller.settings`` and show what it loads; the
results follow the controller's signals.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from lab.engine.search.presets import SEARCH_PRESETS
from lab.io.names import safe_stem
from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget, Lab, SessionSection
from lab.ui.common.panel import group_box, side_panel
from lab.ui.common.preset_bar import PresetBar
from lab.ui.search import session_io
from lab.ui.search.controller import SearchController, trials_text
from lab.ui.search.controls import BudgetControls, RunControls, StudyControls
from lab.ui.search.space_editor import SpaceEditor
from lab.ui.search.trial_curves import ChosenTrial
from lab.ui.search.trials_table import TrialsTable
from lab.ui.search.view_set import ViewTabs

CLOSE_WAIT_S = 10.0  # closing: the epoch in training ends and its trials are put back


class SearchLab(Lab):
    key = "search"
    title = N_("Search lab")
    guide = "search"  # lab/guides/<language>/search.md
    close_wait_s = CLOSE_WAIT_S

    def __init__(self, parent: QWidget | None = None, data_dir: str | Path | None = None):
        super().__init__(parent)
        self.controller = SearchController(data_dir, self)
        self.presets = PresetBar(SEARCH_PRESETS)
        self.space_editor = SpaceEditor()
        self.budget = BudgetControls()
        self.study = StudyControls()
        self.run = RunControls()
        self.views = ViewTabs()
        self.table = TrialsTable()
        self.chosen = ChosenTrial()
        self._lay_out()
        self._connect_settings()
        self._connect_search()

    def _lay_out(self) -> None:
        side = side_panel([self.presets, group_box(tr("Search"), self.run),
                           group_box(tr("Search space"), self.space_editor),
                           group_box(tr("Budget and method"), self.budget),
                           group_box(tr("Study"), self.study)], min_width=360)
        bottom = QSplitter()
        bottom.addWidget(self.table)
        bottom.addWidget(self.chosen)
        bottom.setSizes([640, 420])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.views)
        right.addWidget(bottom)
        right.setSizes([520, 300])
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 1120])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)

    def _connect_settings(self) -> None:
        """The settings' editors: edits go in, what the settings load comes out."""
        settings = self.controller.settings
        self.presets.chosen.connect(settings.apply_preset)
        self.space_editor.edited.connect(settings.edit_space)
        self.budget.edited.connect(lambda: settings.edit_budget(self.budget.values()))
        self.study.edited.connect(lambda: settings.edit_study(self.study.name.text(),
                                                              self.study.storage()))
        settings.loaded.connect(self._show_settings)
        settings.preset_changed.connect(self._show_preset)
        settings.problems_changed.connect(self.space_editor.show_problems)

    def _connect_search(self) -> None:
        """The run buttons, the studies and the results."""
        controller = self.controller
        self.run.start.clicked.connect(controller.start)
        self.run.pause.clicked.connect(controller.pause)
        self.run.stop.clicked.connect(controller.stop)
        self.study.refresh.clicked.connect(controller.refresh_studies)
        self.study.open.clicked.connect(
            lambda: controller.open_found(self.study.studies.currentIndex()))
        self.study.export_file.clicked.connect(self.ask_export_study_file)
        self.views.trial_clicked.connect(controller.select_trial)
        self.table.trial_clicked.connect(controller.select_trial)
        self.chosen.train_button.clicked.connect(controller.train_selected)
        controller.running_changed.connect(self._show_running)
        controller.snapshot_changed.connect(self._show_snapshot)
        controller.progress_changed.connect(self.run.show_progress)
        controller.counts_changed.connect(self.run.counts.setText)
        controller.selection_changed.connect(self._show_selection)
        controller.studies_listed.connect(self.study.show_studies)
        controller.status_message.connect(self.status_message)
        controller.handed_off.connect(self.handed_off)

    # ---- views of the controller --------------------------------------------------------------
    def _show_settings(self, config, name: str, storage: str | None) -> None:
        self.budget.load(config)
        self.space_editor.load(config.space)
        self.study.name.setText(name)
        self.study.set_storage(storage)

    def _show_preset(self, key: str, modified: bool) -> None:
        self.presets.show_preset(key)
        if modified:
            self.presets.mark_modified()

    def _show_running(self, running: bool) -> None:
        self.run.set_running(running)
        self.space_editor.set_editable(not running)
        self.budget.set_editable(not running)
        self.study.set_editable(not running)
        self.presets.setEnabled(not running)

    def _show_snapshot(self, snapshot) -> None:
        self.views.show_trials(snapshot)
        self.table.show_trials(snapshot)
        self._show_selection(self.controller.selected)
        self.computed.emit()

    def _show_selection(self, number: int | None) -> None:
        self.views.select_trial(number)
        self.table.select_trial(number)
        self.chosen.show_trial(number, self.controller.snapshot, self.controller.can_train())

    def ask_export_study_file(self) -> None:
        handle = self.controller.handle
        if handle is None:
            self.status_message.emit(tr("Open or start a study first."))
            return
        path = dialogs.ask_save(self, dialogs.EXPORTS, tr("Export study file"),
                                f"{safe_stem(handle.name)}.journal",
                                tr("Optuna journal (*.journal *.log)"))
        if path:
            self.controller.export_study_file(path)

    # ---- the lab protocol (lab.ui.common.lab), answered by the controller ---------------------
    def load_default(self) -> None:
        self.controller.settings.load_default()

    def save_state(self) -> dict:
        return {**self.controller.save_state(), "fit_colours": self.views.fit_colours.isChecked()}

    def restore_state(self, state: dict) -> bool:
        self.views.fit_colours.setChecked(state.get("fit_colours") is True)
        return self.controller.restore_state(state)

    def preset_shown(self):
        return self.controller.settings.preset_shown()

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(title, view.export_widget()) for title, view in self.views.views] \
            + [ExportTarget(N_("Trial"), self.chosen.plot)]  # the selected one  # fmt: skip

    def csv_exports(self) -> list[CsvExport]:
        snapshot = self.controller.snapshot
        return [] if snapshot is None else [CsvExport(N_("Trials"),
                                                      partial(trials_text, snapshot))]

    def animation_sources(self) -> list:
        from lab.ui.search.animation import search_sources

        return search_sources(self.views.views, self.controller)  # trials filling in

    def session_section(self) -> SessionSection:
        settings = self.controller.settings
        return SessionSection(session_io.SCHEMA, settings.save_session, settings.restore_session)

    def stored_data_in_use(self):
        return self.controller.stored_data_in_use()

    def stored_data_changed(self, removal) -> None:
        self.controller.stored_data_changed(removal)

    def shutdown(self) -> None:
        """Stop the search (finished trials are in the storage) and join every thread."""
        self.controller.shutdown(self.close_wait_s)
