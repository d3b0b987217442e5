"""Benchmarks behind ``descent-lab bench``: our engine against plain references, in one run.

Figures are medians of repeated runs; targets are ratios or limits checked here, never in unit
tests (DESIGN.md, performance targets).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from itertools import pairwise

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
    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.optimize.trajectories import (
        SweepConfig,
        TrajectoryConfig,
        run_trajectories,
        sweep_learning_rates,
    )

    optimizers = tuple(make_optimizer(name, lr=lr) for name, lr in BOOK_SEVEN)
    long_run = TrajectoryConfig("book", optimizers, (-7.0, 2.0), steps=1000)
    sweep_run = TrajectoryConfig("book", optimizers, (-7.0, 2.0), steps=500)
    lrs = SweepConfig(1e-4, 10.0, 100)
    figures = {
        "traj_7x1000_ms": median_ms(lambda: run_trajectories(long_run), 5 if quick else 50),
        "sweep_7x100x500_ms": median_ms(lambda: sweep_learning_rates(sweep_run, lrs),
                                        3 if quick else 15),  # fmt: skip
        "torch_optim_7x1000_ms": median_ms(lambda: _torch_loop(optimizers, 1000),
                                           1 if quick else 3, warmup=0),  # fmt: skip
    }
    figures["speedup_vs_torch_optim"] = figures["torch_optim_7x1000_ms"] / figures["traj_7x1000_ms"]
    figures.update(_bench_sweep2d(quick))
    return figures


def _bench_sweep2d(quick: bool) -> dict[str, float]:
    """The (lr, momentum) map, 60 x 60 cells of 500 steps, in one kernel call, beside the same
    cells run one by one through run_trajectories (what a map without batching would cost)."""
    import numpy as np

    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.optimize.sweep2d import sweep_lr_momentum
    from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories

    momentum = make_optimizer("momentum", lr=0.1)
    config = TrajectoryConfig("book", (momentum,), (-7.0, 2.0), steps=500)
    lrs, betas = np.logspace(-3, 1, 60), np.linspace(0.0, 0.99, 60)

    def one_by_one() -> None:
        for beta in betas:
            for lr in lrs:
                run_trajectories(TrajectoryConfig(
                    "book", (momentum.with_params(lr=float(lr), momentum=float(beta)),),
                    (-7.0, 2.0), steps=500))

    batched = median_ms(lambda: sweep_lr_momentum(config, momentum, lrs, betas),
                        3 if quick else 15)
    sequential = median_ms(one_by_one, 1, warmup=0 if quick else 1)
    return {"sweep2d_60x60x500_ms": batched, "sweep2d_sequential_60x60x500_ms": sequential,
            "sweep2d_speedup": sequential / batched}


def _torch_loop(optimizers, steps: int) -> None:
    """The reference: one float64 parameter per optimizer, a plain torch.optim loop."""
    import torch

    from lab.engine.core.optimizers import torch_kwargs

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

    from lab.engine.core.initializers import make_init
    from lab.engine.init.probe import ProbeConfig, run_probe

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


def bench_training(quick: bool = False) -> dict[str, float]:
    """Our training epoch against bare torch loops (lab.bench.training)."""
    from lab.bench.training import bench_training as bench

    return bench(quick)


def epoch_flops(widths, samples: int) -> float:
    """Forward + backward matrix-product FLOPs of one epoch of an MLP with layer sizes
    ``widths`` (inputs first): 2·in·out per sample and layer forward, twice that backward
    (the input's gradient and the weight's), so 3 · Σ 2·in·out · samples."""
    return 3.0 * sum(2.0 * a * b for a, b in pairwise(widths)) * samples


def sgemm_gflops(side: int = 1024, repeats: int = 5) -> float:
    """The machine's float32 matrix-product rate, measured now (median of ``repeats``)."""
    import torch

    a, b = torch.randn(side, side), torch.randn(side, side)
    return 2.0 * side**3 / median_ms(lambda: a @ b, repeats) / 1e6


