"""Run optimizers x hyperparameters from a start point: trajectories and learning-rate sweeps.

All trajectories of a request go through one call of the compiled kernel, whatever their
optimizers and learning rates. Gradient noise is one seeded sequence shared by every trajectory
(common random numbers), so differences between runs come from the optimizers, not the draws.
A run may ask for each step's gradient and optimizer state (``record_state``); sweeps never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lab.engine.core.optimizer_state import SLOT_PATH, STATE_SLOTS, StateColumn
from lab.engine.core.optimizers import OptimizerConfig, hyper_matrix
from lab.engine.core.schedules import ScheduleConfig
from lab.engine.optimize.functions import Surface, resolve_surface

MAX_STEPS = 5000
MAX_OPTIMIZERS = 16  # trajectories side by side; each is a plotted curve and CSV block
MAX_NOISE_SEED = 2**31 - 1  # the lab's seed box holds this much; numpy takes no negative seed


class TrajectoryError(ValueError):
    """A request that cannot run (no optimizer, steps out of range, bad start point)."""


@dataclass(frozen=True)
class TrajectoryConfig:
    """What to run: a function (built-in name, ``name:key=value`` or a typed expression)."""

    function: str
    optimizers: tuple[OptimizerConfig, ...]
    start: tuple[float, float]
    steps: int = 30
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    noise: float = 0.0  # std of Gaussian noise added to each gradient component
    noise_seed: int = 0
    clip_norm: float = 0.0  # 0: no clipping

    def surface(self) -> Surface:
        return resolve_surface(self.function)

    def validate(self) -> None:
        if not self.optimizers:
            raise TrajectoryError("choose at least one optimizer")
        if not 1 <= self.steps <= MAX_STEPS:
            raise TrajectoryError(f"steps must lie in 1 … {MAX_STEPS}, not {self.steps}")
        if not np.all(np.isfinite(self.start)):
            raise TrajectoryError("the start point must be finite")
        if not (np.isfinite(self.noise) and self.noise >= 0):
            raise TrajectoryError("gradient noise must be a non-negative number")
        if not (np.isfinite(self.clip_norm) and self.clip_norm >= 0):
            raise TrajectoryError("the clipping norm must be a non-negative number (0: off)")
        if isinstance(self.noise_seed, bool) or not 0 <= self.noise_seed <= MAX_NOISE_SEED:
            raise TrajectoryError(f"the noise seed must lie in 0 … {MAX_NOISE_SEED:,}, "
                                  f"not {self.noise_seed}")


@dataclass(frozen=True, eq=False)
class TrajectoryResult:
    """Paths (n, steps+1, 2), losses (n, steps+1), lrs (n, steps); NaN after divergence.
    ``state`` (n, steps, STATE_SLOTS) when the run recorded it: row k is update k + 1."""

    labels: tuple[str, ...]
    paths: np.ndarray
    losses: np.ndarray
    lrs: np.ndarray
    diverged_at: np.ndarray  # (n,) first diverged step, -1 where none
    minima: tuple[tuple[float, float], ...] = ()
    optimizers: tuple[OptimizerConfig, ...] = ()
    state: np.ndarray | None = None

    def state_columns(self, i: int) -> tuple[StateColumn, ...]:
        """What trajectory i's recorded state holds (its optimizer's columns)."""
        config = self.optimizers[i]
        return config.spec.state_columns(config.params)

    def state_values(self, i: int) -> dict[str, np.ndarray]:
        """Trajectory i's recorded state by column key: (steps, axes) arrays, row k the value
        after update k + 1 (the gradient: the one that update used); NaN where it stopped."""
        if self.state is None:
            raise ValueError("this run did not record the optimizer state")
        values = {}
        for column in self.state_columns(i):
            if column.slot == SLOT_PATH:
                values[column.key] = self.paths[i, 1:] - self.paths[i, :-1]
            else:
                values[column.key] = self.state[i, :, column.slot: column.slot + column.axes]
        return values

    def first_within(self, tolerance: float) -> np.ndarray:
        """First step within ``tolerance`` (distance) of a known minimum; -1 where never."""
        if not self.minima:
            return np.full(len(self.labels), -1)
        minima = np.asarray(self.minima)
        diff = self.paths[:, :, None, :] - minima[None, None, :, :]
        with np.errstate(invalid="ignore"):
            near = np.sqrt((diff**2).sum(-1)).min(-1) <= tolerance
        return np.where(near.any(1), near.argmax(1), -1)

    def final_points(self) -> np.ndarray:
        """The last finite point of each trajectory."""
        last = np.where(self.diverged_at >= 0, np.maximum(self.diverged_at - 1, 0),
                        self.paths.shape[1] - 1)  # fmt: skip
        return self.paths[np.arange(len(last)), last]


def run_trajectories(config: TrajectoryConfig, record_state: bool = False) -> TrajectoryResult:
    """Every optimizer of ``config`` from its start point, in one kernel call; with
    ``record_state``, each step's gradient and optimizer state too (the readout, the CSV)."""
    config.validate()
    surface = config.surface()
    base_lrs = np.array([o.lr for o in config.optimizers])
    state = (np.full((config.steps, len(config.optimizers), STATE_SLOTS), np.nan)
             if record_state else None)  # fmt: skip
    paths, div, lrs = integrate_batch(surface, list(config.optimizers), base_lrs, config, state)
    losses = surface.value(paths[..., 0], paths[..., 1])
    labels = unique_labels([o.label or o.name for o in config.optimizers])
    return TrajectoryResult(labels, paths, losses, lrs, div, surface.minima,
                            tuple(config.optimizers),
                            None if state is None else state.transpose(1, 0, 2))


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Final loss and distance to the nearest minimum, per optimizer (rows) and lr (columns)."""

    labels: tuple[str, ...]
    lrs: np.ndarray  # (m,)
    final_loss: np.ndarray  # (n, m), NaN where diverged
    final_distance: np.ndarray  # (n, m), NaN where diverged or no known minimum
    diverged_at: np.ndarray  # (n, m)


def sweep_learning_rates(config: TrajectoryConfig, lrs: np.ndarray) -> SweepResult:
    """Each optimizer of ``config`` at each learning rate: one batched computation."""
    config.validate()
    lrs = np.asarray(lrs, dtype=np.float64)
    if lrs.ndim != 1 or not len(lrs) or np.any(~np.isfinite(lrs) | (lrs <= 0)):
        raise TrajectoryError("learning rates must be a non-empty list of positive numbers")
    surface = config.surface()
    n, m = len(config.optimizers), len(lrs)
    repeated = [o for o in config.optimizers for _ in range(m)]
    paths, div, _ = integrate_batch(surface, repeated, np.tile(lrs, n), config)
    final = paths[:, -1]
    loss = surface.value(final[:, 0], final[:, 1]).reshape(n, m)
    if surface.minima:
        minima = np.asarray(surface.minima)
        dist = np.sqrt(((final[:, None, :] - minima[None]) ** 2).sum(-1)).min(-1).reshape(n, m)
    else:
        dist = np.full((n, m), np.nan)
    labels = unique_labels([o.label or o.name for o in config.optimizers])
    return SweepResult(labels, lrs, loss, dist, div.reshape(n, m))


def log_lrs(low: float = 1e-4, high: float = 10.0, count: int = 100) -> np.ndarray:
    """Log-spaced learning rates for a sweep."""
    return np.logspace(np.log10(low), np.log10(high), count)


def unique_labels(labels: list[str]) -> tuple[str, ...]:
    """Keep labels readable but distinct: a repeated name gets #2, #3, ..."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return tuple(out)


