"""Per-optimizer readout: final point, final loss, when it first came within the tolerance of a
minimum (the header names the tolerance), or where it diverged.

Every column but the final point is sized to its contents; the final point takes what is left
(elided, whole in its tooltip), so the Status column is never clipped at the lab's default size.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem

from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.common.i18n import N_, tr
from lab.ui.common.tables import ReadOnlyTable

HEADERS = (N_("Optimizer"), N_("Final point"), N_("Final loss"), N_("Within tol. at"),
           N_("Status"))
POINT, REACHED, STATUS = 1, 3, 4


def readout_rows(result: TrajectoryResult, tolerance: float) -> list[tuple[str, ...]]:
    """The table's text, one tuple per optimizer (Qt-free, so it is easy to test)."""
    first = result.first_within(tolerance)
    final = result.final_points()
    rows = []
    for i, label in enumerate(result.labels):
        k = int(result.diverged_at[i])
        x, y = final[i]
        loss = "—" if k >= 0 else f"{result.losses[i, -1]:.4g}"
        reached = "—" if not result.minima else (
            tr("step {step}").format(step=first[i]) if first[i] >= 0 else tr("never"))
        status = tr("diverged at step {step}").format(step=k) if k >= 0 else tr("ok")
        rows.append((label, f"({x:.4g}, {y:.4g})", loss, reached, status))
    return rows


class ReadoutTable(ReadOnlyTable):
    def __init__(self, parent=None):
        super().__init__([tr(h) for h in HEADERS], stretch_last=False, parent=parent)
        self.horizontalHeader().setSectionResizeMode(POINT, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(40)
        self._tolerance: float | None = None

    def set_result(self, result: TrajectoryResult, colors: list[str], tolerance: float):
        self._show_tolerance(tolerance)
        rows = readout_rows(result, tolerance)
        self.setRowCount(len(rows))
        for r, (row, color) in enumerate(zip(rows, colors, strict=True)):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setForeground(QColor(color))
                if c == POINT:
                    item.setToolTip(text)  # the column may be too narrow for all of it
                if c == STATUS and text != tr("ok"):
                    item.setForeground(QColor("#d62728"))
                self.setItem(r, c, item)

    def _show_tolerance(self, tolerance: float) -> None:
        """The header says which tolerance "within" means (set under Run)."""
        if tolerance == self._tolerance:
            return
        self._tolerance = tolerance
        header = self.horizontalHeaderItem(REACHED)
        header.setText(tr("Within {tolerance} at").format(tolerance=f"{tolerance:g}"))
        header.setToolTip(tr("the first step within distance {tolerance} of a known minimum "
                             "(Minimum tolerance, under Run)").format(tolerance=f"{tolerance:g}"))
