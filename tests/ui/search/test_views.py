"""The search lab's views on synthetic snapshots (no training): what each view draws, where,
what a real mouse click or drag on it does, its export, and its colours in the dark theme."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from lab.engine.search.results import TrialCurves
from lab.ui.search.views.common import acc_colours
from lab.ui.search.views.history import HistoryView
from lab.ui.search.views.importance import ImportanceView
from lab.ui.search.views.parallel import ParallelView
from lab.ui.search.views.scatter import ScatterView
from lab.ui.search.views.small_multiples import SmallMultiplesView
from lab.ui.search.views.snapshot import TrialsSnapshot

OPTIMIZERS = ("sgd", "adam", "rmsprop")
STOPPED = ("pruned", "diverged", "failed")


def synthetic(n: int = 60, seed: int = 0) -> TrialsSnapshot:
    """``n`` trials on lr x weight decay (log) x optimizer x dropout; every 7th one stopped."""
    rng = random.Random(seed)
    params = ("lr", "weight_decay", "optimizer", "dropout")
    rows, curves, best, top = [], {}, [], -1.0
    for i in range(n):
        lr, wd = 10 ** rng.uniform(-4, 0), 10 ** rng.uniform(-6, -2)
        state = "complete" if i % 7 else STOPPED[i // 7 % 3]
        q = max(0.1, 0.95 - 0.15 * abs(math.log10(lr) + 2) - 0.05 * abs(math.log10(wd) + 4))
        q -= rng.uniform(0, 0.02)  # no two trials tie
        epochs = 8 if state == "complete" else 3
        val = [q * (1 - math.exp(-(e + 1) / 2)) for e in range(epochs)]
        train = [min(1.0, v + 0.03) for v in val]
        if state == "diverged":
            val[-1] = math.nan
        row = dict(lr=lr, weight_decay=wd, optimizer=rng.choice(OPTIMIZERS),
                   dropout=rng.uniform(0, 0.5), number=i, state=state, val_acc=val[-1],
                   best_val_acc=max(val), train_acc=train[-1], train_loss=0.1, epochs=epochs,
                   diverged_at=None, duration_s=1.0, retry_of=None, worker=None)
        rows.append(row)
        curves[i] = TrialCurves(i, {k: row[k] for k in params}, tuple(train), tuple(val))
        if state == "complete":
            top = max(top, val[-1])
            best.append((i, top))
    return TrialsSnapshot(params, frozenset({"lr", "weight_decay"}), tuple(rows), curves,
                          tuple(best), dict(zip(params, (0.6, 0.25, 0.1, 0.05), strict=True)),
                          "fANOVA", {"optimizer": OPTIMIZERS})


def done(snap):
    return [r for r in snap.rows if r["state"] == "complete"]


def drawn(snap):
    return [r for r in snap.rows if r["state"] == "complete" or r["state"] in STOPPED]


@pytest.fixture
def show(qtbot):
    import pyqtgraph as pg

    # pyqtgraph drops a mouse move that comes within 1/60 s of the previous one (a human's
    # never does): two drags in a row would lose the second one's move now and then
    limit = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOptions(mouseRateLimit=-1)

    def make(cls, snap=None):
        view = cls()
        qtbot.addWidget(view)
        view.resize(900, 600)
        view.show()
        qtbot.waitExposed(view)
        view.show_trials(snap or synthetic())
        QApplication.processEvents()
        return view
    yield make
    pg.setConfigOptions(mouseRateLimit=limit)


def pixel(canvas, vb, x: float, y: float) -> QPoint:
    """Where view coordinates (x, y) of ``vb`` are on ``canvas``'s viewport."""
    return canvas.mapFromScene(vb.mapViewToScene(QPointF(x, y)))


def click(qtbot, view, canvas, at: QPoint, number: int) -> None:
    with qtbot.waitSignal(view.trial_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert clicked.args == [number]


LEFT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
PRESS, MOVE, RELEASE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                        QEvent.Type.MouseButtonRelease)  # fmt: skip


