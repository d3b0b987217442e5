"""The training lab in a window with throw-away settings and data folder."""

import pytest


@pytest.fixture
def train_lab(qtbot, window):
    lab = window.lab("train")
    window.show_lab(lab)
    qtbot.waitUntil(lambda: len(lab.controller.runs) == 4, timeout=10000)
    return lab


@pytest.fixture
def panel(qtbot, tmp_path):
    """The training lab alone, on screen at a laptop's size (clicks land where a user's
    would), its run folders in a throw-away folder."""
    from lab.ui.train.panel import TrainLab

    lab = TrainLab(data_dir=tmp_path)
    qtbot.addWidget(lab)
    lab.load_default()
    lab.resize(1366, 700)
    lab.show()
    qtbot.waitExposed(lab)
    yield lab
    lab.shutdown()
