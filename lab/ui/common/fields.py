"""Small input widgets: a number field that takes 1e-8 as readily as 0.9, and a log slider."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSlider, QWidget

from lab.ui.common.i18n import tr

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
           "#17becf", "#bcbd22", "#7f7f7f", "#393b79")  # fmt: skip


def format_number(value: float) -> str:
    return f"{value:.4g}"


class NumberField(QLineEdit):
    """A float field: Enter or focus-out commits; bad text turns red and keeps the last value."""

    committed = Signal(float)

    def __init__(self, value: float, low: float = -math.inf, high: float = math.inf,
                 parent: QWidget | None = None):
        super().__init__(format_number(value), parent)
        self._value, self._low, self._high = float(value), low, high
        self.setMaximumWidth(80)
        self.editingFinished.connect(self._commit)

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        self._value = float(value)
        self.setText(format_number(value))
        self.setStyleSheet("")

    def _commit(self) -> None:
        try:
            value = float(self.text())
            if not (math.isfinite(value) and self._low <= value <= self._high):
                raise ValueError
        except ValueError:
            self.setStyleSheet("QLineEdit { border: 1px solid #d62728; }")
            self.setToolTip(tr("a number from {low} to {high}").format(low=f"{self._low:g}",
                                                                        high=f"{self._high:g}"))
            return
        self.setStyleSheet("")
        if value != self._value:
            self._value = value
            self.committed.emit(value)


class LogSlider(QWidget):
    """A slider on a log scale with an editable value beside it."""

    valueChanged = Signal(float)
    TICKS = 1000

    def __init__(self, value: float, low: float = 1e-4, high: float = 10.0,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._low, self._high = math.log10(low), math.log10(high)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.TICKS)
        self.slider.setMinimumWidth(90)
        self.field = NumberField(value, low, high)
        self.field.setMaximumWidth(64)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.field)
        self._value = float(value)
        self._sync_slider()
        self.slider.valueChanged.connect(self._from_slider)
        self.field.committed.connect(self.set_value)

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        value = min(max(float(value), 10**self._low), 10**self._high)
        if value == self._value:
            return
        self._value = value
        self.field.set_value(value)
        self._sync_slider()
        self.valueChanged.emit(value)

    def _sync_slider(self) -> None:
        position = (math.log10(self._value) - self._low) / (self._high - self._low)
        self.slider.blockSignals(True)
        self.slider.setValue(round(position * self.TICKS))
        self.slider.blockSignals(False)

    def _from_slider(self, tick: int) -> None:
        exponent = self._low + (self._high - self._low) * tick / self.TICKS
        value = float(f"{10**exponent:.3g}")  # round to what the field shows
        self._value = value
        self.field.set_value(value)
        self.valueChanged.emit(value)
