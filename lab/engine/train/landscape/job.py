"""A landscape of one or more trained runs, from their files: what ``descent-lab landscape``
(and later the window's Landscape tab) asks for.

Why here and not in the CLI: loading a run back (its weights, its configuration, its snapshots),
choosing the plane and evaluating it coarse to fine is the same work whoever shows the result;
it is a generator (yield progress, close to cancel) so a worker can drive it. The plane is
centred on the first run's final weights; the evaluation set is the first run's first N images
(runs on one shared plane start from one seed, so they saw the same ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lab.engine.core import fields as F
from lab.engine.core.draws import MAX_SEED, weight_generator
from lab.engine.train.landscape import directions as D
from lab.engine.train.landscape.eval_set import DEFAULT_SAMPLES, evaluation_set
from lab.engine.train.landscape.evaluate import PlaneEvaluator, Regularization, plane_steps
from lab.engine.train.landscape.probes import MAX_SAMPLES
from lab.engine.train.landscape.sharpness import sharpness
from lab.engine.train.landscape.snapshots import (
    SUFFIX,
    SnapshotError,
    Snapshots,
    load_snapshots,
)
from lab.engine.train.landscape.vectors import Layout, layout_of

PLANES = ("pca", "random", "line", "hessian")
MAX_GRID = 201


class LandscapeError(F.ConfigError):
    """A landscape that cannot be made; the message says why."""


@dataclass(frozen=True)
class LandscapeConfig:
    plane: str = F.choice("pca", PLANES,
                          help="pca: the runs' snapshots' first two principal directions (one "
                               "shared plane); random: two filter-normalised random directions; "
                               "line: initial → final weights, or run → --with run; hessian: "
                               "along the top Hessian eigenvector")
    grid: int = F.integer(25, 2, MAX_GRID, help="points per side (a line: points along it)")
    samples: int = F.integer(DEFAULT_SAMPLES, 1, MAX_SAMPLES,
                             help="evaluation images: the first N the run saw")
    span: float = F.number(0.0, 0.0, help="random plane: coordinates in [−span, span] (0: 1); "
                                          "hessian line: in units of 1/√λ (0: 3)")
    seed: int = F.integer(0, 0, MAX_SEED, help="seed of the random directions")


@dataclass(eq=False)
class LoadedRun:
    """A trained run back from its files (the model on the CPU)."""

    name: str
    config: object  # TrainConfig
    model: object
    model_config: object  # ModelConfig (input and output sizes from the data)
    layout: Layout
    final: object  # (P,) float64
    snapshots: Snapshots | None
    meta: dict = field(default_factory=dict)  # the weights file's metadata (its "iterations")

    def initial(self):
        """The run's initial weights: its step-0 snapshot, or rebuilt from its seed (the
        weights are drawn from the seed alone, lab.engine.core.draws)."""
        import torch

        from lab.engine.train.models import build_model

        if self.snapshots is not None and 0 in self.snapshots.tensors:
            return self.layout.flatten(self.snapshots.tensors[0])
        with torch.random.fork_rng(devices=[]):
            model = build_model(self.model_config, weight_generator(self.config.seed))
        return self.layout.flatten(dict(model.named_parameters()))


def load_run(path: str | Path) -> LoadedRun:
    """``DIR/RUN`` (or ``DIR/RUN.safetensors``) written by ``descent-lab train``."""
    from lab.engine.train.experiments import ExperimentError, runs_from_entries
    from lab.engine.train.weights import WeightsError, load_weights

    path = Path(path)
    stem = path.with_name(path.name[: -len(".safetensors")]) \
        if path.name.endswith(".safetensors") else path
    weights = stem.with_name(stem.name + ".safetensors")
    try:
        model, model_config, meta = load_weights(weights)
    except WeightsError as err:
        raise LandscapeError(f"{stem}: {err}") from None
    if not isinstance(meta.get("config"), dict):
        raise LandscapeError(f"{weights.name} does not say how the run was trained (written "
                             "before `landscape` existed); train it again")
    try:
        (config,) = runs_from_entries([meta["config"]], weights.name)
    except ExperimentError as err:
        raise LandscapeError(str(err)) from None
    layout = layout_of(model)
    snapshots = None
    snap_path = stem.with_name(stem.name + SUFFIX)
    if snap_path.exists():
        try:
            snapshots, _ = load_snapshots(snap_path, {s.name: s.shape for s in layout.slots})
        except SnapshotError as err:
            raise LandscapeError(str(err)) from None
    final = layout.flatten(dict(model.named_parameters()))
    return LoadedRun(config.name, config, model, model_config, layout, final, snapshots, meta)


@dataclass(eq=False)
class Landscape:
    """A finished (or partial) landscape: a plane's grid, or a line's curve (``betas`` None)."""

    kind: str
    runs: list[str]
    alphas: np.ndarray
    betas: np.ndarray | None
    loss: np.ndarray
    accuracy: np.ndarray
    explained: tuple[float, ...] = ()
    paths: dict = field(default_factory=dict)  # {run: (iterations, coords (T, k))}
    sharpness: float | None = None
    measured: int = 0
    total: int = 0


def landscape_steps(runs: list[LoadedRun], config: LandscapeConfig, device: str = "cpu"):
    """Yield :class:`Landscape` as it fills in (a plane coarse to fine); the last is whole."""
    from lab.engine.train.data import prepare_data

    F.check_config(config, LandscapeError)
    if not runs:
        raise LandscapeError("no run to draw a landscape of")
    first = runs[0]
    for other in runs[1:]:
        if other.layout.names != first.layout.names or \
                [s.shape for s in other.layout.slots] != [s.shape for s in first.layout.slots]:
            raise LandscapeError(f"{other.name} has another model than {first.name}: their "
                                 "weights do not share a space")
    data = prepare_data(first.config.data, device)
    x, y = evaluation_set(first.config, data, config.samples)
    model = first.model.to(device)
    reg = Regularization(first.config.l2, first.config.l1)
    names = [r.name for r in runs]
    if config.plane in ("line", "hessian"):
        yield _line(runs, config, model, x, y, reg, names)
        return
    plane, paths = _plane(runs, config)
    if config.plane == "pca":
        coords = np.concatenate([c for _, c in paths.values()])
        (xl, xh), (yl, yh) = D.path_extent(coords)
    else:
        span = config.span or 1.0
        (xl, xh), (yl, yh) = (-span, span), (-span, span)
    alphas, betas = np.linspace(xl, xh, config.grid), np.linspace(yl, yh, config.grid)
    evaluator = PlaneEvaluator(model, plane, x, y, reg)
    for grid in plane_steps(evaluator, alphas, betas):
        yield Landscape(config.plane, names, alphas, betas, grid.loss, grid.accuracy,
                        plane.explained, paths, measured=grid.measured, total=grid.total)


def _plane(runs, config):
    """The plane and every run's path projected on it (runs with snapshots)."""
    first = runs[0]
    with_paths = [r for r in runs if r.snapshots is not None]
    if config.plane == "pca":
        if len(with_paths) != len(runs):
            missing = ", ".join(r.name for r in runs if r.snapshots is None)
            raise LandscapeError(f"a PCA plane needs every run's snapshots; {missing} has none "
                                 "(train with --snapshots every=K)")
        try:
            plane = D.pca_plane([r.snapshots.path(r.layout) for r in runs], first.final)
        except D.DirectionError as err:
            raise LandscapeError(str(err)) from None
    else:
        plane = D.random_plane(first.final, first.layout, config.seed)
    paths = {r.name: (np.array(r.snapshots.iterations),
                      D.project(r.snapshots.path(r.layout), plane).numpy())
             for r in with_paths}  # fmt: skip
    return plane, paths


def _line(runs, config, model, x, y, reg, names) -> Landscape:
    first = runs[0]
    value = None
    if config.plane == "hessian":
        estimate = sharpness(model, x, y, reg.l2, reg.l1)
        value = estimate.value
        plane = D.eigen_line(first.final, estimate.vector)
        reach = (config.span or 3.0) / max(abs(value), 1e-12) ** 0.5
        ts = np.linspace(-reach, reach, config.grid)
    else:
        start = first.initial() if len(runs) == 1 else first.final
        end = first.final if len(runs) == 1 else runs[1].final
        plane = D.line(start, end)
        ts = np.linspace(-0.5, 1.5, config.grid)
    loss, accuracy = PlaneEvaluator(model, plane, x, y, reg).evaluate(ts[:, None])
    return Landscape(config.plane, names, ts, None, loss, accuracy, sharpness=value,
                     measured=len(ts), total=len(ts))
