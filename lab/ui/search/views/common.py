"""What every search view shares: which trials are drawn how, the colour scale, the tooltip,
where a parameter's value sits on an axis, and the selection ring.

A trial is *done* (complete, with a validation accuracy: coloured by it) or *stopped* (pruned,
diverged or failed: a grey cross, so a reader never mistakes a cut-short run for a bad
configuration). Running and waiting trials are not drawn until they finish.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QWidget

from lab.engine.search.results import accuracy_text, finite
from lab.ui.common.i18n import tr
from lab.ui.search.trials_table import state_title

GREY = "#9a9a9a"
SELECTED = "#e8336d"  # the selection ring: visible on white and on the dark theme's grey
STOPPED = ("pruned", "diverged", "failed")
CMAP_NAME = "viridis"
SHADES = 64  # colour steps of the accuracy scale (finer than the eye tells apart)


def is_done(row: dict) -> bool:
    return row.get("state") == "complete" and finite(row.get("val_acc"))


def is_stopped(row: dict) -> bool:
    return row.get("state") in STOPPED


def label(name: str) -> str:
    """A parameter's axis label: ``weight_decay`` reads "weight decay". Parameter names are
    codes (the space editor and the CSV use them), shown as they are in every language."""
    return name.replace("_", " ")


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return "-" if value is None else str(value)


def tooltip(row: dict, params) -> str:
    """Trial number, its parameters and its validation accuracy (and why it stopped)."""
    lines = [tr("trial #{n}").format(n=row["number"])]
    lines += [f"{label(p)}: {fmt(row.get(p))}" for p in params if row.get(p) is not None]
    acc = row.get("val_acc")
    lines.append(tr("val acc: {acc}").format(acc=accuracy_text(acc)))
    if row.get("state") != "complete":
        lines.append(tr("state: {state}").format(state=state_title(str(row.get("state")))))
    return "\n".join(lines)


def acc_levels(rows, fit: bool = False) -> tuple[float, float]:
    """The colour scale's (low, high): the whole 0-1 accuracy scale, so a colour means the
    same accuracy in every study and at every refresh (fitted to a poor search's 10-32 %, yellow
    meant 32 %); with ``fit``, the done trials' range (never empty), to tell close trials
    apart."""
    acc = [r["val_acc"] for r in rows if is_done(r)]
    if not fit or not acc:
        return 0.0, 1.0
    low, high = min(acc), max(acc)
    return float(low), float(max(high, low + 1e-9))


def colormap() -> pg.ColorMap:
    return pg.colormap.get(CMAP_NAME)


def acc_colours(cmap: pg.ColorMap, acc, levels: tuple[float, float]) -> list:
    """One colour per accuracy, from SHADES steps of ``cmap``: the same few brushes come back
    on every refresh, so pyqtgraph's symbol atlas draws each shade once, not every point."""
    low, high = levels
    table = _shades(cmap)
    index = np.clip((np.asarray(acc, float) - low) / (high - low), 0, 1) * (SHADES - 1)
    return [table[int(k)] for k in np.rint(np.nan_to_num(index))]


_SHADE_TABLES: dict[str, list] = {}


def _shades(cmap: pg.ColorMap) -> list:
    if cmap.name not in _SHADE_TABLES:
        _SHADE_TABLES[cmap.name] = [pg.mkBrush(c) for c in
                                   cmap.map(np.linspace(0, 1, SHADES), mode="qcolor")]
    return _SHADE_TABLES[cmap.name]


def categories(snapshot, param: str) -> list | None:
    """The choices of a categorical parameter (the space's order); None for a numeric one.
    Without the space's choices, a parameter with any non-number value is categorical."""
    declared = getattr(snapshot, "choices", {}).get(param)
    if declared:
        return list(declared)
    values = [r.get(param) for r in snapshot.rows if r.get(param) is not None]
    if all(finite(v) for v in values):
        return None
    seen = list(dict.fromkeys(values))
    try:
        return sorted(seen)
    except TypeError:
        return seen


def position(value, log: bool, cats: list | None) -> float:
    """Where ``value`` sits on its axis: log10 on a log axis, the choice's index on a
    categorical one; NaN when it cannot be drawn (missing, or <= 0 on a log axis)."""
    if cats is not None:
        return float(cats.index(value)) if value in cats else math.nan
    if not finite(value):
        return math.nan
    if log:
        return math.log10(value) if value > 0 else math.nan
    return float(value)


def colour_bar(layout: pg.GraphicsLayout, cmap: pg.ColorMap, row: int, col: int):
    """A vertical colour bar of validation accuracy at ``row`` + 1, ``col`` of ``layout``, its
    title laid out horizontally above it at ``row``: a title along a vertical bar is rotated,
    and rotated Chinese (or any CJK) text is read with the head turned. Latin titles wrap at
    their spaces to stay as narrow as the bar's ticks. Returns (bar, title)."""
    bar = pg.ColorBarItem(values=(0, 1), colorMap=cmap, interactive=False)
    words = tr("validation accuracy")
    title = pg.LabelItem("<br>".join(words.split()) if " " in words else words, size="8pt",
                         justify="center")  # fmt: skip
    # as small as its text: the bar below takes the height, the plot beside it the width
    title.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    layout.addItem(title, row=row, col=col)
    layout.addItem(bar, row=row + 1, col=col)
    layout.layout.setRowStretchFactor(row, 0)
    layout.layout.setRowStretchFactor(row + 1, 1)
    return bar, title


def ring() -> pg.ScatterPlotItem:
    """The selected trial's marker: a thick ring over its point, drawn on top."""
    item = pg.ScatterPlotItem(size=17, symbol="o", brush=None, pen=pg.mkPen(SELECTED, width=2.5))
    item.setZValue(10)
    return item


class TrialView(QWidget):
    """The interface of every search view (see lab/ui/search/panel.py)."""

    trial_clicked = Signal(int)

    def set_colour_fit(self, fit: bool) -> None:
        """Colours on the whole 0-1 scale (False) or fitted to the trials (a view without an
        accuracy colour scale has nothing to do)."""

    def show_trials(self, snapshot) -> None:  # pragma: no cover - every view overrides
        raise NotImplementedError

    def select_trial(self, number: int | None) -> None:  # pragma: no cover
        raise NotImplementedError

    def export_widget(self) -> QWidget:  # pragma: no cover
        raise NotImplementedError
