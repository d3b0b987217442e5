"""Edit one training run. Optimizer, schedule and initializer use the same text as the CLI and
experiment files (``adam:lr=0.001``, ``cosine:T_max=0``, ``he-normal``); the dialog only closes
on a valid configuration and lists every problem otherwise."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from lab.engine.core.devices import DEVICES
from lab.engine.core.initializers import parse_init
from lab.engine.core.optimizers import parse_optimizer
from lab.engine.core.schedules import parse_schedule
from lab.engine.core.specs import format_spec
from lab.engine.train.config import NORMALIZATIONS, SAMPLING, TrainConfig
from lab.engine.train.models import ACTIVATIONS, MODEL_KINDS


class RunEditor(QDialog):
    def __init__(self, config: TrainConfig, taken: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Edit run {config.name}")
        self._taken = taken
        self.result_config: TrainConfig | None = None
        m, d = config.model, config.data
        self.fields = {
            "name": QLineEdit(config.name),
            "kind": _combo(MODEL_KINDS, m.kind),
            "hidden": QLineEdit(",".join(map(str, m.hidden))),
            "activation": _combo(ACTIVATIONS, m.activation),
            "init": QLineEdit(format_spec(m.init.name, m.init.params)),
            "batchnorm": _check(m.batchnorm),
            "dropout": QLineEdit(f"{m.dropout:g}"),
            "optimizer": QLineEdit(format_spec(config.optimizer.name, config.optimizer.hyper)),
            "schedule": QLineEdit(format_spec(config.schedule.name, config.schedule.params)),
            "batch_size": QLineEdit(str(config.batch_size)),
            "iterations": QLineEdit(str(config.iterations)),
            "epochs": QLineEdit(str(config.epochs)),
            "l2": QLineEdit(f"{config.l2:g}"),
            "l1": QLineEdit(f"{config.l1:g}"),
            "decoupled_weight_decay": QLineEdit(f"{config.decoupled_weight_decay:g}"),
            "clip_norm": QLineEdit(f"{config.clip_norm:g}"),
            "sampling": _combo(SAMPLING, config.sampling),
            "eval_every": QLineEdit(str(config.eval_every)),
            "seed": QLineEdit(str(config.seed)),
            "device": _combo(DEVICES, config.device),
            "train_size": QLineEdit(str(d.train_size)),
            "val_split": QLineEdit(f"{d.val_split:g}"),
            "normalize": _combo(NORMALIZATIONS, d.normalize),
        }
        hints = {"hidden": "units per hidden layer, e.g. 100,100,100,100",
                 "l2": "book-style weight decay: 0.5·λ·ΣW² added to the loss",
                 "decoupled_weight_decay": "W ← W − lr·λ·W after each step (AdamW-style)",
                 "iterations": "set iterations or epochs (the other 0)",
                 "eval_every": "iterations between accuracy measurements; 0: every epoch",
                 "train_size": "0: all training images; e.g. 300 for the book's overfitting",
                 "val_split": "share held out for validation; 0: validate on the test set",
                 "sampling": "replacement: minibatches drawn with replacement, as the book"}
        form = QFormLayout()
        for key, widget in self.fields.items():
            widget.setToolTip(hints.get(key, ""))
            form.addRow(key.replace("_", " "), widget)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #d62728;")
        self.problems.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self._base = config

    def text(self, key: str) -> str:
        widget = self.fields[key]
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QCheckBox):
            return str(widget.isChecked())
        return widget.text().strip()

    def build(self) -> tuple[TrainConfig | None, list[str]]:
        problems: list[str] = []

        def parse(key, convert):
            try:
                return convert(self.text(key))
            except ValueError as err:
                problems.append(f"{key}: {err}")
                return None

        name = self.text("name")
        if not name or any(c in name for c in '/\\:*?"<>| '):
            problems.append("name: use letters, digits, '-' and '_' (it names files)")
        elif name in self._taken:
            problems.append(f"name: '{name}' is already a run")
        model = replace(
            self._base.model, kind=self.text("kind"), activation=self.text("activation"),
            batchnorm=self.fields["batchnorm"].isChecked(),
            hidden=parse("hidden", lambda t: tuple(int(h) for h in t.split(",") if h.strip()))
            or (), init=parse("init", parse_init) or self._base.model.init,
            dropout=parse("dropout", float) or 0.0)
        values = {key: parse(key, int) for key in ("batch_size", "iterations", "epochs",
                                                   "eval_every", "seed")}  # fmt: skip
        values.update({key: parse(key, float) for key in ("l2", "l1", "decoupled_weight_decay",
                                                          "clip_norm")})  # fmt: skip
        optimizer = parse("optimizer", parse_optimizer)
        schedule = parse("schedule", parse_schedule)
        data = replace(self._base.data, train_size=parse("train_size", int) or 0,
                       val_split=parse("val_split", float) or 0.0,
                       normalize=self.text("normalize"))  # fmt: skip
        if problems:
            return None, problems
        config = replace(self._base, name=name, model=model, optimizer=optimizer,
                         schedule=schedule, sampling=self.text("sampling"),
                         device=self.text("device"), data=data, **values)  # fmt: skip
        return config, config.problems()

    def try_accept(self) -> None:
        config, problems = self.build()
        if problems:
            self.problems.setText("\n".join(problems))
            return
        self.result_config = config
        self.accept()


def _combo(items, current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setCurrentText(current)
    return combo


def _check(on: bool) -> QCheckBox:
    box = QCheckBox()
    box.setChecked(on)
    return box
