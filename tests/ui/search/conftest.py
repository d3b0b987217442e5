"""A tiny MNIST-format folder and a tiny search (8 trials of 2x16 units, 3 epochs on 80
images), so a whole search runs from the panel in seconds; and a search lab with a throw-away
study folder."""

import pytest

from lab.engine.search.batched import TrialSpec
from lab.engine.search.data import DataSpec
from lab.engine.search.space import FloatParam, SearchConfig


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


@pytest.fixture
def search_lab(qtbot, tmp_path):
    from lab.ui.search.panel import SearchLab

    lab = SearchLab(data_dir=tmp_path / "studies")
    qtbot.addWidget(lab)
    lab.load_default()
    yield lab
    lab.shutdown()


def run_search(qtbot, lab, config, name="tiny", timeout=120_000) -> str:
    """Start ``config`` from the panel and wait until it ends; returns how it ended."""
    lab.load_config(config, name)
    with qtbot.waitSignal(lab.search_ended, timeout=timeout) as ended:
        assert lab.start()
    return ended.args[0]
