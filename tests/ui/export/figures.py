"""One widget of each plot kind the app exports, filled with real data and no training: the
figures the SVG export tests (test_svg_renderers.py) rasterise."""

from __future__ import annotations

import numpy as np

from lab.engine.optimize.trajectories import TrajectoryResult


def book_descent() -> TrajectoryResult:
    """Gradient descent on the book's f = x²/20 + y² from (-7, 2), four learning rates."""
    lrs = (0.95, 0.6, 0.3, 0.1)
    paths = np.zeros((4, 31, 2))
    paths[:, 0] = (-7.0, 2.0)
    for k in range(30):
        x, y = paths[:, k, 0], paths[:, k, 1]
        paths[:, k + 1, 0] = x - np.array(lrs) * x / 10
        paths[:, k + 1, 1] = y - np.array(lrs) * 2 * y
    losses = paths[..., 0] ** 2 / 20 + paths[..., 1] ** 2
    return TrajectoryResult(tuple(f"lr {lr}" for lr in lrs), paths, losses,
                            np.repeat(np.array(lrs)[:, None], 30, axis=1),
                            np.full(4, -1), ((0.0, 0.0),))  # fmt: skip


COLORS = ["#1f77b4", "#d62728", "#ff7f0e", "#8c564b"]


def two_by_two_maps():
    """The optimizer lab's 2x2 layout: filled contours (an image), paths with dots, markers,
    arrows, the start cross-hair, titles; a composite widget."""
    from lab.ui.optimize.small_multiples import SmallMultiples
    from lab.ui.optimize.surface_loader import prepare_surface

    widget = SmallMultiples()
    widget.resize(530, 600)
    widget.set_surface(prepare_surface("book"))
    widget.set_start(-7.0, 2.0)
    widget.set_result(book_descent(), COLORS)
    return widget


def loss_plot():
    """Curves on a log axis, an outside legend, a dashed cursor line."""
    from lab.ui.optimize.loss_plot import LossPlot

    widget = LossPlot()
    widget.resize(420, 400)
    widget.set_result(book_descent(), COLORS, 0.0)
    return widget


def init_histograms():
    """The initialization lab's grid of filled step histograms (bars), two runs overlaid."""
    from lab.engine.core.initializers import make_init
    from lab.engine.init.probe import ProbeConfig, run_probe
    from lab.ui.init.histogram_grid import HistogramGrid

    widget = HistogramGrid()
    widget.resize(900, 380)
    a = run_probe(ProbeConfig())
    b = run_probe(ProbeConfig(init=make_init("normal", std=0.1)))
    widget.show_results(a, b, "activation", shared_axes=True, log_counts=False)
    return widget


def training_loss():
    """The training lab's faint raw and bold smoothed loss per run, legend beside the plot."""
    from lab.engine.train.history import History
    from lab.ui.train.training_curves import LossCurves

    widget = LossCurves()
    widget.resize(900, 300)
    rng = np.random.default_rng(1)
    it = np.arange(1, 501)
    for name, rate, color in (("sgd", 0.002, COLORS[0]), ("adam", 0.01, COLORS[1])):
        loss = 2.3 * np.exp(-rate * it) + 0.05 + rng.uniform(0, 0.2, it.size)
        widget.show_run(History.from_columns(
            name, it, loss, np.full(it.size, 0.01), np.ones(it.size), [], total=500,
            epoch_of_iteration=0.01, elapsed_s=1.0).snapshot(), color)
    return widget


FIGURES = (two_by_two_maps, loss_plot, init_histograms, training_loss)
