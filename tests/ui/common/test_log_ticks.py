"""Log axes whose labels stand apart: the sequence chosen, and the views that use it."""

from __future__ import annotations

import numpy as np
import pytest

from lab.ui.common.log_ticks import label_height, log_ticks


def test_log_ticks_are_the_densest_sequence_whose_labels_stand_apart():
    low, high = np.log10(6.5), np.log10(25)
    values = log_ticks(low, high, pixels=250, line=14)
    assert values == [7, 10, 20]  # 8 and 9 would touch 10; 1-2-3-5-7 stands apart
    gaps = np.diff(np.log10(values)) * 250 / (high - low)
    assert gaps.min() >= 28
    assert log_ticks(-1.3, 0.5, pixels=60, line=14) == [0.1, 1]  # a short plot: decades
    assert log_ticks(0.0, 0.0, 100, 14) == []


def _label_gaps(plot) -> np.ndarray:
    """Pixels between neighbouring labels of ``plot``'s left axis as drawn now."""
    axis, box = plot.getAxis("left"), plot.getViewBox()
    ticks = axis._tickLevels  # what setTicks gave it (None: pyqtgraph's own minor labels)
    assert ticks, "the axis was given no labels of its own"
    at = np.array(sorted(v for v, _ in ticks[0]))
    low, high = box.viewRange()[1]
    return np.diff(at) * box.height() / (high - low)


@pytest.mark.parametrize("view", ["outlines", "layer_curves", "side_by_side"])
def test_the_inside_tabs_log_axes_label_apart_even_empty(qtbot, view):
    """An empty Inside view shows one decade in a short plot: 2 … 9 used to overprint."""
    from lab.ui.train.inside.layer_curves import LayerCurves
    from lab.ui.train.inside.outlines import HistogramOutlines
    from lab.ui.train.inside.side_by_side import SideBySide

    widget = {"outlines": HistogramOutlines, "layer_curves": LayerCurves,
              "side_by_side": SideBySide}[view]()  # fmt: skip
    qtbot.addWidget(widget)
    widget.resize(900, 260)
    widget.show()
    qtbot.waitExposed(widget)
    plots = {"outlines": lambda: [widget], "layer_curves": lambda: [widget.spread, widget.ratio],
             "side_by_side": lambda: [widget.overlay]}[view]()  # fmt: skip
    line = label_height(plots[0].getAxis("left"))
    assert line > 5
    for plot in plots:
        gaps = _label_gaps(plot)
        assert len(gaps) and gaps.min() >= 2 * line - 1e-6
