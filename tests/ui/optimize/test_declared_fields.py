"""The optimizer lab's inputs are built from the config declarations and driven with keys: a bad
value turns its field red with the declaration's message, the lab computes nothing (the status
line says why) and never computes with the last good value; a value the declaration accepts is
used as typed, never clamped to a range of the widget's own."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from lab.engine.core import fields as F
from lab.engine.core.optimizers import PARAMS
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import TrajectoryConfig
from lab.ui.common.fields import PROBLEM_STYLE
from lab.ui.optimize import controller as panel_module

BETA1 = F.check(PARAMS["beta1"], "beta1", 1.5)[1][0]  # the declaration's own message


@pytest.fixture
def lab(qtbot, monkeypatch):
    """The optimizer lab alone on the book's preset; ``lab.jobs`` records every config the
    engine is handed."""
    from lab.ui.optimize.panel import OptimizerLab

    jobs: list[TrajectoryConfig] = []
    job = panel_module.trajectories_job

    def recorded(config):
        jobs.append(config)
        return job(config)

    monkeypatch.setattr(panel_module, "trajectories_job", recorded)
    lab = OptimizerLab()
    lab.jobs = jobs
    qtbot.addWidget(lab)
    with qtbot.waitSignal(lab.computed, timeout=120_000):  # a cold kernel cache compiles
        lab.load_default()
    yield lab
    lab.shutdown()


def enter(qtbot, field, text: str) -> None:
    """Select the field's text, type over it and press Enter, as a user does."""
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def refused(qtbot, lab, action, words: str) -> str:
    """Do ``action``; the status line that names ``words`` (nothing computed)."""
    with qtbot.waitSignal(lab.status_message, timeout=10_000,
                          check_params_cb=lambda m: words in m) as blocker:
        action()
    return blocker.args[0]


def adam(config: TrajectoryConfig):
    return next(o for o in config.optimizers if o.name == "adam")


def test_beta1_above_one_is_red_and_never_used(qtbot, lab):
    field = lab.optimizers.rows["adam"].fields["beta1"]
    computed = len(lab.jobs)
    status = refused(qtbot, lab, lambda: enter(qtbot, field, "1.5"), BETA1)
    assert status == f"Not computed: Adam: {BETA1}"
    assert field.styleSheet() == PROBLEM_STYLE and field.toolTip().startswith(BETA1)
    assert field.text() == "1.5"  # what was typed stays, to be corrected
    assert lab.optimizers.rows["adam"].more.isChecked()  # a red field is never folded away
    # another edit while beta1 is red computes nothing either: no stale 0.9 reaches the engine
    slider = lab.optimizers.rows["sgd"].lr.slider
    refused(qtbot, lab, lambda: slider.setValue(slider.value() - 50), BETA1)
    assert len(lab.jobs) == computed
    with qtbot.waitSignal(lab.computed, timeout=10_000):
        enter(qtbot, field, "0.8")
    assert field.styleSheet() == "" and not field.toolTip().startswith("beta1 must")
    assert adam(lab.jobs[-1]).params["beta1"] == 0.8 and len(lab.jobs) == computed + 1


def test_a_learning_rate_beyond_the_slider_is_used_not_clamped(qtbot, lab):
    row = lab.optimizers.rows["adam"]
    with qtbot.waitSignal(lab.computed, timeout=10_000):
        enter(qtbot, row.lr.field, "20")
    assert adam(lab.jobs[-1]).lr == 20.0 and row.lr.slider.value() == row.lr.slider.maximum()
    lr = F.check(PARAMS["lr"], "lr", -1.0)[1][0]
    refused(qtbot, lab, lambda: enter(qtbot, row.lr.field, "-1"), lr)
    assert row.lr.field.styleSheet() == PROBLEM_STYLE and row.lr.value() is None


def test_run_settings_take_their_range_from_the_declarations(qtbot, lab):
    settings = lab.settings
    with qtbot.waitSignal(lab.computed, timeout=10_000):
        enter(qtbot, settings.noise, "500")  # the old spin box clamped this to 100
    assert lab.jobs[-1].noise == 500.0
    computed = len(lab.jobs)
    decls = F.declarations(TrajectoryConfig)
    for field, key, text in ((settings.steps, "steps", "0"), (settings.seed, "noise_seed", "-1"),
                             (settings.clip, "clip_norm", "x")):  # fmt: skip
        message = F.check(decls[key], key, F.from_text(decls[key], text))[1][0]
        refused(qtbot, lab, lambda f=field, t=text: enter(qtbot, f, t), message)
        assert field.styleSheet() == PROBLEM_STYLE and field.toolTip().startswith(message)
    assert len(lab.jobs) == computed
    for field, text in ((settings.steps, "40"), (settings.seed, "3"), (settings.clip, "2")):
        enter(qtbot, field, text)
    qtbot.waitUntil(lambda: lab.jobs[-1].steps == 40 and lab.jobs[-1].clip_norm == 2.0,
                    timeout=10_000)


def test_a_bad_schedule_parameter_is_red_and_computes_nothing(qtbot, lab):
    with qtbot.waitSignal(lab.computed, timeout=10_000):
        lab.schedule.combo.setCurrentIndex(lab.schedule.combo.findData("step"))
    field = lab.schedule.fields["gamma"]
    computed = len(lab.jobs)
    status = refused(qtbot, lab, lambda: enter(qtbot, field, "0"), "gamma must be positive")
    assert status == "Not computed: schedule: gamma must be positive (not 0)"
    assert field.styleSheet() == PROBLEM_STYLE and len(lab.jobs) == computed
    assert lab.schedule.error.text() == "gamma must be positive (not 0)"
    with qtbot.waitSignal(lab.computed, timeout=10_000):
        enter(qtbot, field, "0.5")
    assert lab.jobs[-1].schedule.param("gamma") == 0.5


def test_saved_settings_are_the_configs_plain_form_and_old_ones_still_load(qtbot, lab):
    state = json.loads(json.dumps(lab.save_state()))
    config = OPTIMIZER_PRESETS["book-fig-6-8"].config
    assert state.pop("preset") == "book-fig-6-8"  # the preset box's, beside the state
    assert {k: v for k, v in state.items() if k not in ("two_by_two", "tolerance")} == \
        F.to_plain(config)
    # what Descent Lab 0.1 wrote: "clip" for clip_norm, no tolerance
    old = {"function": "x**2 + 3*y**2", "start": [1.0, 2.0], "steps": 20, "noise": 150.0,
           "noise_seed": 0, "clip": 20000.0, "schedule": "constant", "two_by_two": True,
           "optimizers": ["sgd:lr=0.1", "adam:lr=0.05"]}
    with qtbot.waitSignal(lab.computed, timeout=10_000):
        assert lab.restore_state(old)
    assert (lab.jobs[-1].noise, lab.jobs[-1].clip_norm) == (150.0, 20000.0)  # not clamped
    assert lab.two_by_two.isChecked() and lab.settings.noise.text() == "150.0"
