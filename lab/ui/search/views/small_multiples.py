"""The best trials' train (dashed) and validation accuracy per epoch as small multiples, best
first: the book's figure 6-24. Every cell has the same 0-1 accuracy scale, so cells compare at a
glance (a gap between the curves is overfitting; a late rise says more epochs would help).

:class:`CurvesGrid` is the figure alone (the CLI's ``top20_curves.png`` draws it too);
:class:`SmallMultiplesView` feeds it the snapshot's best 20 and makes cells clickable.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lab.engine.search.results import TrialCurves, accuracy_text
from lab.ui.common.i18n import tr
from lab.ui.common.style import plot_title
from lab.ui.search.views.common import SELECTED, TrialView, fmt, is_done, label, tooltip

TRAIN, VAL = "#1f77b4", "#d62728"
COUNT = 20
TITLE_PARAMS = 2  # the cell title's second line: the first two parameters (hover shows all)


class CurvesGrid(pg.GraphicsLayoutWidget):
    """Up to ``count`` cells of ``columns`` per row; cells are made once and refilled."""

    trial_clicked = Signal(int)

    def __init__(self, columns: int = 5, count: int = COUNT):
        super().__init__()
        self.columns = columns
        self.count = count
        # cells are made when first needed: 20 plots cost ~0.4 s, which a launch should not
        # pay for a tab that is not on screen
        self.cells: list[pg.PlotItem] = []
        self.numbers: list[int] = []  # the trial shown in each cell, in order
        self._shown = -1
        self._selected: int | None = None
        # the key to the line styles, above the cells (the book's figure says it in its caption)
        self.key = pg.LabelItem(
            f"<span style='color:{TRAIN}'>- - - {tr('train')}</span>&nbsp;&nbsp;&nbsp;"
            f"<span style='color:{VAL}'>&#8212;&#8212; {tr('validation')}</span>", size="8pt")
        self.scene().sigMouseClicked.connect(self._clicked)

    def show_curves(self, curves: list[TrialCurves], param_keys: tuple[str, ...],
                    rows: dict[int, dict] | None = None) -> None:  # fmt: skip
        """One cell per trial of ``curves`` (best first); ``param_keys`` go in the titles and
        ``rows`` (number -> row) give the hover text."""
        curves = curves[:self.count]
        while len(self.cells) < len(curves):
            self.cells.append(_cell())
        if len(curves) != self._shown:
            self._lay_out(len(curves))
        self.numbers = [c.number for c in curves]
        for plot, trial in zip(self.cells, curves, strict=False):
            shown = (trial.number, trial.train_acc, trial.val_acc)
            if shown != plot.shown:  # a finished trial's curves never change: keep the cell
                plot.shown = shown
                plot.train.setData(np.arange(1, len(trial.train_acc) + 1),
                                   np.array(trial.train_acc))  # fmt: skip
                plot.val.setData(np.arange(1, len(trial.val_acc) + 1), np.array(trial.val_acc))
            params = "  ".join(f"{short(k)} {fmt2(trial.params[k])}"
                               for k in [k for k in param_keys if k in trial.params][:TITLE_PARAMS])
            final = trial.val_acc[-1] if trial.val_acc else math.nan
            title = tr("#{n} val {acc}").format(n=trial.number, acc=accuracy_text(final, 2))
            title += f"<br>{params or '&nbsp;'}"  # two lines in every cell: rows stay level
            if title != plot.title_text:
                plot.title_text = title
                plot_title(plot, title, 7)
                plot.titleLabel.setMinimumWidth(0)  # a long title must not widen its column
                row = (rows or {}).get(trial.number)
                plot.vb.setToolTip(tooltip(row, param_keys) if row else "")
        self.select(self._selected)

    def _lay_out(self, shown: int) -> None:
        """Place ``shown`` cells; the accuracy axis only left of the first column, the epoch
        axis under every cell of a row that ends a column (every cell shares both scales).
        Whole rows: a row whose cells had an axis or not by column would draw its plots at
        different heights (with 7 cells, 0 and 1 above 2, 3 and 4)."""
        self.ci.clear()
        if shown:
            self.addItem(self.key, row=0, col=0, colspan=self.columns)
        first_axis_row = max(shown - self.columns, 0) // self.columns  # a cell ends a column
        for k, plot in enumerate(self.cells[:shown]):
            self.addItem(plot, row=k // self.columns + 1, col=k % self.columns)
            plot.showAxis("bottom", k // self.columns >= first_axis_row)
            plot.showAxis("left", k % self.columns == 0)
        self._shown = shown

    def select(self, number: int | None) -> None:
        """Frame the cell of trial ``number`` (none when it is not among the cells)."""
        self._selected = number
        for plot, n in zip(self.cells, self.numbers, strict=False):
            plot.vb.setBorder(pg.mkPen(SELECTED, width=3) if n == number else None)

    def _clicked(self, event) -> None:
        for plot, n in zip(self.cells, self.numbers, strict=False):
            if plot.scene() is not None and plot.sceneBoundingRect().contains(event.scenePos()):
                self.trial_clicked.emit(n)
                return


def _cell() -> pg.PlotItem:
    """One cell: the 0-1 accuracy scale, a dashed train and a solid validation curve."""
    plot = pg.PlotItem()
    plot.setYRange(0, 1, padding=0)
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
    dash = pg.mkPen(TRAIN, width=1.2, style=Qt.PenStyle.DashLine)
    plot.train = plot.plot(pen=dash)  # type: ignore[attr-defined]
    plot.val = plot.plot(pen=pg.mkPen(VAL, width=1.5))  # type: ignore[attr-defined]
    plot.title_text = None  # type: ignore[attr-defined]
    plot.shown = None  # type: ignore[attr-defined]
    return plot


def short(name: str) -> str:
    """A parameter's name in a cell title, abbreviated where it is long (a code, like the
    parameter names themselves)."""
    shorts = {"weight_decay": "wd", "momentum": "mom", "optimizer": "opt", "batch_size": "batch",
              "dropout": "drop"}  # fmt: skip
    return shorts.get(name) or label(name)


def fmt2(value) -> str:
    return f"{value:.2g}" if isinstance(value, float) else fmt(value)


def best_curves(snapshot, count: int = COUNT) -> list[TrialCurves]:
    """The ``count`` complete trials with the highest final validation accuracy, best first."""
    done = sorted((r for r in snapshot.rows if is_done(r) and r["number"] in snapshot.curves),
                  key=lambda r: (-r["val_acc"], r["number"]))  # fmt: skip
    return [snapshot.curves[r["number"]] for r in done[:count]]


class SmallMultiplesView(TrialView):
    """The best 20 trials' curves; clicking a cell selects its trial."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = CurvesGrid()
        self.grid.trial_clicked.connect(self.trial_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid)

    def show_trials(self, snapshot) -> None:
        rows = {r["number"]: r for r in snapshot.rows}
        self.grid.show_curves(best_curves(snapshot), tuple(snapshot.params), rows)

    def select_trial(self, number: int | None) -> None:
        self.grid.select(number)

    def export_widget(self) -> QWidget:
        return self.grid
