"""A bad value gets the same message, from the same declaration, whether it comes from a session
file, the lab's saved settings or the command line (issue 15, item 2: one validation)."""

from __future__ import annotations

import pytest

from lab.app.session import SessionError, format_session, parse_session
from lab.cli.main import main
from lab.engine.core import fields as F
from lab.engine.core.optimizers import PARAMS
from lab.engine.init.probe import ProbeConfig
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import TrajectoryConfig

TRAJECTORY, PROBE = F.declarations(TrajectoryConfig), F.declarations(ProbeConfig)
GOOD = {"optimizer": {**F.to_plain(OPTIMIZER_PRESETS["book-fig-6-8"].config),
                      "two_by_two": True},
        "init": {"a": F.to_plain(ProbeConfig()), "kind": "activation"}}


def said(decl: F.Decl, key: str, value) -> str:
    """What the declaration itself says about ``value``."""
    return F.check(decl, key, value)[1][0]


CASES = [  # (lab, the bad part of its section, the same value as CLI options, the message)
    ("optimizer", {"noise_seed": -1}, ["trajectory", "--noise-seed", "-1", "--csv", "-"],
     said(TRAJECTORY["noise_seed"], "noise_seed", -1)),
    ("optimizer", {"steps": 5001}, ["trajectory", "--steps", "5001", "--csv", "-"],
     said(TRAJECTORY["steps"], "steps", 5001)),
    ("optimizer", {"start": [1.0]}, ["trajectory", "--start", "1", "--csv", "-"],
     said(TRAJECTORY["start"], "start", [1.0])),
    ("optimizer", {"optimizers": ["adam:lr=0.3,beta1=1.5"]},
     ["trajectory", "--optimizer", "adam:lr=0.3,beta1=1.5", "--csv", "-"],
     said(PARAMS["beta1"], "beta1", 1.5)),
    ("init", {"a": {"seed": -1}}, ["activations", "--seed", "-1", "--json"],
     said(PROBE["seed"], "seed", -1)),
    ("init", {"a": {"depth": 51}}, ["activations", "--layers", "51", "--json"],
     said(PROBE["depth"], "depth", 51)),
    ("init", {"a": {"activation": "swish"}}, ["activations", "--activation", "swish", "--json"],
     said(PROBE["activation"], "activation", "swish")),
]  # fmt: skip


def section(lab: str, bad: dict) -> dict:
    good = GOOD[lab]
    if lab == "init":
        return {**good, "a": {**good["a"], **bad["a"]}}
    return {**good, **bad}


@pytest.mark.parametrize("lab, bad, argv, message", CASES)
def test_session_saved_settings_and_cli_say_the_same(qtbot, capsys, lab, bad, argv, message):
    from lab.ui.init import session_io as init_session
    from lab.ui.init.panel import InitLab
    from lab.ui.optimize import session_io as optimizer_session
    from lab.ui.optimize.panel import OptimizerLab

    VALIDATORS = {"optimizer": optimizer_session.SCHEMA, "init": init_session.SCHEMA}

    # the command line
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    # a session file
    text = format_session({lab: section(lab, bad)})
    assert parse_session(format_session({lab: GOOD[lab]}), VALIDATORS)  # the rest is fine
    with pytest.raises(SessionError) as info:
        parse_session(text, VALIDATORS, "lesson.toml")
    assert message in str(info.value) and "1 problem(s)" in str(info.value)
    # the lab's saved settings
    panel = (OptimizerLab if lab == "optimizer" else InitLab)()
    qtbot.addWidget(panel)
    try:
        with qtbot.waitSignal(panel.status_message, timeout=5000) as blocker:
            assert not panel.restore_state(section(lab, bad))
        assert message in blocker.args[0] and "were dropped" in blocker.args[0]
    finally:
        panel.shutdown()
