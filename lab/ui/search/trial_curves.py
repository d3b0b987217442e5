"""The selected trial's curves: train and validation accuracy per epoch, beside the trials
table (a trial picked in any view shows here)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from lab.ui.common.i18n import tr
from lab.ui.search.trials_table import state_title


class TrialCurvesPlot(pg.PlotWidget):
    """The selected trial's train (dashed) and validation accuracy per epoch."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setLabel("bottom", tr("epoch"))
        self.setLabel("left", tr("accuracy"))
        self.setYRange(0, 1, padding=0.02)
        self.showGrid(x=True, y=True, alpha=0.2)
        self.addLegend(offset=(-10, -10))  # bottom right: curves rise to the top
        self.setTitle(tr("Click a trial to see its curves"))

    def show_trial(self, number: int | None, snapshot) -> None:
        self.clear()
        curves = snapshot.curves.get(number) if snapshot is not None and number is not None \
            else None  # fmt: skip
        if curves is None:
            self.setTitle(tr("Click a trial to see its curves"))
            return
        epochs = np.arange(1, len(curves.val_acc) + 1)
        self.plot(epochs, np.asarray(curves.train_acc, dtype=float), name=tr("train"),
                  pen=pg.mkPen("#1f77b4", width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.plot(epochs, np.asarray(curves.val_acc, dtype=float), name=tr("validation"),
                  pen=pg.mkPen("#d62728", width=2))
        row = snapshot.row(number) if hasattr(snapshot, "row") else None
        params = ", ".join(f"{k} {_fmt(curves.params.get(k))}" for k in snapshot.params
                           if k in curves.params)  # fmt: skip
        state = state_title(row["state"]) if row else ""
        self.setTitle(tr("Trial {number} ({state})<br>{params}").format(
            number=number, state=state, params=params), size="9pt")


def _fmt(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)
