"""The theory of the function's quadratic model beside what the optimizers did: the figures
(eigenvalues, κ, GD's stability limit, the best fixed rate and heavy-ball's optimum) and, for
one optimizer with a closed form, the predicted error per eigendirection beside the observed one.

Why here: the map shows *that* SGD zig-zags on x²/20 + y²; the numbers say why (κ = 20), and the
two curves per direction show the zig-zag is exactly |1 − ηλ|ᵗ. The prediction is the quadratic
model's (lab.engine.optimize.theory): exact on a quadratic without noise or clipping, a local
guide elsewhere.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lab.engine.optimize.theory import (
    CLOSED_FORMS,
    TheoryError,
    observed_errors,
    predicted_errors,
)
from lab.ui.common.i18n import tr
from lab.ui.common.log_ticks import keep_log_labels_apart
from lab.ui.common.style import axis_title, legend_outside

DIRECTION_COLORS = ("#1f77b4", "#d62728")  # v₁ (flattest), v₂ (steepest)
FLOOR = 1e-16  # |error| below this is drawn at it (log axis)


def theory_text(theory) -> str:
    """The figures as rich text; None-valued ones (a saddle, a ridge) are said to be absent."""
    if theory is None:
        return tr("No finite curvature here: no quadratic model.")
    where = (tr("at the minimum ({x:.3g}, {y:.3g})") if theory.at_minimum else
             tr("at the start point ({x:.3g}, {y:.3g})")).format(x=theory.point[0],
                                                                  y=theory.point[1])
    kind = tr("a quadratic: these figures hold everywhere") if theory.quadratic else \
        tr("not a quadratic: the local model only")
    lines = [f"<b>{tr('Hessian')}</b> {where} — {kind}",
             tr("eigenvalues λ₁ = {a:.4g}, λ₂ = {b:.4g}").format(a=theory.lam_min,
                                                                  b=theory.lam_max)]
    if theory.stability_limit is not None:
        lines.append(tr("GD is stable for η &lt; 2/λmax = <b>{limit:.4g}</b> (marked on every "
                        "learning-rate slider and on the sweep)").format(
            limit=theory.stability_limit))
    if theory.convex:
        eta, beta, rate = theory.heavy_ball
        lines += [tr("condition number κ = λmax/λmin = <b>{kappa:.4g}</b>").format(
                      kappa=theory.condition),
                  tr("best fixed GD rate η* = 2/(λmin+λmax) = <b>{lr:.4g}</b>, error × "
                     "{rate:.4g} per step").format(lr=theory.best_lr,
                                                   rate=theory.best_contraction),
                  tr("heavy-ball optimum η = <b>{lr:.4g}</b>, β = <b>{beta:.4g}</b>, error × "
                     "{rate:.4g} per step").format(lr=eta, beta=beta, rate=rate)]  # fmt: skip
    else:
        lines.append(tr("not a bowl here (λmin ≤ 0): no condition number or best rate"))
    return "<br>".join(lines)


def closed_form(optimizer) -> bool:
    """The 2×2 model describes this optimizer exactly (no dampening, no weight decay)."""
    params = optimizer.params
    return (optimizer.name in CLOSED_FORMS and not params.get("dampening", 0.0)
            and not params.get("weight_decay", 0.0))


class TheoryView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.optimizer = QComboBox()
        self.optimizer.setToolTip(tr("the optimizer whose error per eigendirection is drawn "
                                     "(SGD, Momentum, Nesterov: those with a closed form)"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("theory-plot")
        self.plot.setBackground("w")
        self.plot.setLogMode(y=True)
        self.plot.setLabel("bottom", tr("step"))
        axis_title(self.plot, "left", tr("|error|"))
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        keep_log_labels_apart(self.plot)
        self.legend = legend_outside(self.plot.getPlotItem())
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Error per eigendirection of")))
        row.addWidget(self.optimizer, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.figures)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.plot, 1)
        self.result = None
        self.theory = None
        self.curves: dict[str, np.ndarray] = {}  # what is drawn: "observed i", "predicted i"
        self.optimizer.currentIndexChanged.connect(self._draw)

    def set_result(self, result, _colors, _f_star, theory) -> None:
        self.result, self.theory = result, theory
        self.figures.setText(theory_text(theory))
        chosen = self.optimizer.currentData()
        self.optimizer.blockSignals(True)
        self.optimizer.clear()
        for i, config in enumerate(result.optimizers):
            if closed_form(config):
                self.optimizer.addItem(result.labels[i], i)
        index = self.optimizer.findData(chosen)
        self.optimizer.setCurrentIndex(max(index, 0))
        self.optimizer.blockSignals(False)
        self._draw()

    def _draw(self) -> None:
        self.plot.clear()
        self.legend.clear()
        self.curves = {}
        i = self.optimizer.currentData()
        if self.theory is None or i is None:
            self.note.setText(tr("Tick SGD, Momentum or Nesterov (no dampening or weight "
                                 "decay) to compare the prediction with the run."))
            return
        config = self.result.optimizers[i]
        path = self.result.paths[i]
        steps = np.arange(path.shape[0])
        observed = observed_errors(self.theory, path)
        try:
            predicted = predicted_errors(self.theory, tuple(path[0]), self.result.lrs[i],
                                         config.name, config.params.get("momentum", 0.0))
        except TheoryError as err:  # pragma: no cover - closed_form() filtered these
            self.note.setText(str(err))
            return
        self.note.setText(tr("Solid: the run, projected on each eigenvector. Dashed: the "
                             "quadratic model's prediction (GD: |1 − ηλᵢ|ᵗ; momentum: the "
                             "2×2 companion matrix). Exact on a quadratic without noise or "
                             "clipping."))
        for d in range(2):
            color, name = DIRECTION_COLORS[d], f"v{'₁₂'[d]}"
            self.curves[f"observed {d}"] = observed[:, d]
            self.curves[f"predicted {d}"] = predicted[:, d]
            self.plot.plot(steps, np.maximum(observed[:, d], FLOOR), connect="finite",
                           pen=pg.mkPen(color, width=2),
                           name=tr("{direction} run").format(direction=name))
            self.plot.plot(steps, np.maximum(predicted[:, d], FLOOR), connect="finite",
                           pen=pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine),
                           name=tr("{direction} predicted").format(direction=name))
