"""File > Manage stored data…: the run folders and search studies the app keeps in its data
folder, with their sizes; the ones nothing uses can be moved to the trash or deleted.

Why a dialog of its own: the labs never delete what a run or a search produced (removing a run
from the list keeps its folder), so the data folder only grows. Listing reads every run folder
and journal, and removal walks folders: both run in a worker, never on the GUI thread. What the
labs use (each answers ``stored_data_in_use()``: a run in the training lab's list, the study
the search lab has open or searches) is shown but cannot be removed, and it is checked again
just before removing. Nothing goes without
a Yes; deleting for good (where there is no trash) asks again, No being the default.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDateTime, QFile, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lab.app.stored_data import (
    LISTED,
    OPEN,
    RECENT,
    RUNNING,
    Removal,
    StoredEntry,
    remove_entries,
)
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import StoredDataInUse
from lab.ui.concurrency.worker import Worker

COLUMNS = (N_("Name"), N_("Stored as"), N_("Date"), N_("Size on disk"), N_("Trials"), N_("State"))
IN_USE = {LISTED: N_("in use: a run in the training lab's list"),
          OPEN: N_("in use: the study open in the search lab"),
          RUNNING: N_("in use: a search is running on it"),
          RECENT: N_("in use: written to less than a minute ago")}


def list_stored(data_dir: Path, runs: set[str], studies: dict[Path, str]):
    """The worker's listing job: ("list", run entries, study entries)."""
    from lab.app.stored_runs import list_run_folders
    from lab.app.stored_studies import list_study_files

    return ("list", list_run_folders(data_dir / "runs", runs),
            list_study_files(data_dir / "studies", studies))


def remove_stored(data_dir: Path, entries: list[StoredEntry], trash) -> tuple:
    """The worker's removal job: ("removed", Removal, whether the trash was asked)."""
    return "removed", remove_entries(data_dir, entries, trash), trash is not None


