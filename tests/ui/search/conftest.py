"""A tiny MNIST-format folder and a tiny search (8 trials of 2x16 units, 3 epochs on 80
images), so a whole search runs in seconds; the search lab's controller (no window) and its
panel, each with a throw-away study folder."""

import pytest

# the engine tests' tiny MNIST folder and tiny search, shared rather than written twice
from tests.engine.search.conftest import tiny_config, tiny_mnist  # noqa: F401


@pytest.fixture
def controller(qtbot, tmp_path):
    from lab.ui.search.controller import SearchController

    made = SearchController(tmp_path / "studies")
    made.settings.load_default()
    yield made
    assert made.shutdown(10.0)


@pytest.fixture
def search_lab(qtbot, tmp_path):
    from lab.ui.search.panel import SearchLab

    lab = SearchLab(data_dir=tmp_path / "studies")
    qtbot.addWidget(lab)
    lab.load_default()
    yield lab
    lab.shutdown()


@pytest.fixture
def shown_lab(qtbot, search_lab):
    """The panel on screen, at a laptop's size (clicks land where a user's would)."""
    search_lab.resize(1300, 760)
    search_lab.show()
    qtbot.waitExposed(search_lab)
    return search_lab


def run_search(qtbot, controller, config, name="tiny", timeout=120_000):
    """Search ``config`` in study ``name`` and wait until it ends; how it ended (RunStatus)."""
    controller.settings.load_config(config, name)
    with qtbot.waitSignal(controller.search_ended, timeout=timeout) as ended:
        assert controller.start()
    return ended.args[0]
