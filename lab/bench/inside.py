"""What inside-training diagnostics cost, measured beside ``bench training``'s epoch.

Figures (issue 18): ``epoch_s_with_diagnostics``, the epoch with diagnostics at the default
cadence, beside ``epoch_s_beside_diagnostics``, the same epoch without them timed in turn with
it; ``diagnostics_vs_epoch``, their ratio pair by pair (target <= 1.10);
``diagnostics_measure_ms``, the median wall time of one measurement;
``diagnostics_per_iteration_ms``, what the part paid at every iteration (the dead-unit
counting ReLUs; the weights copied before a measured step count in that measurement) adds per
iteration; and
``diagnostics_every_at_1_25x``, the cadence at which the ratio would reach 1.25, solved from
those two costs:
``1 + (per_iteration + measure / every) / iteration = 1.25``.
"""

from __future__ import annotations

import math
import statistics
import time


def diagnostics_figures(config, data, repeats: int) -> dict[str, float]:
    """Train ``config`` (one epoch, on ``data``, on the CPU) with diagnostics at the default
    cadence and without, in pairs (alternating which goes first, one warm-up pair), so the
    ratio holds on a machine whose speed drifts: it is the median of the pairs' ratios."""
    from lab.engine.train.diagnostics.config import DiagnosticsConfig
    from lab.engine.train.training import TrainingRun

    plain, walls, costs, iterations, measurements = [], [], [], 0, 0
    for k in range(repeats + 1):  # the first pair warms up
        for diagnostics in (None, DiagnosticsConfig())[:: 1 if k % 2 == 0 else -1]:
            run = TrainingRun(config, data, "cpu", diagnostics=diagnostics)
            started = time.perf_counter()
            for _update in run.steps():
                pass
            wall = time.perf_counter() - started
            if k == 0:
                continue
            if diagnostics is None:
                plain.append(wall)
                continue
            walls.append(wall)
            snap = run.result().diagnostics.snapshot()
            costs += [m.cost_s for m in snap.measurements]
            iterations, measurements = snap.measurements[-1].iteration, len(snap.measurements)
    epoch_s, with_diagnostics = statistics.median(plain), statistics.median(walls)
    measure_s = statistics.median(costs)
    iteration_s = epoch_s / max(iterations, 1)
    between = with_diagnostics - epoch_s - measurements * measure_s
    per_iteration_s = max(between, 0.0) / max(iterations, 1)
    room = 0.25 * iteration_s - per_iteration_s
    return {
        "epoch_s_with_diagnostics": with_diagnostics,
        "epoch_s_beside_diagnostics": epoch_s,
        "diagnostics_vs_epoch": statistics.median(d / e for d, e in zip(walls, plain, strict=True)),
        "diagnostics_measure_ms": 1e3 * measure_s,
        "diagnostics_per_iteration_ms": 1e3 * per_iteration_s,
        "diagnostics_every_at_1_25x": measure_s / room if room > 0 else math.inf,
    }
