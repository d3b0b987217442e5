"""The learning-rate range test (Smith 2017, "Cyclical Learning Rates", sec. 3.3; fastai's
``lr_find``), and the check no peer makes: a real batched sweep of the same model at fixed
learning rates, so the suggestion can be read against what training actually does.

Range test: one run whose lr grows exponentially each minibatch, lr_i = lr_min·(lr_max/lr_min)^
(i/(n−1)); the loss is smoothed by a bias-corrected exponential moving average (β = 0.98, fastai)
and the run stops once it exceeds 4× its minimum. Suggestions:
- ``steepest``: where the smoothed loss falls fastest against log lr, before its minimum and
  after the first 10 steps (fastai's ``steep``);
- ``min/10``: the lr of the minimum smoothed loss divided by 10 (fastai's ``minimum``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from lab.engine.search.batched import minibatch_indices, steps_per_epoch, train_batch
from lab.engine.search.stacked_mlp import BatchedMLP
from lab.engine.search.trial_spec import TrialSpec


class LrFindError(ValueError):
    """A range that cannot be tested."""


@dataclass(frozen=True)
class RangeTest:
    lrs: np.ndarray  # one per step taken
    losses: np.ndarray  # raw minibatch loss
    smoothed: np.ndarray
    suggestions: dict[str, float]


@dataclass(frozen=True)
class Sweep:
    lrs: np.ndarray
    val_acc: np.ndarray  # after the last epoch; 0 for a run that diverged
    train_loss: np.ndarray  # mean of the last epoch; NaN once diverged
    best_lr: float
    best_val_acc: float

    def at(self, lr: float) -> float:
        """The sweep's validation accuracy at ``lr``, interpolated in log lr."""
        return float(np.interp(math.log10(lr), np.log10(self.lrs), self.val_acc))


def _check(lr_min: float, lr_max: float, count: int) -> None:
    if not (0 < lr_min < lr_max and math.isfinite(lr_max)):
        raise LrFindError("the lr range needs 0 < lr_min < lr_max")
    if count < 2:
        raise LrFindError("at least 2 steps or learning rates are needed")


def lr_range_test(spec: TrialSpec, data, lr_min: float = 1e-7, lr_max: float = 10.0,
                  steps: int = 100, device: str = "cpu", beta: float = 0.98,
                  stop_factor: float = 4.0) -> RangeTest:  # fmt: skip
    """One model, lr growing exponentially per minibatch; see the module docstring."""
    _check(lr_min, lr_max, steps)
    n_train = len(data.train_x)
    per_epoch = steps_per_epoch(n_train, spec.batch_size)
    epochs = math.ceil(steps / per_epoch)
    index = minibatch_indices(spec, n_train, epochs, "replacement")[:steps].to(device)
    classes = max(int(getattr(data, "classes", 0)), int(data.train_y.max()) + 1)
    model = BatchedMLP([spec], data.train_x.shape[1], classes, device, data.train_x.dtype)
    lrs = lr_min * (lr_max / lr_min) ** (np.arange(steps) / (steps - 1))
    losses, smoothed, avg, best = [], [], 0.0, math.inf
    for i, idx in enumerate(index):
        model.lr.fill_(float(lrs[i]))
        loss = float(model.train_step(data.train_x[idx][None], data.train_y[idx][None])[0])
        if not math.isfinite(loss):
            break
        avg = beta * avg + (1 - beta) * loss
        value = avg / (1 - beta ** (i + 1))  # bias correction (Adam-style)
        losses.append(loss)
        smoothed.append(value)
        best = min(best, value)
        if i > 10 and value > stop_factor * best:
            break
    taken = len(losses)
    if taken < 3:
        raise LrFindError(f"the loss diverged within {taken} steps: lower lr_min")
    lrs, smooth = lrs[:taken], np.asarray(smoothed)
    low = int(np.argmin(smooth))
    slope = np.gradient(smooth, np.log10(lrs))
    # fastai skips the first steps: the average there is still settling (skip_start=10)
    skip = min(max(10, steps // 10), max(low - 1, 0))
    steep = skip + int(np.argmin(slope[skip: max(low, skip) + 1]))
    return RangeTest(lrs, np.asarray(losses), smooth,
                     {"steepest": float(lrs[steep]), "min/10": float(lrs[low] / 10)})


def lr_sweep(spec: TrialSpec, data, lr_min: float = 1e-6, lr_max: float = 10.0,
             count: int = 20, epochs: int = 10, device: str = "cpu") -> Sweep:
    """``count`` log-spaced fixed learning rates trained as one batch: the same initial weights
    and minibatches for all (one seed), so the lr is the only difference."""
    _check(lr_min, lr_max, count)
    lrs = np.logspace(math.log10(lr_min), math.log10(lr_max), count)
    specs = [replace(spec, optimizer=spec.optimizer.with_params(lr=float(lr))) for lr in lrs]
    val = np.zeros(count)
    loss = np.full(count, np.nan)
    for update in train_batch(specs, data, epochs, device):
        for row, trial in enumerate(update.trials):
            if trial in update.diverged:
                val[trial], loss[trial] = 0.0, np.nan
            else:
                val[trial], loss[trial] = update.val_acc[row], update.train_loss[row]
    best = int(np.argmax(val))
    return Sweep(lrs, val, loss, float(lrs[best]), float(val[best]))
