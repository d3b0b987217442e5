"""Issue 16, item 19: the training lab's views read well. Legends beside the data (never over a
curve) in the run table's order, in the window and the exported PNG; long run names elided so
Status and Progress keep their width; the learning-rate strip's labels apart at 1366x768; live
lr changes marked on the curves; the confusion matrix's row-normalised and log colours, and a
click on a cell that filters the gallery to that (true, predicted) pair."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics

from lab.engine.train.history import History
from lab.engine.train.records import Evaluation, RunStatus
from lab.ui.train.controller import DrawnRun
from lab.ui.train.evaluation_view import EvaluationView, cell_colors
from lab.ui.train.run_list import PROGRESS_WIDTH, RunList
from lab.ui.train.training_curves import AccuracyCurves, LossCurves, LrCurves
from tests.engine.train.test_runs import finish, model_with, train, update

LONG = "handover-study-of-the-book-trial-10"


def history(name, n=200, lr=0.01):
    it = np.arange(1, n + 1)
    evaluations = [(k, k / 100, 1 - 0.5 * np.exp(-k / 150), 0.9 - 0.5 * np.exp(-k / 150))
                   for k in range(50, n + 1, 50)]
    return History.from_columns(name, it, 2.3 * np.exp(-it / 80) + 0.05, np.full(n, lr),
                                np.ones(n), evaluations, total=n, epoch_of_iteration=0.01,
                                elapsed_s=1.0).snapshot()


@pytest.mark.parametrize("plot_type", [LossCurves, AccuracyCurves])
def test_the_legend_is_beside_the_data_in_the_tables_order_and_in_the_png(qtbot, plot_type):
    from lab.ui.export.images import render_image

    plot = plot_type()
    qtbot.addWidget(plot)
    plot.resize(800, 400)
    plot.show()
    qtbot.waitExposed(plot)
    for name, color in (("momentum", "#d62728"), (LONG, "#2ca02c"), ("sgd", "#1f77b4")):
        plot.show_run(history(name), color)
    plot.order_legend(["sgd", "momentum", LONG])
    assert plot.legend_names() == ["sgd", "momentum", "handover-…k-trial-10"]
    metrics = QFontMetrics(plot.font())
    qtbot.waitUntil(lambda: plot.legend.sceneBoundingRect().width()  # laid out
                    > metrics.horizontalAdvance("handover-…k-trial-10") * 0.7)
    view = plot.getViewBox().sceneBoundingRect()
    legend = plot.legend.sceneBoundingRect()
    assert legend.left() >= view.right() - 1, "the legend covers the data"  # 1: its border
    assert legend.right() <= plot.width() and legend.bottom() <= plot.height()
    image = render_image(plot)  # the PNG export: the legend's names drawn beside the data
    scale = image.width() / plot.width()
    text_column = image.copy(int(legend.left() * scale), int(legend.top() * scale),
                             int(legend.width() * scale), int(legend.height() * scale))
    background = plot.backgroundBrush().color().rgb()
    inked = sum(text_column.pixel(x, y) != background for x in range(text_column.width())
                for y in range(0, text_column.height(), 2))
    assert inked > 100, "the exported image has no legend"
    plot.remove_run("momentum")
    assert plot.legend_names() == ["sgd", "handover-…k-trial-10"]


def test_a_long_run_name_is_elided_and_status_and_progress_keep_their_width(qtbot):
    runs = model_with(LONG, "sgd")
    instance = runs.begin(LONG)
    train(runs, instance, update(LONG, 9))
    finish(runs, "sgd", RunStatus.FINISHED)
    table = RunList()
    qtbot.addWidget(table)
    table.resize(430, 200)
    table.show()
    qtbot.waitExposed(table)
    table.show_runs(list(runs))
    metrics = QFontMetrics(table.font())
    for row in (0, 1):
        status = table.item(row, 2)
        assert metrics.horizontalAdvance(status.text()) <= table.visualItemRect(status).width()
    assert table.columnWidth(3) == PROGRESS_WIDTH
    right = sum(table.columnWidth(c) for c in range(4))
    assert right <= table.viewport().width(), "Progress runs off the table"
    name = table.item(0, 1)
    assert table.visualItemRect(name).width() < metrics.horizontalAdvance(LONG)  # elided
    assert table.textElideMode() is Qt.TextElideMode.ElideMiddle and name.toolTip() == LONG


def test_the_lr_strip_labels_stand_apart_at_1366_by_768(qtbot, panel):
    panel.curves.show_runs([DrawnRun(history("sgd"), "#1f77b4"),
                            DrawnRun(history("adam", lr=0.001), "#2ca02c")])
    qtbot.waitUntil(lambda: panel.curves.lr_plot.getViewBox().height() > 0)
    plot = panel.curves.lr_plot
    line = QFontMetrics(plot.font()).height()
    ticks = [v for v, _ in plot.getAxis("left")._tickLevels[0]]
    assert ticks[0] == 0 and ticks[-1] == pytest.approx(0.01)
    low, high = plot.getViewBox().viewRange()[1]
    height = plot.getViewBox().height()
    gaps = [height * (b - a) / (high - low) for a, b in zip(ticks, ticks[1:], strict=False)]
    assert min(gaps) >= 2 * line, f"tick labels {gaps} px apart, {line} px tall"
    assert plot.height() >= plot.minimumHeight() > 0


def test_live_lr_changes_are_marked_on_every_curve(qtbot):
    plots = [LossCurves(), AccuracyCurves(), LrCurves()]
    for plot in plots:
        qtbot.addWidget(plot)
        plot.show_run(history("sgd"), "#1f77b4", ((40, 0.05), (90, 0.02)))
    loss, accuracy, lr = plots
    assert [line.value() for line in loss.marks["sgd"]] == [40, 90]
    assert [line.label.format for line in loss.marks["sgd"]] == ["lr 0.05", "lr 0.02"]
    assert [line.value() for line in accuracy.marks["sgd"]] == pytest.approx([0.4, 0.9])
    assert [line.value() for line in lr.marks["sgd"]] == [40, 90]
    for plot in plots:
        plot.remove_run("sgd")
        assert not plot.marks and not [i for i in plot.getViewBox().addedItems
                                       if hasattr(i, "angle")]


def evaluation_view(qtbot):
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(3), 100)
    preds = labels.copy()
    preds[[0, 1, 2]] = 1  # three 0s read as 1
    preds[[100]] = 2  # one 1 read as 2
    preds[[200, 201]] = 0  # two 2s read as 0
    confusion = np.zeros((3, 3), dtype=np.int64)
    np.add.at(confusion, (labels, preds), 1)
    wrong = np.flatnonzero(preds != labels)
    evaluation = Evaluation(float((preds == labels).mean()), confusion, wrong, preds[wrong])
    view = EvaluationView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.show_evaluation("adam", evaluation, rng.integers(0, 255, (300, 28, 28), np.uint8),
                         labels)
    return view, confusion


def test_a_click_on_a_cell_shows_that_pair_of_mistakes_and_again_shows_all(qtbot):
    view, _ = evaluation_view(qtbot)
    assert view.shown_mistakes() == 6
    matrix = view.matrix

    def click(true, predicted):
        qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton,
                         pos=matrix.cell_center(true, predicted))

    with qtbot.waitSignal(matrix.cell_clicked) as clicked:
        click(0, 1)
    assert clicked.args == [0, 1] and view.shown_mistakes() == 3
    captions = [caption.text() for box, _, caption in view._cells if not box.isHidden()]
    assert captions == ["1 / 0"] * 3 and "0 predicted as 1" in view.gallery_title.text()
    click(2, 0)
    assert view.shown_mistakes() == 2
    click(2, 0)  # the same cell again: every mistake
    assert view.shown_mistakes() == 6 and view.pair is None
    click(1, 1)  # the diagonal holds no mistakes: every mistake
    assert view.shown_mistakes() == 6


def test_row_normalised_and_log_colours_are_offered(qtbot):
    view, confusion = evaluation_view(qtbot)
    shown = lambda: np.asarray(view.matrix.image.image)  # noqa: E731
    # log by default: one mistake in a hundred is a colour, not white
    assert np.allclose(shown(), cell_colors(confusion, True, True))
    assert shown()[1, 2] > 0.3 and cell_colors(confusion, True, False)[1, 2] < 0.02
    qtbot.mouseClick(view.log_colours, Qt.MouseButton.LeftButton,
                     pos=view.log_colours.rect().center())
    assert not view.log_colours.isChecked()
    assert np.allclose(shown(), confusion / confusion.sum(1, keepdims=True))
    qtbot.mouseClick(view.row_normalised, Qt.MouseButton.LeftButton,
                     pos=view.row_normalised.rect().center())
    assert np.allclose(shown(), confusion / confusion.max())
    assert view.matrix.cell_center(0, 0) != view.matrix.cell_center(1, 1) != QPoint()