class StoredDataDialog(QDialog):
    """The entries in two groups (run folders, search studies), several selectable.
    ``in_use`` answers what the labs use now (asked when listing and again before removing)."""

    listed = Signal()  # the list shows the folder's current content
    removed = Signal(object)  # a Removal, after the entries it removed are gone

    def __init__(self, data_dir: str | Path, in_use: Callable[[], StoredDataInUse],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Manage stored data"))
        self.data_dir = Path(data_dir)
        self._in_use = in_use
        self.trash = QFile.moveToTrash  # tests swap it
        self.entries: dict[int, StoredEntry] = {}
        self.last_report = ""
        self._all: list[StoredEntry] = []
        self._busy = False
        self.worker = Worker("stored-data", self)
        self.worker.done.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self._build()
        self.resize(1000, 560)
        self.refresh()

    def _build(self) -> None:
        intro = QLabel(tr("Run folders and search studies kept in {folder}. Those in use cannot "
                          "be deleted here: remove the run from the training lab's list, or "
                          "open another study, first.").format(folder=self.data_dir))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(0, 220)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.details = QLabel()  # the current entry's path and its whole message
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree.currentItemChanged.connect(self._show_details)
        self.summary = QLabel()
        self.report = QLabel()
        self.report.setWordWrap(True)
        self.refresh_button = QPushButton(tr("Refresh"))
        self.open_button = QPushButton(tr("Open folder"))
        self.open_button.setToolTip(tr("Show the selected entry's folder (or the data folder) "
                                       "in the file manager"))
        self.trash_button = QPushButton(tr("Move to trash"))
        self.delete_button = QPushButton(tr("Delete permanently…"))
        close = QPushButton(tr("Close"))
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_folder)
        self.trash_button.clicked.connect(self.move_to_trash)
        self.delete_button.clicked.connect(self.delete_permanently)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.trash_button, self.delete_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.summary)
        layout.addWidget(self.report)
        layout.addLayout(buttons)
        self._selection_changed()

    # ---- listing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.summary.setText(tr("Reading the data folder…"))
        self._set_busy(True)
        used = self._in_use()
        self.worker.submit(partial(list_stored, self.data_dir, set(used.runs),
                                   dict(used.studies)))

    def _show(self, runs: list[StoredEntry], studies: list[StoredEntry]) -> None:
        self.tree.clear()
        self.entries.clear()
        self.details.setText("")
        for title, entries in ((tr("Run folders"), runs), (tr("Search studies"), studies)):
            group = QTreeWidgetItem(self.tree, [tr("{title} ({n}, {size})").format(
                title=title, n=len(entries), size=_size(sum(e.size for e in entries)))])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for entry in entries:
                self._add_item(group, entry)
            group.setExpanded(True)
        self._all = runs + studies

    def _add_item(self, group: QTreeWidgetItem, entry: StoredEntry) -> None:
        date = QDateTime.fromSecsSinceEpoch(int(entry.modified)).toString(
            "yyyy-MM-dd HH:mm")  # notr (sorts and reads the same in every language)
        trials = "" if entry.trials is None else str(entry.trials)
        if entry.in_use:
            state = tr(IN_USE[entry.in_use])
        elif entry.problem:  # its first clause; the details below show all of it
            state = tr("damaged: {message}").format(message=_reason(entry).split(";")[0])
        else:
            state = ""
        item = QTreeWidgetItem(group, [entry.name, entry.path.name, date, _size(entry.size),
                                       trials, state])
        item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(0, str(entry.path))
        item.setToolTip(5, entry.problem or state)
        if entry.problem:
            item.setIcon(5, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        if entry.in_use:  # italic, not a colour: it reads in either theme
            font = item.font(0)
            font.setItalic(True)
            for column in range(len(COLUMNS)):
                item.setFont(column, font)
        self.entries[id(item)] = entry
        item.setData(0, Qt.ItemDataRole.UserRole, id(item))

    def _show_details(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        entry = None if item is None else self.entries.get(item.data(0, Qt.ItemDataRole.UserRole))
        if entry is None:
            self.details.setText("")
            return
        text = str(entry.path)
        if entry.in_use:
            text += " — " + tr(IN_USE[entry.in_use])
        if entry.problem:
            text += " — " + tr("damaged: {message}").format(message=_reason(entry))
        self.details.setText(text)

    def selected(self) -> list[StoredEntry]:
        return [self.entries[item.data(0, Qt.ItemDataRole.UserRole)]
                for item in self.tree.selectedItems()
                if item.data(0, Qt.ItemDataRole.UserRole) in self.entries]

    def select(self, names: list[str]) -> None:
        """Select the entries stored as ``names`` (folder or file names)."""
        self.tree.clearSelection()
        for k in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(k)
            for j in range(group.childCount()):
                item = group.child(j)
                if item.text(1) in names:
                    item.setSelected(True)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        free = [e for e in chosen if e.deletable]
        self.trash_button.setEnabled(bool(free) and not self._busy)
        self.delete_button.setEnabled(bool(free) and not self._busy)
        entries = self._all
        text = tr("Entries: {n}, {size} in all").format(
            n=len(entries), size=_size(sum(e.size for e in entries)))
        if chosen:
            text += " · " + tr("selected: {n}, {size}").format(
                n=len(chosen), size=_size(sum(e.size for e in chosen)))
        if len(free) < len(chosen):
            text += " · " + tr("in use, kept: {n}").format(n=len(chosen) - len(free))
        self.summary.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.refresh_button.setEnabled(not busy)
        self._selection_changed()

    # ---- actions -----------------------------------------------------------------------------
    def open_folder(self) -> bool:
        """The selected entry's folder (a run folder itself), or the data folder."""
        chosen = self.selected()
        if not chosen:
            folder = self.data_dir
        else:
            path = chosen[0].path
            folder = path if path.is_dir() and not path.is_symlink() else path.parent
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def move_to_trash(self) -> None:
        entries = self._free(self.selected())
        if entries and self.confirm(tr("Move to trash"), tr(
                "Move the selected entries ({n}, {size}) to the trash?").format(
                n=len(entries), size=_size(sum(e.size for e in entries))), default_yes=True):
            self._remove(entries, self.trash)

    def delete_permanently(self) -> None:
        entries = self._free(self.selected())
        if entries and self.confirm(tr("Delete permanently"), self._delete_question(entries)):
            self._remove(entries, None)

    def _delete_question(self, entries: list[StoredEntry]) -> str:
        text = tr("Delete the selected entries ({n}, {size}) permanently? This cannot be "
                  "undone.").format(n=len(entries), size=_size(sum(e.size for e in entries)))
        if any(e.kind == "run" for e in entries):
            text += " " + tr("Saved sessions that name these runs will open them without "
                             "results.")
        return text

    def _free(self, entries: list[StoredEntry]) -> list[StoredEntry]:
        """The entries still free now: the labs may have taken one since the list was read."""
        used = self._in_use()
        free = []
        for entry in entries:
            if not entry.deletable or (entry.kind == "run" and entry.path.name in used.runs):
                continue
            if entry.kind == "study" and entry.path.resolve() in used.studies:
                continue
            free.append(entry)
        return free

    def _remove(self, entries: list[StoredEntry], trash) -> None:
        self._set_busy(True)
        self.report.setText(tr("Removing the entries ({n})…").format(n=len(entries)))
        self.worker.submit(partial(remove_stored, self.data_dir, entries, trash))

    def confirm(self, title: str, text: str, default_yes: bool = False) -> bool:
        """Ask Yes/No (No is the default unless ``default_yes``)."""
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        self._question = QMessageBox(QMessageBox.Icon.Question, title, text, yes | no, self)
        self._question.setDefaultButton(yes if default_yes else no)
        return self._question.exec() == yes

    # ---- results -----------------------------------------------------------------------------
    def _finished(self, result) -> None:
        if result[0] == "list":
            self._show(result[1], result[2])
            self._set_busy(False)
            self.listed.emit()
            return
        _, removal, trashed = result
        self.removed.emit(removal)
        again = bool(removal.no_trash) and self.confirm(tr("Delete permanently"), tr(
            "The trash did not take them: this system may have no trash (offscreen sessions "
            "and some containers have none).") + " " + self._delete_question(removal.no_trash))
        self._report_removal(removal, trashed)
        if again:
            self._remove(self._free(removal.no_trash), None)
        else:
            self.refresh()

    def _report_removal(self, removal: Removal, trashed: bool) -> None:
        done = tr("Moved to the trash: {n}") if trashed else tr("Deleted: {n}")
        failures = [tr("Not removed: {message}").format(message=message)
                    for _, message in removal.failed]
        lines = [done.format(n=len(removal.done))]
        if removal.no_trash:
            lines.append(tr("Not moved, no trash: {n}").format(n=len(removal.no_trash)))
        self.last_report = "\n".join(lines + failures)
        self.report.setText(self.last_report)
        if failures:
            self._error_box = QMessageBox(QMessageBox.Icon.Warning,
                                          tr("Some entries were not removed"),
                                          "\n".join(failures), parent=self)
            self._error_box.open()

    def _failed(self, message: str) -> None:
        self.last_report = message
        self.report.setText(message)
        self._set_busy(False)
        self.listed.emit()

    def done(self, result: int) -> None:
        self.worker.shutdown()
        super().done(result)


def _reason(entry: StoredEntry) -> str:
    """The damage without the entry's name or path, which the row shows already."""
    text = entry.problem
    for prefix in (f"run folder {entry.path.name} is damaged: ", f"{entry.path}: ",
                   "the study file is damaged "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text


def _size(size: int) -> str:
    return QLocale().formattedDataSize(size)
