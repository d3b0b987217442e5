"""Config fields declared once: wrong types, accepted-but-wrong values, the model-size bound and
the TOML/JSON round trip, each checked through the public entry points (experiment files,
weights JSON, the spec parsers)."""

from __future__ import annotations

import dataclasses
import json
import math
import tomllib
import tracemalloc
import warnings
from typing import ClassVar

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lab.engine.core import fields as F
from lab.engine.core import initializers, optimizers, schedules
from lab.engine.core.initializers import INITIALIZERS, make_init, parse_init
from lab.engine.core.mlp import MAX_PARAMETERS
from lab.engine.core.optimizers import OPTIMIZERS, make_optimizer, parse_optimizer
from lab.engine.core.schedules import SCHEDULES, ScheduleError, make_schedule, parse_schedule
from lab.engine.core.specs import format_spec
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.experiments import (
    ExperimentError,
    format_experiment,
    parse_experiment,
    run_to_entry,
    runs_from_entries,
)
from lab.engine.train.models import ModelConfig, ModelError
from lab.engine.train.presets import TRAIN_PRESETS
from tests.engine.torch_reference import torch_scheduler

RUN = '[[run]]\nname = "a"\niterations = 10\n'


def problems_of(text: str | bytes) -> str:
    with pytest.raises(ExperimentError) as info:
        parse_experiment(text, "x.toml")
    return str(info.value)


# --- wrong types: one message that lists every problem -------------------------------------


def test_wrong_types_are_all_listed_in_one_message():
    message = problems_of('defaults = 5\n' + RUN + 'data = { folder = 5 }\n'
                          'model = { dropout = "x", hidden = [10, "y"] }\nseed = -1\n'
                          'batch_size = true\nl2 = "0.1"\ncolour = "red"\n')
    for part in ("defaults must be a table", "folder must be text",
                 "dropout must be a number (not 'x')", "hidden[1] must be a whole number",
                 "seed must lie in [0, 4,294,967,295] (not -1)",
                 "batch_size must be a whole number (not true)", "l2 must be a number",
                 "unknown key 'colour'"):
        assert part in message, part
    assert message.startswith("x.toml: 8 problem(s)")


def test_huge_seed_and_cnn_on_tiny_images():
    assert "seed must lie in" in problems_of(RUN + "seed = 18446744073709551616\n")
    assert "seed must lie in" in problems_of(RUN + "data = { seed = 4294967296 }\n")
    with pytest.raises(ModelError, match="at least 4×4 pixels"):
        ModelConfig.from_dict({"kind": "cnn", "inputs": 4, "image_side": 2})
    with pytest.raises(ModelError, match="inputs must be a whole number .not 784.5."):
        ModelConfig.from_dict({"inputs": 784.5})


def test_non_utf8_and_deeply_nested_files():
    assert "not UTF-8 text (byte 0xff" in problems_of(RUN.encode() + b'device = "\xff"\n')
    assert "nested" in problems_of("a = " + "[" * 100_000 + "]" * 100_000)
    assert "nested" in problems_of(RUN + "model = " + "{ a = " * 40 + "1" + " }" * 40)
    deep = json.loads("[" * 500 + "]" * 500)
    with pytest.raises(ModelError, match="nested"):
        ModelConfig.from_dict({"hidden": deep})


def test_python_built_configs_are_checked_too():
    config = TrainConfig("x", batch_size=1.5, iterations=10, device="tpu",
                         data=DataConfig(holdout=float("nan")),
                         optimizer=make_schedule("cosine"))
    found = "; ".join(F.problems(config))
    for part in ("batch_size must be a whole number", "device must be one of auto, cpu, cuda",
                 "holdout must be a finite number", "optimizer must be a OptimizerConfig"):
        assert part in found, part


# --- values accepted but wrong ---------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("step:step_size=0.5", r"step_size must be a whole number \(not 0.5\)"),
    ("cosine:T_max=0.5", "T_max must be a whole number"),
    ("warmup_cosine:warmup=2.5", "warmup must be a whole number"),
    ("multistep:milestones=10/20.5", r"milestones\[1\] must be a whole number"),
    ("step:step_size=0", r"step_size must lie in \[1,"),
])
def test_fractional_step_counts_are_refused(text, message):
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(text)


