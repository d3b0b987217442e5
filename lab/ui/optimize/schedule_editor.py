"""Choose a learning-rate schedule, edit its parameters, and see lr(step) in a small preview.

The choice and its fields are the run editor's (lab.ui.common.config_form.SpecEditor): each
parameter is checked by its declaration (lab.engine.core.schedules.PARAMS), a bad one is red
with its problem, and the editor then has no schedule (the lab computes nothing) until it is
corrected. A valid schedule whose later part the run never reaches (a warm-up as long as the run
has no cosine) says so above the preview, rather than silently drawing a ramp."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lab.engine.core.schedules import ScheduleConfig, parse_schedule
from lab.ui.common.config_form import SPEC_CHOICES, SpecEditor
from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title


def unreached(config: ScheduleConfig, steps: int) -> str:
    """What of ``config`` a run of ``steps`` updates (t = 0 … steps − 1) never reaches, or ""."""
    name = config.name
    if name == "warmup_cosine" and int(config.param("warmup")) >= steps:
        return tr("The warm-up ({warmup} updates) lasts the whole run of {steps}: the cosine "
                  "never starts. Lower warmup or add steps.").format(
            warmup=int(config.param("warmup")), steps=steps)
    if name == "step" and int(config.param("step_size")) >= steps:
        return tr("step_size ({size}) ≥ {steps} steps: the rate never decays.").format(
            size=int(config.param("step_size")), steps=steps)
    if name == "multistep" and min(config.param("milestones")) >= steps:
        return tr("Every milestone is at or after step {steps}: the rate never decays.").format(
            steps=steps)
    return ""


class ScheduleEditor(QWidget):
    """``changed`` fires when a schedule is chosen or a parameter committed (valid or not);
    :meth:`build` says which."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._steps = 30
        self.editor = SpecEditor(SPEC_CHOICES[parse_schedule], ScheduleConfig(), live=False)
        self.editor.changed.connect(self._edited)
        self.error = QLabel()
        self.error.setStyleSheet("color: #d62728;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unreached = QLabel()  # valid, but part of it lies beyond the run
        self.unreached.setObjectName("schedule-unreached")
        self.unreached.setWordWrap(True)
        self.unreached.hide()
        self.preview = pg.PlotWidget()
        self.preview.setObjectName("schedule-preview")
        self.preview.setBackground("w")
        self.preview.setFixedHeight(110)
        self.preview.setMenuEnabled(False)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        self.preview.setLabel("bottom", tr("step"))
        axis_title(self.preview, "left", tr("lr / η"))
        self.curve = self.preview.plot(pen=pg.mkPen("#1f77b4", width=2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addWidget(self.error)
        layout.addWidget(self.unreached)  # beside the fields that cause it, above the preview
        layout.addWidget(self.preview)
        self._draw()

    @property
    def combo(self):
        return self.editor.combo

    @property
    def fields(self) -> dict[str, QWidget]:
        return self.editor.fields

    def build(self) -> tuple[ScheduleConfig | None, list[str]]:
        """(the schedule, []) or (None, every problem), bad fields marked red."""
        return self.editor.build()

    def plain(self) -> str:
        """The schedule as ``name:key=value`` text, as typed (saved settings)."""
        return self.editor.plain()

    def set_steps(self, steps: int) -> None:
        self._steps = steps
        self._draw()

    def load(self, config: ScheduleConfig) -> None:
        """Show ``config`` (no ``changed``)."""
        self.editor.load(config)
        self._draw()

    def _edited(self) -> None:
        self._draw()
        self.changed.emit()

    def _draw(self) -> None:
        config, problems = self.build()
        self.error.setText("\n".join(problems))
        self.error.setVisible(bool(problems))
        lost = "" if config is None else unreached(config, max(self._steps, 1))
        self.unreached.setText(f"⚠ {lost}")
        self.unreached.setVisible(bool(lost))
        if config is None:  # nothing drawn for a schedule that is not one
            self.curve.setData([], [])
            return
        curve = config.factor_curve(max(self._steps, 1))
        self.curve.setData(np.arange(len(curve)), curve)
