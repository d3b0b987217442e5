"""The network the initialization lab probes: initializer (with its formula), activation,
depth, width, bias, normalisation, input, loss, seed and bins.

Every field is built from the probe config's declarations (lab.engine.init.probe.ProbeConfig),
the initializer as the run editor's choice-and-parameters editor: a bad value is red with its
problem, and :meth:`ProbeControls.build` then gives no config (the lab computes nothing)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from lab.engine.core import fields as F
from lab.engine.core.initializers import parse_init
from lab.engine.init.probe import ProbeConfig
from lab.ui.common.config_form import SPEC_CHOICES, SpecEditor, number_field
from lab.ui.common.fields import NumberField
from lab.ui.common.i18n import N_, tr

NUMBERS = {"depth": N_("Layers"), "width": N_("Width"), "samples": N_("Samples"),
           "seed": N_("Seed"), "bins": N_("Bins")}  # fmt: skip
LABELS = {"none": N_("none"), "batch": "BatchNorm", "layer": "LayerNorm",  # notr
          "gaussian": N_("Gaussian randn (book)"), "mnist": N_("MNIST test images"),
          "cross-entropy": N_("cross-entropy, random labels"), "sum": N_("sum of outputs")}


def _combo(decl: F.Decl) -> QComboBox:
    """The declaration's choices, each with its label (the value itself where it has none)."""
    combo = QComboBox()
    for value in decl.choices:
        combo.addItem(tr(LABELS.get(value, value)), value)
    combo.setToolTip(tr(decl.help))
    return combo


class ProbeControls(QWidget):
    """``changed`` fires on any edit, valid or not (:meth:`build` says which)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._quiet = False
        decls, default = F.declarations(ProbeConfig), ProbeConfig()
        self.init = SpecEditor(SPEC_CHOICES[parse_init], default.init, live=False)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        # a box in the palette's colours, not a fixed light style sheet: it follows View > Theme
        # live (the application palette reaches every widget without a palette of its own)
        self.formula.setAutoFillBackground(True)
        self.formula.setBackgroundRole(QPalette.ColorRole.Base)
        self.formula.setForegroundRole(QPalette.ColorRole.Text)
        self.formula.setMargin(4)
        self.numbers: dict[str, NumberField] = {
            key: number_field(decls[key], key, getattr(default, key)) for key in NUMBERS}
        self.depth, self.width = self.numbers["depth"], self.numbers["width"]
        self.samples, self.seed, self.bins = (self.numbers[k] for k in ("samples", "seed", "bins"))
        self.choices = {key: _combo(decls[key]) for key in ("activation", "norm", "input", "loss")}
        self.activation, self.norm = self.choices["activation"], self.choices["norm"]
        self.input, self.loss = self.choices["input"], self.choices["loss"]
        self.bias = QCheckBox(tr("zero biases"))
        self.bias.setToolTip(tr(decls["bias"].help))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Initializer"), self.init)
        form.addRow(self.formula)
        rows = [(N_("Activation"), self.activation), (N_("Layers"), self.depth),
                (N_("Width"), self.width), (N_("Bias"), self.bias),
                (N_("Normalisation"), self.norm), (N_("Input"), self.input),
                (N_("Samples"), self.samples), (N_("Loss (for gradients)"), self.loss),
                (N_("Seed"), self.seed), (N_("Bins"), self.bins)]  # fmt: skip
        for label, widget in rows:
            form.addRow(tr(label), widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.init.changed.connect(self._params_edited)
        for combo in self.choices.values():
            combo.currentIndexChanged.connect(self._emit)
        for field in self.numbers.values():
            field.committed.connect(self._emit)
            field.rejected.connect(self._emit)
        self.width.committed.connect(self._show_formula)
        self.bias.toggled.connect(self._emit)
        self._show_formula()

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit()

    def build(self) -> tuple[ProbeConfig | None, list[str]]:
        """(the network, []) or (None, every problem: red fields, then the probe's own rules
        such as its memory bound)."""
        init, problems = self.init.build()
        problems = [f"init: {p}" for p in problems]
        problems += [p for field in self.numbers.values() for p in field.read()[1]]
        if problems:
            return None, problems
        values = {key: field.value() for key, field in self.numbers.items()}
        config = ProbeConfig(init=init, bias=self.bias.isChecked(), **values,
                             **{k: c.currentData() for k, c in self.choices.items()})
        return (None, found) if (found := F.problems(config)) else (config, [])

    def plain(self) -> dict:
        """The controls as a config's plain form, as typed (saved settings)."""
        return {**{key: field.plain() for key, field in self.numbers.items()},
                **{key: combo.currentData() for key, combo in self.choices.items()},
                "init": self.init.plain(), "bias": self.bias.isChecked(),
                "shared_bins": ProbeConfig().shared_bins}

    def load(self, config: ProbeConfig) -> None:
        """Show ``config`` in the widgets (one ``changed`` at the end)."""
        self._quiet = True
        try:
            for key, combo in self.choices.items():
                combo.setCurrentIndex(combo.findData(getattr(config, key)))
            for key, field in self.numbers.items():
                field.set_value(getattr(config, key))
            self.bias.setChecked(config.bias)
            self.init.load(config.init)
            self._show_formula()
        finally:
            self._quiet = False
        self.changed.emit()

    def _params_edited(self, *_args) -> None:
        self._show_formula()
        self._emit()

    def _show_formula(self, *_args) -> None:
        init, _ = self.init.build()
        n = self.width.value()
        if init is None:
            self.formula.setText(tr(SPEC_CHOICES[parse_init].registry[self.init.name()].formula))
            return
        text = tr(init.spec.formula)
        if n is not None:
            text += "\n" + tr("σ = {std} for a {n} → {n} layer").format(
                std=f"{init.theoretical_std(n, n):.4g}", n=n)
        self.formula.setText(text)
