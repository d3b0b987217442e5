"""Learning-rate schedules as closed forms lr(t), t = 0, 1, ... the index of the update.

Each matches a ``torch.optim.lr_scheduler`` stepped once after every optimizer step (the tests
check this). Schedules only rewrite the learning rate: one-cycle does *not* cycle momentum here
(torch's ``cycle_momentum=False``), so it can be laid over any optimizer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lab.engine.core.fields import ConfigError, Decl
from lab.engine.core.specs import check_params, format_spec, number, parse_spec


class ScheduleError(ConfigError):
    """An unknown schedule or parameter, or a value out of range."""


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    title: str
    defaults: dict[str, float | tuple[float, ...]]
    formula: str
    torch_equivalent: str


SCHEDULES: dict[str, ScheduleSpec] = {
    spec.name: spec
    for spec in (
        ScheduleSpec("constant", "Constant", {}, "η(t) = η", "none"),
        ScheduleSpec("step", "Step decay", {"step_size": 100, "gamma": 0.1},
                     "η(t) = η·γ^⌊t/step_size⌋", "StepLR"),
        ScheduleSpec("multistep", "Multi-step decay", {"milestones": (100, 200), "gamma": 0.1},
                     "η(t) = η·γ^(number of milestones ≤ t)", "MultiStepLR"),
        ScheduleSpec("exponential", "Exponential decay", {"gamma": 0.99},
                     "η(t) = η·γᵗ", "ExponentialLR"),
        ScheduleSpec("cosine", "Cosine annealing", {"T_max": 0, "eta_min": 0.0},
                     "η(t) = η_min + (η − η_min)·(1 + cos(π·t/T))/2   (T = T_max, or all steps)",
                     "CosineAnnealingLR"),
        ScheduleSpec("warmup_cosine", "Linear warm-up, then cosine",
                     {"warmup": 50, "start_factor": 0.01, "eta_min": 0.0},
                     "t < w: η(t) = η·(f + (1−f)·t/w)\n"
                     "t ≥ w: η(t) = η_min + (η − η_min)·(1 + cos(π·(t−w)/(N−w)))/2",
                     "SequentialLR(LinearLR, CosineAnnealingLR)"),
        ScheduleSpec("onecycle", "One-cycle",
                     {"pct_start": 0.3, "div_factor": 25.0, "final_div_factor": 1e4},
                     "cosine from η/div up to η (peak) over pct_start·N steps,\n"
                     "then cosine down to η/(div·final_div)", "OneCycleLR (cycle_momentum=False)"),
    )
}  # fmt: skip


MAX_STEPS = 10**9  # a schedule's step counts; runs are bounded the same way
# every schedule parameter declared once: type, range and help (the editors' tooltips)
PARAMS: dict[str, Decl] = {
    "step_size": Decl("int", "updates between two decays", 1, MAX_STEPS),
    "gamma": Decl("float", "γ: the factor applied at each decay", 0.0, low_open=True),
    "milestones": Decl("ints", "the updates at which η is multiplied by γ, separated by /",
                       1, MAX_STEPS, min_items=1, max_items=1000),
    "T_max": Decl("int", "updates in the half cosine; 0 means: all steps", 0, MAX_STEPS),
    "eta_min": Decl("float", "η_min: the lowest learning rate", 0.0),
    "warmup": Decl("int", "updates of linear warm-up", 0, MAX_STEPS),
    "start_factor": Decl("float", "f: the warm-up starts at f·η", 0.0, 1.0, low_open=True),
    "pct_start": Decl("float", "share of the steps spent rising to the peak", 0.0, 1.0,
                      low_open=True),
    "div_factor": Decl("float", "the cycle starts at η/div_factor", 0.0, low_open=True),
    "final_div_factor": Decl("float", "and ends at η/(div_factor·final_div_factor)", 0.0,
                             low_open=True),
}


@dataclass(frozen=True)
class ScheduleConfig:
    """A schedule with its parameters; ``lrs`` turns base rates into per-step rates."""

    name: str = "constant"
    params: tuple[tuple[str, float | tuple[float, ...]], ...] = ()

    def param(self, key: str):
        return dict(self.params).get(key, SCHEDULES[self.name].defaults.get(key))

    def lrs(self, base_lr: np.ndarray | float, steps: int) -> np.ndarray:
        """Learning rates of shape (len(base_lr), steps): row i is base_lr[i] scheduled."""
        base = np.atleast_1d(np.asarray(base_lr, dtype=np.float64))[:, None]
        t = np.arange(steps, dtype=np.float64)[None, :]
        return np.broadcast_to(_RULES[self.name](self, base, t, steps), (base.shape[0], steps))

    def factor_curve(self, steps: int) -> np.ndarray:
        """lr(t) for a base rate of 1, for previews."""
        return self.lrs(1.0, steps)[0]

    def rates(self, base_lr: float, steps: int) -> LearningRates:
        """lr(t) for one base rate, computed on demand: a run of 10⁹ steps allocates no table."""
        return LearningRates(self, float(base_lr), int(steps))


class LearningRates:
    """A read-only sequence of ``steps`` learning rates, evaluated block by block from the
    closed form (each rule is elementwise in t, so a block equals that slice of a table)."""

    BLOCK = 4096

    def __init__(self, schedule: ScheduleConfig, base_lr: float, steps: int):
        self.schedule, self.base_lr, self.steps = schedule, base_lr, steps
        self._start, self._values = -1, np.empty(0)

    def __len__(self) -> int:
        return self.steps

    def __getitem__(self, t: int) -> float:
        if not 0 <= t < self.steps:
            raise IndexError(f"step {t} outside 0..{self.steps - 1}")
        start = t - t % self.BLOCK
        if start != self._start:
            block = np.arange(start, min(start + self.BLOCK, self.steps), dtype=np.float64)
            base = np.array([[self.base_lr]])
            rule = _RULES[self.schedule.name]
            self._values = np.broadcast_to(rule(self.schedule, base, block[None, :], self.steps),
                                           (1, len(block)))[0]  # fmt: skip
            self._start = start
        return float(self._values[t - start])


def make_schedule(name: str, **params) -> ScheduleConfig:
    """Validate a schedule name and parameters: unknown keys, wrong types (a fractional
    ``step_size``), NaN and out-of-range values, all in one message."""
    if name not in SCHEDULES:
        raise ScheduleError(f"unknown schedule '{name}'; known: {', '.join(SCHEDULES)}")
    spec = SCHEDULES[name]
    merged = check_params(f"schedule {name}", params, spec.defaults, PARAMS, ScheduleError)
    return ScheduleConfig(name, tuple(merged.items()))


def parse_schedule(text: str) -> ScheduleConfig:
    """``cosine:T_max=100`` or ``multistep:milestones=100/200,gamma=0.5`` -> ScheduleConfig."""
    def convert(key: str, raw: str):
        if key == "milestones":
            return tuple(number(key, v) for v in raw.replace(";", "/").split("/"))
        return number(key, raw)

    name, params = parse_spec(text, ScheduleError, convert)
    return make_schedule(name, **params)


def format_schedule(config: ScheduleConfig) -> str:
    """The inverse of :func:`parse_schedule` (files, sessions, CLI)."""
    return format_spec(config.name, config.params)


def _constant(cfg, base, t, n):
    return base * np.ones_like(t)


def _step(cfg, base, t, n):
    return base * cfg.param("gamma") ** np.floor(t / int(cfg.param("step_size")))


def _multistep(cfg, base, t, n):
    milestones = np.sort(np.asarray(cfg.param("milestones"), dtype=np.float64))
    passed = np.searchsorted(milestones, t, side="right")
    return base * cfg.param("gamma") ** passed


def _exponential(cfg, base, t, n):
    return base * cfg.param("gamma") ** t


def _cosine_from(base, t, period, eta_min):
    return eta_min + (base - eta_min) * (1 + np.cos(np.pi * t / period)) / 2


def _cosine(cfg, base, t, n):
    period = int(cfg.param("T_max")) or n
    return _cosine_from(base, t, period, cfg.param("eta_min"))


def _warmup_cosine(cfg, base, t, n):
    warmup = min(int(cfg.param("warmup")), n)
    factor = cfg.param("start_factor")
    ramp = base * (factor + (1 - factor) * t / max(warmup, 1))
    decay = _cosine_from(base, t - warmup, max(n - warmup, 1), cfg.param("eta_min"))
    return np.where(t < warmup, ramp, decay)


def _onecycle(cfg, base, t, n):
    # torch.optim.lr_scheduler.OneCycleLR, two phases, cosine annealing
    initial = base / cfg.param("div_factor")
    final = initial / cfg.param("final_div_factor")
    peak_step = float(cfg.param("pct_start") * n) - 1
    end_step = n - 1.0
    up = np.clip(t / peak_step, 0, 1) if peak_step > 0 else np.ones_like(t)
    down = np.clip((t - peak_step) / (end_step - peak_step), 0, 1) if end_step > peak_step else t
    rising = base + (initial - base) / 2 * (np.cos(np.pi * up) + 1)
    falling = final + (base - final) / 2 * (np.cos(np.pi * down) + 1)
    return np.where(t <= peak_step, rising, falling)


_RULES = {"constant": _constant, "step": _step, "multistep": _multistep,
          "exponential": _exponential, "cosine": _cosine, "warmup_cosine": _warmup_cosine,
          "onecycle": _onecycle}  # fmt: skip