def send(canvas, events) -> None:
    """Mouse events as a real mouse sends them (QTest's mouseMove drops the held button, its
    mouseDClick sends no press and release around the double click)."""
    port = canvas.viewport()
    for kind, at, button, held in events:
        QApplication.sendEvent(port, QMouseEvent(kind, QPointF(at), QPointF(port.mapToGlobal(at)),
                                                 button, held, Qt.KeyboardModifier.NoModifier))


def drag(canvas, start: QPoint, end: QPoint) -> None:
    send(canvas, ((PRESS, start, LEFT, LEFT), (MOVE, end, NONE, LEFT),
                  (RELEASE, end, LEFT, NONE)))


def double_click(canvas, at: QPoint) -> None:
    send(canvas, ((PRESS, at, LEFT, LEFT), (RELEASE, at, LEFT, NONE),
                  (QEvent.Type.MouseButtonDblClick, at, LEFT, LEFT), (RELEASE, at, LEFT, NONE)))


# ---- scatter --------------------------------------------------------------------------------
def test_scatter_draws_every_finished_trial_at_log10_of_its_parameters(show):
    snap = synthetic()
    view = show(ScatterView, snap)
    s = view.scatter
    assert s.count() == len(drawn(snap))
    complete = {r["number"]: r for r in done(snap)}
    assert sorted(s.done.data["data"]) == sorted(complete)
    for x, y, n in zip(s.done.data["x"], s.done.data["y"], s.done.data["data"], strict=True):
        assert x == pytest.approx(math.log10(complete[n]["lr"]))
        assert y == pytest.approx(math.log10(complete[n]["weight_decay"]))
    assert s.plot.getAxis("bottom").logMode and s.plot.getAxis("left").logMode
    stopped = sorted(r["number"] for r in snap.rows if r["state"] in STOPPED)
    assert sorted(s.stopped.data["data"]) == stopped  # grey crosses, not colours
    assert s.stopped.opts["symbol"] == "x"
    best = max(done(snap), key=lambda r: r["val_acc"])  # coloured on the 0-1 scale
    k = list(s.done.data["data"]).index(best["number"])
    expected = acc_colours(s.cmap, [best["val_acc"]], (0.0, 1.0))[0]
    assert s.done.data["brush"][k].color().name() == expected.color().name()


def test_scatter_axis_choice_shows_a_categorical_parameter_as_its_choices(show):
    snap = synthetic()
    view = show(ScatterView, snap)
    view.x_combo.setCurrentIndex(view.x_combo.findData("optimizer"))
    s = view.scatter
    assert not s.plot.getAxis("bottom").logMode
    rows = {r["number"]: r for r in snap.rows}
    offsets = []
    for x, n in zip(s.done.data["x"], s.done.data["data"], strict=True):
        offsets.append(x - OPTIMIZERS.index(rows[n]["optimizer"]))
    assert max(map(abs, offsets)) <= 0.15 and np.std(offsets) > 0.03  # spread, on its choice


def test_scatter_select_and_click(qtbot, show):
    snap = synthetic()
    view = show(ScatterView, snap)
    row = done(snap)[5]
    view.select_trial(row["number"])
    x, y = view.scatter.ring.data["x"][0], view.scatter.ring.data["y"][0]
    assert (x, y) == pytest.approx((math.log10(row["lr"]), math.log10(row["weight_decay"])))
    view.select_trial(None)
    assert len(view.scatter.ring.data) == 0
    s = view.scatter
    target = isolated(s.done.data["x"], s.done.data["y"], s.done.data["data"])
    k = list(s.done.data["data"]).index(target)
    at = pixel(s, s.plot.vb, s.done.data["x"][k], s.done.data["y"][k])
    click(qtbot, view, s, at, target)
    assert f"#{target}" in s._tip(0, 0, target) and "val acc" in s._tip(0, 0, target)


def isolated(xs, ys, numbers) -> int:
    """The point farthest from its nearest neighbour (a click there cannot hit another)."""
    pts = np.column_stack([xs, ys])
    d = np.linalg.norm(pts[:, None] - pts[None], axis=2) + np.eye(len(pts)) * 1e9
    return int(numbers[int(np.argmax(d.min(axis=1)))])


