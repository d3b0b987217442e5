"""The training lab's left column: the run table, the buttons that act on runs, and the live
learning-rate field. A view: it shows what the controller tells it and says what was clicked;
the panel connects each button to the controller."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from lab.ui.common.fields import NumberField
from lab.ui.common.i18n import N_, tr
from lab.ui.train.run_list import RunList

ACTIONS = (N_("Add"), N_("Duplicate"), N_("Edit…"), N_("Remove"), N_("Start"), N_("Pause"),
           N_("Stop"), N_("Start all"), N_("Resume all"), N_("Pause all"), N_("Stop all"))


class RunControls(QWidget):
    """``buttons`` by their untranslated label; ``live_lr`` commits on Enter."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.run_list = RunList()
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for k, label in enumerate(ACTIONS):
            button = QPushButton(tr(label))
            self.buttons[label] = button
            grid.addWidget(button, k // 4, k % 4)
        self.buttons["Start"].setToolTip(tr("Start a queued run, resume a paused one; a run "
                                            "with results is started again as a new run"))
        self.buttons["Start all"].setToolTip(tr("Start every queued run and resume paused "
                                                "ones; runs with results are kept as they are"))
        self.live_lr = NumberField(0.01, 1e-8, 100.0)
        self.live_lr.setToolTip(tr("Enter: change the selected run's learning rate while it "
                                   "trains"))
        grid.addWidget(QLabel(tr("lr, live:")), 2, 3)
        grid.addWidget(self.live_lr, 3, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.run_list, 1)
        layout.addLayout(grid)

    def show_selection(self, entry) -> None:
        """The selected run's row, and its learning rate in the live field."""
        if entry is not None:
            self.run_list.select(entry.name)
            self.live_lr.set_value(entry.config.optimizer.lr)
