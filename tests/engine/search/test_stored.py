"""A search configuration as stored text: one serializer (fields) for the study, the settings,
the sessions and the CLI; studies written before the labs shared one vocabulary still open,
resume and train as they did, and are rewritten in the new form."""

import json
from dataclasses import replace

import pytest

from lab.engine.core import fields as F
from lab.engine.core.initializers import parse_init
from lab.engine.core.mlp import MlpSpec
from lab.engine.core.optimizers import make_optimizer
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.runner import run_worker
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig, SearchConfigError
from lab.engine.search.stored import config_from_plain, config_from_text, config_text
from lab.engine.search.study import CONFIG_ATTR, open_study
from lab.engine.search.trial_spec import TrialSpec

# written by the search lab before the labs shared one vocabulary (the book preset, and a
# search with an optimizer choice over a custom base), copied from what it stored
OLD_BOOK = (
    '{"base": {"activation": "relu", "batch_size": 100, "beta1": 0.9, "beta2": 0.999, '
    '"dropout": 0.0, "eps": 1e-08, "hidden": [100, 100, 100, 100, 100, 100], "init": "book-he", '
    '"lr": 0.01, "momentum": 0.9, "optimizer": "sgd", "seed": 0, "weight_decay": 0.0}, '
    '"batch_trials": 100, "data": {"folder": null, "shuffle_seed": 0, "train_size": 500, '
    '"val_fraction": 0.2}, "epochs": 50, "pruner": "none", "sampler": "random", "sampling": '
    '"replacement", "seed": 0, "space": [{"high": 0.01, "kind": "float", "log": true, "low": '
    '1e-06, "name": "lr"}, {"high": 0.0001, "kind": "float", "log": true, "low": 1e-08, "name": '
    '"weight_decay"}], "trials": 100}')
OLD_CHOICE = (
    '{"base": {"activation": "tanh", "batch_size": 25, "beta1": 0.9, "beta2": 0.99, '
    '"dropout": 0.1, "eps": 1e-08, "hidden": [16, 16], "init": "normal:std=0.05", "lr": 0.1, '
    '"momentum": 0.8, "optimizer": "adam", "seed": 0, "weight_decay": 0.001}, "batch_trials": 4, '
    '"data": {"folder": "TINY", "shuffle_seed": 3, "train_size": 100, "val_fraction": 0.2}, '
    '"epochs": 3, "pruner": "none", "sampler": "random", "sampling": "replacement", "seed": 0, '
    '"space": [{"choices": ["sgd", "momentum", "adam"], "kind": "choice", "name": "optimizer"}, '
    '{"high": 0.5, "kind": "float", "log": true, "low": 0.001, "name": "lr"}, {"high": 0.3, '
    '"kind": "float", "log": false, "low": 0.0, "name": "dropout"}], "trials": 4}')


def test_a_configuration_round_trips_through_its_text():
    for preset in SEARCH_PRESETS.values():
        assert config_from_text(config_text(preset.config)) == preset.config


def test_the_earlier_form_reads_as_the_same_search_and_is_written_anew():
    assert config_from_text(OLD_BOOK) == SEARCH_PRESETS["book-random-search"].config
    old = config_from_text(OLD_CHOICE)
    assert old.base == TrialSpec(
        model=MlpSpec(hidden=(16, 16), activation="tanh", init=parse_init("normal:std=0.05"),
                      dropout=0.1),
        optimizer=make_optimizer("adam", lr=0.1, beta2=0.99), l2=0.001, batch_size=25, seed=0)
    data = old.data  # the search's order: the subset shuffled, validation from the front
    assert (data.folder, data.train_size, data.holdout, data.split_seed, data.shuffle,
            data.order) == ("TINY", 100, 0.2, 3, True, "subset-first")  # fmt: skip
    assert old.space == (ChoiceParam("optimizer", ("sgd", "momentum", "adam")),
                         FloatParam("lr", 0.001, 0.5, log=True), FloatParam("dropout", 0.0, 0.3))
    text = config_text(old)
    for gone in ("val_fraction", "shuffle_seed", '"kind"', '"momentum": 0.8', '"eps"'):
        assert gone not in text
    assert json.loads(text)["data"]["holdout"] == 0.2
    assert json.loads(text)["base"]["optimizer"] == "adam:lr=0.1,beta1=0.9,beta2=0.99," \
        "eps=1e-08,weight_decay=0.0"


def test_a_study_stored_in_the_earlier_form_opens_resumes_and_trains(tmp_path, tiny_config):
    """A study already in a user's journal: joined by name, resumed under the same search by
    the CLI or the window (the budget grown), and its new trials train."""
    journal = str(tmp_path / "old.journal")
    handle = open_study("old", replace(tiny_config, trials=2), journal)
    # what the earlier code wrote for this search (its flat trial and DataSpec names)
    old_text = OLD_CHOICE.replace('"TINY"', json.dumps(tiny_config.data.folder))
    old = config_from_text(old_text)
    handle.study.set_user_attr(CONFIG_ATTR, old_text)
    joined = open_study("old", None, journal)
    assert joined.config == old
    resumed = open_study("old", replace(old, trials=3), journal)
    assert resumed.budget == 3
    for _ in run_worker(resumed, "cpu"):
        pass
    assert sum(t.state.name == "COMPLETE" for t in resumed.study.get_trials()) == 3


@pytest.mark.parametrize("change, message", [
    (lambda d: d["base"].update(lr="fast"), "'fast' is not a number"),
    (lambda d: d["data"].update(val_fraction=2), "data: holdout must lie in [0, 1) (not 2)"),
    (lambda d: d["data"].update(holdout=0.3), "give holdout once (not as val_fraction and "
                                              "holdout"),
    (lambda d: d["space"].append({"kind": "choice", "name": "dropout", "choices": [0.5, 1.5]}),
     None),
])  # fmt: skip
def test_a_damaged_earlier_form_names_its_problem(change, message):
    data = json.loads(OLD_BOOK)
    change(data)
    if message is None:  # readable, but a value no trial can use: the config's own check
        problems = F.problems(config_from_plain(data))
        assert problems == ["dropout = 1.5: dropout must lie in [0, 1) (not 1.5)"]
        return
    with pytest.raises(SearchConfigError) as info:
        config_from_plain(data)
    assert message in str(info.value)


def test_the_space_is_read_with_its_kinds_told_apart_by_their_keys():
    plain = json.loads(config_text(SEARCH_PRESETS["architecture-halving"].config))
    assert plain["space"][0] == {"name": "width", "choices": [50, 100, 200]}
    assert plain["space"][2] == {"name": "dropout", "low": 0.0, "high": 0.5, "log": False}
    plain["space"] += [{"name": "lr", "low": "a", "high": 0.1}, {"name": "init"}, 5,
                       {"name": "momentum", "low": 0.1, "choices": [0.5]}]
    with pytest.raises(SearchConfigError) as info:
        config_from_plain(plain)
    assert info.value.problems == [
        "lr: low must be a number (not 'a')", "init: low must be given",
        "init: high must be given", "space[7]: must be a table",
        "momentum: unknown key 'choices' (known: high, log, low, name)",
        "momentum: high must be given"]


def test_nothing_but_plain_data_is_read():
    with pytest.raises(SearchConfigError, match="not valid JSON"):
        config_from_text("{not json")
    with pytest.raises(SearchConfigError, match="must be a table"):
        config_from_text("[1, 2]")
    assert isinstance(config_from_text(config_text(SEARCH_PRESETS["adam-vs-sgd-lr"].config)),
                      SearchConfig)
