"""Small multiples of training accuracy: one plot per group of runs that share a numeric suffix
(``batchnorm-03`` and ``plain-03``), as the book's 4x4 batch-norm figure; otherwise one plot per
run. Solid: the group's first run; dashed: the others."""

from __future__ import annotations

import math
import re

import pyqtgraph as pg
from PySide6.QtCore import Qt

from lab.engine.train.history import HistorySnapshot

_SUFFIX = re.compile(r"^(.*)-(\d+)$")


def group_runs(names: list[str]) -> dict[str, list[str]]:
    """{group key: run names}; runs without a numeric suffix stand alone."""
    groups: dict[str, list[str]] = {}
    for name in names:
        match = _SUFFIX.match(name)
        groups.setdefault(match.group(2) if match else name, []).append(name)
    return groups


def grid_titles(entries) -> dict[str, str]:
    """Each run's plot title: its group's name and the weight std its initializer draws (the
    book's figure is titled by W std)."""
    return {e.name: f"{e.name.rsplit('-', 1)[0] if e.name[-1].isdigit() else e.name} · "
                    f"W std {e.config.model.init.theoretical_std(100, 100):.2g}"
            for e in entries}  # fmt: skip


class AccuracyGrid(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("accuracy-grid")
        self.setBackground("w")
        self._key: tuple = ()
        self.plots: dict[str, pg.PlotItem] = {}

    def show_runs(self, histories: dict[str, HistorySnapshot], colors: dict[str, str],
                  titles: dict[str, str]) -> None:
        groups = group_runs(list(histories))
        key = tuple((g, tuple(names)) for g, names in groups.items())
        if key != self._key:
            self._rebuild(groups, titles)
            self._key = key
        for group, names in groups.items():
            plot = self.plots[group]
            plot.clear()
            for k, name in enumerate(names):
                h = histories[name]
                style = Qt.PenStyle.SolidLine if k == 0 else Qt.PenStyle.DashLine
                plot.plot(h.eval_epoch, h.train_acc,
                          pen=pg.mkPen(colors[name], width=2, style=style))

    def _rebuild(self, groups: dict[str, list[str]], titles: dict[str, str]) -> None:
        self.clear()
        self.plots = {}
        columns = max(1, math.ceil(math.sqrt(len(groups))))
        for i, (group, names) in enumerate(groups.items()):
            plot = self.addPlot(row=i // columns, col=i % columns)
            plot.setTitle(titles.get(names[0], group), size="8pt")
            plot.setYRange(0, 1)
            plot.setMenuEnabled(False)
            self.plots[group] = plot