def bench_startup(quick: bool = False) -> dict[str, float]:
    """Fresh processes of ``python -m lab``: launch to the main window's first paint, and launch
    to the optimizer lab's first trajectories drawn with the kernel cache warm (a normal
    launch) and cold (an empty cache folder: a first launch that skipped the install-time
    warm-up; skipped by ``quick``); beside them a bare Python interpreter (the floor). Settings
    go to a throw-away folder so a user's saved state does not change the figures."""
    import os
    import subprocess
    import sys
    import tempfile

    from lab.engine.jit.kernel_paths import CACHE_ENV

    scratch = tempfile.TemporaryDirectory(prefix="descent-lab-bench-")
    env = {**os.environ, "XDG_CONFIG_HOME": os.path.join(scratch.name, "config"),
           "XDG_DATA_HOME": os.path.join(scratch.name, "data")}  # fmt: skip
    if not env.get("DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")

    def launch_ms(until: str, **extra: str) -> float:
        """From launch until the child prints ``until`` (not until it exits: after the paint
        the labs go on loading their engines)."""
        mode = "trajectories" if until == "trajectories" else "1"
        start = time.perf_counter()
        with subprocess.Popen([sys.executable, "-m", "lab"], text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL,
                              env={**env, "DESCENT_LAB_EXIT_AFTER_PAINT": mode, **extra}) as child:
            for line in child.stdout:
                if line.strip() == until:
                    elapsed = (time.perf_counter() - start) * 1e3
                    child.stdout.read()  # until the child exits and closes its end
                    return elapsed
            raise RuntimeError(f"the app never reported '{until}'")

    def bare_python() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    repeats = 1 if quick else 5
    with scratch:
        launch_ms("trajectories")  # warms the file cache and the user's kernel cache
        figures = {
            "first_paint_ms": statistics.median(launch_ms("painted") for _ in range(repeats)),
            "first_trajectory_warm_ms": statistics.median(
                launch_ms("trajectories") for _ in range(repeats)),
            "bare_python_ms": median_ms(bare_python, repeats),
        }
        if not quick:  # one cold launch: the compile dominates and takes tens of seconds
            figures["first_trajectory_cold_ms"] = launch_ms(
                "trajectories", **{CACHE_ENV: os.path.join(scratch.name, "cold-kernels")})
    return figures


BENCHES: dict[str, Callable[..., dict[str, float]]] = {
    "trajectories": bench_trajectories, "activations": bench_activations,
    "training": bench_training, "startup": bench_startup}
TARGETS = {"traj_7x1000_ms": 5.0, "sweep_7x100x500_ms": 100.0, "first_paint_ms": 1500.0,
           "first_trajectory_warm_ms": 2500.0,
           "probe_5x100_ms": 20.0, "probe_50x500_ms": 1000.0,
           "gui_stall_p99_ms": 50.0, "diagnostics_vs_epoch": 1.10,
           "inside_tab_stall_p99_ms": 50.0}


def _bench_search(quick: bool = False) -> dict[str, float]:
    from lab.bench.search import bench_search

    return bench_search(quick)


BENCHES["search"] = _bench_search
# issue 20: our epoch no slower than a bare torch loop, alone and with BN, dropout and L2
TARGETS.update({f"{prefix}epoch_vs_bare": 1.0 for prefix in ("", "bn_", "dropout_", "l2_")})
# the search lab: batched <= 0.4x sequential, and >= 0.6x the matrix-product rate
TARGETS.update(search_vs_sequential=0.4, sgemm_vs_batched=1 / 0.6)


def _bench_interaction(quick: bool = False) -> dict[str, float]:
    from lab.bench.interaction import bench_interaction

    return bench_interaction(quick)


BENCHES["interaction"] = _bench_interaction
# issue 8: every GUI stall <= 50 ms, a slider change painted within two frames at 60 Hz
TARGETS.update(type_function_stall_ms=50.0, switch_to_2x2_stall_ms=50.0,
               open_dataset_folder_stall_ms=50.0, select_finished_run_stall_ms=50.0,
               load_weights_stall_ms=50.0, slider_to_paint_p95_ms=33.0)


def _bench_landscape(quick: bool = False) -> dict[str, float]:
    from lab.bench.landscape import bench_landscape

    return bench_landscape(quick)


BENCHES["landscape"] = _bench_landscape
# issue 19: a 25×25 plane of the book's MLP in ≤ 1 s and ≤ 0.5× one forward pass per point
TARGETS.update(landscape_25x25_s=1.0, landscape_vs_naive=0.5)
