"""What a training job measures as a run trains: its snapshots and its sharpness over time.

Why outside the training loop: the loop yields after every iteration with the model at that
iteration's weights, so whoever drives it (the CLI's job, the window's runner) calls
:meth:`RunProbes.observe` at iteration 0 and after each update; the loop stays what it is and a
run without probes pays nothing. Sharpness is measured on the run's fixed evaluation set
(:mod:`.eval_set`), warm-started from the previous eigenvector, at iteration 0, every k
iterations and at the last one, with the threshold of the optimizer at the learning rate of the
next step (so a learning rate changed mid-run moves it). A point asked for on demand (the window's
"Measure sharpness now", between two iterations) goes the same way, marked ``on_demand``; a run
without sharpness probes builds its evaluation set on the first such request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core.schedules import MAX_STEPS
from lab.engine.train.landscape.eval_set import DEFAULT_SAMPLES, evaluation_set
from lab.engine.train.landscape.sharpness import (
    LANCZOS_STEPS,
    preconditioner,
    sharpness,
    stability_threshold,
)
from lab.engine.train.landscape.snapshots import MAX_BYTES, SnapshotError, Snapshots, planned_bytes
from lab.io.files import csv_text

MAX_SAMPLES = 60_000
SHARPNESS_HEADER = ("run", "iteration", "sharpness", "threshold", "residual")
ON_DEMAND = "on_demand"  # sharpness.csv's last column, when some point was measured on demand


class ProbeError(F.ConfigError):
    """Probe settings that cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class ProbeConfig:
    """What to keep and measure while a run trains (0: off)."""

    snapshot_every: int = F.integer(0, 0, MAX_STEPS,
                                    help="keep the weights every K iterations (0 and the last "
                                         "included); 0: off")
    sharpness_every: int = F.integer(0, 0, MAX_STEPS,
                                     help="measure the top Hessian eigenvalue every K "
                                          "iterations (0 and the last included); 0: off")
    samples: int = F.integer(DEFAULT_SAMPLES, 1, MAX_SAMPLES,
                             help="images of the fixed set sharpness is measured on: the "
                                  "first N the run saw")
    lanczos_steps: int = F.integer(LANCZOS_STEPS, 1, 500,
                                   help="most Hessian-vector products per estimate")

    @property
    def active(self) -> bool:
        return bool(self.snapshot_every or self.sharpness_every)


def parse_every(text: str, what: str) -> dict:
    """``every=K[,samples=N]`` (or a bare ``K``) as plain data for :class:`ProbeConfig`."""
    keys = {"every": f"{what}_every", "samples": "samples", "steps": "lanczos_steps"}
    out = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, eq, value = part.partition("=")
        key, value = (key.strip(), value.strip()) if eq else ("every", key.strip())
        if key not in keys or (key != "every" and what == "snapshot"):
            raise ProbeError(f"--{what}s: unknown setting '{key}' (give every=K"
                             f"{'' if what == 'snapshot' else ', samples=N, steps=S'})")
        try:
            out[keys[key]] = int(value)
        except ValueError:
            raise ProbeError(f"--{what}s: {key} must be a whole number, not '{value}'") from None
    if f"{what}_every" not in out:
        raise ProbeError(f"--{what}s needs every=K")
    return out


@dataclass(frozen=True)
class SharpnessRow:
    """One estimate along a run; ``threshold`` applies to ``preconditioned`` when that is set
    (adaptive optimizers), else to ``sharpness``."""

    run: str
    iteration: int
    sharpness: float
    threshold: float | None
    residual: float
    preconditioned: float | None = None
    on_demand: bool = False  # asked for now (the window, `landscape --sharpness`), not every K


