"""Run optimizers x hyperparameters from a start point: trajectories and learning-rate sweeps.

All trajectories of a request go through one call of the compiled kernel, whatever their
optimizers and learning rates. Gradient noise is one seeded sequence shared by every trajectory
(common random numbers), so differences between runs come from the optimizers, not the draws.
A run may ask for each step's gradient and optimizer state (``record_state``); sweeps never do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.engine.core import fields as F
from lab.engine.core.optimizer_state import SLOT_PATH, STATE_SLOTS, StateColumn
from lab.engine.core.optimizers import (
    OPTIMIZERS,
    OptimizerConfig,
    format_optimizer,
    hyper_matrix,
    parse_optimizer,
)
from lab.engine.core.schedules import SCHEDULES, ScheduleConfig, format_schedule, parse_schedule
from lab.engine.optimize.functions import Surface, resolve_surface

MAX_STEPS = 5000
MAX_NOISE_SEED = 2**31 - 1  # numpy takes no negative seed; kept as the lab always held it
MAX_OPTIMIZERS = 32  # side by side (each a plotted curve and CSV block): the whole registry fits
MAX_SWEEP_RATES = 1000


@dataclass(frozen=True)
class TrajectoryConfig:
    """What to run: a function (built-in name, ``name:key=value`` or a typed expression; the
    surface worker and :meth:`surface` check it), optimizers, start point and settings."""

    function: str = F.text(help="a built-in name (book, rosenbrock, beale, himmelblau, "
                                "rastrigin, saddle, booth, quadratic[:kappa=K]) or an "
                                "expression in x and y")
    optimizers: tuple[OptimizerConfig, ...] = F.specs(
        OptimizerConfig, parse_optimizer, format_optimizer, min_items=1,
        max_items=MAX_OPTIMIZERS,
        help=f"the update rules side by side, e.g. adam:lr=0.3; names: {' '.join(OPTIMIZERS)}")
    start: tuple[float, float] = F.numbers(min_items=2, max_items=2, help="start point x, y")
    steps: int = F.integer(30, 1, MAX_STEPS, help="number of updates")
    schedule: ScheduleConfig = F.spec(ScheduleConfig, parse_schedule, format_schedule,
                                      help="how the learning rate changes over the steps, e.g. "
                                           f"cosine:T_max=100; names: {' '.join(SCHEDULES)}")
    noise: float = F.number(0.0, 0.0, help="std of Gaussian noise added to each gradient "
                                           "component: what minibatch sampling does to it")
    noise_seed: int = F.integer(0, 0, MAX_NOISE_SEED,
                                help="the same seed gives the same noise (shared by all "
                                     "optimizers)")
    clip_norm: float = F.number(0.0, 0.0, help="clip the gradient's norm to this value "
                                               "(0: off)")

    def surface(self) -> Surface:
        return resolve_surface(self.function)


@dataclass(frozen=True)
class SweepConfig:
    """The learning rates of a sweep: ``count`` log-spaced rates from ``low`` to ``high``."""

    lr_low: float = F.number(1e-4, 0.0, low_open=True, help="the smallest learning rate")
    lr_high: float = F.number(10.0, 0.0, low_open=True, help="the largest learning rate")
    lr_count: int = F.integer(100, 2, MAX_SWEEP_RATES, help="learning rates, log-spaced")

    def rules(self, bad: frozenset[str]) -> list[str]:
        if bad or self.lr_low < self.lr_high:
            return []
        return [f"lr_low must be below lr_high ({self.lr_low:g} ≥ {self.lr_high:g})"]

    def lrs(self) -> np.ndarray:
        return log_lrs(self.lr_low, self.lr_high, self.lr_count)


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
    F.check_config(config)
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


def sweep_learning_rates(config: TrajectoryConfig,
                         sweep: SweepConfig = SweepConfig()) -> SweepResult:  # fmt: skip
    """Each optimizer of ``config`` at each learning rate of ``sweep``: one batched
    computation."""
    F.check_config(config)
    lrs = F.check_config(sweep).lrs()
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
    (``grad_x, grad_y, delta_x, delta_y``, then e.g. ``exp_avg_x, exp_avg_y``; docs/files.md
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


def sweep_csv(sweep: SweepResult) -> str:
    """CSV with columns optimizer,lr,final_loss,final_distance,diverged_at."""
    from lab.io.files import csv_text  # quotes a comma in a label

    rows = [(label, f"{lr:.6g}", f"{sweep.final_loss[i, j]:.10g}",
             f"{sweep.final_distance[i, j]:.10g}", sweep.diverged_at[i, j])
            for i, label in enumerate(sweep.labels) for j, lr in enumerate(sweep.lrs)]
    return csv_text(["optimizer", "lr", "final_loss", "final_distance", "diverged_at"], rows)
