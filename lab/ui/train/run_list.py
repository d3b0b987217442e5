"""The run table: a view of the runs model, one row per run (colour, name, status, progress).

The ETA sits in the status text, not on the progress bar: a bar's text is clipped at its edge
once the bar fills, and an ended run shows no ETA at all. The name column takes what room is
left and elides a long name in the middle ("handover-…-trial-10", the whole name in its tooltip),
so Status keeps the width of its text and Progress its fixed width.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QProgressBar, QTableWidgetItem

from lab.engine.train.records import RunStatus
from lab.engine.train.runs import RunEntry
from lab.ui.common.i18n import N_, tr
from lab.ui.common.tables import ReadOnlyTable

PROGRESS_WIDTH = 90
HEADERS = ("", N_("Run"), N_("Status"), N_("Progress"))
# the run statuses as the table shows them (RunStatus values, translated)
STATUS_TEXT = {RunStatus.QUEUED: N_("queued"), RunStatus.RUNNING: N_("running"),
               RunStatus.PAUSED: N_("paused"), RunStatus.FINISHED: N_("finished"),
               RunStatus.STOPPED: N_("stopped"), RunStatus.DIVERGED: N_("diverged"),
               RunStatus.FAILED: N_("failed")}  # fmt: skip


def status_text(entry: RunEntry) -> str:
    """``entry.label()`` in the interface language."""
    if entry.status is RunStatus.RUNNING and entry.history.n == 0:
        return tr("starting")
    if entry.status is RunStatus.DIVERGED:
        label = entry.label()
        return tr("diverged at iteration {n}").format(n=label.rsplit(" ", 1)[-1])
    if entry.status is RunStatus.FAILED:
        return tr("failed: {message}").format(message=entry.message)
    return tr(STATUS_TEXT[entry.status])


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    return (tr("{minutes}:{seconds} left").format(minutes=seconds // 60,
                                                  seconds=f"{seconds % 60:02d}")
            if seconds >= 60 else tr("{seconds} s left").format(seconds=seconds))


class RunList(ReadOnlyTable):
    def __init__(self, parent=None):
        super().__init__([tr(h) if h else h for h in HEADERS], parent=parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(3, PROGRESS_WIDTH)

    def names(self) -> list[str]:
        return [self.item(r, 1).text() for r in range(self.rowCount())]

    def _row(self, name: str) -> int:
        return self.names().index(name)

    def show_runs(self, entries: list[RunEntry]) -> None:
        """Rebuild the rows from the model (keeping the selection by name, silently: the
        selection did not change)."""
        selected = self.selected()
        blocked = self.blockSignals(True)
        self.setRowCount(0)
        for entry in entries:
            r = self.rowCount()
            self.insertRow(r)
            swatch = QTableWidgetItem("●")
            swatch.setToolTip(tr("double-click to change the colour"))
            self.setItem(r, 0, swatch)
            name = QTableWidgetItem(entry.name)
            name.setToolTip(entry.name)  # the whole name, however the column elides it
            self.setItem(r, 1, name)
            self.setItem(r, 2, QTableWidgetItem())
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setFormat("%p%")  # notr
            self.setCellWidget(r, 3, bar)
            self.show_entry(entry)
        if selected in self.names():
            self.select(selected)
        self.blockSignals(blocked)

    def show_entry(self, entry: RunEntry) -> None:
        """Refresh one row: colour, status (with the ETA while it trains), progress."""
        r = self._row(entry.name)
        self.item(r, 0).setForeground(QColor(entry.color))
        eta = format_eta(entry.eta_s())
        item = self.item(r, 2)
        text = status_text(entry)
        item.setText(f"{text} · {eta}" if eta else text)
        item.setToolTip(entry.message or text)
        bad = entry.status in (RunStatus.DIVERGED, RunStatus.FAILED)
        # no colour of its own unless bad: the table's text colour, which follows the theme
        item.setData(Qt.ItemDataRole.ForegroundRole, QColor("#d62728") if bad else None)
        done = 1.0 if entry.status is RunStatus.FINISHED else entry.history.snapshot().progress()
        self.cellWidget(r, 3).setValue(int(done * 1000))

    def status(self, name: str) -> str:
        """The status text shown (without the ETA)."""
        return self.item(self._row(name), 2).text().split(" · ")[0]

    def selected(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.item(rows[0].row(), 1).text() if rows else None

    def select(self, name: str) -> None:
        self.selectRow(self._row(name))