# ---- small multiples ------------------------------------------------------------------------
def test_small_multiples_show_the_best_20_best_first_and_frame_the_selected(qtbot, show):
    snap = synthetic()
    view = show(SmallMultiplesView, snap)
    ranked = sorted(done(snap), key=lambda r: -r["val_acc"])[:20]
    assert view.grid.numbers == [r["number"] for r in ranked]
    first = view.grid.cells[0]
    top = ranked[0]
    assert first.titleLabel.text.startswith(f"#{top['number']} val {top['val_acc']:.2f}")
    x, y = first.val.getData()
    assert list(y) == pytest.approx(snap.curves[ranked[0]["number"]].val_acc)
    assert first.train.opts["pen"].style() == Qt.PenStyle.DashLine
    view.select_trial(ranked[3]["number"])
    framed = [k for k, c in enumerate(view.grid.cells) if c.vb.border is not None
              and c.vb.border.style() != Qt.PenStyle.NoPen]
    assert framed == [3]
    cell = view.grid.cells[7]
    centre = view.grid.mapFromScene(cell.vb.sceneBoundingRect().center())
    click(qtbot, view, view.grid, centre, ranked[7]["number"])


# ---- parallel coordinates -------------------------------------------------------------------
def test_parallel_draws_one_line_per_trial_in_one_item_with_log_and_categorical_axes(show):
    snap = synthetic()
    view = show(ParallelView, snap)
    rows = drawn(snap)
    assert len(view.lines.lines) == len(rows)
    assert view.axes == ("lr", "weight_decay", "optimizer", "dropout", "val_acc")
    lr = np.array([math.log10(r["lr"]) for r in rows])
    assert view.coords[:, 0] == pytest.approx(lr)
    assert view.norm[:, 0] == pytest.approx((lr - lr.min()) / (lr.max() - lr.min()))
    assert list(view.coords[:, 2]) == [OPTIMIZERS.index(r["optimizer"]) for r in rows]
    texts = [t.textItem.toPlainText() for t in view._texts if t.isVisible()]
    assert set(OPTIMIZERS) <= set(texts) and "0.01" in texts  # choices and powers of ten
    # a diverged trial has no accuracy: its line stops at the last parameter axis
    diverged = [k for k, r in enumerate(rows) if r["state"] == "diverged"][0]
    pieces, colour, kind = view.lines.lines[diverged]
    assert kind == "stopped" and [p.size() for p in pieces] == [4]
    items = [i for i in view.plot.items if not hasattr(i, "textItem")]
    assert len(items) == 1  # every line in one item, not one item per trial


