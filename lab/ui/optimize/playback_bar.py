"""Play/pause, a step scrubber and a speed choice; emits the step to show."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStyle,
    QWidget,
)

from lab.ui.common.i18n import tr

SPEEDS = (5, 15, 30, 60, 150, 500)  # steps per second
FRAME_MS = 33


class PlaybackBar(QWidget):
    step_changed = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.play = QPushButton(tr("Play"))  # text + a standard icon: ⏸ is a box in many fonts
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.setCheckable(True)
        self.play.setToolTip(tr("play the trajectories step by step"))
        self.scrubber = QSlider(Qt.Orientation.Horizontal)
        self.scrubber.setRange(0, 30)
        self.scrubber.setValue(30)
        self.label = QLabel()
        self.label.setMinimumWidth(90)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(tr("{n} steps/s").format(n=s), s)
        self.speed.setCurrentIndex(2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.play, self.scrubber, self.label, self.speed):
            layout.addWidget(w, 1 if w is self.scrubber else 0)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._advance)
        self._carry = 0.0
        self.play.toggled.connect(self._play_toggled)
        self.scrubber.valueChanged.connect(self._moved)
        self._moved(self.scrubber.value())

    def step(self) -> int:
        return self.scrubber.value()

    def set_maximum(self, steps: int) -> None:
        at_end = self.scrubber.value() == self.scrubber.maximum()
        self.scrubber.setMaximum(steps)
        if at_end and not self.play.isChecked():
            self.scrubber.setValue(steps)
        self._moved(self.scrubber.value())

    def _play_toggled(self, playing: bool) -> None:
        self.play.setText(tr("Pause") if playing else tr("Play"))
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause if playing
                                                    else QStyle.StandardPixmap.SP_MediaPlay))
        if playing:
            if self.scrubber.value() >= self.scrubber.maximum():
                self.scrubber.setValue(0)
            self._carry = 0.0
            self._timer.start()
        else:
            self._timer.stop()

    def _advance(self) -> None:
        self._carry += self.speed.currentData() * FRAME_MS / 1000
        whole = int(self._carry)
        self._carry -= whole
        value = min(self.scrubber.value() + whole, self.scrubber.maximum())
        self.scrubber.setValue(value)
        if value >= self.scrubber.maximum():
            self.play.setChecked(False)

    def _moved(self, value: int) -> None:
        self.label.setText(tr("step {step} / {steps}").format(step=value,
                                                               steps=self.scrubber.maximum()))
        self.step_changed.emit(value)
