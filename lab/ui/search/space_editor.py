"""The search-space editor: one row per parameter (name; log, linear or choices; low and high,
or the choices), read into the engine's FloatParam / ChoiceParam.

A view of the search lab's settings (:mod:`lab.ui.search.settings`): ``edited`` carries the
rows as read after every edit the user makes; the settings check every value by the engine's one
check (SearchConfig.value_problems, the same check a session file, saved settings, the CLI and a
stored study get) and hand back what is wrong, shown under the table: a choice or bound the
trainer cannot use (optimizer "foo", batch size 0, an unknown initializer) gets one message, in
the user's language, and nothing starts.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.search.space import PARAM_NAMES, ChoiceParam, FloatParam, Param
from lab.ui.common.i18n import N_, tr

SCALES = ("log", "linear", "choices")
COLUMNS = (N_("Parameter"), N_("Scale"), N_("Low"), N_("High"), N_("Choices"))


def scale_title(scale: str) -> str:
    return {"log": tr("log"), "linear": tr("linear"), "choices": tr("choices")}[scale]


def parse_choice(text: str):
    """'100' -> 100, '0.5' -> 0.5, 'adam' -> 'adam' (choices keep their type in the study)."""
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def format_number(value: float) -> str:
    return f"{value:g}"


class SpaceEditor(QWidget):
    """Rows of parameters; ``edited(space, problems)`` after the user's every edit."""

    edited = Signal(tuple, list)  # the rows as read (FloatParam / ChoiceParam), rows unread

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):  # short numbers: 1e-06
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 64)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(190)
        self.add_button = QPushButton(tr("Add parameter"))
        self.remove_button = QPushButton(tr("Remove"))
        self.add_button.clicked.connect(lambda: self.add_row(FloatParam("dropout", 0.0, 0.5)))
        self.remove_button.clicked.connect(self.remove_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b")
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    # ---- rows -------------------------------------------------------------------------------
    def load(self, space: tuple[Param, ...]) -> None:
        """Show ``space`` (not an edit: nothing is emitted)."""
        self.table.setRowCount(0)
        for param in space:
            self.add_row(param, emit=False)
        self.show_problems([])

    def add_row(self, param: Param, emit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QComboBox()
        name.addItems(PARAM_NAMES)
        name.setCurrentText(param.name)
        scale = QComboBox()
        for key in SCALES:
            scale.addItem(scale_title(key), key)
        is_float = isinstance(param, FloatParam)
        scale.setCurrentIndex(SCALES.index(("log" if param.log else "linear") if is_float
                                           else "choices"))  # fmt: skip
        low = QLineEdit(format_number(param.low) if is_float else "")
        high = QLineEdit(format_number(param.high) if is_float else "")
        choices = QLineEdit("" if is_float else ", ".join(str(c) for c in param.choices))
        for column, widget in enumerate((name, scale, low, high, choices)):
            self.table.setCellWidget(row, column, widget)
        name.currentIndexChanged.connect(self._tell)
        scale.currentIndexChanged.connect(lambda _i: self._enable(scale))
        for edit in (low, high, choices):
            edit.textEdited.connect(self._tell)
        self._enable(scale, emit=False)
        if emit:
            self._tell()

    def _enable(self, scale: QComboBox, emit: bool = True) -> None:
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, 1) is scale:
                choices = scale.currentData() == "choices"
                self.table.cellWidget(row, 2).setEnabled(not choices)
                self.table.cellWidget(row, 3).setEnabled(not choices)
                edit = self.table.cellWidget(row, 4)
                edit.setEnabled(choices)
                edit.setPlaceholderText(tr("e.g. sgd, adam") if choices else "")
        if emit:
            self._tell()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount():
            rows = [self.table.rowCount() - 1]
        for row in rows:
            self.table.removeRow(row)
        self._tell()

    def _tell(self, *_args) -> None:
        self.edited.emit(*self.space())

    def set_editable(self, editable: bool) -> None:
        self.table.setEnabled(editable)
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)

    # ---- reading ----------------------------------------------------------------------------
    def cell_text(self, row: int, column: int) -> str:
        widget = self.table.cellWidget(row, column)
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text()

    def space(self) -> tuple[tuple[Param, ...], list[str]]:
        """(parameters, problems): a row that cannot be read is a problem, never skipped."""
        params, problems = [], []
        for row in range(self.table.rowCount()):
            name = self.cell_text(row, 0)
            scale = self.table.cellWidget(row, 1).currentData()
            if scale == "choices":
                items = [t for t in self.cell_text(row, 4).split(",") if t.strip()]
                if not items:
                    problems.append(tr("{name}: give the choices, separated by commas")
                                    .format(name=name))
                    continue
                params.append(ChoiceParam(name, tuple(parse_choice(t) for t in items)))
                continue
            bounds = []
            for column, label in ((2, tr("low")), (3, tr("high"))):
                text = self.cell_text(row, column).strip()
                try:
                    value = float(text)
                    if not math.isfinite(value):
                        raise ValueError
                    bounds.append(value)
                except ValueError:
                    problems.append(tr("{name}: {which} '{text}' is not a number")
                                    .format(name=name, which=label, text=text))
            if len(bounds) == 2:
                params.append(FloatParam(name, bounds[0], bounds[1], log=scale == "log"))
        return tuple(params), problems

    def show_problems(self, problems: list[str]) -> None:
        self.message.setText("\n".join(problems))
        self.message.setVisible(bool(problems))
