"""Train this network: the init lab's network handed to the training lab as a new run.

The mapping is lab.app.init_run's (the CLI's ``--train-config`` uses the same); this widget
only shows whether it applies: disabled, with the reason, where the training lab cannot build
the network, and with the differences the user should know said under the button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from lab.app.init_run import blockers, differences, train_config
from lab.engine.init.probe import ProbeConfig
from lab.ui.common.i18n import N_, tr

# the training lab's key: where the window routes the run (lab.ui.common.lab.Lab.handed_off)
TRAINING_LAB = "train"
BLOCKERS = {
    "activation": N_("The training lab has no {activation} activation."),
    "norm": N_("The training lab has no LayerNorm (only batch norm)."),
}
DIFFERENCES = {
    "input": N_(
        "Training reads 784 MNIST pixels, not this Gaussian input: the first layer is "
        "784 wide and every weight is drawn anew (choose the MNIST input to keep "
        "them)."
    ),
    "bias": N_("The run's layers have biases (zero at step 0, then learned)."),
    "loss": N_("The run's gradients are cross-entropy's on the true labels, not the outputs' sum."),
}


class TrainAction(QWidget):
    """``train_requested(TrainConfig)`` fires when the button is clicked."""

    train_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._config: ProbeConfig | None = None
        self.button = QPushButton(tr("Train this network"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.note)
        self.button.clicked.connect(self._clicked)
        self.show_config(None)

    def show_config(self, config: ProbeConfig | None) -> None:
        """The network now in the controls (None: its settings have problems)."""
        self._config = config
        if config is None:
            reasons = [tr("Fix the network's settings first.")]
        else:
            reasons = [tr(BLOCKERS[key]).format(activation=config.activation)
                       for key in blockers(config)]  # fmt: skip
        self.button.setEnabled(not reasons)
        if reasons:
            self.button.setToolTip(" ".join(reasons))
            self.note.setText(" ".join(reasons))
            return
        self.button.setToolTip(
            tr(
                "Add this network to the training lab as a new run: the same layers, activation, "
                "initializer, batch norm and seed, so its step-0 statistics are these (on the same "
                "input); trained as the book's initializer experiment (SGD 0.01, batch 128, 2000 "
                "iterations)."
            )
        )
        self.note.setText("\n".join(tr(DIFFERENCES[key]) for key in differences(config)))

    def _clicked(self) -> None:
        if self._config is not None and not blockers(self._config):
            self.train_requested.emit(train_config(self._config))
