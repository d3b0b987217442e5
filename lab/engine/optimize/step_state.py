"""One update of one optimizer, as the optimizer lab's state view shows it (issue 17, item 1).

Why a module of its own: the view's numbers, what it draws on the map and the rule with the
update's values written in all come from the run's recorded state (``record_state``: the
reference's own ``optimizer.state``, tested to 1e-9), and are worked out here, without Qt, so a
test can hold them against torch.optim and the reference packages.

Playback step k shows update u = k + 1 (the one leaving the marker at θₖ, as the map's arrow
does); the last step shows the last update. Vectors in the gradient's units (g, a momentum, a
first moment) are drawn with the minus sign the step gives them, so every arrow points the way
it pushes; second moments as boxes of half-width √v per axis, in the same units; steps, step
sizes and points in the map's own units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lab.engine.core import optimizer_state as S
from lab.engine.optimize import step_rules
from lab.engine.optimize.trajectories import TrajectoryResult

GRADIENT_UNITS, MAP_UNITS = "gradient", "map"
ARROW, BOX, CIRCLE, PATH = "arrow", "box", "circle", "path"

# how each recorded column is drawn: (shape, units, symbol drawn, the value drawn)
_ROOT = "root"  # √value per axis
_NEGATED = "negated"
_AS_IS = "as is"
DRAWN = {
    "grad": (ARROW, GRADIENT_UNITS, "−g", _NEGATED),
    "momentum_buffer": (ARROW, GRADIENT_UNITS, "−b", _NEGATED),
    "exp_avg": (ARROW, GRADIENT_UNITS, "−m", _NEGATED),
    "grad_avg": (ARROW, GRADIENT_UNITS, "−ḡ", _NEGATED),
    "sum": (BOX, GRADIENT_UNITS, "√s", _ROOT),
    "square_avg": (BOX, GRADIENT_UNITS, "√v", _ROOT),
    "exp_avg_sq": (BOX, GRADIENT_UNITS, "√v", _ROOT),
    "max_exp_avg_sq": (BOX, GRADIENT_UNITS, "√v_max", _ROOT),
    "variance": (BOX, GRADIENT_UNITS, "√v", _ROOT),
    "exp_inf": (BOX, GRADIENT_UNITS, "u", _AS_IS),
    "acc_delta": (BOX, MAP_UNITS, "√u", _ROOT),
    "step_size": (BOX, MAP_UNITS, "s", _AS_IS),
    "delta": (ARROW, MAP_UNITS, "Δθ", _AS_IS),
}
SF_KEYS = ("z", "y")  # Schedule-Free's sequences: drawn as paths, not at the point
# the moments a step uses bias-corrected (m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)) are drawn so: then an
# arrow's reach against the box is the step's against η, axis by axis
CORRECTED = {
    "exp_avg": ("beta1", ("adam", "amsgrad", "adamw", "radam", "adamax")),
    "exp_avg_sq": ("beta2", ("adam", "amsgrad", "adamw", "nadam", "radam",
                             "schedulefree_adamw")),
    "max_exp_avg_sq": ("beta2", ("amsgrad",)),
}
HATS = {"−m": "−m̂", "√v": "√v̂", "√v_max": "√v̂_max"}


@dataclass(frozen=True)
class Mark:
    """One thing drawn on the map for this update: an arrow (``value`` the vector), a box
    (half-widths per axis), a circle (radius) or a path (points, one row each), from
    ``origin``; gradient-unit marks share one scale per update, map-unit ones are true size."""

    shape: str
    symbol: str
    title: str
    value: np.ndarray
    units: str
    origin: tuple[float, float]


@dataclass(frozen=True)
class Quantity:
    """A row of the view's table: a quantity before and after the update (``before`` None
    where it is not kept between updates: the gradient, the step)."""

    symbol: str
    title: str
    formula: str
    after: np.ndarray
    before: np.ndarray | None = None


@dataclass(frozen=True)
class StepState:
    """What the view shows of trajectory ``index`` at ``update`` (1 … steps)."""

    index: int
    label: str
    name: str  # the registry's name
    update: int
    lr: float  # η of this update (after the schedule)
    point: np.ndarray  # θ before the update: where the arrows start
    quantities: tuple[Quantity, ...]
    marks: tuple[Mark, ...]
    rule: str  # the registry's rule, in symbols
    worked: tuple[str, ...]  # the rule's lines with this update's values written in
    step_check: np.ndarray | None  # Δθ as the worked lines compute it (None: not written out)


def update_for_step(result: TrajectoryResult, index: int, step: int) -> int:
    """The update playback step ``step`` shows: the next one, the last at the end, and no
    later than the one where the trajectory diverged."""
    steps = result.paths.shape[1] - 1
    update = min(max(step + 1, 1), steps)
    diverged = int(result.diverged_at[index])
    return min(update, diverged) if diverged >= 1 else update


def step_state(result: TrajectoryResult, index: int, step: int) -> StepState | None:
    """The state view's content for trajectory ``index`` at playback step ``step``; None when
    the run recorded no state or the trajectory took no update."""
    if result.state is None or result.paths.shape[1] < 2:
        return None
    u = update_for_step(result, index, step)
    values = result.state_values(index)
    config = result.optimizers[index]
    point = result.paths[index, u - 1]
    quantities, marks = [], []
    for column in result.state_columns(index):
        after = values[column.key][u - 1]
        kept = column.key not in ("grad", "delta")
        before = _before(values[column.key], u, column, point) if kept else None
        quantities.append(Quantity(column.symbol, column.title, column.formula, after, before))
        drawn = DRAWN.get(column.key)
        if drawn is not None and column.axes == 2:
            shape, units, symbol, how = drawn
            beta, names = CORRECTED.get(column.key, ("", ()))
            if config.name in names:
                after = after / (1 - config.params[beta] ** u)
                symbol = HATS[symbol]
            shown = -after if how == _NEGATED else np.sqrt(after) if how == _ROOT else after
            marks.append(Mark(shape, symbol, column.title, shown, units, tuple(point)))
    params = {**config.spec.defaults, **config.params, **config.spec.fixed}
    lr = float(result.lrs[index, u - 1])
    context = step_rules.Context(config.name, params, lr, u, point, values, result.paths[index],
                                 result.lrs[index])
    worked, check, extra = step_rules.work_out(context)
    marks = _schedule_free_marks(marks, values, result.paths[index], u) + [
        Mark(shape, symbol, title, np.asarray(value, dtype=float), units, tuple(point))
        for shape, symbol, title, value, units in extra]
    return StepState(index, result.labels[index], config.name, u, lr, point, tuple(quantities),
                     tuple(marks), config.spec.rule, tuple(worked), check)


def _before(series: np.ndarray, u: int, column: S.StateColumn, point: np.ndarray) -> np.ndarray:
    """The value before update u: the previous row, or where the reference starts it."""
    if u >= 2:
        return series[u - 2]
    if column.key in SF_KEYS:
        return np.array(point, dtype=float)  # z = y = x₀
    return np.full(column.axes, np.nan)  # made by the first update (or its initial value)


def _schedule_free_marks(marks: list[Mark], values: dict, path: np.ndarray, u: int) -> list[Mark]:
    """Schedule-Free's three sequences: x (the drawn path), z and y from the start up to this
    update; its gradient is taken at y, so −g starts there."""
    if "z" not in values:
        return marks
    start = path[0][None, :]
    z = np.concatenate([start, values["z"][:u]])
    y = np.concatenate([start, values["y"][:u]])
    at_y = tuple(y[u - 1])
    moved = [Mark(m.shape, m.symbol, m.title, m.value, m.units, at_y) if m.symbol == "−g"
             else m for m in marks]  # fmt: skip
    return moved + [
        Mark(PATH, "z", "the base sequence: plain steps from the start", z, MAP_UNITS,
             tuple(start[0])),
        Mark(PATH, "y", "where the gradient is taken", y, MAP_UNITS, tuple(start[0])),
    ]


def gradient_scale(state: StepState, length: float) -> float:
    """Map units per gradient unit so that the longest gradient-unit mark of this update is
    ``length`` long (1 when they are all zero or not finite)."""
    longest = 0.0
    for mark in state.marks:
        if mark.units == GRADIENT_UNITS:
            size = float(np.hypot(*mark.value)) if mark.shape == ARROW else float(
                np.max(np.abs(mark.value)))
            if math.isfinite(size):
                longest = max(longest, size)
    return length / longest if longest > 0 else 1.0
