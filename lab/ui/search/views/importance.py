"""Parameter importance as horizontal bars (``optuna.importance``: fANOVA, or PED-ANOVA where
scikit-learn is missing): how much of the variation in validation accuracy each parameter
explains. It says where to spend the next search's budget; it needs a few complete trials."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lab.ui.common.i18n import tr
from lab.ui.common.theme import plot_colors
from lab.ui.search.views.common import TrialView, label
from lab.ui.search.views.snapshot import MIN_IMPORTANCE_TRIALS

BAR = "#1f77b4"


class ImportanceView(TrialView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = pg.GraphicsLayoutWidget()
        self.plot = self.canvas.addPlot()
        self.plot.setLabel("bottom", tr("importance"))
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.getAxis("left").setStyle(tickLength=0)
        self.bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=BAR, pen=None)
        self.plot.addItem(self.bars)
        self.values: list[pg.TextItem] = []
        self.message = pg.TextItem(color=plot_colors().foreground, anchor=(0.5, 0.5))
        self.plot.addItem(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.names: list[str] = []
        self._key = None

    def show_trials(self, snapshot) -> None:
        found = snapshot.importance
        key = (tuple(sorted(found.items())) if found else None, snapshot.importance_method)
        if key == self._key:
            return  # importance changes only when optuna recomputed it: nothing to redraw
        self._key = key
        if not found:
            self.names = []
            self.bars.setOpts(x0=[], y=[], width=[])
            self._value_labels([])
            self.message.setText(tr("needs >= {n} complete trials and 2 parameters")
                                 .format(n=MIN_IMPORTANCE_TRIALS))  # fmt: skip
            self.message.setPos(0.5, 0.5)
            self.message.show()
            self.plot.getAxis("left").setTicks([[]])
            self.plot.setXRange(0, 1)
            self.plot.setYRange(0, 1)
            self.plot.setTitle(tr("parameter importance"))
            return
        self.message.hide()
        # the most important on top: bar k at y = count - 1 - k
        self.names = sorted(found, key=lambda k: -found[k])
        widths = np.array([found[k] for k in self.names], float)
        ys = np.arange(len(self.names))[::-1].astype(float)
        self.bars.setOpts(x0=np.zeros(len(ys)), y=ys, width=widths, height=0.6)
        self.plot.getAxis("left").setTicks([[(y, label(k)) for y, k in zip(ys, self.names,
                                                                           strict=True)]])
        self._value_labels([(w, y, f"{w:.2f}") for w, y in zip(widths, ys, strict=True)])
        self.plot.setXRange(0, max(1e-9, float(widths.max())) * 1.15, padding=0)
        self.plot.setYRange(-0.6, len(ys) - 0.4, padding=0)
        method = snapshot.importance_method or "optuna"
        self.plot.setTitle(tr("parameter importance ({method})").format(method=method))

    def _value_labels(self, spec: list) -> None:
        while len(self.values) < len(spec):
            item = pg.TextItem(color=plot_colors().foreground, anchor=(0, 0.5))
            self.plot.addItem(item)
            self.values.append(item)
        for item, (x, y, text) in zip(self.values, spec, strict=False):
            item.setText(text)
            item.setPos(x, y)
            item.show()
        for item in self.values[len(spec):]:
            item.hide()

    def select_trial(self, number: int | None) -> None:
        """Importance is about parameters, not trials: nothing to highlight."""

    def export_widget(self) -> QWidget:
        return self.canvas
