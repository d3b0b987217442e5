"""A tiny MNIST-format folder and a tiny search (8 trials of 2x16 units, 3 epochs on 80
images), so a whole search runs from the panel in seconds; and a search lab with a throw-away
study folder."""

import pytest

# the engine tests' tiny MNIST folder and tiny search, shared rather than written twice
from tests.engine.search.conftest import tiny_config, tiny_mnist  # noqa: F401


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
