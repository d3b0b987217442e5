"""Benchmarks behind ``descent-lab bench``: our engine against plain references, in one run.

Figures are medians of repeated runs; targets are ratios or limits checked here, never in unit
tests (DESIGN.md, performance targets).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

BOOK_SEVEN = (("sgd", 0.95), ("momentum", 0.1), ("nesterov", 0.1), ("adagrad", 1.5),
              ("rmsprop", 0.1), ("adam", 0.3), ("adamw", 0.3))  # fmt: skip


def median_ms(fn: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def bench_trajectories(quick: bool = False) -> dict[str, float]:
    """7 optimizers x 1000 steps, a 7 x 100 x 500 sweep, and the same 7 x 1000 in torch.optim."""
    from lab.engine.optimizers import make_optimizer
    from lab.engine.trajectories import (
        TrajectoryConfig,
        log_lrs,
        run_trajectories,
        sweep_learning_rates,
    )

    optimizers = tuple(make_optimizer(name, lr=lr) for name, lr in BOOK_SEVEN)
    long_run = TrajectoryConfig("book", optimizers, (-7.0, 2.0), steps=1000)
    sweep_run = TrajectoryConfig("book", optimizers, (-7.0, 2.0), steps=500)
    lrs = log_lrs(1e-4, 10.0, 100)
    figures = {
        "traj_7x1000_ms": median_ms(lambda: run_trajectories(long_run), 5 if quick else 50),
        "sweep_7x100x500_ms": median_ms(lambda: sweep_learning_rates(sweep_run, lrs),
                                        3 if quick else 15),  # fmt: skip
        "torch_optim_7x1000_ms": median_ms(lambda: _torch_loop(optimizers, 1000),
                                           1 if quick else 3, warmup=0),  # fmt: skip
    }
    figures["speedup_vs_torch_optim"] = figures["torch_optim_7x1000_ms"] / figures["traj_7x1000_ms"]
    return figures


def _torch_loop(optimizers, steps: int) -> None:
    """The reference: one float64 parameter per optimizer, a plain torch.optim loop."""
    import torch

    from lab.engine.optimizers import torch_kwargs

    for config in optimizers:
        p = torch.tensor([-7.0, 2.0], dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, config.spec.torch_class)([p], **torch_kwargs(config))
        for _ in range(steps):
            opt.zero_grad()
            loss = p[0] ** 2 / 20 + p[1] ** 2
            loss.backward()
            opt.step()


def bench_activations(quick: bool = False) -> dict[str, float]:
    """The probe, forward + backward + statistics + histograms, on the book's size and a deep,
    wide net; beside it the bare forward + backward in torch (the arithmetic floor)."""
    import torch

    from lab.engine.initializers import make_init
    from lab.engine.probe import ProbeConfig, run_probe

    small = ProbeConfig(depth=5, width=100, activation="relu", init=make_init("he-normal"))
    large = ProbeConfig(depth=50, width=500, activation="relu", init=make_init("he-normal"))

    def bare(depth: int, width: int) -> None:
        x = torch.randn(1000, width)
        ws = [torch.randn(width, width, requires_grad=True) for _ in range(depth)]
        h = x
        for w in ws:
            h = torch.relu(h @ w.T)
        h.sum().backward()

    return {
        "probe_5x100_ms": median_ms(lambda: run_probe(small), 5 if quick else 30),
        "probe_50x500_ms": median_ms(lambda: run_probe(large), 1 if quick else 7),
        "bare_forward_backward_50x500_ms": median_ms(lambda: bare(50, 500), 1 if quick else 5),
    }


def bench_startup(quick: bool = False) -> dict[str, float]:
    """Wall time from launching ``python -m lab`` to the main window's first paint, against
    launching a bare Python interpreter (the floor), both in fresh processes."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DESCENT_LAB_EXIT_AFTER_PAINT": "1"}
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")

    def launch_app() -> None:
        out = subprocess.run([sys.executable, "-m", "lab"], env=env, capture_output=True,
                             text=True, timeout=60, check=True)
        if "painted" not in out.stdout:
            raise RuntimeError("the window never painted")

    def bare_python() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    repeats = 1 if quick else 5
    figures = {"first_paint_ms": median_ms(launch_app, repeats),
               "bare_python_ms": median_ms(bare_python, repeats)}
    return figures


BENCHES: dict[str, Callable[..., dict[str, float]]] = {
    "trajectories": bench_trajectories, "activations": bench_activations,
    "startup": bench_startup}
TARGETS = {"traj_7x1000_ms": 5.0, "sweep_7x100x500_ms": 100.0, "first_paint_ms": 2000.0,
           "probe_5x100_ms": 20.0, "probe_50x500_ms": 1000.0}
