"""Choose a built-in function or type one. A typed expression is checked when committed; a bad
one shows its message under the field and the previous function stays in use."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from lab.engine.optimize.expressions import ExpressionError
from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, Surface, resolve_surface

CUSTOM = "custom"


class FunctionPicker(QWidget):
    function_changed = Signal(str)  # the new function's spec (built-in name or expression)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.combo = QComboBox()
        for spec in BUILTIN_FUNCTIONS.values():
            self.combo.addItem(spec.title, spec.name)
        self.combo.addItem("Type a function f(x, y)…", CUSTOM)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. sin(x)*cos(y) + 0.1*(x**2 + y**2)   (Enter to apply)")
        self.edit.setToolTip("numbers, x, y, pi, e, + - * / **, and sin cos tan exp log sqrt "
                             "abs tanh sinh cosh arctan arcsin arccos")
        self.error = QLabel()
        self.error.setObjectName("expression-error")
        self.error.setStyleSheet("color: #d62728;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Function"), 0, 0)
        layout.addWidget(self.combo, 0, 1)
        layout.addWidget(self.edit, 0, 2)
        layout.addWidget(self.error, 1, 1, 1, 2)
        layout.setColumnStretch(2, 1)
        self._spec = "book"
        self.surface: Surface | None = None  # set by set_spec, after the first paint
        self.combo.currentIndexChanged.connect(self._combo_changed)
        self.edit.returnPressed.connect(self.apply_text)

    @property
    def spec(self) -> str:
        return self._spec

    def set_spec(self, spec: str) -> bool:
        """Select a built-in or an expression programmatically (presets, saved settings)."""
        name = spec.partition(":")[0]
        index = self.combo.findData(name if name in BUILTIN_FUNCTIONS else CUSTOM)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        if name in BUILTIN_FUNCTIONS:
            self.edit.setText(resolve_surface(spec).formula)
        else:
            self.edit.setText(spec)
        return self._use(spec)

    def apply_text(self) -> bool:
        """Commit the typed expression; False (with the message shown) when it is rejected."""
        text = self.edit.text()
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(self.combo.findData(CUSTOM))
        self.combo.blockSignals(False)
        return self._use(text)

    def _combo_changed(self) -> None:
        name = self.combo.currentData()
        if name == CUSTOM:
            self.edit.setFocus()
            self.edit.selectAll()
            return
        self.edit.setText(resolve_surface(name).formula)
        self._use(name)

    def _use(self, spec: str) -> bool:
        try:
            surface = resolve_surface(spec)
        except ExpressionError as err:
            self.error.setText(f"⚠ {err} — still showing the previous function")
            self.error.show()
            return False
        self.error.hide()
        self._spec, self.surface = spec, surface
        self.function_changed.emit(spec)
        return True
