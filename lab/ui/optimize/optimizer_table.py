"""One row per optimizer of the registry: on/off, colour, log learning-rate slider, and its other
hyperparameters in a fold-out form. The update rule is the row's tooltip."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core.optimizers import (
    FLAGS,
    OPTIMIZERS,
    PARAMS,
    OptimizerConfig,
    make_optimizer,
)
from lab.ui.common.fields import LogSlider, NumberField
from lab.ui.common.i18n import tr
from lab.ui.common.palette import optimizer_color

LR_RANGE = (1e-4, 10.0)


class OptimizerRow:
    """The widgets of one optimizer, placed into the table's grid."""

    def __init__(self, name: str, color: str, on_change):
        spec = OPTIMIZERS[name]
        self.name, self.color = name, color
        self._params = dict(spec.defaults)
        tip = f"<b>{tr(spec.title)}</b> ({spec.reference})<pre>{tr(spec.rule)}</pre>"
        self.check = QCheckBox(tr(spec.title))
        self.check.setToolTip(tip)
        self.swatch = QLabel()
        self.swatch.setFixedSize(12, 12)
        self.swatch.setStyleSheet(f"background: {color}; border-radius: 6px;")
        self.lr = LogSlider(min(max(spec.defaults["lr"], LR_RANGE[0]), LR_RANGE[1]), *LR_RANGE)
        self.lr.setToolTip(tr("learning rate η (log scale)"))
        self.more = QToolButton()
        self.more.setText("⋯")
        self.more.setCheckable(True)
        self.more.setToolTip(tr("other hyperparameters of {optimizer}").format(
            optimizer=tr(spec.title)))
        self.form = QWidget()
        self.form.setVisible(False)
        form_layout = QFormLayout(self.form)
        form_layout.setContentsMargins(24, 0, 0, 4)
        self.fields: dict[str, NumberField | QCheckBox] = {}
        for key, value in spec.defaults.items():
            if key == "lr":
                continue
            if key in FLAGS:
                field = QCheckBox()
                field.setChecked(bool(value))
                field.toggled.connect(on_change)
            else:
                decl = spec.decl(key)  # its range (Adafactor's beta2_decay is negative)
                field = NumberField(value, -math.inf if decl.low is None else decl.low,
                                    math.inf if decl.high is None else decl.high)
                field.committed.connect(on_change)
            self.fields[key] = field
            field.setToolTip(tr(PARAMS[key].help))
            form_layout.addRow(key, field)  # notr: torch.optim's hyperparameter names
        self.more.toggled.connect(self.form.setVisible)
        self.check.toggled.connect(on_change)
        self.lr.valueChanged.connect(on_change)

    def config(self) -> OptimizerConfig:
        """The row's optimizer; a rejected value (e.g. beta1 = 1) keeps the last good config."""
        params = {"lr": self.lr.value()}
        for key, field in self.fields.items():
            checkbox = isinstance(field, QCheckBox)
            params[key] = float(field.isChecked()) if checkbox else field.value()
        try:
            made = make_optimizer(self.name, **params)
        except ValueError:
            return make_optimizer(self.name, **self._params)
        self._params = params
        return made

    def apply(self, config: OptimizerConfig) -> None:
        self.lr.set_value(config.lr)
        for key, value in config.params.items():
            field = self.fields.get(key)
            if isinstance(field, QCheckBox):
                field.setChecked(bool(value))
            elif field is not None:
                field.set_value(value)


class OptimizerTable(QWidget):
    """Every registry optimizer as a row; ``changed`` fires on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel(tr("<b>Optimizer</b>")), 0, 1)
        grid.addWidget(QLabel(tr("<b>learning rate</b>")), 0, 2)
        self.rows: dict[str, OptimizerRow] = {}
        for i, name in enumerate(OPTIMIZERS):
            row = OptimizerRow(name, optimizer_color(name), self._emit)
            r = 1 + 2 * i
            grid.addWidget(row.swatch, r, 0)
            grid.addWidget(row.check, r, 1)
            grid.addWidget(row.lr, r, 2)
            grid.addWidget(row.more, r, 3)
            grid.addWidget(row.form, r + 1, 1, 1, 3)
            self.rows[name] = row
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        layout.addStretch(1)

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit()

    def enabled(self) -> list[tuple[OptimizerConfig, str]]:
        """(config, colour) of each ticked optimizer, in registry order."""
        return [(row.config(), row.color) for row in self.rows.values() if row.check.isChecked()]

    def set_lr(self, name: str, lr: float) -> None:
        self.rows[name].lr.set_value(lr)

    def load(self, configs: tuple[OptimizerConfig, ...]) -> None:
        """Tick exactly these optimizers with their hyperparameters (one ``changed``)."""
        self._quiet = True
        try:
            chosen = {c.name: c for c in configs}
            for name, row in self.rows.items():
                row.check.setChecked(name in chosen)
                if name in chosen:
                    row.apply(chosen[name])
        finally:
            self._quiet = False
        self.changed.emit()
