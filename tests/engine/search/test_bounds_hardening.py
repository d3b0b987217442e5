"""Issue 7's classes on the search lab: a search configuration is bounded (seed, epochs, budget,
data, choice lists, the largest model a trial can ask for) wherever it comes from, including the
JSON stored with a study in a shared storage; study names are checked before a file is made."""

import re
from dataclasses import replace

import pytest

from lab.engine.search import bounds as B
from lab.engine.search.data import DataSpec
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig, SearchConfigError
from lab.engine.search.storage import StudyStorageError
from lab.engine.search.study import CONFIG_ATTR, open_study
from lab.engine.search.trial_spec import TrialSpec

LR = FloatParam("lr", 1e-4, 1e-1, log=True)
BASE = SearchConfig(space=(LR,), base=TrialSpec(lr=0.01, hidden=(100,) * 6, batch_size=100),
                    epochs=5, trials=10, data=DataSpec(train_size=500))


@pytest.mark.parametrize("changes, message", [
    ({"seed": -1}, "seed must lie in [0, 4,294,967,295] (not -1)"),
    ({"seed": 2**64}, "seed must lie in [0, 4,294,967,295]"),
    ({"epochs": 10**13}, "epochs must lie in [1, 100000]"),
    ({"epochs": 0}, "epochs must lie in [1, 100000] (not 0)"),
    ({"trials": 10**15}, "trials must lie in [1, 1,000,000]"),
    ({"batch_trials": 0}, "batch_trials must lie in [1, 1,000,000] (not 0)"),
    ({"epochs": 2.5}, "epochs must be a whole number (not 2.5)"),
    ({"seed": "1"}, "seed must be a whole number (not '1')"),
    ({"data": DataSpec(train_size=-5)}, "data.train_size must lie in [0, 100,000,000] (not -5)"),
    ({"data": DataSpec(val_fraction=1.0)}, "data.val_fraction must lie in (0, 1) (not 1)"),
    ({"space": (ChoiceParam("depth", (100_000,)),)}, "depth must lie in [1, 100] (not 100000)"),
    ({"space": (ChoiceParam("width", (4096,)), ChoiceParam("depth", (100,)))},
     "would have 1,664,606,218 parameters (6.2 GiB as float32); the limit is 50,000,000"),
    ({"space": (ChoiceParam("batch_size", (10**9,)),)}, "batch_size must lie in [1, 65536]"),
    ({"space": (ChoiceParam("width", (2048,)), ChoiceParam("batch_size", (65536,)))},
     "the largest trial's activations would take"),
    ({"space": (ChoiceParam("width", (10.7,)),)}, "width must be a whole number (not 10.7)"),
    ({"space": (ChoiceParam("batch_size", (32.5,)),)}, "batch_size must be a whole number"),
    ({"space": (ChoiceParam("depth", (True,)),)}, "depth must be a whole number (not true)"),
    ({"space": (FloatParam("width", 10, 100),)}, "width: a whole number; give it as choices"),
    ({"space": (ChoiceParam("lr", (0.1,) * 1_000_001),)}, "lr: 1,000,001 choices; at most 1,000"),
])  # fmt: skip
def test_values_a_trial_cannot_use_are_refused_with_their_size(changes, message):
    config = replace(BASE, **changes)
    problems = config.problems()
    assert any(message in p for p in problems), problems
    with pytest.raises(SearchConfigError, match=re.escape(message)):  # the same problem
        config.check()


def test_whole_floats_and_the_book_presets_are_accepted():
    assert replace(BASE, space=(ChoiceParam("batch_size", (32.0, 64)),)).problems() == []
    for key, preset in SEARCH_PRESETS.items():
        assert preset.config.problems() == [], key


def test_bounds_are_the_training_labs():
    from lab.engine.train import config as train_config
    from lab.engine.train import models

    assert B.MAX_SEED == train_config.MAX_SEED
    assert B.MAX_BATCH == train_config.MAX_BATCH
    assert B.MAX_PARAMETERS == models.MAX_PARAMETERS
    assert B.MAX_LAYERS == models.MAX_LAYERS
    assert B.MAX_ACTIVATION_BYTES == models.MAX_ACTIVATION_BYTES


def test_parameter_count_matches_torch(monkeypatch):
    import torch

    widths = (B.DEFAULT_INPUTS, 300, 300, B.DEFAULT_CLASSES)
    layers = [torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:], strict=False)]
    expected = sum(p.numel() for layer in layers for p in layer.parameters())
    two_of_300 = replace(BASE, space=(ChoiceParam("width", (300,)), ChoiceParam("depth", (2,))))
    assert two_of_300.problems() == []
    monkeypatch.setattr(B, "MAX_PARAMETERS", expected - 1)
    problems = two_of_300.problems()
    assert any(f"would have {expected:,} parameters" in p for p in problems), problems


def test_a_stored_configuration_is_checked_when_a_study_is_loaded(tmp_path):
    """A shared database or journal is anyone's input: a stored configuration asking for a
    huge model is refused when a worker joins, with the study named, before any training."""
    journal = str(tmp_path / "shared.journal")
    handle = open_study("shared", BASE, journal)
    bad = replace(BASE, base=replace(BASE.base, hidden=(4096,) * 100))
    handle.study.set_user_attr(CONFIG_ATTR, bad.to_json())
    with pytest.raises(StudyStorageError, match="the study 'shared' in .*would have"):
        open_study("shared", None, journal)
    handle.study.set_user_attr(CONFIG_ATTR, BASE.to_json().replace('"epochs": 5',
                                                                   '"epochs": "five"'))
    with pytest.raises(StudyStorageError, match="the study 'shared' in .*epochs"):
        open_study("shared", None, journal)


@pytest.mark.parametrize("name, message", [
    ("", "needs a name"), ("   ", "needs a name"), ("a\nb", "control characters"),
    ("a\x00b", "control characters"), ("x" * 201, "at most 200 characters"),
])  # fmt: skip
def test_study_names_are_checked_before_a_file_is_made(tmp_path, name, message):
    with pytest.raises(StudyStorageError, match=message):
        open_study(name, BASE, None, data_dir=tmp_path / "studies")
    assert not (tmp_path / "studies").exists()

