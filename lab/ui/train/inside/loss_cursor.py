"""The iteration cursor on the loss curves: a line the user drags (or a click that moves it)
sets the iteration every Inside view shows, and follows the cursor when it moves elsewhere.

Shown only while some run has measurements: on a lab without them, a line on the loss plot
would mean nothing."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt

from lab.ui.common.i18n import tr
from lab.ui.train.inside.common import CURSOR


class LossCursor(QObject):
    def __init__(self, plot: pg.PlotWidget, inside, parent: QObject | None = None):
        super().__init__(parent)
        self.plot, self.inside = plot, inside
        self.line = pg.InfiniteLine(0, angle=90, movable=True,
                                    pen=pg.mkPen(CURSOR, width=2, style=Qt.PenStyle.DashLine),
                                    hoverPen=pg.mkPen(CURSOR, width=4))  # fmt: skip
        self.line.setToolTip(
            tr("Drag (or click the plot) to choose the iteration the Inside tab shows")
        )
        self.line.setZValue(30)
        self.line.setVisible(False)
        plot.addItem(self.line, ignoreBounds=True)
        self.line.sigPositionChanged.connect(self._dragged)
        plot.scene().sigMouseClicked.connect(self._clicked)
        inside.cursor_moved.connect(self._moved)
        inside.measured.connect(
            lambda _names: self.line.setVisible(bool(self.inside.measured_runs()))
        )

    def _dragged(self, line) -> None:
        self.inside.set_iteration(round(line.value()))

    def _clicked(self, event) -> None:
        """A left click inside the data area moves the cursor there."""
        if not self.line.isVisible() or event.button() != Qt.MouseButton.LeftButton:
            return
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        self.inside.set_iteration(round(box.mapSceneToView(event.scenePos()).x()))

    def _moved(self, iteration: int) -> None:
        if round(self.line.value()) != iteration:
            self.line.blockSignals(True)
            self.line.setValue(iteration)
            self.line.blockSignals(False)