class RunProbes:
    """The probes of one run (a :class:`~lab.engine.train.training.TrainingRun`)."""

    def __init__(self, run, config: ProbeConfig):
        F.check_config(config, ProbeError)
        self.run, self.config = run, config
        self.snapshots = Snapshots(config.snapshot_every) if config.snapshot_every else None
        if self.snapshots is not None:
            count = sum(p.numel() for p in run.model.parameters())
            size = planned_bytes(count, run.total, config.snapshot_every)
            if size > MAX_BYTES:
                raise SnapshotError(f"{run.config.name}: snapshots every "
                                    f"{config.snapshot_every} iterations would keep "
                                    f"{size / 2**30:.1f} GiB (at most {MAX_BYTES / 2**30:.0f}); "
                                    "choose a larger K")  # fmt: skip
        self.rows: list[SharpnessRow] = []
        self._x = self._y = None
        if config.sharpness_every:
            self._evaluation_set()
        self._vector = self._preconditioned_vector = None

    def _evaluation_set(self):
        """(x, y), built on first use: at once when sharpness is measured every K, on the first
        request otherwise (a run without probes pays nothing until asked)."""
        if self._x is None:
            self._x, self._y = evaluation_set(self.run.config, self.run.data, self.config.samples)
        return self._x, self._y

    def observe(self, iteration: int, last: bool = False) -> SharpnessRow | None:
        """Keep and measure what is due at ``iteration`` (the model holds its weights)."""
        due = self.config.sharpness_every
        if self.snapshots is None and not due:
            return None
        from lab.engine.train.optimizer_classes import evaluation_weights

        with evaluation_weights(self.run.optimizer):
            if self.snapshots is not None:
                self.snapshots.keep(iteration, self.run.model, last)
            if due and (iteration % due == 0 or last):
                return self.measure(iteration)
        return None

    def measure(self, iteration: int, on_demand: bool = False) -> SharpnessRow | None:
        """Sharpness (and the preconditioned value where it applies and the run has an
        optimizer's state) now, appended to ``rows``; None when the weights are not finite (a
        diverged run). ``on_demand``: asked for now rather than due every K."""
        run, cfg = self.run, self.run.config
        params = list(run.model.parameters())
        x, y = self._evaluation_set()
        try:
            plain = sharpness(run.model, x, y, cfg.l2, cfg.l1, self._vector,
                              steps=self.config.lanczos_steps)  # fmt: skip
        except ArithmeticError:
            return None
        self._vector = plain.vector
        lr = run.lr_at(iteration)
        threshold = stability_threshold(cfg.optimizer, lr)
        conditioned = None
        if threshold.preconditioned and run.optimizer is not None:
            diagonal = preconditioner(run.optimizer, cfg.optimizer, params)
            if diagonal is not None:
                try:
                    estimate = sharpness(run.model, x, y, cfg.l2, cfg.l1,
                                         self._preconditioned_vector, scale=diagonal.rsqrt(),
                                         steps=self.config.lanczos_steps)  # fmt: skip
                    self._preconditioned_vector = estimate.vector
                    conditioned = estimate.value
                except ArithmeticError:
                    conditioned = math.nan
        row = SharpnessRow(cfg.name, iteration, plain.value, threshold.value, plain.residual,
                           conditioned, on_demand)  # fmt: skip
        self.rows.append(row)
        return row


def sharpness_csv(rows: list[SharpnessRow]) -> str:
    """``run,iteration,sharpness,threshold,residual[,preconditioned][,on_demand]``: the
    optional columns only when some row has a preconditioned value / was measured on demand
    (``on_demand``: 1 for those, 0 for the points measured every K)."""
    with_p = any(r.preconditioned is not None for r in rows)
    with_d = any(r.on_demand for r in rows)
    header = SHARPNESS_HEADER + (("preconditioned",) if with_p else ()) + \
        ((ON_DEMAND,) if with_d else ())
    lines = []
    for r in rows:
        line = [r.run, r.iteration, repr(r.sharpness),
                "" if r.threshold is None else repr(r.threshold), repr(r.residual)]
        if with_p:
            line.append("" if r.preconditioned is None else repr(r.preconditioned))
        if with_d:
            line.append(int(r.on_demand))
        lines.append(line)
    return csv_text(header, lines)
