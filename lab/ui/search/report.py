"""Search plots as PNG files without a window (the CLI's ``search --out``): the book's two
readings of a random search, drawn with pyqtgraph so the GUI can reuse the same widgets.

- ``lr_wd_scatter.png``: learning rate x weight decay on log axes, each trial coloured by its
  validation accuracy (where is the good region?); pruned and diverged trials as grey crosses.
- ``top20_curves.png``: the best 20 trials' train (dashed) and validation accuracy per epoch
  as small multiples, best first (the book's figure 6-24).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pyqtgraph as pg

from lab.engine.search.results import TrialCurves

GREY = "#9a9a9a"


class LrWdScatter(pg.GraphicsLayoutWidget):
    """Trials on log lr x log weight decay, coloured by validation accuracy, with a colour bar."""

    def __init__(self, x_key: str = "lr", y_key: str = "weight_decay"):
        super().__init__()
        self.x_key, self.y_key = x_key, y_key
        self.plot = self.addPlot(row=0, col=0)
        self.plot.setLogMode(x=True, y=True)
        self.plot.setLabel("bottom", x_key.replace("_", " "))
        self.plot.setLabel("left", y_key.replace("_", " "))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        for side in ("bottom", "left"):  # "lr (x0.001)" on a log axis misleads
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.cmap = pg.colormap.get("viridis")
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=self.cmap, interactive=False,
                                   label="validation accuracy")  # fmt: skip
        self.addItem(self.bar, row=0, col=1)

    def show_rows(self, rows: list[dict]) -> None:
        self.plot.clear()
        good = [r for r in rows if _positive(r.get(self.x_key)) and _positive(r.get(self.y_key))]
        done = [r for r in good if r["state"] == "complete" and r.get("val_acc") is not None]
        other = [r for r in good if r not in done and r["state"] in ("pruned", "diverged")]
        if done:
            acc = np.array([r["val_acc"] for r in done])
            low, high = float(acc.min()), float(max(acc.max(), acc.min() + 1e-9))
            self.bar.setLevels((low, high))
            colours = self.cmap.map((acc - low) / (high - low), mode="qcolor")
            self.plot.addItem(pg.ScatterPlotItem(
                x=[math.log10(r[self.x_key]) for r in done],
                y=[math.log10(r[self.y_key]) for r in done],
                brush=colours, pen=pg.mkPen("#333", width=0.5), size=9))
        if other:
            self.plot.addItem(pg.ScatterPlotItem(
                x=[math.log10(r[self.x_key]) for r in other],
                y=[math.log10(r[self.y_key]) for r in other],
                symbol="x", brush=GREY, pen=pg.mkPen(GREY), size=8))
        self.plot.setTitle(f"{len(done)} complete trials, {len(other)} pruned or diverged")


def _positive(value) -> bool:
    return isinstance(value, int | float) and value > 0 and math.isfinite(value)


class TopCurves(pg.GraphicsLayoutWidget):
    """Small multiples: one panel per trial, train (dashed) and validation accuracy."""

    def __init__(self, columns: int = 5):
        super().__init__()
        self.columns = columns

    def show_curves(self, curves: list[TrialCurves], param_keys: tuple[str, ...]) -> None:
        self.clear()
        for k, trial in enumerate(curves):
            plot = self.addPlot(row=k // self.columns, col=k % self.columns)
            plot.setYRange(0, 1, padding=0)
            if k < len(curves) - self.columns:  # epochs axis on the bottom row only
                plot.hideAxis("bottom")
            epochs = np.arange(1, len(trial.val_acc) + 1)
            plot.plot(epochs, trial.train_acc, pen=pg.mkPen("#1f77b4", width=1.2,
                                                            style=pg.QtCore.Qt.PenStyle.DashLine))
            plot.plot(epochs, trial.val_acc, pen=pg.mkPen("#d62728", width=1.5))
            label = ", ".join(f"{key} {_fmt(trial.params.get(key))}" for key in param_keys
                              if key in trial.params)  # fmt: skip
            final = trial.val_acc[-1] if trial.val_acc else float("nan")
            plot.setTitle(f"#{k + 1} val {final:.2f}<br>{label}", size="7pt")


def _fmt(value) -> str:
    return f"{value:.2g}" if isinstance(value, float) else str(value)


def write_search_plots(rows: list[dict], curves: list[TrialCurves],
                       folder: str | Path) -> list[Path]:  # fmt: skip
    """lr_wd_scatter.png (when the search varied lr and weight decay) and top20_curves.png."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lab.ui.app import make_application
    from lab.ui.export import export_png
    from lab.ui.style import apply_plot_style

    app = make_application()
    apply_plot_style()
    written = []
    keys = tuple(k for k in ("lr", "weight_decay", "optimizer", "batch_size")
                 if any(k in c.params for c in curves))  # fmt: skip
    widgets = []
    if any(_positive(r.get("lr")) and _positive(r.get("weight_decay")) for r in rows):
        scatter = LrWdScatter()
        scatter.resize(760, 560)
        scatter.show_rows(rows)
        widgets.append(("lr_wd_scatter", scatter))
    if curves:
        multiples = TopCurves()
        multiples.resize(1200, 200 * math.ceil(len(curves) / multiples.columns) + 20)
        multiples.show_curves(curves, keys)
        widgets.append(("top20_curves", multiples))
    for name, widget in widgets:
        widget.show()  # offscreen: lays the scene out at the widget's size before painting
        app.processEvents()
        written.append(export_png(widget, Path(folder) / f"{name}.png"))
        widget.close()
        widget.deleteLater()
    app.processEvents()
    return written
