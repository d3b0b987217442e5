"""Sharpness measured now at a run's saved final weights: the window's "Measure sharpness now"
for a run that has ended, and ``descent-lab landscape --run DIR/RUN --sharpness``.

Why through :class:`RunProbes`: the point is measured on the same evaluation set (the first N
images the run saw), with the same threshold, and written as the same row as the points measured
while the run trained. What a saved run lacks is its optimizer's state (only the weights are
saved), so an adaptive optimizer's point carries λ₁(H) and no preconditioned value; its threshold
is the optimizer's at the learning rate of the run's last step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lab.engine.train.landscape.eval_set import DEFAULT_SAMPLES
from lab.engine.train.landscape.job import LandscapeError, load_run
from lab.engine.train.landscape.probes import ProbeConfig, RunProbes, SharpnessRow
from lab.engine.train.landscape.sharpness import LANCZOS_STEPS


@dataclass(eq=False)
class SavedRun:
    """What :class:`RunProbes` reads of a run, for one loaded back from its files: its model
    and data, one learning rate, and no optimizer (so no preconditioner)."""

    config: object  # TrainConfig
    model: object
    data: object  # PreparedData
    lr: float
    optimizer: object = None

    def lr_at(self, _iteration: int) -> float:
        return self.lr


def planned_total(config, images: int) -> int:
    """The run's length in iterations, as :class:`TrainingRun` counts it."""
    from lab.engine.core.draws import epoch_shape

    _batch, per_epoch = epoch_shape(images, config.batch_size, config.drop_last)
    return config.iterations or config.epochs * per_epoch


def measure_saved(path: str | Path, samples: int = DEFAULT_SAMPLES, steps: int = LANCZOS_STEPS,
                  device: str = "cpu", iteration: int | None = None, lr: float | None = None,
                  data_for=None) -> SharpnessRow:  # fmt: skip
    """One on-demand sharpness row at the final weights of the run saved at ``path``
    (``DIR/RUN`` or its ``.safetensors``). ``iteration``/``lr``: where the weights are and the
    learning rate of the last step, when the caller knows them (the window's history); else
    the file's ``iterations`` (or the run's planned length) and the schedule's rate there.
    ``data_for(data_config, device)``: how to get the data (default: prepare it). Raises
    LandscapeError (with why) when the run cannot be loaded or its weights are not finite."""
    from lab.engine.train.data import prepare_data
    from lab.engine.train.hot_path import all_finite

    run = load_run(path)
    if not all_finite(list(run.model.parameters())):
        raise LandscapeError(f"{run.name}: its saved weights are not finite (the run "
                             "diverged): there is no sharpness to measure")  # fmt: skip
    config = run.config
    data = (data_for or prepare_data)(config.data, device)
    total = planned_total(config, len(data.train_x))
    if iteration is None:
        saved = run.meta.get("iterations")
        iteration = saved if isinstance(saved, int) and saved >= 0 else total
    if lr is None:
        lr = float(config.schedule.rates(config.optimizer.lr, total)[min(iteration,
                                                                          max(total - 1, 0))])
    model = run.model.to(device)
    probes = RunProbes(SavedRun(config, model, data, lr),
                       ProbeConfig(samples=samples, lanczos_steps=steps))  # fmt: skip
    row = probes.measure(iteration, on_demand=True)
    if row is None:
        raise LandscapeError(f"{run.name}: the Hessian at its saved weights is not finite (the "
                             "run diverged): there is no sharpness to measure")  # fmt: skip
    return row
