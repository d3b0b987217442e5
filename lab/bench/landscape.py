"""``descent-lab bench landscape``: a 25×25 plane of the book's MLP batched vs one forward pass
per point, and one warm-started sharpness estimate vs one training iteration, on one run.

Why these pairs: the batched plane must beat the reference code's loop (set the weights, run
the data, per grid point) on the same weights, plane and images; a sharpness estimate every k
iterations costs what it costs relative to the iterations between two estimates.
"""

from __future__ import annotations

import time

import numpy as np


def bench_landscape(quick: bool = False) -> dict[str, float]:
    import torch

    from lab.bench.training import paired_seconds
    from lab.engine.core.devices import apply_thread_budget, thread_budget
    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.train.config import DataConfig, TrainConfig
    from lab.engine.train.data import cached_data
    from lab.engine.train.landscape.directions import random_plane
    from lab.engine.train.landscape.eval_set import evaluation_set
    from lab.engine.train.landscape.evaluate import PlaneEvaluator, naive_evaluate
    from lab.engine.train.landscape.sharpness import sharpness
    from lab.engine.train.landscape.vectors import layout_of
    from lab.engine.train.models import ModelConfig
    from lab.engine.train.training import TrainingRun

    apply_thread_budget(thread_budget(leave_for_gui=False))
    data = cached_data(DataConfig(), "cpu")
    config = TrainConfig("bench", model=ModelConfig(hidden=(100, 100, 100, 100)),
                         optimizer=make_optimizer("sgd", lr=0.1), iterations=60,
                         eval_every=-1, final_evaluation=False)  # fmt: skip
    run = TrainingRun(config, data, "cpu")
    steps = run.steps()
    started = time.perf_counter()
    for _ in range(50):
        next(steps)
    iteration_s = (time.perf_counter() - started) / 50
    x, y = evaluation_set(config, data, 1000)
    layout = layout_of(run.model)
    plane = random_plane(layout.flatten(dict(run.model.named_parameters())), layout, seed=0)
    axis = np.linspace(-1, 1, 25)
    coords = np.stack(np.meshgrid(axis, axis), -1).reshape(-1, 2)

    def batched():
        PlaneEvaluator(run.model, plane, x, y).evaluate(coords)

    def naive():
        naive_evaluate(run.model, plane, x, y, coords)

    # in pairs, alternating which goes first: the machine's speed drifts between two timings
    ours_s, naive_s, ratio = paired_seconds(batched, naive, 1 if quick else 5)
    figures = {"landscape_25x25_s": ours_s, "naive_landscape_25x25_s": naive_s,
               "landscape_vs_naive": ratio}  # fmt: skip
    previous = sharpness(run.model, x, y)  # the estimate k iterations ago
    for _ in range(5):
        next(steps)
    with torch.random.fork_rng(devices=[]):
        started = time.perf_counter()
        warm = sharpness(run.model, x, y, start=previous.vector)
        figures["sharpness_s"] = time.perf_counter() - started
    figures["train_iteration_s"] = iteration_s
    figures["sharpness_vs_iteration"] = figures["sharpness_s"] / iteration_s
    figures["sharpness_hvps"] = float(warm.products)
    steps.close()
    return figures