def test_parallel_brushing_by_mouse_selects_exactly_the_trials_inside(qtbot, show):
    snap = synthetic()
    view = show(ParallelView, snap)
    rows = drawn(snap)
    lr = sorted(math.log10(r["lr"]) for r in rows)
    lo, hi = lr[0], lr[-1]
    # brush between values (midpoints), so a pixel of rounding cannot move the boundary
    a, b = (lr[10] + lr[11]) / 2, (lr[30] + lr[31]) / 2
    with qtbot.waitSignal(view.brush_changed, timeout=2000):
        drag(view.canvas, pixel(view.canvas, view.box, 0.02, (a - lo) / (hi - lo)),
             pixel(view.canvas, view.box, 0.02, (b - lo) / (hi - lo)))
    expected = {r["number"] for r in rows if a <= math.log10(r["lr"]) <= b}
    assert len(expected) == 20 and view.brushed() == expected
    # a second brush on validation accuracy combines with AND
    acc = sorted(r["val_acc"] for r in rows if math.isfinite(r["val_acc"]))
    alo, ahi = acc[0], acc[-1]
    c = (acc[len(acc) // 2] + acc[len(acc) // 2 + 1]) / 2
    with qtbot.waitSignal(view.brush_changed, timeout=2000):
        drag(view.canvas, pixel(view.canvas, view.box, 4, (c - alo) / (ahi - alo)),
             pixel(view.canvas, view.box, 4, 1.05))
    both = {r["number"] for r in rows if a <= math.log10(r["lr"]) <= b and r["val_acc"] >= c}
    assert view.brushed() == both and 0 < len(both) < len(expected)
    drawn_brushes = sorted(view.lines.brushes)  # (axis, bottom, top) on the 0..1 scale
    assert drawn_brushes[0] == pytest.approx((0, (a - lo) / (hi - lo), (b - lo) / (hi - lo)),
                                             abs=0.01)  # fmt: skip
    assert drawn_brushes[1] == pytest.approx((4, (c - alo) / (ahi - alo), 1.02), abs=0.01)
    faded = {int(n) for n, (_, _, kind) in zip(view.numbers, view.lines.lines, strict=True)
             if kind == "faded"}
    assert faded == {r["number"] for r in rows} - both
    # double-click on the lr axis clears its brush only
    with qtbot.waitSignal(view.brush_changed, timeout=2000):
        double_click(view.canvas, pixel(view.canvas, view.box, 0, 0.5))
    assert view.brushed() == {r["number"] for r in rows if r["val_acc"] >= c}


def test_parallel_brush_on_a_categorical_axis(show):
    snap = synthetic()
    view = show(ParallelView, snap)
    view.set_brush("optimizer", 0.5, 1.5)  # "adam" only
    assert view.brushed() == {r["number"] for r in drawn(snap) if r["optimizer"] == "adam"}


def test_parallel_select_and_click(qtbot, show):
    snap = synthetic()
    view = show(ParallelView, snap)
    # the line farthest from every other one half-way between the first two axes
    mid = (view.norm[:, 0] + view.norm[:, 1]) / 2
    target = isolated(np.zeros(len(mid)), mid, view.numbers)
    k = list(view.numbers).index(target)
    view.select_trial(target)
    assert [p.y() for p in view.lines.selected[0]] == pytest.approx(
        [y for y in view.norm[k] if math.isfinite(y)])
    click(qtbot, view, view.canvas, pixel(view.canvas, view.box, 0.5, mid[k]), target)


# ---- history and importance -----------------------------------------------------------------
def test_history_dots_and_best_so_far_steps(qtbot, show):
    snap = synthetic()
    view = show(HistoryView, snap)
    complete = done(snap)
    assert list(view.done.data["x"]) == [r["number"] for r in complete]
    xs, ys = view.best.getData()
    running = np.maximum.accumulate([r["val_acc"] for r in complete])
    for r, best in zip(complete, running, strict=True):  # the line's value at each trial
        assert ys[np.searchsorted(xs, r["number"], side="right") - 1] == pytest.approx(best)
    assert xs[-1] == len(snap.rows) - 1
    row = complete[4]
    view.select_trial(row["number"])
    assert (view.ring.data["x"][0], view.ring.data["y"][0]) == (row["number"], row["val_acc"])
    target = isolated(view.done.data["x"] / 60, view.done.data["y"], view.done.data["data"])
    at = pixel(view.canvas, view.plot.vb, target, snap.row(target)["val_acc"])
    click(qtbot, view, view.canvas, at, target)


def test_importance_bars_most_important_on_top_and_a_message_without_importance(show):
    snap = synthetic()
    view = show(ImportanceView, snap)
    opts = view.bars.opts
    assert list(opts["width"]) == [0.6, 0.25, 0.1, 0.05]
    assert list(opts["y"]) == [3, 2, 1, 0] and view.names[0] == "lr"
    assert not view.message.isVisible()
    view.show_trials(TrialsSnapshot(snap.params, snap.log_params, snap.rows[:3]))
    assert view.message.isVisible() and ">= 5" in view.message.textItem.toPlainText()
    assert len(view.bars.opts["width"]) == 0


# ---- export and theme -----------------------------------------------------------------------
VIEWS = (ScatterView, SmallMultiplesView, ParallelView, HistoryView, ImportanceView)


@pytest.mark.parametrize("cls", VIEWS)
def test_every_view_exports_a_png_with_its_plot(show, tmp_path, cls):
    from lab.ui.export.images import export_png

    view = show(cls)
    path = export_png(view.export_widget(), tmp_path / "view.png")
    image = QImage(str(path))
    assert image.width() >= 800
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # lines, points and text, not a blank canvas


@pytest.mark.parametrize("cls", VIEWS)
def test_views_follow_the_dark_theme(show, tmp_path, cls):
    from lab.ui.common.theme import DARK, LIGHT, apply_plot_colors, restyle_plots
    from lab.ui.export.images import render_image

    apply_plot_colors(DARK)
    try:
        view = show(cls)
        canvas = view.export_widget()
        assert canvas.backgroundBrush().color().name() == DARK.background
        image = render_image(canvas)
        corner = QColor(image.pixel(3, 3)).name()
        assert corner == DARK.background
        axes = [i for i in canvas.scene().items() if hasattr(i, "textPen") and i.isVisible()]
        assert axes and all(a.textPen().color().name() == DARK.foreground for a in axes)
        restyle_plots(view, LIGHT)  # View > Theme > Light while the view is open
        assert canvas.backgroundBrush().color().name() == LIGHT.background
    finally:
        apply_plot_colors(LIGHT)


def test_scatter_log_axis_labels_only_1_2_5_ticks_within_a_decade(show):
    from lab.ui.search.views.scatter import LogAxis

    axis = LogAxis("bottom")
    axis.setLogMode(True)
    values = [math.log10(v) for v in (0.01, 0.02, 0.03, 0.05, 0.06, 0.09, 0.1)]
    labels = axis.tickStrings(values, 1.0, 0.1)
    assert [bool(t) for t in labels] == [True, True, False, True, False, False, True]


def hover(canvas, at: QPoint) -> None:
    send(canvas, ((MOVE, at, NONE, NONE),))


def test_hover_shows_the_trials_number_parameters_and_accuracy(show):
    snap = synthetic()
    keep = show(ScatterView, snap)  # the view owns the plot: keep it alive
    scatter = keep.scatter
    target = isolated(scatter.done.data["x"], scatter.done.data["y"], scatter.done.data["data"])
    k = list(scatter.done.data["data"]).index(target)
    hover(scatter, pixel(scatter, scatter.plot.vb, scatter.done.data["x"][k],
                         scatter.done.data["y"][k]))  # fmt: skip
    tip = scatter.plot.vb.toolTip()
    row = snap.row(target)
    assert f"#{target}" in tip and f"lr: {row['lr']:.3g}" in tip
    assert f"val acc: {row['val_acc']:.4f}" in tip
    view = show(ParallelView, snap)
    mid = (view.norm[:, 0] + view.norm[:, 1]) / 2
    target = isolated(np.zeros(len(mid)), mid, view.numbers)
    k = list(view.numbers).index(target)
    hover(view.canvas, pixel(view.canvas, view.box, 0.5, mid[k]))
    assert view.box.toolTip().startswith(f"trial #{target}\n")
    multiples = show(SmallMultiplesView, snap)
    grid = multiples.grid
    assert grid.cells[0].vb.toolTip().startswith(f"trial #{grid.numbers[0]}\n")


@pytest.mark.parametrize("cls", VIEWS)
def test_every_view_exports_an_svg(show, tmp_path, cls):
    from lab.ui.export.images import export_svg

    view = show(cls)
    text = export_svg(view.export_widget(), tmp_path / "view.svg").read_text()
    assert text.count("<path") + text.count("<polyline") > 20


@pytest.mark.parametrize("cls", VIEWS)
def test_a_refresh_reuses_the_views_items(show, cls):
    """Twice a second during a search: items are refilled, not made again (no growing scene)."""
    view = show(cls, synthetic(60, seed=1))
    scene = view.export_widget().scene()
    before = set(map(id, scene.items()))
    for seed in (2, 3, 1):
        view.show_trials(synthetic(60, seed=seed))
    assert set(map(id, scene.items())) == before
