"""Small input widgets: a number field that takes 1e-8 as readily as 0.9, and a log slider.

A field is checked by its declaration (lab.engine.core.fields), the same one files, sessions
and the CLI go through: bad text turns it red with the declaration's message as its tooltip,
and the field then holds *no* value until it is corrected, never a clamped or remembered one
(its owner sees ``problem`` and computes nothing).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

from lab.engine.core import fields as F

PROBLEM_STYLE = "QLineEdit { border: 1px solid #d62728; }"


def format_number(value) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(format_number(v) for v in value)
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def mark_problem(widget: QWidget, problem: str) -> None:
    """A red frame, or the normal look when ``problem`` is ''."""
    widget.setStyleSheet(PROBLEM_STYLE if problem else "")


class NumberField(QLineEdit):
    """A number (or list of numbers) field: Enter or focus-out commits. ``decl`` (default: any
    finite number in [low, high]) checks the text; a problem turns the field red with the
    message first in its tooltip, emits ``rejected`` and leaves ``value()`` None."""

    committed = Signal(object)  # a new valid value
    rejected = Signal(str)  # the problem of the text just committed

    def __init__(self, value, low: float | None = None, high: float | None = None,
                 parent: QWidget | None = None, *, decl: F.Decl | None = None,
                 key: str = "value", shown: Callable[[object], str] = format_number):
        super().__init__(parent)
        self.decl = decl or F.Decl("float", low=_finite(low), high=_finite(high))
        self.key, self._shown_as = key, shown
        self.problem = ""
        self._help = ""
        self.setMaximumWidth(80)
        self.set_value(value)
        self.editingFinished.connect(self._commit)

    def value(self):
        """The field's value; None while its text has a problem."""
        return None if self.problem else self._value

    def set_value(self, value) -> None:
        self._value, self._shown = value, self._shown_as(value)
        self.setText(self._shown)
        self._show_problem("")

    def plain(self):
        """The text as plain data, as typed (exactly the value set, while it is unedited)."""
        return self._value if self.text() == self._shown else F.from_text(self.decl, self.text())

    def read(self) -> tuple[object, list[str]]:
        """(value, problems) of the text now, by the declaration; marks the field."""
        value, problems = F.check(self.decl, self.key, self.plain())
        self._show_problem("; ".join(problems))
        if not problems:
            self._value = value
        return (None, problems) if problems else (value, [])

    def setToolTip(self, text: str) -> None:  # noqa: N802 - Qt's name; the problem goes first
        self._help = text
        super().setToolTip("\n".join(filter(None, (self.problem, text))))

    def _show_problem(self, problem: str) -> None:
        self.problem = problem
        mark_problem(self, problem)
        self.setToolTip(self._help)

    def _commit(self) -> None:
        before, had_problem = self._value, bool(self.problem)
        value, problems = self.read()
        if problems:
            self.rejected.emit(self.problem)
        elif had_problem or value != before:
            self.committed.emit(value)


def _finite(bound: float | None) -> float | None:
    return bound if bound is not None and math.isfinite(bound) else None


class MarkedSlider(QSlider):
    """A slider that can draw one red tick across its groove at ``mark`` (0–1 along it)."""

    mark: float | None = None

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.mark is None:
            return
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)
        span = self.width() - handle.width()
        x = round(handle.width() / 2 + self.mark * span)
        painter = QPainter(self)
        painter.setPen(QPen(QColor("#d62728"), 2))
        painter.drawLine(x, 1, x, self.height() - 2)
        painter.end()


class LogSlider(QWidget):
    """A slider on a log scale with an editable value beside it. The slider shows [low, high];
    the field takes whatever its declaration takes (a value beyond the slider pins it at the
    end, it is not clamped)."""

    valueChanged = Signal(float)
    TICKS = 1000

    def __init__(self, value: float, low: float = 1e-4, high: float = 10.0,
                 parent: QWidget | None = None, *, decl: F.Decl | None = None,
                 key: str = "value"):  # fmt: skip
        super().__init__(parent)
        self._low, self._high = math.log10(low), math.log10(high)
        self.slider = MarkedSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self.TICKS)
        self.slider.setMinimumWidth(90)
        self.field = NumberField(value, decl=decl or F.Decl("float", low=0.0, low_open=True),
                                 key=key)  # fmt: skip
        self.field.setMaximumWidth(64)
        self.rejected = self.field.rejected
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.field)
        self._value = float(value)
        self._sync_slider()
        self.slider.valueChanged.connect(self._from_slider)
        self.field.committed.connect(self.set_value)

    def value(self) -> float | None:
        """The value; None while the typed text has a problem."""
        return None if self.field.problem else self._value

    def set_value(self, value: float) -> None:
        value = float(value)
        if value == self._value and not self.field.problem and value == self.field.value():
            return
        self._value = value
        self.field.set_value(value)
        self._sync_slider()
        self.valueChanged.emit(value)

    def set_mark(self, value: float | None, tip: str = "") -> None:
        """A red tick at ``value`` on the slider (a limit worth seeing while dragging); None
        removes it."""
        inside = value is not None and value > 0 and self._low <= math.log10(value) <= self._high
        self.slider.mark = ((math.log10(value) - self._low) / (self._high - self._low)
                            if inside else None)  # fmt: skip
        self.slider.setToolTip(tip if inside else "")
        self.slider.update()

    def _sync_slider(self) -> None:
        position = (math.log10(self._value) - self._low) / (self._high - self._low)
        self.slider.blockSignals(True)
        self.slider.setValue(round(min(max(position, 0.0), 1.0) * self.TICKS))
        self.slider.blockSignals(False)

    def _from_slider(self, tick: int) -> None:
        exponent = self._low + (self._high - self._low) * tick / self.TICKS
        value = float(f"{10**exponent:.3g}")  # round to what the field shows
        self._value = value
        self.field.set_value(value)
        self.valueChanged.emit(value)
