"""Search presets: the book's random search exactly, and searches the book did not run."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lab.engine.core.optimizers import make_optimizer
from lab.engine.search.data import BOOK_SPLIT
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig
from lab.engine.search.trial_spec import TrialSpec, book_mlp


@dataclass(frozen=True)
class SearchPreset:
    key: str
    title: str
    config: SearchConfig
    note: str = ""


# MultiLayerNet 784-100x6-10, ReLU, He init (std √(2/n)), SGD, batch 100
BOOK = TrialSpec(model=book_mlp(), optimizer=make_optimizer("sgd", lr=0.01), batch_size=100)
LARGER_SPLIT = replace(BOOK_SPLIT, train_size=1000)  # the book's split of 1000 images

SEARCH_PRESETS: dict[str, SearchPreset] = {
    p.key: p
    for p in (
        SearchPreset(
            "book-random-search", "Book: random search of lr and weight decay (ch. 6.5)",
            # hyperparameter_optimization.py: first 500 training images, shuffled, 20 % for
            # validation; MultiLayerNet 784-100x6-10 (ReLU, He init), SGD, batch 100,
            # 50 epochs, 100 trials, lr = 10^U(-6,-2), weight decay = 10^U(-8,-4)
            SearchConfig(space=(FloatParam("lr", 1e-6, 1e-2, log=True),
                                FloatParam("weight_decay", 1e-8, 1e-4, log=True)),
                         base=BOOK, epochs=50, trials=100, sampler="random", pruner="none",
                         batch_trials=100, data=BOOK_SPLIT),
            "The book fixes no seed; minibatches are drawn with replacement as its Trainer "
            "does. Weight decay is L2 on the weights (0.5·λ·ΣW²).",
        ),
        SearchPreset(
            "optimizer-lr-batch-tpe", "Optimizer x lr x batch size, TPE with median pruning",
            SearchConfig(space=(ChoiceParam("optimizer", ("sgd", "momentum", "adam")),
                                FloatParam("lr", 1e-5, 1e-1, log=True),
                                ChoiceParam("batch_size", (50, 100, 200)),
                                FloatParam("weight_decay", 1e-8, 1e-3, log=True)),
                         base=BOOK, epochs=30, trials=120, sampler="tpe", pruner="median",
                         batch_trials=20, data=LARGER_SPLIT),
            "Trials of different optimizers or batch sizes train as separate batches.",
        ),
        SearchPreset(
            "adam-vs-sgd-lr", "Adam vs SGD: where each one's good learning rates lie",
            SearchConfig(space=(ChoiceParam("optimizer", ("sgd", "adam")),
                                FloatParam("lr", 1e-6, 1.0, log=True)),
                         base=BOOK, epochs=30, trials=80, sampler="qmc", pruner="none",
                         batch_trials=80, data=BOOK_SPLIT),
            "Quasi-random (Sobol) points cover the lr axis evenly for both optimizers.",
        ),
        SearchPreset(
            "architecture-halving", "Width, depth, dropout and initializer, successive halving",
            SearchConfig(space=(ChoiceParam("width", (50, 100, 200)),
                                ChoiceParam("depth", (2, 4, 6)),
                                FloatParam("dropout", 0.0, 0.5),
                                ChoiceParam("init", ("book-he", "xavier-normal",
                                                     "normal:std=0.01")),
                                FloatParam("lr", 1e-3, 1e-1, log=True)),
                         base=BOOK, epochs=40, trials=90, sampler="tpe", pruner="halving",
                         batch_trials=30, data=LARGER_SPLIT),
            "Successive halving stops the weaker half of the trials at each rung.",
        ),
    )
}  # fmt: skip
