"""The initialization lab's inputs are built from ProbeConfig's declarations and driven with
keys: a bad value is red with the declaration's message and nothing is probed (the status line
says why); the saved settings are the config's plain form, and old ones still load."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from lab.engine.core import fields as F
from lab.engine.init.presets import INIT_PRESETS
from lab.engine.init.probe import ProbeConfig
from lab.ui.common.fields import PROBLEM_STYLE
from lab.ui.init import panel as panel_module


@pytest.fixture
def lab(qtbot, monkeypatch):
    """The init lab alone on its default preset; ``lab.jobs`` records each network A probed."""
    from lab.ui.init.panel import InitLab

    jobs: list[ProbeConfig] = []
    job = panel_module.probe_pair

    def recorded(config_a, config_b):
        jobs.append(config_a)
        return job(config_a, config_b)

    monkeypatch.setattr(panel_module, "probe_pair", recorded)
    lab = InitLab()
    lab.jobs = jobs
    qtbot.addWidget(lab)
    with qtbot.waitSignal(lab.computed, timeout=60_000):
        lab.load_default()
    yield lab
    lab.shutdown()


def enter(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def message(key: str, text: str) -> str:
    decl = F.declarations(ProbeConfig)[key]
    return F.check(decl, key, F.from_text(decl, text))[1][0]


@pytest.mark.parametrize("key, text", [("depth", "0"), ("width", "5000"), ("samples", "1.5"),
                                       ("seed", "-1"), ("bins", "many")])
def test_a_bad_number_is_red_and_nothing_is_probed(qtbot, lab, key, text):
    field = getattr(lab.controls, key)
    probed = len(lab.jobs)
    problem = message(key, text)
    with qtbot.waitSignal(lab.status_message, timeout=10_000,
                          check_params_cb=lambda m: problem in m) as blocker:
        enter(qtbot, field, text)
    assert blocker.args[0] == f"Not computed: {problem}"
    assert field.styleSheet() == PROBLEM_STYLE and field.toolTip().startswith(problem)
    assert len(lab.jobs) == probed and not lab.table.isEnabled()
    assert lab.table.toolTip() == blocker.args[0]
    lab.pin_b()  # a red network cannot be pinned either
    assert lab.config_b is None


def test_an_initializer_parameter_and_the_memory_rule(qtbot, lab):
    std = lab.controls.init.fields["std"]
    with qtbot.waitSignal(lab.status_message, timeout=10_000,
                          check_params_cb=lambda m: "std must not be negative" in m):
        enter(qtbot, std, "-1")
    assert std.styleSheet() == PROBLEM_STYLE
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        enter(qtbot, std, "0.5")
    assert lab.jobs[-1].init.param("std") == 0.5
    lab.controls.depth.set_value(50)  # shown, not committed: nothing computes yet
    lab.controls.width.set_value(1000)
    with qtbot.waitSignal(lab.status_message, timeout=10_000,
                          check_params_cb=lambda m: "the probe would hold" in m):
        enter(qtbot, lab.controls.samples, "10000")
    assert lab.jobs[-1].samples != 10000


def test_saved_settings_are_the_configs_plain_form_and_old_ones_still_load(qtbot, lab):
    state = json.loads(json.dumps(lab.save_state()))
    assert state == {"a": F.to_plain(INIT_PRESETS["book-sigmoid-std1"].config),
                     "kind": "activation"}
    # what Descent Lab 0.1 wrote (probe_io.config_to_dict: every field, the init as text)
    old = {"a": {"depth": 7, "width": 64, "activation": "relu", "init": "he-normal:mode=fan_out"
                 ",nonlinearity=relu", "bias": True, "norm": "batch", "input": "gaussian",
                 "samples": 200, "loss": "sum", "seed": 3, "bins": 12, "shared_bins": True},
           "b": None, "kind": "gradient"}
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        assert lab.restore_state(old)
    restored = lab.jobs[-1]
    assert (restored.depth, restored.width, restored.init.param("mode"), restored.norm) == \
        (7, 64, "fan_out", "batch")
    assert lab.kind() == "gradient" and lab.config_b is None
