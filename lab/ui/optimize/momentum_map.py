"""The (η, β) map: steps to the tolerance of one optimizer over log learning rate × momentum
(β₁ for the Adam family), computed in a worker (lab.engine.optimize.sweep2d via the controller).

Why this view: with momentum the best rate depends on β and vice versa (Goh, "Why Momentum
Really Works", Distill 2017). Over the heat map: divergent cells in dark grey, cells that never
reached the tolerance in light grey, the critical-damping curves β = (1 − √(ηλ))² of both
eigendirections (above a curve that direction oscillates), heavy-ball's theoretical optimum
(a star; Momentum and Nesterov) and the fastest cell found (a diamond). A click sets the
optimizer's (η, β).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lab.engine.core.fields import ConfigError
from lab.engine.optimize.sweep2d import second_axis
from lab.ui.common.i18n import tr
from lab.ui.optimize.sweep_plot import decade_label

STEPS_MAP = pg.colormap.get("viridis")
DIVERGED = (68, 68, 68, 255)
NEVER = (221, 221, 221, 255)
CURVE_COLORS = ("#ff7f0e", "#e377c2")  # critical damping of λmin, λmax


def map_rgba(steps: np.ndarray, diverged: np.ndarray) -> np.ndarray:
    """(rows, columns, 4) uint8: log steps in viridis (fast: dark), grey where never, dark
    grey where diverged."""
    rgba = np.empty((*steps.shape, 4), dtype=np.uint8)
    reached = steps >= 0
    if reached.any():
        logs = np.log10(np.maximum(steps, 1)).astype(float)
        low, high = logs[reached].min(), logs[reached].max()
        scaled = (logs - low) / max(high - low, 1e-9)
        rgba[:] = STEPS_MAP.map(np.clip(scaled, 0, 1), mode="byte").reshape(*steps.shape, 4)
    rgba[~reached] = NEVER
    rgba[diverged >= 0] = DIVERGED
    return rgba


class MomentumMap(QWidget):
    run_requested = Signal(str)  # the optimizer's name
    picked = Signal(str, float, str, float)  # name, lr, "momentum" | "beta1", value

    def __init__(self, parent=None):
        super().__init__(parent)
        self.optimizer = QComboBox()
        self.optimizer.setToolTip(tr("a ticked optimizer with momentum or β₁"))
        self.run = QPushButton(tr("Run map"))
        self.run.setToolTip(tr("steps to the tolerance at 60 learning rates × 50 momenta, "
                               "in one batched computation"))
        self.status = QLabel(tr("Choose an optimizer and click “Run map”; then click a cell "
                                "to use its (η, β)."))
        self.status.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("momentum-map")
        self.plot.setBackground("w")
        self.plot.setLabel("bottom", tr("learning rate η"))
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.curves = [self.plot.plot(pen=pg.mkPen(c, width=2)) for c in CURVE_COLORS]
        self.optimum = pg.ScatterPlotItem(symbol="star", size=18, brush="#ffd700",
                                          pen=pg.mkPen("#000", width=1))
        self.best = pg.ScatterPlotItem(symbol="d", size=12, brush="#ffffff",
                                       pen=pg.mkPen("#000", width=1.5))
        self.current = pg.ScatterPlotItem(symbol="+", size=18, pen=pg.mkPen("#000", width=2.5),
                                          brush="#000")
        for item in (self.optimum, self.best, self.current):
            item.setZValue(10)
            self.plot.addItem(item)
        top = QHBoxLayout()
        top.addWidget(self.optimizer, 1)
        top.addWidget(self.run)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)
        self.result = None
        self.run.clicked.connect(self._run_clicked)
        self.plot.scene().sigMouseClicked.connect(self._clicked)

    def set_optimizers(self, optimizers) -> None:
        """The ticked optimizers that have a second axis; each one's (η, β) marked when mapped."""
        chosen = self.optimizer.currentData()
        self._configs = {}
        self.optimizer.blockSignals(True)
        self.optimizer.clear()
        for config in optimizers:
            try:
                second_axis(config)
            except ConfigError:
                continue
            self._configs[config.name] = config
            self.optimizer.addItem(tr(config.spec.title), config.name)
        self.optimizer.setCurrentIndex(max(self.optimizer.findData(chosen), 0))
        self.optimizer.blockSignals(False)
        self.run.setEnabled(bool(self._configs))
        self._mark_current()

    def set_running(self, running: bool) -> None:
        self.run.setEnabled(not running)
        if running:
            self.status.setText(tr("Mapping in the background…"))

    def show_failure(self, message: str) -> None:
        self.run.setEnabled(True)
        self.status.setText(message)

    def set_result(self, result, theory, _color: str) -> None:
        self.result = result
        self.set_running(False)
        x = np.log10(result.lrs)
        dx, dy = np.diff(x).mean(), np.diff(result.values).mean()
        self.image.setImage(map_rgba(result.steps_to_tolerance, result.diverged_at),
                            autoLevels=False)  # fmt: skip
        self.image.setRect(QRectF(x[0] - dx / 2, result.values[0] - dy / 2,
                                  x[-1] - x[0] + dx, result.values[-1] - result.values[0] + dy))
        self.plot.setLabel("left", "β" if result.parameter == "momentum" else "β₁")
        decades = range(int(np.ceil(x[0] - 1e-9)), int(np.floor(x[-1] + 1e-9)) + 1)
        self.plot.getAxis("bottom").setTicks([[(e, decade_label(e)) for e in decades], []])
        self.plot.setRange(xRange=(x[0] - dx / 2, x[-1] + dx / 2),
                           yRange=(result.values[0] - dy / 2, result.values[-1] + dy / 2),
                           padding=0)
        self._draw_theory(theory, result)
        best = result.best()
        self.best.setData(pos=[] if best is None else [(np.log10(best[0]), best[1])])
        diverged = int(np.sum(result.diverged_at >= 0))
        found = tr("fastest: η = {lr:.3g}, {name} = {value:.3g} in {steps} steps").format(
            lr=best[0], name=result.parameter, value=best[1], steps=best[2]) if best else \
            tr("no cell reached the tolerance {tolerance:g}").format(tolerance=result.tolerance)
        self.status.setText(tr("{optimizer}: {found} (◆); {diverged} of {cells} cells diverged "
                               "(dark grey); light grey: never within the tolerance. ★ "
                               "heavy-ball's optimum; orange, pink: critical damping of λmin, "
                               "λmax; +: the rate in use. Click a cell to use it.").format(
            optimizer=result.optimizer, found=found, diverged=diverged,
            cells=result.diverged_at.size))
        self._mark_current()

    def _draw_theory(self, theory, result) -> None:
        """Critical damping per eigendirection; heavy-ball's optimum (momentum only)."""
        lrs = np.geomspace(result.lrs[0], result.lrs[-1], 400)
        shown = theory is not None and result.parameter == "momentum"
        for curve, eigenvalue in zip(self.curves, theory.eigenvalues if shown else (0, 0),
                                     strict=True):  # fmt: skip
            if not shown or eigenvalue <= 0:
                curve.setData([], [])
                continue
            beta = theory.critical_momentum(lrs, float(eigenvalue))
            inside = (lrs * eigenvalue <= 1) & (beta <= result.values[-1])
            curve.setData(np.log10(lrs[inside]), beta[inside])
        heavy = theory.heavy_ball if shown else None
        self.optimum.setData(pos=[] if heavy is None else [(np.log10(heavy[0]), heavy[1])])

    def _mark_current(self) -> None:
        config = getattr(self, "_configs", {}).get(self.optimizer.currentData())
        if self.result is None or config is None or config.name != self.result.optimizer:
            self.current.setData(pos=[])
            return
        value = config.params.get(self.result.parameter, 0.0)
        self.current.setData(pos=[(np.log10(config.lr), value)])

    def _run_clicked(self) -> None:
        name = self.optimizer.currentData()
        if name is not None:
            self.run_requested.emit(name)

    def _clicked(self, event) -> None:
        if self.result is None or event.button() != Qt.MouseButton.LeftButton:
            return
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = box.mapSceneToView(event.scenePos())
        self.pick(10 ** point.x(), point.y())

    def pick(self, lr: float, value: float) -> None:
        """Use (lr, value) for the mapped optimizer: the nearest cell of the map."""
        result = self.result
        column = int(np.argmin(np.abs(np.log10(result.lrs) - np.log10(max(lr, 1e-300)))))
        row = int(np.argmin(np.abs(result.values - value)))
        self.picked.emit(result.optimizer, float(f"{result.lrs[column]:.3g}"),
                         result.parameter, float(f"{result.values[row]:.3g}"))
