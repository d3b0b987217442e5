"""A small MNIST-format folder (the first bundled images) and a tiny search over it, so that
worker processes start and train in seconds."""

from dataclasses import replace

import pytest

from lab.engine.search.data import DataSpec
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
    return SearchConfig(space=(FloatParam("lr", 1e-3, 0.5, log=True),
                               FloatParam("weight_decay", 1e-8, 1e-4, log=True)),
                        base=TrialSpec(lr=0.1, hidden=(16, 16), batch_size=25),
                        epochs=3, trials=8, sampler="random", pruner="none", batch_trials=4,
                        data=DataSpec(folder=tiny_mnist, train_size=100, val_fraction=0.2))


def with_(config: SearchConfig, **changes) -> SearchConfig:
    return replace(config, **changes)
