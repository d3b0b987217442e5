"""One convention for every config (lab.engine.core.fields): the fields' problems, then the
class's cross-field rules, all in one ConfigError; the optimizer and init labs' configs declared
with it, round-tripping through their plain form (files, sessions, saved settings)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import pytest

from lab.engine.core import fields as F
from lab.engine.core.fields import ConfigError
from lab.engine.core.initializers import InitializerError, make_init
from lab.engine.core.optimizers import OptimizerError, make_optimizer
from lab.engine.core.schedules import ScheduleError, make_schedule
from lab.engine.init.presets import INIT_PRESETS
from lab.engine.init.probe import ProbeConfig, run_probe
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import (
    SweepConfig,
    TrajectoryConfig,
    run_trajectories,
    sweep_learning_rates,
)
from lab.engine.train.models import ModelError

ADAM = make_optimizer("adam", lr=0.3)


@dataclass(frozen=True)
class Box:
    low: float = F.number(0.0, help="lower edge")
    high: float = F.number(1.0, help="upper edge")
    count: int = F.integer(2, 1, 10, help="cells")

    def rules(self, bad: frozenset[str]) -> list[str]:
        object.__setattr__(self, "told", bad)  # what the rule was told (a test hook)
        if bad & {"low", "high"} or self.low < self.high:
            return []
        return ["low must be below high"]


@dataclass(frozen=True)
class Outer:
    box: Box = F.table(Box, help="a nested config")
    spare: Box | None = F.table(Box, optional=True, help="an optional one")
    name: str = F.text("x", help="a name")


def test_every_problem_fields_then_rules_in_one_error():
    with pytest.raises(ConfigError) as info:
        F.check_config(Box(low=2.0, high=1.0, count=11))
    assert info.value.problems == ["count must lie in [1, 10] (not 11)", "low must be below high"]
    assert str(info.value) == "count must lie in [1, 10] (not 11); low must be below high"


def test_a_rule_is_told_which_fields_failed():
    box = Box(low="a", high=0.0)
    assert F.problems(box) == ["low must be a number (not 'a')"]  # the rule stays silent
    assert box.told == frozenset({"low"})


def test_nested_tables_bring_their_rules_and_optional_tables_may_be_absent():
    outer = Outer(box=Box(low=3.0, high=1.0))
    assert F.problems(outer) == ["box: low must be below high"]
    assert F.to_plain(Outer()) == {"box": {"low": 0.0, "high": 1.0, "count": 2}, "name": "x"}
    assert F.config_from_plain(Outer, {"spare": {"count": 3}}).spare == Box(count=3)
    with pytest.raises(ConfigError, match="spare: low must be below high"):
        F.config_from_plain(Outer, {"spare": {"low": 5.0}})
    with pytest.raises(ConfigError, match="spare must be a table"):
        F.config_from_plain(Outer, {"spare": 5})


def test_config_from_plain_lists_unknown_keys_types_and_rules():
    with pytest.raises(ConfigError) as info:
        F.config_from_plain(Box, {"low": "x", "count": 0, "colour": "red"})
    assert info.value.problems == ["unknown key 'colour' (known: count, high, low)",
                                   "low must be a number (not 'x')",
                                   "count must lie in [1, 10] (not 0)"]
    assert F.config_from_plain(Box, {"count": 3}, base=Box(low=-1.0)) == Box(-1.0, 1.0, 3)


@pytest.mark.parametrize("kind, text, plain", [
    ("int", " 12 ", 12), ("int", "1e3", 1000.0), ("float", "0.5", 0.5), ("float", "x", "x"),
    ("ints", "100/200", [100, 200]), ("floats", "-7, 2", [-7, 2]), ("floats", "1;2", ["1;2"]),
    ("bool", "True", True), ("bool", "maybe", "maybe"), ("choice", "relu", "relu"),
])  # fmt: skip
def test_typed_text_is_read_by_the_declaration(kind, text, plain):
    assert F.from_text(F.Decl(kind), text) == plain


def test_one_error_type_for_every_config():
    for error in (OptimizerError, ScheduleError, InitializerError, ModelError):
        assert issubclass(error, ConfigError)
    with pytest.raises(ConfigError):
        make_optimizer("adam", beta1=1.5)


# --- the optimizer and init labs' configs -------------------------------------------------------


@pytest.mark.parametrize("cls", [TrajectoryConfig, SweepConfig, ProbeConfig])
def test_every_field_is_declared_with_help(cls):
    decls = F.declarations(cls)
    assert list(decls) == [f.name for f in dataclasses.fields(cls)]
    assert all(d.help for d in decls.values())


@pytest.mark.parametrize("config, problems", [
    (TrajectoryConfig("book", (), (0.0, 0.0), steps=0),
     ["optimizers must have at least 1 and at most 32 items (it has 0)",
      "steps must lie in [1, 5000] (not 0)"]),
    (TrajectoryConfig("book", (ADAM,), (float("nan"), 0.0, 1.0), noise=-1.0, noise_seed=2**31),
     ["start must have 2 items (it has 3)", "noise must not be negative (not -1)",
      "noise_seed must lie in [0, 2,147,483,647] (not 2,147,483,648)"]),
    (TrajectoryConfig("book", (ADAM,), (float("nan"), 0.0), clip_norm=float("inf")),
     ["start[0] must be a finite number (not nan)", "clip_norm must be a finite number (not inf)"]),
    (TrajectoryConfig("book", ("adam:beta1=1.5",), (0.0, 0.0)),
     ["optimizers[0]: adam: beta1 must lie in [0, 1) (not 1.5)"]),
])  # fmt: skip
def test_trajectory_problems_all_at_once(config, problems):
    with pytest.raises(ConfigError) as info:
        run_trajectories(config)
    assert info.value.problems == problems


def test_probe_problems_all_at_once_then_its_memory_rule():
    with pytest.raises(ConfigError) as info:
        run_probe(ProbeConfig(depth=0, width=5, activation="swish", seed=-1))
    assert info.value.problems == ["depth must lie in [1, 50] (not 0)",
                                   "width must lie in [10, 1000] (not 5)",
                                   "activation must be one of sigmoid, tanh, relu, leaky_relu, "
                                   "elu, gelu, selu, linear (not 'swish')",
                                   "seed must lie in [0, 2,147,483,647] (not -1)"]
    with pytest.raises(ConfigError, match=r"^the probe would hold about 5\.6 GiB"):
        F.check_config(ProbeConfig(depth=50, width=1000, samples=10000))


def test_sweep_rates_are_declared():
    config = TrajectoryConfig("book", (ADAM,), (-7.0, 2.0), steps=5)
    result = sweep_learning_rates(config, SweepConfig(0.01, 1.0, 3))
    assert result.lrs.tolist() == pytest.approx([0.01, 0.1, 1.0])
    with pytest.raises(ConfigError, match=r"lr_low must be below lr_high \(2 ≥ 1\)"):
        sweep_learning_rates(config, SweepConfig(2.0, 1.0))


@pytest.mark.parametrize("key", list(OPTIMIZER_PRESETS))
def test_optimizer_presets_round_trip_through_their_plain_form(key):
    config = OPTIMIZER_PRESETS[key].config
    plain = json.loads(json.dumps(F.to_plain(config)))
    assert set(plain) == {f.name for f in dataclasses.fields(TrajectoryConfig)}
    assert F.config_from_plain(TrajectoryConfig, plain) == config


@pytest.mark.parametrize("key", list(INIT_PRESETS))
def test_init_presets_round_trip_through_their_plain_form(key):
    for config in filter(None, (INIT_PRESETS[key].config, INIT_PRESETS[key].compare)):
        plain = json.loads(json.dumps(F.to_plain(config)))
        assert F.config_from_plain(ProbeConfig, plain) == config


def test_every_registry_spec_round_trips_inside_a_config():
    schedules = [make_schedule("multistep", milestones=(3, 9), gamma=0.5), make_schedule("step")]
    for schedule in schedules:
        config = TrajectoryConfig("book", (ADAM, make_optimizer("nadam")), (1.0, -2.5),
                                  schedule=schedule)
        assert F.config_from_plain(TrajectoryConfig, F.to_plain(config)) == config
    probe = ProbeConfig(init=make_init("he-uniform", mode="fan_out", nonlinearity="tanh"))
    assert F.config_from_plain(ProbeConfig, F.to_plain(probe)) == probe
