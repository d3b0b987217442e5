"""What the optimizer lab's sweep, readout and schedule say (issue 16, item 20): the sweep marks
each optimizer's rate in use and labels both ends of its range; the readout names its tolerance
and shows its Status column whole at the default size; a warm-up as long as the run says that
the cosine never starts."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter


@pytest.fixture
def lab(qtbot):
    """The optimizer lab alone, at the size a 1366×768 window gives it, on the book's preset."""
    from lab.ui.optimize.panel import OptimizerLab

    lab = OptimizerLab()
    qtbot.addWidget(lab)
    lab.resize(1346, 690)
    lab.show()
    qtbot.waitExposed(lab)
    qtbot.waitUntil(lambda: lab.size() == QSize(1346, 690), timeout=5000)
    with qtbot.waitSignal(lab.computed, timeout=120_000):  # a cold kernel cache compiles
        lab.load_default()
    yield lab
    lab.shutdown()


def enter(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def drawn_tick_labels(axis) -> list[str]:
    """The tick labels pyqtgraph actually draws (it drops those that would stick out)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in texts]


def marks(lab) -> dict[str, float]:
    """The sweep's current-rate lines: colour -> learning rate."""
    return {QColor(m.pen.color()).name(): 10 ** m.value() for m in lab.sweep._marks}


def run_sweep(qtbot, lab) -> None:
    """Open the sweep tab and click Run sweep, as a user does."""
    bar = lab.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert lab.tabs.currentWidget() is lab.sweep
    with qtbot.waitSignal(lab.sweep_computed, timeout=30_000):
        qtbot.mouseClick(lab.sweep.run, Qt.MouseButton.LeftButton)


def test_the_sweep_labels_both_ends_of_its_range(qtbot, lab):
    run_sweep(qtbot, lab)
    labels = drawn_tick_labels(lab.sweep.plot.getAxis("bottom"))
    assert labels[0] == "1e-4" and labels[-1] == "10", labels  # the swept range's two ends
    assert labels == ["1e-4", "0.001", "0.01", "0.1", "1", "10"]


def test_the_sweep_marks_the_rates_in_use(qtbot, lab):
    run_sweep(qtbot, lab)
    rows = lab.optimizers.rows
    expected = {rows[n].color: rows[n].lr.value() for n in ("sgd", "momentum", "adagrad", "adam")}
    assert marks(lab) == pytest.approx(expected)
    scatter = lab.sweep._items[0].scatter  # SGD's curve: pick its 30th rate
    with qtbot.waitSignal(lab.computed, timeout=20_000):
        scatter.sigClicked.emit(scatter, [scatter.points()[30]], None)
    picked = float(f"{lab.sweep.sweep.lrs[30]:.3g}")
    assert marks(lab)[rows["sgd"].color] == pytest.approx(picked)  # the line follows


def test_the_readout_names_its_tolerance(qtbot, lab):
    table = lab.readout
    assert table.horizontalHeaderItem(3).text() == "Within 0.01 at"
    with qtbot.waitSignal(lab.computed, timeout=20_000):
        enter(qtbot, lab.settings.tolerance, "0.5")
    assert table.horizontalHeaderItem(3).text() == "Within 0.5 at"
    assert "0.5" in table.horizontalHeaderItem(3).toolTip()


def test_the_readout_shows_its_status_column_whole_at_the_default_size(lab):
    table, status = lab.readout, 4
    header = table.horizontalHeader()
    right = header.sectionViewportPosition(status) + header.sectionSize(status)
    assert right <= table.viewport().width()  # not clipped, no sideways scrolling
    assert header.sectionSize(status) >= table.sizeHintForColumn(status)
    assert not table.horizontalScrollBar().isVisible()


def test_a_warm_up_as_long_as_the_run_says_the_cosine_never_starts(qtbot, lab):
    schedule = lab.schedule
    with qtbot.waitSignal(lab.computed, timeout=20_000):
        schedule.combo.setCurrentIndex(schedule.combo.findData("warmup_cosine"))
    assert schedule.fields["warmup"].value() == 50 and lab.settings.steps.value() == 30
    assert schedule.unreached.isVisible()
    assert "cosine never starts" in schedule.unreached.text()
    assert np.all(np.diff(lab.result.lrs[0]) > 0)  # indeed: the rate only rises
    with qtbot.waitSignal(lab.computed, timeout=20_000):
        enter(qtbot, lab.settings.steps, "200")
    assert not schedule.unreached.isVisible()
