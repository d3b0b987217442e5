"""A form built from a config's field declarations (lab.engine.core.fields).

Each declared field gets the widget its kind calls for (a combo for choices, a check box for
flags, a line for numbers and lists), its help and range as the tooltip, and its label. Fields
that hold an optimizer, schedule or initializer become a choice of the registry entry plus a
field per parameter, with the hints the optimizer lab shows. Numbers and lists are
number fields (lab.ui.common.fields) checked by their declaration: a bad value turns red with
its problem as the tooltip. :meth:`ConfigForm.build` turns the widgets back into a
config through the same validation as files: (config, every problem). An untouched form builds
a config equal to the one it was given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core import fields as F
from lab.engine.core import initializers, optimizers, schedules
from lab.engine.core.field_values import num_text
from lab.engine.core.specs import parse_spec
from lab.ui.common.fields import NumberField
from lab.ui.common.i18n import N_, tr


@dataclass(frozen=True)
class SpecChoice:
    """How a spec field is edited: its registry, parameter declarations, constructor and
    the tooltip of each entry."""

    registry: dict
    params: dict[str, F.Decl]
    make: Callable
    tooltip: Callable[[object], str]
    flags: frozenset = frozenset()

    def values(self, config) -> dict:
        return dict(config.hyper) if hasattr(config, "hyper") else dict(config.params)


SPEC_CHOICES: dict[Callable, SpecChoice] = {
    optimizers.parse_optimizer: SpecChoice(
        optimizers.OPTIMIZERS, optimizers.PARAMS, optimizers.make_optimizer,
        lambda s: f"<b>{tr(s.title)}</b> ({s.reference})<pre>{tr(s.rule)}</pre>",
        optimizers.FLAGS),
    schedules.parse_schedule: SpecChoice(
        schedules.SCHEDULES, schedules.PARAMS, schedules.make_schedule,
        lambda s: f"{tr(s.formula)}\n(torch: {s.torch_equivalent})"),  # notr
    initializers.parse_init: SpecChoice(
        initializers.INITIALIZERS, initializers.PARAMS, initializers.make_init,
        lambda s: tr(s.formula)),
}  # fmt: skip


def range_tooltip(decl: F.Decl) -> str:
    """``decl.range_text()`` in the interface language: the bounds a number must keep."""
    low, high = decl.low, decl.high
    if low is not None and high is not None:
        interval = (f"{'(' if decl.low_open else '['}{num_text(low)}, {num_text(high)}"
                    f"{')' if decl.high_open else ']'}")  # fmt: skip
        return tr("must lie in {interval}").format(interval=interval)
    if low == 0:
        return tr("must be positive") if decl.low_open else tr("must not be negative")
    if low is not None:
        return tr("must be {op} {value}").format(op=">" if decl.low_open else "≥",
                                                 value=num_text(low))
    if high is not None:
        return tr("must be {op} {value}").format(op="<" if decl.high_open else "≤",
                                                 value=num_text(high))
    return ""


def tooltip(decl: F.Decl) -> str:
    """A field's tooltip (as ``decl.tooltip()``): its help, then the range of a number, in the
    interface language."""
    parts = [tr(decl.help)] if decl.help else []
    if decl.kind in ("int", "float", "ints", "floats") and decl.range_text():
        bounds = range_tooltip(decl)
        parts.append(tr("each {bounds}").format(bounds=bounds)
                     if decl.kind in ("ints", "floats") else bounds)
    return "; ".join(parts)


def show(value) -> str:
    """A value as the text that reads back to exactly it (repr: the shortest exact float)."""
    if isinstance(value, tuple | list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return "" if value is None else str(value)


def number_field(decl: F.Decl, key: str, value) -> NumberField:
    """The field of a declared number or list of numbers: checked by ``decl``, shown exactly,
    its help and range as the tooltip."""
    field = NumberField(value, decl=decl, key=key, shown=show)
    field.setMaximumWidth(16777215)
    field.setToolTip(tooltip(decl))
    return field


class SpecEditor(QWidget):
    """A registry entry chosen from a combo, and a field per parameter of that entry.
    ``changed`` fires as text is typed (``live``) or when a field is committed (Enter or
    focus-out: a lab that recomputes on every change)."""

    changed = Signal()

    def __init__(self, choice: SpecChoice, config, parent: QWidget | None = None,
                 live: bool = True):  # fmt: skip
        super().__init__(parent)
        self.choice, self._original, self._live = choice, config, live
        self.combo = QComboBox()
        for name, spec in choice.registry.items():
            self.combo.addItem(tr(spec.title), name)
            self.combo.setItemData(self.combo.count() - 1, choice.tooltip(spec),
                                   Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        self.form = QFormLayout()
        self.form.setContentsMargins(12, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addLayout(self.form)
        self.fields: dict[str, QWidget] = {}
        self._load(config.name, choice.values(config))
        self.combo.currentIndexChanged.connect(self._chosen)

    def name(self) -> str:
        return self.combo.currentData()

    def load(self, config) -> None:
        """Show ``config``: untouched, :meth:`build` gives it back."""
        self._original = config
        self._load(config.name, self.choice.values(config))

    def _load(self, name: str, values: dict) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(self.combo.findData(name), 0))
        self.combo.blockSignals(False)
        self.combo.setToolTip(self.choice.tooltip(self.choice.registry[self.name()]))
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields.clear()
        for key, default in self.choice.registry[self.name()].defaults.items():
            decl = self.choice.params[key]
            value = values.get(key, default)
            if key in self.choice.flags:
                widget = QCheckBox()
                widget.setChecked(bool(value))
                widget.toggled.connect(self.changed)
            elif decl.kind == "choice":
                widget = _combo(decl.choices, str(value))
                widget.currentIndexChanged.connect(self.changed)
            else:
                widget = number_field(decl, key, value)
                if self._live:
                    widget.textEdited.connect(self.changed)
                else:
                    widget.committed.connect(self.changed)
                    widget.rejected.connect(self.changed)
            widget.setToolTip(tooltip(decl))
            self.fields[key] = widget
            self.form.addRow(key, widget)  # notr: the parameter's name, as in files and torch

    def _chosen(self) -> None:
        # a new entry starts from its registry defaults; the learning rate carries over
        lr = self.fields.get("lr")
        self._load(self.name(), {"lr": lr.plain()} if isinstance(lr, NumberField)
                   and "lr" in self.choice.registry[self.name()].defaults else {})  # fmt: skip
        self.changed.emit()

    def setText(self, text: str) -> None:  # noqa: N802 - reads like QLineEdit.setText
        """Load ``name:key=value`` text (as the CLI takes it) into the choice and fields."""
        name, params = parse_spec(text, ValueError, lambda key, raw: raw)
        self._load(name if name in self.choice.registry else self.name(), params)

    def plain(self) -> str:
        """The entry and its parameters as ``name:key=value`` text, as typed (saved settings
        keep what the user sees; reading them back names any problem)."""
        from lab.engine.core.specs import format_spec

        return format_spec(self.name(), list(self._values().items()))

    def _values(self) -> dict:
        values = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QCheckBox):
                values[key] = float(widget.isChecked())
            elif isinstance(widget, QComboBox):
                values[key] = widget.currentText()
            else:
                plain = widget.plain()
                values[key] = tuple(plain) if isinstance(plain, list) else plain
        return values

    def build(self) -> tuple[object | None, list[str]]:
        """(config, []) or (None, problems), each bad field marked; untouched, the config
        given at the start."""
        problems = [p for w in self.fields.values() if isinstance(w, NumberField)
                    for p in w.read()[1]]  # fmt: skip
        if problems:
            return None, problems
        params = self._values()
        original = self._original
        if self.name() == original.name and params == self.choice.values(original):
            return original, []
        try:
            return self.choice.make(self.name(), **params), []
        except ValueError as err:
            return None, [str(err)]


class ConfigForm(QWidget):
    """Widgets for every declared, user-facing field of ``config``; nested tables become
    their own group. ``groups`` places fields: [(title, [keys])]; the rest go after them.
    ``labels``: a row's label by key (marked with ``N_``, shown translated); without one a row
    is labelled with its key, as run files spell it."""

    changed = Signal()

    def __init__(self, config, groups: list[tuple[str, list[str]]] | None = None,
                 columns: int = 2, parent: QWidget | None = None,
                 labels: dict[str, str] | None = None):  # fmt: skip
        super().__init__(parent)
        self.config = config
        self.decls = {k: d for k, d in F.declarations(config).items() if d.plain}
        self.widgets: dict[str, QWidget] = {}
        self.tables: dict[str, ConfigForm] = {}
        placed = [k for _, keys in groups or [] for k in keys]
        rest = [k for k, d in self.decls.items() if k not in placed and d.kind != "table"]
        sections = [(t, list(keys)) for t, keys in groups or []]
        if rest:
            sections.insert(0, ("", rest)) if not groups else sections.append((N_("More"), rest))
        sections += [(k, [k]) for k, d in self.decls.items()
                     if d.kind == "table" and k not in placed]  # fmt: skip
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (title, keys) in enumerate(sections):
            box = QGroupBox(tr(title.replace("_", " ").capitalize())) if title else QWidget()
            form = QFormLayout(box)
            if not title:  # the whole form is one section: no frame around it
                form.setContentsMargins(0, 0, 0, 0)
            for key in keys:
                decl = self.decls[key]
                if decl.kind == "table":
                    nested = ConfigForm(getattr(config, key), parent=box)
                    nested.changed.connect(self.changed)
                    self.tables[key] = nested
                    form.addRow(nested)
                    continue
                widget = self._widget(key, decl, getattr(config, key))
                widget.setToolTip(tooltip(decl))
                self.widgets[key] = widget
                label = tr(labels[key]) if labels and key in labels else \
                    key.replace("_", " ")  # notr: the key in run files
                form.addRow(label, widget)
            grid.addWidget(box, i // columns, i % columns)

    def _widget(self, key: str, decl: F.Decl, value) -> QWidget:
        if decl.kind == "spec":
            widget = SpecEditor(SPEC_CHOICES[decl.parse], value)
            widget.changed.connect(self.changed)
        elif decl.kind == "bool":
            widget = QCheckBox()
            widget.setChecked(bool(value))
            widget.toggled.connect(self.changed)
        elif decl.kind == "choice":
            widget = _combo(decl.choices, value)
            widget.currentIndexChanged.connect(self.changed)
        elif decl.kind in ("int", "float", "ints", "floats"):
            widget = number_field(decl, key, value)
            widget.textEdited.connect(self.changed)
        else:
            widget = QLineEdit(show(value))
            if decl.optional:
                widget.setPlaceholderText(tr("(none)"))
            widget.textEdited.connect(self.changed)
        return widget

    def field(self, path: str) -> QWidget:
        """The widget of ``"batch_size"`` or ``"model.hidden"``."""
        head, _, rest = path.partition(".")
        return self.tables[head].field(rest) if rest else self.widgets[head]

    def plain(self) -> tuple[dict, list[str]]:
        """The widgets' values as plain data (spec fields as built configs), and the problems
        of the spec fields (the rest are checked by the declarations)."""
        data, problems = {}, []
        for key, widget in self.widgets.items():
            decl = self.decls[key]
            if isinstance(widget, SpecEditor):
                config, found = widget.build()
                problems += [p if p.startswith(key) else f"{key}: {p}" for p in found]
                data[key] = config if config is not None else getattr(self.config, key)
            elif isinstance(widget, QCheckBox):
                data[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                data[key] = widget.currentText()
            elif isinstance(widget, NumberField):
                widget.read()  # marks a bad value; from_plain lists its problem
                data[key] = widget.plain()
            else:
                text = widget.text().strip()
                data[key] = None if decl.optional and not text else text
        for key, nested in self.tables.items():
            built, found = nested.build()
            problems += [f"{key}: {p}" for p in found]
            data[key] = built if built is not None else getattr(self.config, key)
        return data, problems

    def build(self) -> tuple[object | None, list[str]]:
        """(config, []) or (None, every problem): the declarations check each value."""
        data, problems = self.plain()
        found: list[str] = []
        config = F.from_plain(type(self.config), data, found, base=self.config)
        problems += found
        return (None, problems) if problems else (config, [])


def _combo(items, current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(items))
    combo.setCurrentText(current)
    return combo
