"""Layout pieces the labs share: a titled box around a control, and the side column of
controls that scrolls vertically. (What the window asks of a lab is lab.ui.common.lab; the
latest-wins compute two labs use is lab.ui.common.latest_wins.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QScrollArea, QVBoxLayout, QWidget


def group_box(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(widget)
    return box


def side_panel(boxes: list[QWidget], min_width: int) -> QScrollArea:
    """A lab's controls stacked at the top of a vertically scrolling column."""
    side = QWidget()
    layout = QVBoxLayout(side)
    layout.setContentsMargins(0, 0, 0, 0)
    for box in boxes:
        layout.addWidget(box)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(side)
    scroll.setWidgetResizable(True)
    # never narrower than the controls (they would be cut off at the right: it only scrolls
    # vertically), with room for the vertical scroll bar a small screen brings
    bar = scroll.verticalScrollBar().sizeHint().width()
    scroll.setMinimumWidth(max(min_width, side.minimumSizeHint().width() + bar + 4))
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll
