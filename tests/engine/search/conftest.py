"""A small MNIST-format folder (the first bundled images) and a tiny search over it, so that
worker processes start and train in seconds."""

from dataclasses import replace

import pytest

from lab.engine.core.mlp import MlpSpec
from lab.engine.core.optimizers import make_optimizer
from lab.engine.search.data import BOOK_SPLIT
from lab.engine.search.space import FloatParam, SearchConfig
from lab.engine.search.trial_spec import TrialSpec


@pytest.fixture(scope="session")
def tiny_mnist(tmp_path_factory):
    from lab.data.idx import write_idx
    from lab.data.mnist import load_mnist

    folder = tmp_path_factory.mktemp("tiny-mnist")
    mnist = load_mnist()
    write_idx(folder / "train-images-idx3-ubyte", mnist.train_images[:150])
    write_idx(folder / "train-labels-idx1-ubyte", mnist.train_labels[:150].astype("uint8"))
    write_idx(folder / "t10k-images-idx3-ubyte", mnist.test_images[:20])
    write_idx(folder / "t10k-labels-idx1-ubyte", mnist.test_labels[:20].astype("uint8"))
    return str(folder)


@pytest.fixture
def tiny_config(tiny_mnist) -> SearchConfig:
    return tiny_search(tiny_mnist)


def tiny_search(folder: str) -> SearchConfig:
    """Two float parameters, 8 trials of 3 epochs on 80 + 20 images of ``folder``."""
    return SearchConfig(space=(FloatParam("lr", 1e-3, 0.5, log=True),
                               FloatParam("weight_decay", 1e-8, 1e-4, log=True)),
                        base=trial(lr=0.1, hidden=(16, 16), batch_size=25),
                        epochs=3, trials=8, sampler="random", pruner="none", batch_trials=4,
                        data=replace(BOOK_SPLIT, folder=folder, train_size=100))


def trial(lr: float, optimizer: str = "sgd", hidden=(100,) * 6, activation: str = "relu",
          init: str = "book-he", dropout: float = 0.0, l2: float = 0.0, batch_size: int = 100,
          seed: int = 0, **hyper) -> TrialSpec:  # fmt: skip
    """A trial spec from the few figures a test cares about (``hyper``: the optimizer's other
    hyperparameters, e.g. momentum=0.5)."""
    from lab.engine.core.initializers import parse_init

    return TrialSpec(model=MlpSpec(hidden=tuple(hidden), activation=activation,
                                   init=parse_init(init), dropout=dropout),
                     optimizer=make_optimizer(optimizer, lr=lr, **hyper), l2=l2,
                     batch_size=batch_size, seed=seed)


def with_(config: SearchConfig, **changes) -> SearchConfig:
    return replace(config, **changes)