def test_accepted_but_wrong_values_are_refused():
    assert "hidden[0] must be a whole number (not 10.7)" in problems_of(
        RUN + "model = { hidden = [10.7] }\n")
    assert "leaves no training data" in problems_of(
        RUN + "data = { train_size = 10, val_split = 0.99 }\n")
    assert DataConfig(holdout=0.9).split_problems(1) == [
        "holdout 0.9 of 1 images leaves no training data"]
    assert "holds out no images" in DataConfig(holdout=0.1).split_problems(4)[0]
    from lab.engine.optimize.functions import ExpressionError, resolve_surface

    with pytest.raises(ExpressionError, match="kappa must be a finite number"):
        resolve_surface("quadratic:kappa=nan")
    with pytest.raises(ValueError, match="std must be a finite number"):
        parse_init("normal:std=inf")


def test_every_problem_of_a_spec_in_one_message():
    with pytest.raises(optimizers.OptimizerError) as info:
        make_optimizer("adam", lr=-1, beta1=1.5, eps="x")
    for part in ("lr must be positive", "beta1 must lie in [0, 1)", "eps must be a number"):
        assert part in str(info.value)


# --- model size bound ---------------------------------------------------------------------------


def _peak_bytes(action) -> int:
    tracemalloc.start()
    try:
        action()
    except ValueError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("model, message", [
    ({"hidden": [4096] * 60}, "would have 993,353,738 parameters (3.7 GiB"),
    pytest.param({"hidden": [10] * 1_000_000}, "at most 100 items (it has 1,000,000)",
                 marks=pytest.mark.slow),  # ~4 s of validating a million items
    ({"inputs": 1_000_000_000, "hidden": [10]}, "inputs must lie in [1, 16,777,216]"),
    ({"inputs": 4096**2, "hidden": [4096]}, "parameters"),
    ({"kind": "cnn", "image_side": 4000, "inputs": 4000**2}, "activations would take"),
])
def test_model_size_is_bounded_before_anything_is_built(model, message, tmp_path):
    with pytest.raises(ModelError) as info:
        ModelConfig.from_dict(model)
    assert message in str(info.value)
    assert _peak_bytes(lambda: ModelConfig.from_dict(model)) < 200 * 2**20
    # the weights' JSON goes through the same validation before any tensor exists
    from lab.engine.train.weights import WeightsError, load_weights

    (tmp_path / "w.json").write_text(json.dumps({"format": "x", "model": model}))
    (tmp_path / "w.safetensors").write_bytes(b"")
    with pytest.raises(WeightsError, match="not a valid model configuration"):
        load_weights(tmp_path / "w.safetensors")


def test_parameter_count_matches_torch():
    from lab.engine.train.models import build_model

    for config in (ModelConfig(hidden=(30, 20), batchnorm=True), ModelConfig(kind="cnn"),
                   ModelConfig(kind="cnn", image_side=30, inputs=900, classes=3)):
        model = build_model(config, torch.Generator().manual_seed(0))
        assert config.parameter_count() == sum(p.numel() for p in model.parameters())
    assert MAX_PARAMETERS < ModelConfig(hidden=(4096,) * 4).parameter_count()
    big = TrainConfig("big", iterations=5, batch_size=65536,
                      model=ModelConfig(hidden=(4096,) * 2))
    assert "activations would take" in "; ".join(F.problems(big))


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_lazy_learning_rates_match_torch_across_blocks(name):
    steps = schedules.LearningRates.BLOCK + 300
    params = {"step": {"step_size": 1000}, "multistep": {"milestones": (100, 4100)},
              "exponential": {"gamma": 0.999}, "warmup_cosine": {"warmup": 4000}}
    schedule = make_schedule(name, **params.get(name, {}))
    rates = schedule.rates(0.5, steps)
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = torch_scheduler(schedule, opt, steps)
        for t in range(steps):
            assert rates[t] == pytest.approx(opt.param_groups[0]["lr"], rel=1e-9, abs=1e-15)
            opt.step()
            if sched is not None:
                sched.step()
    with pytest.raises(IndexError):
        rates[steps]


