"""The state view (issue 17, item 1): inside one optimizer, one update at a time.

A tab beside the loss plot. It follows the playback: for the chosen optimizer and the update
leaving the current step, the table lists the gradient, every quantity the optimizer keeps
(before and after the update) and the step; below, the rule with this update's numbers written
in, down to the step it gives. ``shown`` carries the same :class:`StepState` to the maps, which
draw it (lab.ui.optimize.state_arrows). All of it is computed from the run's recorded state, on
the GUI thread: a few dozen numbers per step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.optimize.step_rules import PHRASES, vec
from lab.engine.optimize.step_state import StepState, step_state
from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.common.i18n import N_, tr
from lab.ui.common.tables import ReadOnlyTable
from lab.ui.optimize.state_arrows import COLORS, StateOnMaps

HEADERS = (N_("Symbol"), N_("Before"), N_("After"), N_("Quantity"))
QUANTITY = 3
LEGEND = N_("On the map: −g red, momentum and first moments white (arrows point the way they "
            "push), second moments yellow (boxes of ±√v per axis; Adam's m̂ and v̂ "
            "bias-corrected, so an arrow's reach against its box is the step's against η), all "
            "in the gradient's units at one scale per update (the longest is a fifth of the "
            "map); the step Δθ black, step sizes orange and Schedule-Free's z white and y cyan, "
            "at the map's scale.")


class StateView(QWidget):
    """Follows the playback; emits ``shown(StepState | None)`` whenever what it shows changes."""

    shown = Signal(object)

    def __init__(self, maps: StateOnMaps | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("state-view")
        self.maps = maps  # where it is drawn (lab.ui.optimize.state_arrows)
        self.result: TrajectoryResult | None = None
        self.state: StepState | None = None
        self._step = 0
        self.optimizer = QComboBox()
        self.optimizer.setToolTip(tr("whose state to show and draw on the map"))
        self.update_label = QLabel()
        form = QFormLayout()
        form.addRow(tr("Optimizer"), self.optimizer)
        form.addRow(tr("Update"), self.update_label)
        self.table = ReadOnlyTable(tuple(tr(h) for h in HEADERS))
        self.rule = QPlainTextEdit()
        self.rule.setReadOnly(True)
        self.rule.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.rule.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.rule)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        self.optimizer.currentIndexChanged.connect(lambda _: self._refresh())
        if maps is not None:
            self.shown.connect(maps.show)

    def follow(self, tabs: QTabWidget) -> None:
        """The maps draw the state while this view is the tab shown (else they are clear)."""
        tabs.currentChanged.connect(
            lambda _: self.maps.set_visible(tabs.currentWidget() is self))

    def index(self) -> int:
        return max(self.optimizer.currentIndex(), 0)

    def set_result(self, result: TrajectoryResult, colors: list[str]) -> None:
        """A new run: the same optimizer stays chosen while its label is still there."""
        chosen = self.optimizer.currentText()
        self.result = result
        self.optimizer.blockSignals(True)
        self.optimizer.clear()
        for label, color in zip(result.labels, colors, strict=True):
            self.optimizer.addItem(label)
            self.optimizer.setItemData(self.optimizer.count() - 1, QColor(color),
                                       Qt.ItemDataRole.ForegroundRole)
        self.optimizer.setCurrentIndex(max(self.optimizer.findText(chosen), 0))
        self.optimizer.blockSignals(False)
        self._refresh()

    def set_step(self, step: int) -> None:
        self._step = step
        self._refresh()

    def _refresh(self) -> None:
        state = None
        if self.result is not None and self.result.labels:
            state = step_state(self.result, self.index(), self._step)
        self.state = state
        self._show_table(state)
        self.shown.emit(state)

    def _show_table(self, state: StepState | None) -> None:
        if state is None:
            self.table.setRowCount(0)
            self.update_label.setText(tr("no recorded state"))
            self.rule.setPlainText("")
            return
        self.update_label.setText(tr("{update}: from step {before} to {after}").format(
            update=state.update, before=state.update - 1, after=state.update))
        self.table.setRowCount(len(state.quantities))
        for r, q in enumerate(state.quantities):
            before = "—" if q.before is None else _text(q.before)
            cells = (q.symbol, before, _text(q.after), tr(q.title))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == QUANTITY:
                    item.setToolTip(f"{tr(q.title)}: {q.formula}")
                if c == 0:
                    item.setForeground(QColor(_color(q.symbol)))
                self.table.setItem(r, c, item)
        self.rule.setPlainText("\n".join((tr("This update:"), *self._worked(state), "",
                                           tr("The rule:"), tr(state.rule), "", tr(LEGEND))))

    def _worked(self, state: StepState) -> list[str]:
        """The worked lines in the interface's language: their few words are the engine's
        fixed phrases (lab.engine.optimize.step_rules.PHRASES), each translated where it is."""
        lines = []
        for line in state.worked:
            for phrase in PHRASES.values():
                line = line.replace(phrase.note, tr(phrase.note))
            lines.append(line)
        return lines


def _text(value) -> str:
    return vec(value) if len(value) == 2 else f"{value[0]:.4g}"


def _color(symbol: str) -> str:
    """The table's symbol in its colour on the map."""
    if symbol == "g":
        return COLORS["−g"]
    if symbol in ("Δθ", "s"):
        return "#e65100" if symbol == "s" else "#000000"
    return "#1565c0" if symbol in ("b", "B", "m", "ḡ", "z", "y") else "#7b1fa2"
