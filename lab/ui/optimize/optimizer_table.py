"""One row per optimizer of the registry: on/off, colour, log learning-rate slider, and its other
hyperparameters in a fold-out form. The update rule is the row's tooltip.

Each number is checked by its declaration in the registry (lab.engine.core.optimizers.PARAMS):
a bad one (beta1 = 1.5) is red with its problem, and the row then has no config, so the lab
computes nothing for it rather than the last good value."""

from __future__ import annotations

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

from lab.engine.core.fields import ConfigError
from lab.engine.core.optimizers import (
    FLAGS,
    OPTIMIZERS,
    PARAMS,
    OptimizerConfig,
    make_optimizer,
)
from lab.engine.core.specs import format_spec
from lab.ui.common.config_form import tooltip
from lab.ui.common.fields import LogSlider, NumberField
from lab.ui.common.i18n import tr
from lab.ui.common.palette import optimizer_color

LR_SLIDER = (1e-4, 10.0)  # what the slider spans; the field beside it takes any lr > 0


class OptimizerRow:
    """The widgets of one optimizer, placed into the table's grid."""

    def __init__(self, name: str, color: str, on_change):
        spec = OPTIMIZERS[name]
        self.name, self.color = name, color
        tip = f"<b>{tr(spec.title)}</b> ({spec.reference})<pre>{tr(spec.rule)}</pre>"
        self.check = QCheckBox(tr(spec.title))
        self.check.setToolTip(tip)
        self.swatch = QLabel()
        self.swatch.setFixedSize(12, 12)
        self.swatch.setStyleSheet(f"background: {color}; border-radius: 6px;")
        self.lr = LogSlider(spec.defaults["lr"], *LR_SLIDER, decl=PARAMS["lr"], key="lr")
        self.lr.setToolTip(tr("learning rate η (log scale)"))
        self.lr.field.setToolTip(tooltip(PARAMS["lr"]))
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
                field = NumberField(value, decl=spec.decl(key), key=key)  # its own range
                field.committed.connect(on_change)
                field.rejected.connect(on_change)
            self.fields[key] = field
            field.setToolTip(tooltip(spec.decl(key)))
            form_layout.addRow(key, field)  # notr: torch.optim's hyperparameter names
        self.more.toggled.connect(self.form.setVisible)
        self.check.toggled.connect(on_change)
        self.lr.valueChanged.connect(on_change)
        self.lr.rejected.connect(on_change)

    def _numbers(self) -> dict[str, NumberField]:
        fields = {k: f for k, f in self.fields.items() if isinstance(f, NumberField)}
        return {"lr": self.lr.field, **fields}

    def build(self) -> tuple[OptimizerConfig | None, list[str]]:
        """(the row's optimizer, []) or (None, the problem of every red field)."""
        problems = [f"{tr(self.spec_title)}: {p}" for f in self._numbers().values()
                    for p in f.read()[1]]  # fmt: skip
        if problems:
            if any(getattr(f, "problem", "") for f in self.fields.values()):
                self.more.setChecked(True)  # a red hyperparameter is never hidden
            return None, problems
        try:
            return make_optimizer(self.name, **self._values()), []
        except ConfigError as err:
            return None, err.problems

    def plain(self) -> str:
        """The row as ``name:key=value`` text, as typed (saved settings)."""
        return format_spec(self.name, list(self._values().items()))

    def _values(self) -> dict:
        values = {key: field.plain() for key, field in self._numbers().items()}
        for key, field in self.fields.items():
            if isinstance(field, QCheckBox):
                values[key] = float(field.isChecked())
        return values

    @property
    def spec_title(self) -> str:
        return OPTIMIZERS[self.name].title

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

    def ticked(self) -> list[OptimizerRow]:
        return [row for row in self.rows.values() if row.check.isChecked()]

    def enabled(self) -> tuple[list[tuple[OptimizerConfig, str]], list[str]]:
        """(config, colour) of each ticked optimizer in registry order, and the problems of
        ticked rows with a bad value (those rows have no config)."""
        chosen, problems = [], []
        for row in self.ticked():
            config, found = row.build()
            problems += found
            if config is not None:
                chosen.append((config, row.color))
        return chosen, problems

    def plain(self) -> list[str]:
        """The ticked optimizers as text, as typed."""
        return [row.plain() for row in self.ticked()]

    def set_lr(self, name: str, lr: float) -> None:
        self.rows[name].lr.set_value(lr)

    def set_lr_and(self, name: str, lr: float, key: str, value: float) -> None:
        """A point of the (η, β) map: the rate and the second hyperparameter, one ``changed``."""
        row = self.rows[name]
        self._quiet = True
        try:
            row.fields[key].set_value(value)
            row.lr.set_value(lr)
        finally:
            self._quiet = False
        self.changed.emit()

    def mark_stability_limit(self, theory) -> None:
        """GD's limit 2/λmax on every learning-rate slider (None: no positive curvature)."""
        limit = None if theory is None else theory.stability_limit
        for row in self.rows.values():
            row.lr.set_mark(limit, tr("GD diverges above 2/λmax = {limit}").format(
                limit=f"{limit:.3g}") if limit else "")

    def load(self, configs: tuple[OptimizerConfig, ...]) -> None:
        """Tick exactly these optimizers with their hyperparameters; the other rows show
        their defaults, so that a preset or saved settings define every row (an unticked row
        kept the previous preset's rate, which no restart brought back). One ``changed``."""
        self._quiet = True
        try:
            chosen = {c.name: c for c in configs}
            for name, row in self.rows.items():
                row.check.setChecked(name in chosen)
                row.apply(chosen.get(name) or make_optimizer(name))
        finally:
            self._quiet = False
        self.changed.emit()
