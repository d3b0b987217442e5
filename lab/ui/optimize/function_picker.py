"""Choose a built-in function or type one. A choice or a committed expression is a *request*:
the lab checks and compiles it in a worker (nothing from sympy runs on the GUI thread) and
answers with :meth:`FunctionPicker.accept` or :meth:`FunctionPicker.reject`; a rejected one shows
its message under the field and the previous function stays in use."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from lab.engine.core.specs import parse_spec
from lab.engine.optimize.expressions import ExpressionError
from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, Surface
from lab.ui.common.i18n import tr

CUSTOM = "custom"


def builtin_formula(spec: str) -> str:
    """The formula of a built-in spec such as ``quadratic:kappa=100`` (no sympy needed)."""
    name, params = parse_spec(spec, ExpressionError)
    function = BUILTIN_FUNCTIONS[name]
    return function.formula.format(**{**function.params, **params})


class FunctionPicker(QWidget):
    requested = Signal(str)  # a spec the user chose or typed, to be checked and compiled

    def __init__(self, parent=None):
        super().__init__(parent)
        self.combo = QComboBox()
        for spec in BUILTIN_FUNCTIONS.values():
            self.combo.addItem(tr(spec.title), spec.name)
            self.combo.setItemData(self.combo.count() - 1, tr(spec.note),
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.addItem(tr("Type a function f(x, y)…"), CUSTOM)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(tr("e.g. sin(x)*cos(y) + 0.1*(x**2 + y**2)   (Enter to "
                                        "apply)"))
        self.edit.setToolTip(tr("numbers, x, y, pi, e, + - * /, ** or ^ for powers (x^2 is "
                                "x**2), and sin cos tan exp log sqrt abs tanh sinh cosh arctan "
                                "arcsin arccos"))
        self.error = QLabel()
        self.error.setObjectName("expression-error")
        self.error.setStyleSheet("color: #d62728;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Function")), 0, 0)
        layout.addWidget(self.combo, 0, 1)
        layout.addWidget(self.edit, 0, 2)
        layout.addWidget(self.error, 1, 1, 1, 2)
        layout.setColumnStretch(2, 1)
        self._spec = "book"
        self.surface: Surface | None = None  # set by accept(), once a worker compiled it
        self.combo.currentIndexChanged.connect(self._combo_changed)
        self.edit.returnPressed.connect(self.apply_text)

    @property
    def spec(self) -> str:
        """The function in use (the last accepted one, or the one a preset set)."""
        return self._spec

    def set_spec(self, spec: str) -> None:
        """Show ``spec`` as the function in use (presets, saved settings); the lab prepares its
        surface and calls accept() or reject() like for a typed one."""
        name = spec.partition(":")[0].strip()
        builtin = name in BUILTIN_FUNCTIONS
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(name if builtin else CUSTOM))
        self.combo.blockSignals(False)
        try:
            self.edit.setText(builtin_formula(spec) if builtin else spec)
        except (ExpressionError, KeyError, IndexError):
            self.edit.setText(spec)
        self._spec = spec
        self.error.hide()

    def apply_text(self) -> None:
        """Ask for the typed expression (Enter in the field)."""
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(CUSTOM))
        self.combo.blockSignals(False)
        self.requested.emit(self.edit.text())

    def accept(self, spec: str, surface: Surface) -> None:
        """The worker compiled ``spec``: it becomes the function in use."""
        self.error.hide()
        self._spec, self.surface = spec, surface
        if self.combo.currentData() != CUSTOM:
            self.edit.setText(surface.formula)

    def reject(self, message: str) -> None:
        self.error.setText(tr("⚠ {message} — still showing the previous function").format(
            message=message))
        self.error.show()

    def _combo_changed(self) -> None:
        name = self.combo.currentData()
        if name == CUSTOM:
            self.edit.setFocus()
            self.edit.selectAll()
            return
        self.edit.setText(builtin_formula(name))
        self.requested.emit(name)
