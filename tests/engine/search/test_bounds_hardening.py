"""Issue 7's classes on the search lab: a search configuration is bounded (seed, epochs, budget,
data, choice lists, the largest model a trial can ask for) wherever it comes from, including the
JSON stored with a study in a shared storage; study names are checked before a file is made."""

import re
from dataclasses import replace

import pytest

from lab.engine.core import fields as F
from lab.engine.core.mlp import MlpSpec
from lab.engine.core.optimizers import make_optimizer
from lab.engine.search import bounds as B
from lab.engine.search.data import BOOK_SPLIT
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig, SearchConfigError
from lab.engine.search.storage import StudyStorageError
from lab.engine.search.stored import config_text
from lab.engine.search.study import CONFIG_ATTR, open_study
from tests.engine.search.conftest import trial

LR = FloatParam("lr", 1e-4, 1e-1, log=True)
BASE = SearchConfig(space=(LR,), base=trial(0.01, hidden=(100,) * 6, batch_size=100),
                    epochs=5, trials=10, data=BOOK_SPLIT)


@pytest.mark.parametrize("changes, message", [
    ({"seed": -1}, "seed must lie in [0, 4,294,967,295] (not -1)"),
    ({"seed": 2**64}, "seed must lie in [0, 4,294,967,295]"),
    ({"epochs": 10**13}, "epochs must lie in [1, 100000]"),
    ({"epochs": 0}, "epochs must lie in [1, 100000] (not 0)"),
    ({"trials": 10**15}, "trials must lie in [1, 1,000,000]"),
    ({"batch_trials": 0}, "batch_trials must lie in [1, 1,000,000] (not 0)"),
    ({"epochs": 2.5}, "epochs must be a whole number (not 2.5)"),
    ({"seed": "1"}, "seed must be a whole number (not '1')"),
    ({"data": replace(BOOK_SPLIT, train_size=-5)},
     "data: train_size must lie in [0, 100,000,000] (not -5)"),
    ({"data": replace(BOOK_SPLIT, holdout=1.0)}, "data: holdout must lie in [0, 1) (not 1)"),
    ({"data": replace(BOOK_SPLIT, holdout=0.0)}, "data: holdout must be positive"),
    ({"data": replace(BOOK_SPLIT, train_size=4)}, "holds out no images"),
    ({"space": (ChoiceParam("depth", (100_000,)),)}, "depth must lie in [1, 100] (not 100000)"),
    ({"space": (ChoiceParam("width", (4096,)), ChoiceParam("depth", (100,)))},
     "would have 1,664,606,218 parameters (6.2 GiB as float32); the limit is 50,000,000"),
    ({"space": (ChoiceParam("batch_size", (10**9,)),)}, "batch_size must lie in [1, 65536]"),
    ({"space": (ChoiceParam("width", (2048,)), ChoiceParam("batch_size", (65536,)))},
     "the largest trial (6 layers of 2,048, batch 65,536): the activations would take"),
    ({"space": (ChoiceParam("width", (10.7,)),)}, "width must be a whole number (not 10.7)"),
    ({"space": (ChoiceParam("batch_size", (32.5,)),)}, "batch_size must be a whole number"),
    ({"space": (ChoiceParam("depth", (True,)),)}, "depth must be a whole number (not true)"),
    ({"space": (FloatParam("width", 10, 100),)}, "width = 10: a whole number; give it as choices"),
    ({"space": (ChoiceParam("lr", (0.1,) * 1_000_001),)},
     "lr: choices must have at least 1 and at most 1,000 items (it has 1,000,001)"),
    ({"space": (ChoiceParam("optimizer", ("sgd", "rmsprop")),)},
     "optimizer = rmsprop: optimizer must be one of sgd, momentum, adam (not 'rmsprop')"),
    ({"base": replace(BASE.base, optimizer=make_optimizer("nesterov", lr=0.1))},
     "base: optimizer must be one of sgd, momentum, adam: the search's stacked trainer "
     "runs only these (not 'nesterov')"),
    ({"base": replace(BASE.base, optimizer=make_optimizer("sgd", lr=0.1, weight_decay=0.1))},
     "base: optimizer: give weight decay as the search's weight_decay"),
    ({"base": replace(BASE.base, model=MlpSpec(activation="gelu"))},
     "base: activation must be one of relu, tanh, sigmoid"),
])  # fmt: skip
def test_values_a_trial_cannot_use_are_refused_with_their_size(changes, message):
    config = replace(BASE, **changes)
    problems = F.problems(config)
    assert any(message in p for p in problems), problems
    with pytest.raises(SearchConfigError, match=re.escape(message)):  # the same problem
        config.check()


def test_whole_floats_and_the_book_presets_are_accepted():
    assert F.problems(replace(BASE, space=(ChoiceParam("batch_size", (32.0, 64)),))) == []
    for key, preset in SEARCH_PRESETS.items():
        assert F.problems(preset.config) == [], key


