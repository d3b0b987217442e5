"""Compile every numba kernel into the cache ahead of time: a fast first launch.

``make run``, ``make package`` and ``descent-lab warmup`` call :func:`warm_kernels`, so a fresh
install draws its first trajectories within seconds instead of compiling for ~20 s while the
user looks at empty axes. Each kernel is called with exactly the argument types the app passes
(float64 trajectories, float32 activations), which is what numba keys its cache entries by; a
later launch loads them from :func:`lab.engine.jit.kernel_paths.cache_root`. The built-in
functions' gradients go into the same folder (:mod:`lab.engine.optimize.surface_cache`), so a
launch needs no SymPy either.

Lives above the labs' engine packages (it touches two of them); Qt-free.
"""

from __future__ import annotations

import time

# the kernel modules and one kernel of each the UI checks to guess a cold cache
KERNEL_MODULES = {"lab.engine.optimize.kernels": "integrate",
                  "lab.engine.init.histograms": "summarize",
                  "lab.engine.train.diagnostics.grid_kernel": "summarize_on_grid"}  # fmt: skip


def warm_kernels() -> dict[str, float]:
    """Compile (or load) every kernel; return seconds spent per module."""
    import numpy as np

    from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer
    from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories

    seconds = {}
    start = time.perf_counter()
    # every update rule in one request: integrate and each rule's kernel, as the map runs them
    every = tuple(make_optimizer(name) for name in OPTIMIZERS)
    run_trajectories(TrajectoryConfig("book", every, (-7.0, 2.0), steps=3))
    seconds["lab.engine.optimize.kernels"] = time.perf_counter() - start

    # every built-in function and preset's formula, differentiated once: a launch or a pick of
    # any of them then needs no SymPy (lab.engine.optimize.surface_cache)
    from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, builtin_surface
    from lab.engine.optimize.presets import OPTIMIZER_PRESETS

    start = time.perf_counter()
    for name in BUILTIN_FUNCTIONS:
        builtin_surface(name)
    for preset in OPTIMIZER_PRESETS.values():
        preset.config.surface()
    seconds["lab.engine.optimize.surfaces"] = time.perf_counter() - start

    from lab.engine.init.histograms import finite_range, summarize

    start = time.perf_counter()
    values = np.array([0.5, -1.0, np.nan], dtype=np.float32)  # probe._flat: float32 vectors
    low, high, _ = finite_range(values)
    summarize(values, float(low), float(high), 30, False)
    seconds["lab.engine.init.histograms"] = time.perf_counter() - start

    from lab.engine.train.diagnostics.grid_kernel import summarize_on_grid

    start = time.perf_counter()
    grid = np.zeros(8, dtype=np.int64)  # a slice of the grid, as the summaries pass it
    for binned in (False, True):  # float32 tensors of a run; float64 ones where asked for
        summarize_on_grid(values, -1.0, 0.5, -1, grid[1:7], binned)
        summarize_on_grid(values.astype(np.float64), -1.0, 0.5, -1, grid[1:7], binned)
    seconds["lab.engine.train.diagnostics.grid_kernel"] = time.perf_counter() - start
    return seconds


def kernels_look_compiled(module: str = "lab.engine.optimize.kernels") -> bool:
    """Cheap (no numba import): whether ``module``'s kernels were compiled into the cache."""
    from lab.engine.jit.kernel_paths import looks_compiled

    return looks_compiled(module, KERNEL_MODULES[module])
