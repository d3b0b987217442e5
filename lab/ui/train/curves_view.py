"""The Curves tab: minibatch loss, accuracy and the learning-rate strip, stacked; a view of the
controller's ``curves_drawn`` / ``curves_dropped`` / ``runs_listed`` signals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from lab.ui.train.training_curves import AccuracyCurves, LossCurves, LrCurves


class CurvesView(QSplitter):
    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.loss = LossCurves()
        self.accuracy = AccuracyCurves()
        self.lr_plot = LrCurves()
        for plot in self.plots():
            self.addWidget(plot)
        self.setChildrenCollapsible(False)
        self.setSizes([380, 300, 160])

    def plots(self):
        return (self.loss, self.accuracy, self.lr_plot)

    def show_runs(self, drawn: list) -> None:
        """Each run's curves from its one snapshot (lab.ui.train.controller.DrawnRun)."""
        for run in drawn:
            for plot in self.plots():
                plot.show_run(run.rows, run.color, run.lr_marks)

    def drop_run(self, name: str) -> None:
        for plot in self.plots():
            plot.remove_run(name)

    def order_runs(self, entries: list) -> None:
        """The legends list the runs in the run table's order."""
        for plot in self.plots():
            plot.order_legend([e.name for e in entries])
