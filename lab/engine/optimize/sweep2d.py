"""The (learning rate, momentum) map: one optimizer on a grid of log η × β, all cells in one
call of the compiled kernel.

Why this figure: with momentum the best learning rate depends on β and vice versa, and Distill's
"Why Momentum Really Works" (Goh 2017) reads the whole story off this plane: where the method
diverges, where it oscillates (β above critical damping), and where it is fastest (heavy-ball's
optimum on a quadratic, :mod:`lab.engine.optimize.theory`). For Adam and its kin the second
axis is β₁, the same moving average under another name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lab.engine.core.fields import ConfigError, check_config
from lab.engine.core.optimizers import OptimizerConfig
from lab.engine.optimize.trajectories import TrajectoryConfig, integrate_batch

MAX_CELLS = 250_000  # a 500 × 500 map; each cell keeps its path while it is measured


def second_axis(optimizer: OptimizerConfig) -> str:
    """The hyperparameter the map's vertical axis sets: momentum, or β₁ for the Adam family."""
    params = optimizer.params
    if "momentum" in params:
        return "momentum"
    if "beta1" in params:
        return "beta1"
    raise ConfigError(f"{optimizer.name} has neither momentum nor β₁: choose momentum, "
                          "nesterov, rmsprop or an Adam-type optimizer for the map")


@dataclass(frozen=True, eq=False)
class Sweep2DResult:
    """Per cell (row: second-axis value, column: learning rate): steps until within
    ``tolerance`` of a known minimum (-1: never), final loss (NaN where diverged) and the
    first diverged step (-1: none)."""

    optimizer: str
    parameter: str  # "momentum" or "beta1"
    lrs: np.ndarray  # (m,)
    values: np.ndarray  # (k,)
    tolerance: float
    steps_to_tolerance: np.ndarray  # (k, m)
    final_loss: np.ndarray  # (k, m)
    diverged_at: np.ndarray  # (k, m)

    def best(self) -> tuple[float, float, int] | None:
        """(lr, value, steps) of the fastest cell to reach the tolerance, None if none did."""
        steps = np.where(self.steps_to_tolerance >= 0, self.steps_to_tolerance, np.iinfo(int).max)
        if not (self.steps_to_tolerance >= 0).any():
            return None
        row, column = np.unravel_index(np.argmin(steps), steps.shape)
        return float(self.lrs[column]), float(self.values[row]), int(steps[row, column])

    def rows(self) -> list[tuple]:
        """(lr, value, steps_to_tolerance, final_loss, diverged_at) per cell, for CSV/JSON."""
        return [(float(lr), float(v), int(self.steps_to_tolerance[r, c]),
                 float(self.final_loss[r, c]), int(self.diverged_at[r, c]))
                for r, v in enumerate(self.values) for c, lr in enumerate(self.lrs)]


def sweep_lr_momentum(config: TrajectoryConfig, optimizer: OptimizerConfig, lrs, values,
                      tolerance: float = 1e-3) -> Sweep2DResult:
    """``optimizer`` from ``config``'s start, schedule, noise and clipping, at every
    (lr, value) of the grid: one batched computation."""
    parameter = second_axis(optimizer)
    lrs = np.asarray(lrs, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if lrs.ndim != 1 or not len(lrs) or np.any(~np.isfinite(lrs) | (lrs <= 0)):
        raise ConfigError("learning rates must be a non-empty list of positive numbers")
    if values.ndim != 1 or not len(values) or np.any(~np.isfinite(values) | (values < 0)
                                                     | (values >= 1)):
        raise ConfigError(f"{parameter} values must be a non-empty list in [0, 1)")
    if not (np.isfinite(tolerance) and tolerance > 0):
        raise ConfigError("the tolerance must be a positive number")
    if len(lrs) * len(values) > MAX_CELLS:
        raise ConfigError(f"at most {MAX_CELLS:,} cells, not {len(lrs) * len(values):,}")
    config = replace(config, optimizers=(optimizer,))
    check_config(config)
    surface = config.surface()
    cells = [optimizer.with_params(**{parameter: float(v)}) for v in values
             for _ in range(len(lrs))]  # row-major: value (row) by lr (column)
    paths, diverged, _ = integrate_batch(surface, cells, np.tile(lrs, len(values)), config)
    k, m = len(values), len(lrs)
    final = paths[:, -1]
    loss = surface.value(final[:, 0], final[:, 1]).reshape(k, m)
    return Sweep2DResult(optimizer.name, parameter, lrs, values, float(tolerance),
                         _first_within(paths, surface.minima, tolerance).reshape(k, m),
                         loss, diverged.reshape(k, m))


def _first_within(paths: np.ndarray, minima, tolerance: float) -> np.ndarray:
    """First step within ``tolerance`` of a known minimum, per path; -1 where never (or when
    the function has no known minimum). Chunked: a 60 × 60 × 500 map never holds a second
    copy of its paths."""
    first = np.full(len(paths), -1, dtype=np.int64)
    if not minima:
        return first
    minima = np.asarray(minima, dtype=np.float64)
    for lo in range(0, len(paths), 512):
        chunk = paths[lo:lo + 512]
        near = np.zeros(chunk.shape[:2], dtype=bool)
        for point in minima:
            with np.errstate(invalid="ignore"):
                near |= ((chunk - point) ** 2).sum(-1) <= tolerance * tolerance
        hit = near.any(1)
        first[lo:lo + 512] = np.where(hit, near.argmax(1), -1)
    return first


def sweep2d_csv(result: Sweep2DResult) -> str:
    """lr,<parameter>,steps_to_tolerance,final_loss,diverged_at; one row per cell."""
    from lab.io.files import csv_text

    rows = [(f"{lr:.17g}", f"{v:.17g}", steps, f"{loss:.17g}", at)
            for lr, v, steps, loss, at in result.rows()]
    return csv_text(["lr", result.parameter, "steps_to_tolerance", "final_loss",
                     "diverged_at"], rows)
