"""The network the initialization lab probes: initializer (with its formula), activation,
depth, width, bias, normalisation, input, loss, seed and bins."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core.initializers import GAINS, INITIALIZERS, PARAMS, InitConfig, make_init
from lab.engine.init.probe import ACTIVATIONS, LIMITS, ProbeConfig
from lab.ui.common.fields import NumberField
from lab.ui.common.i18n import N_, tr

CHOICES = {"mode": ("fan_in", "fan_out"), "nonlinearity": tuple(GAINS)}


def _combo(items: tuple[str, ...] | list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    for item in items:
        text, data = item if isinstance(item, tuple) else (item, item)
        combo.addItem(tr(text), data)
    return combo


def _spin(key: str, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(*LIMITS[key])
    box.setValue(value)
    box.setKeyboardTracking(False)
    return box


class ProbeControls(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        self.init = _combo([(s.title, s.name) for s in INITIALIZERS.values()])
        self.init_params = QWidget()
        self.init_form = QFormLayout(self.init_params)
        self.init_form.setContentsMargins(12, 0, 0, 0)
        self.param_fields: dict[str, NumberField | QComboBox] = {}
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        # a box in the palette's colours, not a fixed light style sheet: it follows View > Theme
        # live (the application palette reaches every widget without a palette of its own)
        self.formula.setAutoFillBackground(True)
        self.formula.setBackgroundRole(QPalette.ColorRole.Base)
        self.formula.setForegroundRole(QPalette.ColorRole.Text)
        self.formula.setMargin(4)
        self.activation = _combo(ACTIVATIONS)
        self.depth = _spin("depth", 5)
        self.width = _spin("width", 100)
        self.samples = _spin("samples", 1000)
        self.bins = _spin("bins", 30)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setKeyboardTracking(False)
        self.bias = QCheckBox(tr("zero biases"))
        self.norm = _combo([(N_("none"), "none"), ("BatchNorm", "batch"),
                            ("LayerNorm", "layer")])  # fmt: skip
        self.input = _combo([(N_("Gaussian randn (book)"), "gaussian"),
                             (N_("MNIST test images"), "mnist")])  # fmt: skip
        self.loss = _combo([(N_("cross-entropy, random labels"), "cross-entropy"),
                            (N_("sum of outputs"), "sum")])  # fmt: skip
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Initializer"), self.init)
        form.addRow(self.init_params)
        form.addRow(self.formula)
        form.addRow(tr("Activation"), self.activation)
        form.addRow(tr("Layers"), self.depth)
        form.addRow(tr("Width"), self.width)
        form.addRow(tr("Bias"), self.bias)
        form.addRow(tr("Normalisation"), self.norm)
        form.addRow(tr("Input"), self.input)
        form.addRow(tr("Samples"), self.samples)
        form.addRow(tr("Loss (for gradients)"), self.loss)
        form.addRow(tr("Seed"), self.seed)
        form.addRow(tr("Bins"), self.bins)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.init.currentIndexChanged.connect(self._init_chosen)
        for combo in (self.activation, self.norm, self.input, self.loss):
            combo.currentIndexChanged.connect(self._emit)
        for box in (self.depth, self.width, self.samples, self.bins, self.seed):
            box.valueChanged.connect(self._emit)
        self.width.valueChanged.connect(self._show_formula)
        self.bias.toggled.connect(self._emit)
        self._build_params(make_init(self.init.currentData()))

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit()

    def init_config(self) -> InitConfig:
        params = {key: (field.currentData() if isinstance(field, QComboBox) else field.value())
                  for key, field in self.param_fields.items()}  # fmt: skip
        try:
            return make_init(self.init.currentData(), **params)
        except ValueError:
            return make_init(self.init.currentData())

    def config(self) -> ProbeConfig:
        return ProbeConfig(depth=self.depth.value(), width=self.width.value(),
                           activation=self.activation.currentData(), init=self.init_config(),
                           bias=self.bias.isChecked(), norm=self.norm.currentData(),
                           input=self.input.currentData(), samples=self.samples.value(),
                           loss=self.loss.currentData(), seed=self.seed.value(),
                           bins=self.bins.value())  # fmt: skip

    def load(self, config: ProbeConfig) -> None:
        """Show ``config`` in the widgets (one ``changed`` at the end)."""
        self._quiet = True
        try:
            for combo, value in ((self.activation, config.activation), (self.norm, config.norm),
                                 (self.input, config.input), (self.loss, config.loss)):
                combo.setCurrentIndex(combo.findData(value))
            for box, value in ((self.depth, config.depth), (self.width, config.width),
                               (self.samples, config.samples), (self.seed, config.seed),
                               (self.bins, config.bins)):  # fmt: skip
                box.setValue(value)
            self.bias.setChecked(config.bias)
            self.init.blockSignals(True)
            self.init.setCurrentIndex(self.init.findData(config.init.name))
            self.init.blockSignals(False)
            self._build_params(config.init)
        finally:
            self._quiet = False
        self.changed.emit()

    def _init_chosen(self) -> None:
        self._build_params(make_init(self.init.currentData()))
        self._emit()

    def _build_params(self, init: InitConfig) -> None:
        while self.init_form.rowCount():
            self.init_form.removeRow(0)
        self.param_fields.clear()
        for key, value in init.params:
            if key in CHOICES:
                field = _combo(CHOICES[key])
                field.setCurrentIndex(field.findData(value))
                field.currentIndexChanged.connect(self._params_edited)
            else:
                field = NumberField(value, -1e6 if key == "value" else 0.0, 1e6)
                field.committed.connect(self._params_edited)
            self.param_fields[key] = field
            field.setToolTip(tr(PARAMS[key].help))
            self.init_form.addRow(key, field)  # notr: torch.nn.init's parameter names
        self.init_params.setVisible(bool(init.params))
        self._show_formula()

    def _params_edited(self, *_args) -> None:
        self._show_formula()
        self._emit()

    def _show_formula(self, *_args) -> None:
        init = self.init_config()
        n = self.width.value()
        std = init.theoretical_std(n, n)
        self.formula.setText(tr(init.spec.formula) + "\n" + tr(
            "σ = {std} for a {n} → {n} layer").format(std=f"{std:.4g}", n=n))