def integrate_batch(surface: Surface, optimizers: list[OptimizerConfig], base_lrs: np.ndarray,
                    config: TrajectoryConfig, state: np.ndarray | None = None,
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Paths (n, steps + 1, 2), diverged steps (n,) and rates (n, steps) of one trajectory
    per optimizer (each at its own base rate, under ``config``'s schedule, start, noise and
    clipping), in one kernel call: every batch of the lab (runs, sweeps, maps) comes here.
    ``state`` (steps, n, STATE_SLOTS), NaN-filled: the kernel records into it when given."""
    from lab.engine.optimize.kernels import (
        integrate,  # numba loads on first use, off the GUI thread
    )

    n, steps = len(optimizers), config.steps
    kinds, hyper = hyper_matrix(optimizers)
    lrs = config.schedule.lrs(base_lrs, steps)
    start = np.tile(np.asarray(config.start, dtype=np.float64), (n, 1))
    noise = (np.random.default_rng(config.noise_seed).standard_normal((steps, 2))
             if config.noise > 0 else np.zeros((1, 2)))  # fmt: skip
    gx, gy = surface.compiled.dfdx, surface.compiled.dfdy
    consts = np.concatenate([gx.consts, gy.consts])
    paths = np.empty((steps + 1, n, 2))  # step-major for the kernel; viewed as (n, steps+1, 2)
    diverged = np.empty(n, dtype=np.int64)
    integrate(kinds, hyper, np.ascontiguousarray(lrs.T), start, noise,
              np.full(n, float(config.noise)),
              np.full(n, float(config.clip_norm)), surface.divergence_bound,
              gx.ops, gx.args, gy.ops, gy.args + len(gx.consts), consts,
              max(gx.depth, gy.depth), paths, diverged, state is not None,
              _NO_STATE if state is None else state)  # fmt: skip
    return paths.transpose(1, 0, 2), diverged, lrs


_NO_STATE = np.empty((1, 1, STATE_SLOTS))  # what the kernel gets when nothing is recorded


def trajectories_csv(result: TrajectoryResult) -> str:
    """CSV with columns optimizer,step,x,y,loss,lr; step 0 is the start point.

    ``lr`` on row k is the rate of the update that led from step k-1 to k (row 0 repeats the
    first rate). Rows stop where a trajectory diverged; its last row is the diverged point.
    When the run recorded its state, the columns of every optimizer's state follow
    (``grad_x, grad_y, delta_x, delta_y``, then e.g. ``exp_avg_x, exp_avg_y``; docs/cli.md
    lists them per optimizer): on row k, the gradient update k used and the state after it;
    empty on row 0 and where an optimizer has no such state.
    """
    from lab.io.files import csv_text  # quotes a label such as "adam:lr=0.3,beta1=0.8"

    names: list[str] = []
    per_trajectory = []
    for i in range(len(result.labels) if result.state is not None else 0):
        values = result.state_values(i)
        columns = {}
        for column in result.state_columns(i):
            for axis, name in enumerate(column.columns()):
                columns[name] = values[column.key][:, axis]
                if name not in names:
                    names.append(name)
        per_trajectory.append(columns)
    rows = []
    steps = result.lrs.shape[1]
    for i, label in enumerate(result.labels):
        last = steps if result.diverged_at[i] < 0 else int(result.diverged_at[i])
        for k in range(last + 1):
            x, y = result.paths[i, k]
            lr = result.lrs[i, max(k - 1, 0)]
            extra = [_number(per_trajectory[i][name][k - 1])
                     if k and name in per_trajectory[i] else "" for name in names]  # fmt: skip
            rows.append((label, k, f"{x:.17g}", f"{y:.17g}", f"{result.losses[i, k]:.17g}",
                         f"{lr:.17g}", *extra))
    return csv_text(["optimizer", "step", "x", "y", "loss", "lr", *names], rows)


def _number(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.17g}"
