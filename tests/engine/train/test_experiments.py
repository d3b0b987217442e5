"""Experiment files: a valid one builds runs; an invalid one lists every problem at once."""

import pytest

from lab.engine.train.experiments import ExperimentError, parse_experiment

VALID = """
[defaults]
iterations = 100
optimizer = "sgd:lr=0.01"

[[run]]
name = "sgd"

[[run]]
name = "adam"
optimizer = "adam:lr=0.001"
schedule = "warmup_cosine:warmup=10"
model = { hidden = [50, 50], activation = "tanh", init = "xavier", batchnorm = true }
data = { train_size = 500, val_split = 0.2 }
l2 = 0.01
"""


def test_valid_file():
    runs = parse_experiment(VALID)
    assert [r.name for r in runs] == ["sgd", "adam"]
    adam = runs[1]
    assert adam.iterations == 100 and adam.optimizer.lr == 0.001
    assert adam.model.hidden == (50, 50) and adam.model.init.name == "xavier-normal"
    assert adam.data.train_size == 500 and adam.schedule.name == "warmup_cosine"


def test_every_problem_is_listed():
    text = """
[[run]]
name = "a"
optimizer = "adam:lr=nan"
batch_size = 1.5
colour = "red"
[[run]]
name = "a"
iterations = 10
model = { hidden = [10], actvation = "relu" }
[[run]]
iterations = 5
"""
    with pytest.raises(ExperimentError) as info:
        parse_experiment(text, "bad.toml")
    message = str(info.value)
    for part in ("lr must be a finite number", "batch_size must be a whole number",
                 "unknown key 'colour'", "unknown key 'actvation'", "every run needs a name"):
        assert part in message, part
    assert message.startswith("bad.toml: 5 problem(s)")


def test_not_toml_and_empty():
    with pytest.raises(ExperimentError, match="not valid TOML"):
        parse_experiment("[[run]\nname=")
    with pytest.raises(ExperimentError, match="no \\[\\[run\\]\\] entries"):
        parse_experiment("[defaults]\niterations = 3\n")


def test_runs_round_trip_through_entries():
    import json

    from lab.engine.train.experiments import run_to_entry, runs_from_entries
    from lab.engine.train.presets import TRAIN_PRESETS

    for preset in TRAIN_PRESETS.values():
        entries = json.loads(json.dumps([run_to_entry(r) for r in preset.runs]))
        assert runs_from_entries(entries) == preset.runs
    broken = json.loads(json.dumps([run_to_entry(TRAIN_PRESETS["book-init"].runs[0])]))
    broken[0]["batch_size"] = "many"
    with pytest.raises(ExperimentError, match="batch_size must be a whole number"):
        runs_from_entries(broken)


def test_the_data_splits_old_names_still_load_and_are_written_anew():
    """Files written before the labs shared one data config said val_split and seed; they
    load as holdout and split_seed, and are written in the new form."""
    from lab.engine.train.experiments import format_experiment, runs_from_entries

    (run,) = parse_experiment('[[run]]\nname = "a"\niterations = 10\n'
                              "data = { train_size = 1000, val_split = 0.1, shuffle = true, "
                              "seed = 3 }\n")  # fmt: skip
    assert (run.data.holdout, run.data.split_seed, run.data.shuffle) == (0.1, 3, True)
    assert run.data.order == "shuffle-first"  # the training lab's order, as before
    text = format_experiment([run])
    assert "holdout = 0.1" in text and "split_seed = 3" in text
    assert "val_split" not in text and "seed = 3" not in text.replace("split_seed = 3", "")
    assert parse_experiment(text) == (run,)
    (saved,) = runs_from_entries([{"name": "a", "iterations": 10,  # a saved run list (JSON)
                                   "data": {"val_split": 0.1, "seed": 3, "shuffle": True,
                                            "train_size": 1000}}])  # fmt: skip
    assert saved == run
    with pytest.raises(ExperimentError, match="give holdout once .not as val_split and holdout"):
        parse_experiment('[[run]]\nname = "a"\niterations = 10\n'
                         "data = { val_split = 0.1, holdout = 0.2 }\n")
