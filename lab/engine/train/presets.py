"""Training-lab presets: the book's chapter-6 MNIST experiments (setups in DESIGN.md).

Run names are short slugs (they name files: ``<run>.safetensors``). The book draws minibatches
with replacement; these presets do the same. Its weight decay is 0.5·λ·ΣW² in the loss on
weights only (our ``l2``); its dropout is not inverted (ours is torch's, inverted).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import make_optimizer
from lab.engine.core.schedules import make_schedule
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.landscape.probes import ProbeConfig
from lab.engine.train.models import ModelConfig


@dataclass(frozen=True)
class TrainPreset:
    key: str
    title: str
    note: str
    runs: tuple[TrainConfig, ...]
    # what the runs keep and measure as they train (snapshots, sharpness); off unless a preset
    # is about the landscape or stability
    probes: ProbeConfig = field(default_factory=ProbeConfig)
    # measure inside every run (the Inside tab; the CLI unless --diagnostics says otherwise)
    diagnostics: DiagnosticsConfig | None = None


def _mlp(hidden: int, **model) -> ModelConfig:
    return ModelConfig(hidden=(100,) * hidden, **model)


_BOOK = TrainConfig("base", model=_mlp(4), batch_size=128, iterations=2000,
                    sampling="replacement", eval_every=200)  # fmt: skip


def _optimizers() -> tuple[TrainConfig, ...]:
    return tuple(replace(_BOOK, name=name, optimizer=make_optimizer(opt, lr=lr))
                 for name, opt, lr in (("sgd", "sgd", 0.01), ("momentum", "momentum", 0.01),
                                       ("adagrad", "adagrad", 0.01), ("adam", "adam", 0.001)))


def _inits() -> tuple[TrainConfig, ...]:
    return tuple(replace(_BOOK, name=name, model=_mlp(4, init=init),
                         optimizer=make_optimizer("sgd", lr=0.01))
                 for name, init in (("std-0.01", make_init("normal", std=0.01)),
                                    ("xavier", make_init("book-xavier")),
                                    ("he", make_init("book-he"))))


def _today() -> tuple[TrainConfig, ...]:
    """The book's MNIST setup with today's optimizers, each at a rate that suits it (Lion's
    is 10× below AdamW's, as its authors advise; Muon's AdamW half shares its rate)."""
    return tuple(replace(_BOOK, name=name, optimizer=make_optimizer(opt, lr=lr))
                 for name, opt, lr in (("adam", "adam", 0.001), ("adamw", "adamw", 0.001),
                                       ("lion", "lion", 1e-4), ("muon", "muon", 0.005),
                                       ("schedulefree", "schedulefree_adamw", 0.0025)))


def _schedule_free() -> tuple[TrainConfig, ...]:
    adamw = make_optimizer("adamw", lr=0.001)
    return (replace(_BOOK, name="adamw-constant", optimizer=adamw),
            replace(_BOOK, name="adamw-cosine", optimizer=adamw,
                    schedule=make_schedule("cosine")),
            replace(_BOOK, name="schedulefree", optimizer=make_optimizer("schedulefree_adamw")))


_SMALL = DataConfig(train_size=1000)
_BN = TrainConfig("base", model=_mlp(5), batch_size=100, epochs=20, sampling="replacement",
                  optimizer=make_optimizer("sgd", lr=0.01), data=_SMALL)  # fmt: skip
BN_SCALES = tuple(float(s) for s in np.logspace(0, -4, 16))


def _batchnorm(scales) -> tuple[TrainConfig, ...]:
    runs = []
    for k, scale in enumerate(scales):
        init = make_init("normal", std=scale)
        suffix = "" if len(scales) == 1 else f"-{k + 1:02d}"
        runs.append(replace(_BN, name=f"batchnorm{suffix}",
                            model=_mlp(5, init=init, batchnorm=True)))
        runs.append(replace(_BN, name=f"plain{suffix}", model=_mlp(5, init=init)))
    return tuple(runs)


def _landscape() -> tuple[TrainConfig, ...]:
    """The book's four optimizers, 1000 iterations each from one seed (so one initial point:
    their snapshots share a PCA plane)."""
    return tuple(replace(run, iterations=1000) for run in _optimizers())


def _landscape_batchnorm() -> tuple[TrainConfig, ...]:
    """The book's MLP with and without batch norm, one seed, 1000 iterations: each run's own
    random plane around its final weights (Li et al.'s comparison; the parameter spaces differ,
    so no shared plane)."""
    return (replace(_BOOK, name="batchnorm", iterations=1000, model=_mlp(4, batchnorm=True)),
            replace(_BOOK, name="plain", iterations=1000))


# Edge of stability (Cohen et al. 2021): full-batch gradient descent, the batch the whole
# fixed subset, and sharpness measured on that same subset. With 784-100-100-10 on 1000 images
# the sharpness climbs from about 7 at the start to 2/η and hovers there while the loss goes
# non-monotone (docs/landscape.md gives the measured figures).
EOS_IMAGES = 1000
_EOS = TrainConfig("base", model=ModelConfig(hidden=(100, 100)), batch_size=EOS_IMAGES,
                   iterations=120, eval_every=40,
                   data=DataConfig(train_size=EOS_IMAGES))  # fmt: skip
EOS_RATES = (0.15, 0.25)


def _edge_of_stability() -> tuple[TrainConfig, ...]:
    return tuple(replace(_EOS, name=f"gd-{lr:g}", optimizer=make_optimizer("sgd", lr=lr))
                 for lr in EOS_RATES)  # fmt: skip


_OVERFIT = TrainConfig("base", model=_mlp(6), batch_size=100, sampling="replacement",
                       optimizer=make_optimizer("sgd", lr=0.01),
                       data=DataConfig(train_size=300))  # fmt: skip

TRAIN_PRESETS: dict[str, TrainPreset] = {
    p.key: p
    for p in (
        TrainPreset("book-optimizers", "Book: optimizers on MNIST",
                    "MLP 784-100×4-10, ReLU, He, batch 128, 2000 iterations: SGD learns "
                    "slowest; Momentum, AdaGrad and Adam pull ahead.", _optimizers()),
        TrainPreset("today-optimizers", "Today's optimizers on MNIST",
                    "The book's MLP and 2000 iterations with Adam, AdamW, Lion, Muon (the "
                    "hidden 100×100 matrices; AdamW for the rest) and Schedule-Free AdamW.",
                    _today()),
        TrainPreset("schedule-free-mnist", "Schedule-Free: no schedule needed",
                    "The book's MNIST setup: AdamW at a constant rate, AdamW with a cosine "
                    "decay (which must know the run's length), and Schedule-Free AdamW with "
                    "none: it keeps up with the cosine run. Its accuracies are measured at x, "
                    "the average it returns.", _schedule_free()),
        TrainPreset("book-init", "Book: initializers on MNIST",
                    "Same MLP with SGD 0.01: std 0.01 does not learn at all; the book's "
                    "“Xavier” learns, He learns fastest.", _inits()),
        TrainPreset("book-init-inside", "Book: initializers over time (inside)",
                    "The book's initializer comparison, measured inside every 50 iterations: "
                    "with std 0.01 the deep activations collapse and the gradients vanish for "
                    "the whole run; with He they keep their spread and the updates sit near "
                    "1e-3 of the weights (the Inside tab).",
                    _inits(), diagnostics=DiagnosticsConfig(every=50)),
        TrainPreset("book-batchnorm-inside", "Book: batch norm with vs without (inside)",
                    "The book's batch-norm pair (weight std 1), measured inside every 10 "
                    "iterations: without batch norm the activations grow layer by layer into "
                    "the thousands and the run diverges within a few iterations; with it every "
                    "layer keeps its spread (the Inside tab, side by side).",
                    _batchnorm((1.0,)), diagnostics=DiagnosticsConfig(every=10)),
        TrainPreset("book-batchnorm", "Book: batch norm (one weight scale)",
                    "1000 images, 784-100×5-10, SGD 0.01, 20 epochs, weight std 1: with batch "
                    "norm the network learns far faster.",
                    _batchnorm((1.0,))),
        TrainPreset("book-batchnorm-grid", "Book: batch norm over 16 weight scales",
                    "The 4×4 grid: weight std from 1 down to 1e-4; without batch norm most "
                    "scales fail to learn, with it nearly all do.",
                    _batchnorm(BN_SCALES)),
        TrainPreset("book-weight-decay", "Book: overfitting and weight decay",
                    "300 images, 784-100×6-10, 201 epochs: train accuracy reaches 100% while "
                    "test accuracy stalls; weight decay λ = 0.1 narrows the gap.",
                    (replace(_OVERFIT, name="no-decay", epochs=201),
                     replace(_OVERFIT, name="weight-decay", epochs=201, l2=0.1))),
        TrainPreset("book-dropout", "Book: overfitting and dropout",
                    "300 images, 784-100×6-10, 301 epochs: dropout 0.2 keeps train and test "
                    "accuracy closer together.",
                    (replace(_OVERFIT, name="no-dropout", epochs=301),
                     replace(_OVERFIT, name="dropout", epochs=301,
                             model=_mlp(6, dropout=0.2)))),
        TrainPreset("landscape-optimizers", "Landscape: four optimizers on one plane",
                    "The book's SGD, Momentum, AdaGrad and Adam from one initialisation, "
                    "snapshots every 25 iterations: the Landscape tab draws their paths on one "
                    "shared PCA plane.", _landscape(), ProbeConfig(snapshot_every=25)),
        TrainPreset("landscape-batchnorm", "Landscape: batch norm with vs without",
                    "The book's MLP with and without batch norm from one seed, snapshots every "
                    "50 iterations: tick one run at a time and draw its random plane (Li et "
                    "al.'s comparison): the loss rises about half as fast around batch norm's "
                    "final weights.",
                    _landscape_batchnorm(), ProbeConfig(snapshot_every=50)),
        TrainPreset("edge-of-stability", "Edge of stability: full-batch gradient descent",
                    "Gradient descent on a fixed 1000-image subset (the batch is the whole "
                    "subset) at η = 0.15 and 0.25, sharpness every 5 iterations: it climbs to "
                    "2/η (13.3 and 8) and hovers there while the loss goes up and down. See "
                    "the Landscape tab's Stability page.", _edge_of_stability(),
                    ProbeConfig(sharpness_every=5, samples=EOS_IMAGES)),
    )
}  # fmt: skip


def with_iterations(runs: tuple[TrainConfig, ...], iterations: int) -> tuple[TrainConfig, ...]:
    """The runs with their length replaced by a number of iterations (the CLI's --iterations)."""
    return tuple(replace(run, iterations=iterations, epochs=0) for run in runs)
