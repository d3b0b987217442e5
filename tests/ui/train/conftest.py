"""The training lab alone (the one panel a test drives), with a throw-away data folder; tests
about the window around it (menus, restarts) take the ``window`` fixture instead."""

import pytest


def _alone(qtbot, data_dir):
    from lab.ui.train.panel import TrainLab

    lab = TrainLab(data_dir=data_dir)
    qtbot.addWidget(lab)
    lab.load_default()
    lab.resize(1366, 700)
    lab.show()
    qtbot.waitExposed(lab)
    return lab


@pytest.fixture
def train_lab(request, qtbot, tmp_path):
    """The panel alone; the window's own training lab when the test asks for the window too."""
    if "window" in request.fixturenames:
        window = request.getfixturevalue("window")
        lab = window.lab("train")
        window.show_lab(lab)
    else:
        lab = _alone(qtbot, tmp_path / "data")
    qtbot.waitUntil(lambda: len(lab.controller.runs) == 4, timeout=10000)
    yield lab
    if "window" not in request.fixturenames:
        lab.shutdown()


@pytest.fixture
def panel(qtbot, tmp_path):
    """The training lab alone, on screen at a laptop's size (clicks land where a user's
    would), its run folders in a throw-away folder."""
    lab = _alone(qtbot, tmp_path)
    yield lab
    lab.shutdown()
