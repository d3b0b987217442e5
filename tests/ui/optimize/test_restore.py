"""Saved settings that no longer validate are dropped with a message, never a traceback (#7)."""

import json

import pytest

from lab.engine.optimize.presets import OPTIMIZER_PRESETS

GOOD = {"function": "x**2 + 3*y**2", "start": [1.0, 2.0], "steps": 20, "noise": 0.0,
        "noise_seed": 0, "clip": 0.0, "schedule": "constant", "two_by_two": False,
        "optimizers": ["sgd:lr=0.1"]}
DEEP = "x/(1+" * 120 + "x" + ")" * 120  # sympy would recurse past the interpreter's stack


@pytest.mark.parametrize("change, reason", [
    ({"function": DEEP}, "dropped"),
    ({"function": "__import__('os').system('true')"}, "attribute access"),
    ({"steps": "many"}, "dropped"),
    ({"optimizers": ["nosuch:lr=1"]}, "dropped"),
])
def test_invalid_saved_settings_are_dropped_with_a_message(qtbot, settings, change, reason):
    from lab.ui.shell.main_window import MainWindow

    settings.setValue("OptimizerLab/state", json.dumps({**GOOD, **change}))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    lab = window.labs[0]
    messages = []
    lab.status_message.connect(messages.append)
    with qtbot.waitSignal(lab.computed, timeout=30000):
        pass
    qtbot.waitUntil(lambda: lab.result.labels == ("sgd", "momentum", "adagrad", "adam"),
                    timeout=30000)  # the default preset replaced them
    assert lab.function.spec == OPTIMIZER_PRESETS["book-fig-6-8"].config.function
    dropped = [m for m in messages if "dropped" in m]
    assert dropped and reason in dropped[0]
    window.close()


def test_valid_saved_settings_are_restored(qtbot, settings):
    from lab.ui.shell.main_window import MainWindow

    settings.setValue("OptimizerLab/state", json.dumps(GOOD))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    lab = window.labs[0]
    with qtbot.waitSignal(lab.computed, timeout=30000):
        pass
    assert lab.function.spec == GOOD["function"] and lab.result.labels == ("sgd",)
    assert tuple(lab.result.paths[0, 0]) == (1.0, 2.0)
    window.close()
