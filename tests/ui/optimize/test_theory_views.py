"""The theory on the optimizer lab's views (issue 17, items 2-4): the figures and the
eigen-axes, GD's stability limit on the sliders and the sweep, the predicted error per
eigendirection beside the run's, the (η, β) map (heavy-ball's optimum, critical damping, a
click sets the optimizer) and the 3-D view's data and its fallback without OpenGL."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor

from lab.engine.optimize.functions import resolve_surface
from lab.ui.optimize.surface_3d import surface_grid


@pytest.fixture
def lab(qtbot):
    """The optimizer lab on the book's preset (x²/20 + y²: κ = 20, 2/λmax = 1)."""
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


def open_tab(qtbot, lab, widget) -> None:
    bar = lab.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(lab.tabs.indexOf(widget)).center())
    assert lab.tabs.currentWidget() is widget


def test_the_theory_tab_says_why_sgd_zigzags(qtbot, lab):
    open_tab(qtbot, lab, lab.theory)
    text = lab.theory.figures.text()
    for figure in ("κ = λmax/λmin = <b>20</b>", "stable for η &lt; 2/λmax = <b>1</b>",
                   "η* = 2/(λmin+λmax) = <b>0.9524</b>", "× 0.9048",
                   "η = <b>1.336</b>, β = <b>0.4026</b>", "× 0.6345",
                   "at the minimum (0, 0)", "a quadratic"):
        assert figure in text, figure
    # the eigenvectors on the map: the flat x axis 1/√λ longer than the steep y axis
    (x1, y1), (x2, y2) = ([item.xData, item.yData] for item in lab.map.axes)
    assert lab.map.axes[0].isVisible() and np.allclose(y1, 0) and np.allclose(x2, 0)
    assert np.ptp(x1) / np.ptp(y2) == pytest.approx(math.sqrt(20))


def test_stability_limit_on_every_slider_and_on_the_sweep(qtbot, lab):
    position = (math.log10(1.0) - math.log10(1e-4)) / (math.log10(10) - math.log10(1e-4))
    for row in lab.optimizers.rows.values():
        assert row.lr.slider.mark == pytest.approx(position)
    slider = lab.optimizers.rows["sgd"].lr.slider
    image = slider.grab().toImage()
    red = [x for x in range(image.width()) for y in range(image.height())
           if QColor(image.pixel(x, y)).name() == "#d62728"]
    assert red and abs(np.mean(red) - position * slider.width()) < 12  # drawn where it says
    assert lab.sweep.limit.isVisible() and lab.sweep.limit.value() == pytest.approx(0.0)
    lab.optimizers.mark_stability_limit(None)
    assert slider.mark is None


@pytest.mark.parametrize("name", ["sgd", "momentum"])
def test_predicted_error_per_eigendirection_matches_the_run(qtbot, lab, name):
    open_tab(qtbot, lab, lab.theory)
    combo = lab.theory.optimizer
    assert [combo.itemText(i) for i in range(combo.count())] == ["sgd", "momentum"]
    combo.setCurrentIndex(combo.findText(name))
    curves = lab.theory.curves
    for d in range(2):
        observed, predicted = curves[f"observed {d}"], curves[f"predicted {d}"]
        assert len(observed) == lab.result.paths.shape[1]
        np.testing.assert_allclose(predicted, observed, rtol=1e-7, atol=1e-10)
    assert curves["observed 1"][0] == pytest.approx(2.0)  # the start's y: the steep direction


def click_at(qtbot, plot, x: float, y: float) -> None:
    scene = plot.getViewBox().mapViewToScene(QPointF(x, y))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_momentum_map_marks_theory_and_a_click_sets_eta_and_beta(qtbot, lab):
    open_tab(qtbot, lab, lab.momentum_map)
    chart = lab.momentum_map
    chart.optimizer.setCurrentIndex(chart.optimizer.findData("momentum"))
    with qtbot.waitSignal(lab.controller.map_ready, timeout=60_000):
        qtbot.mouseClick(chart.run, Qt.MouseButton.LeftButton)
    result = chart.result
    assert result.optimizer == "momentum" and result.steps_to_tolerance.shape == (50, 60)
    (x,), (y,) = chart.optimum.getData()
    assert (10 ** x, y) == (pytest.approx(1.336, abs=1e-3), pytest.approx(0.4025, abs=1e-3))
    # divergent cells: dark grey in the image, where the engine says so
    image = chart.image.image
    assert (result.diverged_at >= 0).any()
    assert np.all(image[result.diverged_at >= 0] == (68, 68, 68, 255))
    for curve, lam in zip(chart.curves, (0.1, 2.0), strict=True):
        xs, ys = curve.getData()
        assert len(xs) and np.allclose(ys, (1 - np.sqrt(10 ** xs * lam)) ** 2)
    with qtbot.waitSignal(lab.computed, timeout=20_000):
        click_at(qtbot, chart.plot, math.log10(0.5), 0.5)
    row = lab.optimizers.rows["momentum"]
    assert row.lr.value() == pytest.approx(0.5, rel=0.1)
    assert row.fields["momentum"].value() == pytest.approx(0.5, abs=0.02)
    index = lab.result.labels.index("momentum")
    assert lab.result.optimizers[index].params["momentum"] == row.fields["momentum"].value()


def test_map_offers_only_ticked_optimizers_with_momentum(qtbot, lab):
    chart = lab.momentum_map
    names = [chart.optimizer.itemData(i) for i in range(chart.optimizer.count())]
    assert names == ["momentum", "adam"]  # SGD (momentum 0 is fixed) and AdaGrad have no β
    with qtbot.waitSignal(lab.computed, timeout=20_000):
        lab.optimizers.rows["momentum"].check.setChecked(False)
    assert [chart.optimizer.itemData(i) for i in range(chart.optimizer.count())] == ["adam"]
    assert not lab.controller.run_map("momentum", 1e-3)
    assert chart.status.text() == "Tick momentum to map it."


def test_three_d_view_lifts_the_paths_and_says_why_it_cannot_draw(qtbot, lab):
    lab.three_d.click()
    view = lab.maps.surface_3d
    assert lab.maps.currentWidget() is view
    assert view.problem is not None and "offscreen" in view.problem  # the tests' display
    assert view.fallback.isVisible() and "OpenGL" in view.fallback.text()
    surface = resolve_surface(lab.function.spec)
    xs, ys, z = surface_grid(surface, 9)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == surface.box
    np.testing.assert_allclose(z, xs[:, None] ** 2 / 20 + ys[None, :] ** 2)
    paths = lab.result.paths
    assert view.lifted.shape == (*paths.shape[:2], 3)
    np.testing.assert_array_equal(view.lifted[..., :2], paths)
    np.testing.assert_allclose(view.lifted[..., 2], paths[..., 0] ** 2 / 20 + paths[..., 1] ** 2)
    lab.three_d.click()
    assert lab.maps.currentWidget() is lab.multiples  # the book's 2x2 view again
