"""Choose a learning-rate schedule, edit its parameters, and see lr(step) in a small preview."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from lab.engine.core.schedules import (
    PARAMS,
    SCHEDULES,
    ScheduleConfig,
    ScheduleError,
    make_schedule,
)
from lab.ui.common.i18n import tr


class ScheduleEditor(QWidget):
    """``changed`` fires when a valid schedule is chosen or edited; bad values show a message."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._config = ScheduleConfig()
        self._steps = 30
        self.combo = QComboBox()
        for spec in SCHEDULES.values():
            self.combo.addItem(tr(spec.title), spec.name)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLineEdit] = {}
        self.error = QLabel()
        self.error.setStyleSheet("color: #d62728;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.preview = pg.PlotWidget()
        self.preview.setObjectName("schedule-preview")
        self.preview.setBackground("w")
        self.preview.setFixedHeight(110)
        self.preview.setMenuEnabled(False)
        self.preview.setMouseEnabled(False, False)
        self.preview.hideButtons()
        self.preview.setLabel("bottom", tr("step"))
        self.preview.setLabel("left", tr("lr / η"))
        self.curve = self.preview.plot(pen=pg.mkPen("#1f77b4", width=2))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.form_host)
        layout.addWidget(self.error)
        layout.addWidget(self.preview)
        self.combo.currentIndexChanged.connect(self._schedule_chosen)
        self._build_fields()
        self._draw()

    def config(self) -> ScheduleConfig:
        return self._config

    def set_steps(self, steps: int) -> None:
        self._steps = steps
        self._draw()

    def load(self, config: ScheduleConfig) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(config.name))
        self.combo.blockSignals(False)
        self._config = config
        self._build_fields()
        self._draw()

    def _schedule_chosen(self) -> None:
        self._config = make_schedule(self.combo.currentData())
        self._build_fields()
        self._draw()
        self.changed.emit()

    def _build_fields(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        spec = SCHEDULES[self._config.name]
        self.combo.setToolTip(f"{tr(spec.formula)}\n(torch: {spec.torch_equivalent})")  # notr
        for key in spec.defaults:
            value = self._config.param(key)
            text = "/".join(f"{v:g}" for v in value) if isinstance(value, tuple) else f"{value:g}"
            field = QLineEdit(text)
            field.setToolTip(tr("0 means: all steps") if key == "T_max" else
                             tr("milestones separated by /") if key == "milestones" else
                             tr(PARAMS[key].help))
            field.editingFinished.connect(self._fields_edited)
            self.fields[key] = field
            self.form.addRow(key, field)  # notr: torch's parameter names
        self.error.hide()

    def _fields_edited(self) -> None:
        params = {}
        try:
            for key, field in self.fields.items():
                values = tuple(float(v) for v in field.text().replace(";", "/").split("/"))
                params[key] = values if key == "milestones" else values[0]
            config = make_schedule(self._config.name, **params)
        except (ValueError, ScheduleError) as err:
            message = str(err) if isinstance(err, ScheduleError) else tr("numbers only, please")
            self.error.setText(message)
            self.error.show()
            return
        self.error.hide()
        if config != self._config:
            self._config = config
            self._draw()
            self.changed.emit()

    def _draw(self) -> None:
        curve = self._config.factor_curve(max(self._steps, 1))
        self.curve.setData(np.arange(len(curve)), curve)
