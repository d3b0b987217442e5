"""The training lab in a window with throw-away settings and data folder."""

import pytest


@pytest.fixture
def train_lab(qtbot, window):
    lab = window.lab("train")
    window.show_lab(lab)
    qtbot.waitUntil(lambda: len(lab.controller.runs) == 4, timeout=10000)
    return lab
