"""A search trial as a training-lab run: "Train this configuration" in the search lab and
``descent-lab train --from-study``.

Why in lab/app: the search engine and the training engine may not import each other; the
application layer above both is where the two labs meet, Qt-free, so the window and the CLI use
the same mapping.

The run reproduces the trial: both labs speak one vocabulary (lab.engine.core), so the trial's
MLP, optimizer config, L2 weight decay (0.5·λ·ΣW² on the weights: the gradient ∇ + λW both
trainers apply), batch size and data split carry over as they are; the run's seed is the
trial's, from which both labs draw the initial weights, the minibatches (whole batches: the
search's ``drop_last``) and the dropout masks the same way (lab.engine.core.draws); it is
evaluated on the same validation images after every epoch. Its per-epoch validation accuracy is
the trial's (tests/app/test_trial_run.py).
"""

from __future__ import annotations

from lab.engine.core import fields as F
from lab.engine.core.mlp import MlpSpec
from lab.engine.search.space import SearchConfig
from lab.engine.train.config import TrainConfig
from lab.engine.train.models import ModelConfig


def train_config(config: SearchConfig, params: dict, number: int, name: str = "",
                 retry_of: int | None = None) -> TrainConfig:  # fmt: skip
    """The training-lab run for trial ``number`` of a search with ``config`` and the trial's
    sampled ``params`` (``{"lr": 0.003, "weight_decay": 1e-6, ...}``). ``retry_of``: the
    number of the trial it re-asks (a trial lost or interrupted and asked again keeps the
    seed of its first number)."""
    spec = config.trial_spec(dict(params), config.trial_seed(number if retry_of is None
                                                             else retry_of))  # fmt: skip
    mlp = {key: getattr(spec.model, key) for key in F.declarations(MlpSpec)}
    return TrainConfig(
        name=name or f"trial-{number}",
        model=ModelConfig(kind="mlp", **mlp),
        optimizer=spec.optimizer,
        batch_size=spec.batch_size,
        epochs=config.epochs,
        l2=spec.l2,
        sampling=config.sampling,
        drop_last=True,
        eval_every=0,
        seed=spec.seed,
        data=config.data,
    )


def trial_from_study(storage: str, study: str, number: int) -> TrainConfig:
    """Trial ``number`` of ``study`` in ``storage`` (a journal file or a database URL) as a
    run named ``<study>-trial-<number>``, through :func:`train_config`. StudyStorageError (an
    OSError) names the storage, the study or the trial that cannot be used."""
    from pathlib import Path

    from lab.engine.search.storage import StudyStorageError, is_url
    from lab.engine.search.study import open_study

    if not is_url(storage) and not Path(storage).expanduser().is_file():
        raise StudyStorageError(f"{storage}: no study file there")
    handle = open_study(study, None, storage)
    try:
        trial = next((t for t in handle.study.get_trials(deepcopy=False)
                      if t.number == number), None)  # fmt: skip
        if trial is None:
            raise StudyStorageError(f"the study '{study}' in {handle.where} has no trial "
                                    f"{number}")
        missing = [p.name for p in handle.config.space if p.name not in trial.params]
        if missing:
            raise StudyStorageError(f"trial {number} of the study '{study}' has no "
                                    f"{', '.join(missing)} yet (it is "
                                    f"{trial.state.name.lower()})")
        return train_config(handle.config, trial.params, number, f"{study}-trial-{number}",
                            trial.user_attrs.get("retry_of"))
    finally:
        handle.close()
