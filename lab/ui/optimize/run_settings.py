"""Number of steps, gradient noise (scale and seed) and gradient clipping."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from lab.engine.optimize.trajectories import MAX_STEPS
from lab.ui.common.i18n import tr


class RunSettings(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.steps = QSpinBox()
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(30)
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 100.0)
        self.noise.setDecimals(3)
        self.noise.setSingleStep(0.05)
        self.noise.setToolTip(tr("std of Gaussian noise added to each gradient component: what "
                                 "minibatch sampling does to the gradient"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip(tr("the same seed gives the same noise (shared by all optimizers)"))
        self.clip = QDoubleSpinBox()
        self.clip.setRange(0.0, 1e4)
        self.clip.setDecimals(3)
        self.clip.setSpecialValueText(tr("off"))
        self.clip.setToolTip(tr("clip the gradient's norm to this value (0: off)"))
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(1e-6, 10.0)
        self.tolerance.setDecimals(4)
        self.tolerance.setValue(0.01)
        self.tolerance.setToolTip(tr("a run 'reaches' a minimum at the first step this close to "
                                     "it"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Steps"), self.steps)
        form.addRow(tr("Gradient noise σ"), self.noise)
        form.addRow(tr("Noise seed"), self.seed)
        form.addRow(tr("Clip gradient norm"), self.clip)
        form.addRow(tr("Minimum tolerance"), self.tolerance)
        for box in (self.steps, self.noise, self.seed, self.clip, self.tolerance):
            box.valueChanged.connect(self.changed)
            box.setKeyboardTracking(False)
