"""The histogram grid at the size a 1366×768 window gives it (issue 16, item 18): every column of
the 50-layer overflow preset is on screen, rows that do not fit scroll, the count axes' labels do
not overprint, and a 5-layer network afterwards shows all five layers."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter


@pytest.fixture
def lab(qtbot):
    from lab.ui.init.panel import InitLab

    lab = InitLab()
    qtbot.addWidget(lab)
    lab.resize(1346, 690)  # what the lab gets in a 1366×768 window
    lab.show()
    qtbot.waitExposed(lab)
    qtbot.waitUntil(lambda: lab.size() == QSize(1346, 690), timeout=5000)
    with qtbot.waitSignal(lab.computed, timeout=60_000):
        lab.load_default()
    yield lab
    lab.shutdown()


def choose(qtbot, lab, key: str) -> None:
    combo = lab.presets.combo
    with qtbot.waitSignal(lab.computed, timeout=60_000):
        combo.setCurrentIndex(combo.findData(key))
        combo.activated.emit(combo.currentIndex())


def tick_label_rects(axis) -> list:
    """Where pyqtgraph draws the axis's tick labels (its own layout of them)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [rect for rect, _flags, _text in texts]


def assert_every_plot_readable(grid) -> None:
    width = grid.viewport().width()
    for k, plot in enumerate(grid._plots):
        box = plot.sceneBoundingRect()
        assert box.left() >= 0 and box.right() <= width + 0.5, (k, box, width)  # not cut off
        assert box.bottom() <= grid.height() + 0.5, (k, box, grid.height())  # scrolls into view
        rects = tick_label_rects(plot.getAxis("left"))
        assert len(rects) >= 2, k
        for a, b in itertools.combinations(rects, 2):
            assert not a.intersects(b), (k, a, b)  # no overprinting


def scroll_area(grid):
    from PySide6.QtWidgets import QScrollArea

    parent = grid.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def test_a_deep_network_shows_every_column_and_its_rows_scroll(qtbot, lab):
    grid = lab.histograms
    choose(qtbot, lab, "overflow-linear")
    assert len(grid._plots) == 20
    assert_every_plot_readable(grid)
    area = scroll_area(grid)
    assert area is not None
    qtbot.waitUntil(area.verticalScrollBar().isVisible, timeout=5000)  # 20 rows' worth scroll
    assert grid.height() > area.viewport().height()
    assert_every_plot_readable(grid)


def test_after_a_deep_network_a_shallow_one_shows_all_its_layers(qtbot, lab):
    grid = lab.histograms
    choose(qtbot, lab, "overflow-linear")
    choose(qtbot, lab, "book-sigmoid-std1")
    assert len(grid._plots) == 5
    assert_every_plot_readable(grid)  # layer 5 was off screen until a restart
    assert len({round(p.sceneBoundingRect().top()) for p in grid._plots}) == 1  # one row
