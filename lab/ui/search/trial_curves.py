"""The selected trial: its curves (train and validation accuracy per epoch) beside the trials
table, and Train this configuration (a trial picked in any view shows here)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title
from lab.ui.search.trials_table import state_title


class TrialCurvesPlot(pg.PlotWidget):
    """The selected trial's train (dashed) and validation accuracy per epoch."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setLabel("bottom", tr("epoch"))
        axis_title(self, "left", tr("accuracy"))
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


class ChosenTrial(QWidget):
    """The selected trial's curves, and the button that hands it to the training lab."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = TrialCurvesPlot()
        self.train_button = QPushButton(tr("Train this configuration"))
        self.train_button.setToolTip(tr("add the selected trial to the training lab as a new "
                                        "run"))
        self.train_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.train_button)
        layout.addLayout(row)

    def show_trial(self, number: int | None, snapshot, trainable: bool) -> None:
        """Trial ``number``'s curves (None: none); the button only for a trial that can be
        trained (one of the open study's)."""
        self.plot.show_trial(number, snapshot)
        self.train_button.setEnabled(trainable)


def _fmt(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)
