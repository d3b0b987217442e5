"""A search trial as a training-lab run ("Train this configuration").

Why in lab/ui and not in an engine package: the search engine and the training engine may not
import each other; the UI is where the two labs meet. Qt-free all the same, so it is tested
without a window.

What carries over: the MLP (hidden layers, activation, initializer, dropout), the optimizer
with the trial's lr, momentum or betas, the weight decay as the training lab's book-style L2
(0.5·λ·ΣW² on the weights only: gradient ∇ + λW, the batched trainer's rule), the batch size,
the epochs, the minibatch sampling and the same images (the first N training images, the same
share held out for validation). What does not: the search shuffles its subset before splitting
(the book's order) while the training lab holds out the last share, so the validation images
differ; the training lab draws its own initial weights from the run's seed.
"""

from __future__ import annotations

from lab.engine.core.initializers import parse_init
from lab.engine.core.optimizers import make_optimizer
from lab.engine.search.space import SearchConfig
from lab.engine.search.trial_spec import TrialSpec
from lab.engine.train.config import MAX_SEED, DataConfig, TrainConfig
from lab.engine.train.models import ModelConfig


def optimizer_of(spec: TrialSpec):
    """The training lab's optimizer for a trial: SGD, Momentum or Adam with its hyperparameters
    (weight decay is not the optimizer's: it goes to ``l2``)."""
    if spec.optimizer == "momentum":
        return make_optimizer("momentum", lr=spec.lr, momentum=spec.momentum)
    if spec.optimizer == "adam":
        return make_optimizer("adam", lr=spec.lr, beta1=spec.beta1, beta2=spec.beta2,
                              eps=spec.eps)  # fmt: skip
    return make_optimizer("sgd", lr=spec.lr)


def train_config(config: SearchConfig, params: dict, number: int, name: str = "") -> TrainConfig:
    """The training-lab run for trial ``number`` of a search with ``config`` and the trial's
    sampled ``params`` (``{"lr": 0.003, "weight_decay": 1e-6, ...}``)."""
    seed = (config.seed * 1_000_003 + int(number)) % (MAX_SEED + 1)
    spec = config.trial_spec(dict(params), seed)
    data = config.data
    model = ModelConfig(kind="mlp", hidden=tuple(spec.hidden), activation=spec.activation,
                        init=parse_init(spec.init), dropout=float(spec.dropout))  # fmt: skip
    return TrainConfig(
        name=name or f"trial-{number}",
        model=model,
        optimizer=optimizer_of(spec),
        batch_size=int(spec.batch_size),
        epochs=int(config.epochs),
        l2=float(spec.weight_decay),
        sampling=config.sampling,
        seed=seed,
        data=DataConfig(folder=data.folder, train_size=data.train_size,
                        val_split=data.val_fraction),
    )
