"""Edit one training run in a form built from the run's field declarations
(lab.ui.common.config_form): optimizer, schedule and initializer are choices with a field per
parameter, every field carries its help and range as a tooltip, and the dialog only closes on
a valid configuration, listing every problem otherwise. OK with no change returns a config
equal to the one given."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from lab.engine.core import fields as F
from lab.engine.train.config import TrainConfig
from lab.ui.common.config_form import ConfigForm
from lab.ui.common.i18n import N_, tr

GROUPS = [
    (N_("Run"), ["name", "iterations", "epochs", "batch_size", "sampling", "eval_every",
             "final_evaluation", "seed", "device"]),
    (N_("Model"), ["model"]),
    (N_("Optimizer and schedule"), ["optimizer", "schedule"]),
    (N_("Data"), ["data"]),
    (N_("Regularization"), ["l2", "l1", "decoupled_weight_decay", "clip_norm"]),
]  # fmt: skip
NAME_CHARACTERS = '/\\:*?"<>| '


class RunEditor(QDialog):
    def __init__(self, config: TrainConfig, taken: set[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Edit run {name}").format(name=config.name))
        self._taken = taken
        self._base = config
        self.result_config: TrainConfig | None = None
        self.form = ConfigForm(config, GROUPS, columns=3)
        self.form.changed.connect(self._clear_problems)
        self.fields = self._flat_fields()
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #d62728;")
        self.problems.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        scroll = QScrollArea()  # a small screen scrolls instead of clipping the form
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self._fit()

    def _flat_fields(self) -> dict[str, QWidget]:
        """Every widget by its key (``hidden``) and by its path (``model.hidden``)."""
        found = dict(self.form.widgets)
        for table, nested in self.form.tables.items():
            for key, widget in nested.widgets.items():
                found[f"{table}.{key}"] = widget
                found.setdefault(key, widget)
        return found

    def build(self) -> tuple[TrainConfig | None, list[str]]:
        """(config, []) or (None, every problem): the form's, the name's and the run's."""
        config, problems = self.form.build()
        name = self.fields["name"].text().strip()
        if not name or any(c in name for c in NAME_CHARACTERS):
            problems.insert(0, tr("name: use letters, digits, '-' and '_' (it names files)"))
        elif name in self._taken:
            problems.insert(0, tr("name: '{name}' is already a run").format(name=name))
        if config is not None and not problems:
            if config.name != name:
                from dataclasses import replace

                config = replace(config, name=name)
            problems = F.problems(config)
        return (None, problems) if problems else (config, [])

    def _fit(self) -> None:
        """Grow to show the whole form and the problems, within the screen (then scroll)."""
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        hint = self.form.sizeHint()
        extra = self.problems.sizeHint().height() if self.problems.text() else 0
        width = min(max(self.width(), hint.width() + 40), screen.width() - 20)
        height = min(max(self.height(), hint.height() + extra + 90), screen.height() - 40)
        self.resize(width, height)

    def try_accept(self) -> None:
        config, problems = self.build()
        if problems:
            self.problems.setText("\n".join(problems))
            self._fit()
            return
        self.result_config = config
        self.accept()

    def _clear_problems(self) -> None:
        self.problems.clear()
        self._fit()