def test_bounds_are_the_training_labs():
    """One set of bounds: the largest trial is refused with the training lab's own words for
    the same network, and a trial's fields are the training lab's declarations."""
    from lab.engine.core import fields as F
    from lab.engine.train.config import TrainConfig
    from lab.engine.train.models import ModelConfig

    huge = replace(BASE, space=(ChoiceParam("width", (4096,)), ChoiceParam("depth", (100,))))
    (problem,) = [p for p in F.problems(huge) if "parameters" in p]
    (same,) = F.problems(ModelConfig(hidden=(4096,) * 100))
    assert problem.endswith(": " + same)
    trial_fields, run_fields = F.declarations(BASE.base), F.declarations(TrainConfig)
    for key in ("seed", "batch_size"):
        assert (trial_fields[key].low, trial_fields[key].high) == \
            (run_fields[key].low, run_fields[key].high)
    assert F.declarations(BASE.base.model)["hidden"] == F.declarations(ModelConfig)["hidden"]


def test_parameter_count_matches_torch(monkeypatch):
    import torch

    widths = (B.DEFAULT_INPUTS, 300, 300, B.DEFAULT_CLASSES)
    layers = [torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:], strict=False)]
    expected = sum(p.numel() for layer in layers for p in layer.parameters())
    two_of_300 = replace(BASE, space=(ChoiceParam("width", (300,)), ChoiceParam("depth", (2,))))
    assert F.problems(two_of_300) == []
    monkeypatch.setattr("lab.engine.core.mlp.MAX_PARAMETERS", expected - 1)
    problems = F.problems(two_of_300)
    assert any(f"would have {expected:,} parameters" in p for p in problems), problems


def test_a_stored_configuration_is_checked_when_a_study_is_loaded(tmp_path):
    """A shared database or journal is anyone's input: a stored configuration asking for a
    huge model is refused when a worker joins, with the study named, before any training."""
    journal = str(tmp_path / "shared.journal")
    handle = open_study("shared", BASE, journal)
    bad = replace(BASE, base=replace(BASE.base, model=MlpSpec(hidden=(4096,) * 100)))
    handle.study.set_user_attr(CONFIG_ATTR, config_text(bad))
    with pytest.raises(StudyStorageError, match="the study 'shared' in .*would have"):
        open_study("shared", None, journal)
    handle.study.set_user_attr(CONFIG_ATTR, config_text(BASE).replace('"epochs": 5',
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



def test_choice_values_are_checked_in_the_engine_wherever_they_come_from(tmp_path):
    """Issue 15: a choice the trainer cannot use was caught only by a Qt widget; restored
    settings, session files and workers joining a stored study accepted it and failed inside
    the trainer. Now the config's own check names every bad value."""
    from lab.engine.search.stored import config_from_text

    bad = replace(BASE, space=(LR, ChoiceParam("dropout", (0.5, 1.5)),
                               ChoiceParam("init", ("he", "magic"))))
    problems = F.problems(bad)
    assert problems[0] == "dropout = 1.5: dropout must lie in [0, 1) (not 1.5)"
    assert problems[1].startswith("init = magic: unknown initializer 'magic'; known: normal,")
    assert len(problems) == 2  # 0.5 and "he" (an alias of he-normal) are fine
    assert [v.value for v in bad.value_problems()] == [1.5, "magic"]
    with pytest.raises(SearchConfigError, match="dropout = 1.5"):
        config_from_text(config_text(bad)).check()  # saved settings
    handle = open_study("shared", BASE, str(tmp_path / "s.journal"))
    handle.study.set_user_attr(CONFIG_ATTR, config_text(bad))  # a worker joining by name
    with pytest.raises(StudyStorageError, match="init = magic"):
        open_study("shared", None, str(tmp_path / "s.journal"))
    ranges = replace(BASE, space=(FloatParam("beta1", 0.5, 1.0), FloatParam("lr", -1.0, 0.1)))
    assert F.problems(ranges) == ["beta1 = 1.0: beta1 must lie in [0, 1) (not 1)",
                                 "lr = -1.0: lr must be positive (not -1)"]


@pytest.mark.parametrize("name", ["adamax", "rprop", "muon", "adafactor", "lion",
                                  "schedulefree_sgd", "schedulefree_adamw"])
def test_the_newer_optimizers_are_refused_by_the_stacked_trainer(name):
    """The search trains trials stacked in one tensor with its own SGD/Momentum/Adam: a base
    trial or a choice list naming an optimizer it lacks is refused, saying which it runs."""
    config = replace(BASE, base=replace(BASE.base, optimizer=make_optimizer(name)))
    message = f"optimizer must be one of sgd, momentum, adam: the search's stacked trainer " \
              f"runs only these (not '{name}')"
    assert any(message in p for p in F.problems(config)), F.problems(config)
    choice = replace(BASE, space=(ChoiceParam("optimizer", ("sgd", name)),))
    assert any(f"optimizer = {name}: optimizer must be one of" in p for p in F.problems(choice))
