"""The trials as a sortable table: one row per trial (parameters, state, accuracies, epochs).

A QTableView over a small model of the snapshot's rows: resetting the model with 100 rows is a
few milliseconds, and sorting goes through a proxy on the raw values (numbers sort as numbers).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from lab.engine.search.results import accuracy_text
from lab.ui.common.i18n import tr

OUTCOME = ("state", "val_acc", "best_val_acc", "train_acc", "epochs", "duration_s")
SORT_ROLE = Qt.ItemDataRole.UserRole


def column_title(key: str) -> str:
    titles = {"number": tr("Trial"), "state": tr("State"), "val_acc": tr("Val. acc."),
              "best_val_acc": tr("Best val. acc."), "train_acc": tr("Train acc."),
              "epochs": tr("Epochs"), "duration_s": tr("Time (s)")}  # fmt: skip
    return titles.get(key, key)


STATES = ("complete", "pruned", "diverged", "running", "waiting", "failed", "lost",
          "over_budget", "interrupted")


def state_title(state: str) -> str:
    titles = {"complete": tr("complete"), "pruned": tr("pruned"), "diverged": tr("diverged"),
              "running": tr("running"), "waiting": tr("waiting"), "failed": tr("failed"),
              "lost": tr("lost"), "over_budget": tr("over budget"),
              "interrupted": tr("interrupted")}  # fmt: skip
    return titles.get(state, state)


def cell_text(key: str, value) -> str:
    if value is None:
        return ""
    if key == "state":
        return state_title(str(value))
    if isinstance(value, float):
        if key in ("val_acc", "best_val_acc", "train_acc"):
            return accuracy_text(value)  # NaN: "—"
        if key == "duration_s":
            return f"{value:.1f}"
        return f"{value:.3g}"
    return str(value)


class TrialsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns: list[str] = ["number", *OUTCOME]
        self.rows: list[dict] = []

    def set_rows(self, params: tuple[str, ...], rows: tuple[dict, ...]) -> bool:
        """Show ``rows``; True when the columns changed (the model was reset). Trials only
        ever come after the ones shown (trial_rows lists them by number), so an update is a
        dataChanged over the rows shown plus the new rows inserted: no reset, which would
        make the view measure and repaint everything and lose its scroll position."""
        columns = ["number", *params, *OUTCOME]
        old = self.rows
        same = columns == self.columns and len(rows) >= len(old) and all(
            a.get("number") == b.get("number") for a, b in zip(old, rows, strict=False))
        if not same:
            self.beginResetModel()
            self.columns, self.rows = columns, list(rows)
            self.endResetModel()
            return True
        if len(rows) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(rows) - 1)
            self.rows = list(rows)
            self.endInsertRows()
        else:
            self.rows = list(rows)
        if old:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(old) - 1, len(self.columns) - 1))
        return False

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        key = self.columns[index.column()]
        value = self.rows[index.row()].get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(key, value)
        if role == SORT_ROLE:
            if isinstance(value, int | float):
                return float(value)
            return -1e300 if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_title(self.columns[section])
        return None

    def number_at(self, row: int) -> int:
        return int(self.rows[row]["number"])


class TrialsTable(QTableView):
    """Sortable trials; ``trial_clicked(number)`` when the user picks a row."""

    trial_clicked = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.trials = TrialsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.trials)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        # sized to the contents when the columns change, not on every update (measuring every
        # cell of 100 rows on each redraw cost ~130 ms of GUI thread here)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._selected: int | None = None
        self._unsized = True
        self._quiet = False
        self.selectionModel().currentRowChanged.connect(self._row_changed)

    def show_trials(self, snapshot) -> None:
        self._quiet = True
        reset = self.trials.set_rows(snapshot.params, snapshot.rows)
        self._quiet = False
        if reset or self._unsized:
            self.resizeColumnsToContents()
            self._unsized = not snapshot.rows  # sized again once there are values
            # a state changes as the trial runs ("running" -> "complete"): room for the widest
            column = self.trials.columns.index("state")
            widest = max(self.fontMetrics().horizontalAdvance(state_title(s)) for s in STATES)
            self.setColumnWidth(column, max(self.columnWidth(column), widest + 16))
        self.select_trial(self._selected)

    def select_trial(self, number: int | None) -> None:
        """Highlight trial ``number`` (no signal)."""
        self._selected = number
        self._quiet = True
        try:
            self.selectionModel().clearSelection()
            for row, values in enumerate(self.trials.rows):
                if values.get("number") == number:
                    index = self.proxy.mapFromSource(self.trials.index(row, 0))
                    self.selectionModel().setCurrentIndex(
                        index, self.selectionModel().SelectionFlag.ClearAndSelect
                        | self.selectionModel().SelectionFlag.Rows)
                    self.scrollTo(index)
                    break
        finally:
            self._quiet = False

    def click_row(self, row: int) -> None:
        """Select the ``row``-th row as shown (sorted), as a click does."""
        self.selectionModel().setCurrentIndex(
            self.proxy.index(row, 0), self.selectionModel().SelectionFlag.ClearAndSelect
            | self.selectionModel().SelectionFlag.Rows)

    def export_widget(self):
        return self

    def _row_changed(self, current, _previous) -> None:
        if self._quiet or not current.isValid():
            return
        number = self.trials.number_at(self.proxy.mapToSource(current).row())
        self._selected = number
        self.trial_clicked.emit(number)
