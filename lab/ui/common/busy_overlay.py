"""A message and a busy indicator laid over a widget while it has nothing to show yet.

The first launch on a cold kernel cache compiles numba kernels for ~20 s; empty axes for that
long look broken. The overlay says why the widget waits, animates so the app visibly lives, and
removes itself the moment one of the given signals fires (the first result, or a failure).
Reusable for any widget that waits on slow first work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from lab.ui.common.i18n import N_, tr


class BusyOverlay(QWidget):
    """Covers ``target`` (following its geometry) until one of ``until`` fires, then goes away."""

    def __init__(self, target: QWidget, message: str, until: tuple[SignalInstance, ...] = ()):
        # a sibling laid over the target, not its child: containers such as QStackedWidget
        # raise their own pages over any child of theirs
        host = target.parentWidget()
        super().__init__(host if host is not None else target)
        self._target = target
        self.setObjectName("busy-overlay")
        self.label = QLabel(message)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.label.setFont(font)
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # indeterminate: Qt animates it, no thread, no timer of ours
        self.spinner.setTextVisible(False)
        self.spinner.setFixedWidth(220)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        for signal in until:
            signal.connect(self.finish)
        target.installEventFilter(self)
        self._follow()
        self.raise_()
        self.show()

    def paintEvent(self, event) -> None:
        """The theme's window colour, mostly opaque (a fixed white hid light text in dark mode)."""
        colour = QColor(self.palette().color(QPalette.ColorRole.Window))
        colour.setAlpha(215)
        QPainter(self).fillRect(self.rect(), colour)

    @property
    def message(self) -> str:
        return self.label.text()

    @property
    def target(self) -> QWidget:
        return self._target

    def _follow(self) -> None:
        """Cover exactly the target's area."""
        target = self._target
        self.setGeometry(target.rect() if self.parent() is target else target.geometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._follow()
        return False

    def finish(self, *_args) -> None:
        """Hide and go away (connected to the signals that end the wait)."""
        self._target.removeEventFilter(self)
        self.hide()
        self.deleteLater()


COMPILING_KERNELS = N_("Compiling the optimizer kernels (first launch only)…")
PREPARING = N_("Preparing the optimizer lab…")


def compiling_overlay(target: QWidget, until: tuple[SignalInstance, ...]) -> BusyOverlay:
    """The optimizer lab's notice over ``target`` until its first result: that the kernels are
    compiling when the kernel cache looks cold (a cheap file check; numba is not imported on
    the GUI thread), else that the lab is being prepared (never empty axes with no word)."""
    from lab.engine.warmup import kernels_look_compiled

    return BusyOverlay(target, tr(PREPARING if kernels_look_compiled() else COMPILING_KERNELS),
                       until)
