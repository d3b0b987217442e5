"""Per-optimizer readout: final point, final loss, when it first reached the minimum, or where
it diverged."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem

from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.common.i18n import N_, tr
from lab.ui.common.tables import ReadOnlyTable

HEADERS = (N_("Optimizer"), N_("Final point"), N_("Final loss"), N_("Within tol. at"),
           N_("Status"))


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
        super().__init__([tr(h) for h in HEADERS], parent=parent)
        self.setToolTip(tr("'Within tol.': first step within the tolerance (distance) of a "
                           "known minimum"))

    def set_result(self, result: TrajectoryResult, colors: list[str], tolerance: float):
        rows = readout_rows(result, tolerance)
        self.setRowCount(len(rows))
        for r, (row, color) in enumerate(zip(rows, colors, strict=True)):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setForeground(QColor(color))
                if c == 4 and text != tr("ok"):
                    item.setForeground(QColor("#d62728"))
                self.setItem(r, c, item)