def test_a_billion_steps_allocate_no_table():
    schedule = make_schedule("cosine")
    peak = _peak_bytes(lambda: schedule.rates(1.0, 10**9)[10**9 - 1])
    assert peak < 2**20
    assert schedule.rates(1.0, 10**9)[10**9 // 2] == pytest.approx(0.5)


# --- TOML/JSON round trip of every declared config --------------------------------------------


def test_every_config_field_is_declared_with_help():
    for cls in (TrainConfig, DataConfig, ModelConfig):
        decls = F.declarations(cls)
        assert list(decls) == [f.name for f in dataclasses.fields(cls)], cls
        assert all(d.help for d in decls.values()), cls
    for registry, module in ((OPTIMIZERS, optimizers), (SCHEDULES, schedules),
                             (INITIALIZERS, initializers)):
        for spec in registry.values():
            assert set(spec.defaults) <= set(module.PARAMS), spec.name
    assert all(d.help for m in (optimizers, schedules, initializers) for d in m.PARAMS.values())


def _value(decl: F.Decl) -> st.SearchStrategy:
    """Any valid value of a declared field, drawn from its declaration."""
    if decl.kind == "bool":
        return st.booleans()
    if decl.kind == "choice":
        return st.sampled_from(decl.choices)
    if decl.kind == "text":
        text = st.text(max_size=12)
        return st.one_of(st.none(), text) if decl.optional else text
    if decl.kind in ("int", "ints"):
        item = st.integers(int(decl.low), int(decl.high) if decl.high is not None else 10**12)
        if decl.kind == "ints":
            return st.lists(item, min_size=decl.min_items, max_size=5).map(tuple)
        return item
    item = st.floats(decl.low, decl.high, exclude_min=decl.low_open, exclude_max=decl.high_open,
                     allow_nan=False, allow_infinity=False)
    return item


def _spec_params(registry, module, name) -> st.SearchStrategy:
    keys = list(registry[name].defaults)
    if module is optimizers:  # flags hold 0 or 1; ranges and ordered pairs are per optimizer
        spec = registry[name]
        return st.fixed_dictionaries({
            k: st.sampled_from((0.0, 1.0)) if k in optimizers.FLAGS else _value(spec.decl(k))
            for k in keys}).map(lambda p: _ordered(p, spec.ordered))
    return st.fixed_dictionaries({k: _value(module.PARAMS[k]) for k in keys})


def _ordered(params: dict, pairs) -> dict:
    """The (low, high) pairs an optimizer requires in order (Rprop's step sizes), sorted."""
    for low, high in pairs:
        params[low], params[high] = sorted((params[low], params[high]))
    return params


def _specs(registry, module, make) -> st.SearchStrategy:
    return st.sampled_from(list(registry)).flatmap(
        lambda name: _spec_params(registry, module, name).map(lambda p: make(name, **p)))


def _config(cls) -> st.SearchStrategy:
    decls = F.declarations(cls)
    values = {}
    for key, decl in decls.items():
        if not decl.plain:
            continue
        if decl.kind == "table":
            values[key] = _config(decl.table)
        elif key == "optimizer":
            values[key] = _specs(OPTIMIZERS, optimizers, make_optimizer)
        elif key == "schedule":
            values[key] = _specs(SCHEDULES, schedules, make_schedule)
        elif key == "init":
            values[key] = _specs(INITIALIZERS, initializers, make_init)
        else:
            values[key] = _value(decl)
    return st.fixed_dictionaries(values).map(lambda v: cls(**v))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_config(TrainConfig))
