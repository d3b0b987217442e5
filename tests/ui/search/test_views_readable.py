"""The search views read the same way in every study and language (issue 16, items 21 and
22): the colour scale is the whole 0-1 accuracy scale unless the user asks to fit it to the
trials; the best-20 grid's cells in a row are level; the colour bar's title is never rotated
(rotated Chinese is read with the head turned)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QGraphicsTextItem

from lab.ui.search.view_set import ViewTabs
from lab.ui.search.views.common import acc_colours
from lab.ui.search.views.parallel import ParallelView
from lab.ui.search.views.scatter import ScatterView
from lab.ui.search.views.small_multiples import SmallMultiplesView
from tests.ui.search.keys import click
from tests.ui.search.test_views import done, show, synthetic  # noqa: F401 (a fixture)


def poor(snap):
    """``snap`` as a poor search: its accuracies mapped onto 10-32 %."""
    accs = [r["val_acc"] for r in done(snap)]
    low, high = min(accs), max(accs)

    def squeeze(v):
        return 0.1 + 0.22 * (v - low) / (high - low) if isinstance(v, float) and v == v else v

    rows = tuple({**r, "val_acc": squeeze(r["val_acc"])} for r in snap.rows)
    return replace(snap, rows=rows)


def colour_of(scatter, number) -> str:
    k = list(scatter.done.data["data"]).index(number)
    return scatter.done.data["brush"][k].color().name()


def test_colours_mean_the_same_accuracy_in_every_study_unless_fitted(qtbot):
    snap = poor(synthetic())
    tabs = ViewTabs()
    qtbot.addWidget(tabs)
    tabs.resize(1000, 600)
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.show_trials(snap)
    scatter, parallel = tabs.view("Scatter").scatter, tabs.view("Parallel coordinates")
    best = max(done(snap), key=lambda r: r["val_acc"])
    assert best["val_acc"] == pytest.approx(0.32, abs=0.01)
    top = scatter.cmap.map(1.0, mode="qcolor").name()
    at_32 = acc_colours(scatter.cmap, [best["val_acc"]], (0.0, 1.0))[0].color().name()
    # the default: 32 % is drawn as 32 %, not as the top of the scale (yellow)
    assert scatter.bar.levels() == (0.0, 1.0) and parallel.bar.levels() == (0.0, 1.0)
    assert colour_of(scatter, best["number"]) == at_32 != top
    # the option beside the tabs fits the scale to the trials, in both views
    assert not tabs.fit_colours.isChecked()
    click(qtbot, tabs.fit_colours)
    assert tabs.fit_colours.isChecked()
    low = min(r["val_acc"] for r in done(snap))
    assert scatter.bar.levels() == pytest.approx((low, best["val_acc"]))
    assert parallel.bar.levels() == pytest.approx((low, best["val_acc"]))
    assert colour_of(scatter, best["number"]) == top
    click(qtbot, tabs.fit_colours)
    assert scatter.bar.levels() == (0.0, 1.0)


def test_the_panel_keeps_the_colour_option_in_its_settings(qtbot, shown_lab):
    search_lab = shown_lab
    assert search_lab.save_state()["fit_colours"] is False
    click(qtbot, search_lab.views.fit_colours)
    state = search_lab.save_state()
    assert state["fit_colours"] is True
    search_lab.views.fit_colours.setChecked(False)
    assert search_lab.restore_state(state) and search_lab.views.fit_colours.isChecked()


@pytest.mark.parametrize("shown", [3, 7, 13, 18, 20])
def test_the_cells_of_a_row_of_the_best_20_are_level(show, shown):  # noqa: F811
    snap = synthetic()
    keep = {r["number"] for r in sorted(done(snap), key=lambda r: -r["val_acc"])[:shown]}
    rows = tuple(r for r in snap.rows if r["state"] != "complete" or r["number"] in keep)
    curves = dict(snap.curves)
    odd = min(keep)  # a trial whose parameters are not known: a one-line title before
    curves[odd] = replace(curves[odd], params={})
    view = show(SmallMultiplesView, replace(snap, rows=rows, curves=curves))
    QApplication.processEvents()
    grid = view.grid
    assert len(grid.numbers) == shown
    for start in range(0, shown, grid.columns):
        cells = grid.cells[start:min(start + grid.columns, shown)]
        boxes = [c.vb.sceneBoundingRect() for c in cells]
        assert max(b.top() for b in boxes) - min(b.top() for b in boxes) < 1, start
        assert max(b.bottom() for b in boxes) - min(b.bottom() for b in boxes) < 1, start
        shown_axes = {c.getAxis("bottom").isVisible() for c in cells}
        assert len(shown_axes) == 1  # the whole row has the epoch axis, or none of it has
    # every column ends on an epoch axis
    last = {}
    for k in range(shown):
        last[k % grid.columns] = grid.cells[k]
    assert all(c.getAxis("bottom").isVisible() for c in last.values())


@pytest.mark.parametrize("cls", [ScatterView, ParallelView], ids=lambda c: c.__name__)
def test_the_colour_bar_title_is_horizontal_above_the_bar_in_chinese(qapp, show, cls):  # noqa: F811
    from lab.ui.common.i18n import install_translators, remove_translators, tr

    translators = install_translators(qapp, "zh_CN")
    try:
        title = tr("validation accuracy")
        assert title != "validation accuracy"
        view = show(cls)
        QApplication.processEvents()
        canvas = view.export_widget()
        texts = [i for i in canvas.scene().items() if isinstance(i, QGraphicsTextItem)
                 and i.toPlainText() == title and i.isVisible()]
        assert texts, "the colour bar has no title"
        for item in texts:
            t = item.sceneTransform()
            assert abs(t.m12()) < 1e-9 and abs(t.m21()) < 1e-9 and t.m11() > 0  # upright
        bar = view.scatter.bar if cls is ScatterView else view.bar
        top = bar.sceneBoundingRect().top()
        assert any(i.sceneBoundingRect().bottom() <= top + 1 for i in texts)
    finally:
        remove_translators(qapp, translators)
