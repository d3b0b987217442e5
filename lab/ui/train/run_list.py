"""The training runs: colour, name, status, progress with ETA; one row per run."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QProgressBar, QTableWidgetItem

from lab.ui.common.tables import ReadOnlyTable

HEADERS = ("", "Run", "Status", "Progress")


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d} left" if seconds >= 60 else f"{seconds} s left"


class RunList(ReadOnlyTable):
    def __init__(self, parent=None):
        super().__init__(HEADERS, parent=parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def names(self) -> list[str]:
        return [self.item(r, 1).text() for r in range(self.rowCount())]

    def _row(self, name: str) -> int:
        return self.names().index(name)

    def add_run(self, name: str, color: str) -> None:
        r = self.rowCount()
        self.insertRow(r)
        swatch = QTableWidgetItem("●")
        swatch.setForeground(QColor(color))
        swatch.setToolTip("double-click to change the colour")
        self.setItem(r, 0, swatch)
        self.setItem(r, 1, QTableWidgetItem(name))
        self.setItem(r, 2, QTableWidgetItem("queued"))
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setFormat("")
        self.setCellWidget(r, 3, bar)

    def remove_run(self, name: str) -> None:
        self.removeRow(self._row(name))

    def set_color(self, name: str, color: str) -> None:
        self.item(self._row(name), 0).setForeground(QColor(color))

    def set_status(self, name: str, status: str) -> None:
        item = self.item(self._row(name), 2)
        item.setText(status)
        item.setForeground(QColor("#d62728" if status.startswith(("diverged", "failed"))
                                  else "#222"))  # fmt: skip

    def status(self, name: str) -> str:
        return self.item(self._row(name), 2).text()

    def set_progress(self, name: str, fraction: float, eta_s: float | None) -> None:
        bar = self.cellWidget(self._row(name), 3)
        bar.setValue(int(fraction * 1000))
        bar.setFormat(f"{fraction:.0%}  {format_eta(eta_s)}".strip())

    def selected(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.item(rows[0].row(), 1).text() if rows else None

    def select(self, name: str) -> None:
        self.selectRow(self._row(name))