def test_any_declared_config_round_trips_through_toml_and_json(config):
    toml_entry = tomllib.loads(format_experiment([config]))["run"][0]
    json_entry = json.loads(json.dumps(run_to_entry(config)))
    for entry in (toml_entry, json_entry):
        found: list[str] = []
        assert F.from_plain(TrainConfig, entry, found) == config, found
    model = json.loads(json.dumps(config.model.to_dict()))
    found = []
    assert F.from_plain(ModelConfig, model, found, allow_derived=True) == config.model


def test_presets_round_trip_through_files_and_saved_lists():
    for preset in TRAIN_PRESETS.values():
        assert parse_experiment(format_experiment(preset.runs)) == preset.runs
        entries = json.loads(json.dumps([run_to_entry(r) for r in preset.runs]))
        assert runs_from_entries(entries) == preset.runs
    for run in TRAIN_PRESETS["book-init"].runs:
        assert ModelConfig.from_dict(json.loads(json.dumps(run.model.to_dict()))) == run.model


@pytest.mark.parametrize("registry, parse, make", [
    (OPTIMIZERS, parse_optimizer, make_optimizer), (SCHEDULES, parse_schedule, make_schedule),
    (INITIALIZERS, parse_init, make_init)])
def test_every_registry_entry_round_trips_through_its_text(registry, parse, make):
    for name in registry:
        config = make(name)
        params = config.hyper if hasattr(config, "hyper") else config.params
        assert parse(format_spec(config.name, params)) == config
        assert all(not isinstance(v, float) or math.isfinite(v) for _, v in params)


# --- lists of tables and of values; renamed keys -------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Range:
    name: str = F.text()
    low: float = F.number(F.REQUIRED)
    high: float = F.number(F.REQUIRED)


@dataclasses.dataclass(frozen=True)
class _Pick:
    name: str = F.text()
    values: tuple = F.values(min_items=1, max_items=3)


@dataclasses.dataclass(frozen=True)
class _Space:
    RENAMED: ClassVar[dict] = {"params": "items"}
    items: tuple = F.tables((_Range, _Pick), max_items=4)


def test_a_list_of_tables_tells_its_kinds_apart_and_names_each_problem():
    found: list[str] = []
    space = F.from_plain(_Space, {"items": [{"name": "a", "low": 0, "high": 1},
                                            {"name": "b", "values": ["x", 2, 0.5]}]}, found)
    assert found == [] and space.items == (_Range("a", 0.0, 1.0), _Pick("b", ("x", 2, 0.5)))
    assert F.to_plain(space) == {"items": [{"name": "a", "low": 0.0, "high": 1.0},
                                           {"name": "b", "values": ["x", 2, 0.5]}]}
    bad = {"items": [{"name": "a", "low": "x", "high": 1}, {"name": "b", "values": []},
                     {"values": [float("nan"), {}, None]}, 3]}
    F.from_plain(_Space, bad, found)
    assert found == ["a: low must be a number (not 'x')",
                     "b: values must have at least 1 and at most 3 items (it has 0)",
                     "items[2]: values[0] must be a finite number (not nan)",
                     "items[2]: values[1] must be text or a number (not a table)",
                     "items[2]: values[2] must be text or a number (not None)",
                     "items[2]: name must be given", "items[3]: must be a table"]
    assert F.problems(_Space((_Range("a", 0.0, "1"), "x"))) == [
        "a: high must be a number (not '1')", "items[1]: must be a table"]
    assert "at most 4 items" in F.problems(_Space((_Pick("p", (1,)),) * 5))[0]


def test_renamed_keys_read_as_the_new_name_and_both_at_once_are_refused():
    found: list[str] = []
    assert F.from_plain(_Space, {"params": []}, found) == _Space(()) and found == []
    assert F.from_plain(_Space, {"params": [], "items": []}, found) is None
    assert found == ["give items once (not as params and items; old names are read as the "
                     "new one)"]


def test_a_config_object_in_a_spec_field_is_checked_through_its_text():
    from lab.engine.core.optimizers import OptimizerConfig

    config = TrainConfig("x", iterations=10,
                         optimizer=OptimizerConfig("adam", (("lr", float("nan")),)))
    assert "optimizer: lr must be a finite number (not nan)" in "; ".join(F.problems(config))
