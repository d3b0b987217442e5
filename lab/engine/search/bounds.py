"""The rules of a search configuration beyond its fields: the space, every value a parameter
can take (tried on the base trial, so a choice the trainer cannot use is refused before a study
exists), and what the largest trial would cost, checked before a study is created or resumed.

Why here and not in the trainer or a widget: a configuration reaches the search from five
places (a preset changed by CLI options, a session file, saved settings, the search-space
editor, the JSON stored with a study in a shared database), and
:meth:`SearchConfig.problems` is the one check all of them go through. Each parameter's values
are checked against the declaration of the field it sets (the optimizer registry's ``lr``, the
MLP spec's ``dropout``...), so the messages read as the training lab's.

Sizes use the shared MLP bounds (lab.engine.core.mlp). The bundled MNIST's 784 inputs stand in
for a user folder's until it is read (a folder of larger images can still be refused by the
trainer's own checks later).
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core import optimizers
from lab.engine.core.mlp import (
    MlpSpec,
    mlp_activations_per_example,
    mlp_parameter_count,
    size_problems,
)
from lab.engine.search.trial_spec import STACKED_OPTIMIZERS, TrialSpec

MAX_EPOCHS = 100_000
MAX_TRIALS = 1_000_000
MAX_CHOICES = 1_000  # values of one choice parameter
MAX_NAME = 200  # characters of a study name (a database column holds 512)
DEFAULT_INPUTS, DEFAULT_CLASSES = 784, 10  # the bundled MNIST
WHOLE = ("width", "depth", "batch_size")  # parameters that must be whole numbers
WHOLE_AS_CHOICES = "a whole number; give it as choices"  # the editor translates this one
MAX_REPORTED = 3  # bad values reported per parameter

_MLP, _TRIAL = F.declarations(MlpSpec), F.declarations(TrialSpec)
# each parameter's values are checked against the declaration of the field it sets
PARAM_DECLS: dict[str, F.Decl] = {
    "lr": optimizers.PARAMS["lr"],
    "weight_decay": _TRIAL["l2"],
    "momentum": optimizers.PARAMS["momentum"],
    "beta1": optimizers.PARAMS["beta1"],
    "beta2": optimizers.PARAMS["beta2"],
    "optimizer": F.Decl("choice", "the update rule", choices=STACKED_OPTIMIZERS),
    "init": _MLP["init"],
    "dropout": _MLP["dropout"],
    "batch_size": _TRIAL["batch_size"],
    "width": F.Decl("int", "units per hidden layer", _MLP["hidden"].low, _MLP["hidden"].high),
    "depth": F.Decl("int", "hidden layers", 1, _MLP["hidden"].max_items),
}


@dataclass(frozen=True)
class ValueProblem:
    """A value of parameter ``name`` that no trial could use, and why."""

    name: str
    value: object
    problem: str

    def __str__(self) -> str:
        return f"{self.name} = {self.value}: {self.problem}"


def config_rules(config, bad_fields: set[str]) -> list[str]:
    """The rules across a SearchConfig's fields, for the fields that are fine in themselves
    (``bad_fields``: those with field problems)."""
    found: list[str] = []
    if "space" not in bad_fields:
        found += _space_rules(config.space)
    if "data" not in bad_fields:
        if config.data.holdout <= 0:
            found.append("data: holdout must be positive: a search validates on images held "
                         "out from the training subset, never on the test set")
        elif config.data.train_size:
            found += [f"data: {p}" for p in config.data.split_problems(config.data.train_size)]
    if found or bad_fields:  # (the base trial's own rules are its: "base: ...")
        return found
    found += [str(v) for v in value_problems(config)]
    return found or _cost_problems(config)


def _space_rules(space) -> list[str]:
    found = []
    names = [p.name for p in space]
    if not space:
        found.append("the search space is empty")
    if len(set(names)) != len(names):
        found.append("a parameter appears twice in the search space")
    for p in space:
        if p.name not in PARAM_DECLS:
            found.append(f"unknown parameter '{p.name}'; known: {', '.join(PARAM_DECLS)}")
        elif getattr(p, "choices", None) is None:  # a float range
            if not p.low < p.high:
                found.append(f"{p.name}: the range needs finite low < high")
            elif p.log and p.low <= 0:
                found.append(f"{p.name}: a log range needs low > 0")
    return found


def value_problems(config) -> list[ValueProblem]:
    """Each value of each parameter (a range's two bounds, every choice) checked against its
    field's declaration, then tried on the base trial: up to :data:`MAX_REPORTED` per
    parameter. A whole-number parameter given as a range is its own problem (first)."""
    found: list[ValueProblem] = []
    for p in config.space:
        decl = PARAM_DECLS.get(p.name)
        if decl is None:
            continue
        choices = getattr(p, "choices", None)
        if choices is None and p.name in WHOLE:
            found.append(ValueProblem(p.name, p.low, WHOLE_AS_CHOICES))
            continue
        reported = 0
        for value in (p.low, p.high) if choices is None else choices:
            problem = _value_problem(config, p.name, decl, value)
            if problem:
                found.append(ValueProblem(p.name, value, problem))
                reported += 1
                if reported == MAX_REPORTED:
                    break
    return found


def _value_problem(config, name: str, decl: F.Decl, value) -> str:
    converted, problems = F.check(decl, name, value)
    if not problems:
        problems = []
        config.trial_or_problems({name: converted}, 0, problems)
    if not problems:
        return ""
    return problems[0].removeprefix(f"{name}: ")


def study_name_problem(name) -> str:
    """Why ``name`` cannot name a study ("" when it can): text, not blank, at most
    :data:`MAX_NAME` characters, no control characters (it is shown in lists and messages; the
    file it goes into is made safe separately, by lab.io.names)."""
    if not isinstance(name, str) or not name.strip():
        return "a study needs a name"
    if len(name) > MAX_NAME:
        return f"a study name has at most {MAX_NAME} characters (this one has {len(name):,})"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "a study name cannot contain control characters (newlines, tabs, NUL)"
    return ""


def _cost_problems(config) -> list[str]:
    """The largest trial the space can ask for (widest, deepest, largest batch, dropout if
    any trial may drop) against the shared MLP bounds."""
    base = config.base
    largest = {p.name: max(int(v) for v in p.choices) for p in config.space
               if p.name in WHOLE}  # fmt: skip (whole-number parameters are choices by now)
    hidden = base.model.hidden
    if "width" in largest or "depth" in largest:
        hidden = (largest.get("width", hidden[0]),) * largest.get("depth", len(hidden))
    batch = largest.get("batch_size", base.batch_size)
    dropout = base.model.dropout > 0 or any(p.name == "dropout" for p in config.space)
    widths = (DEFAULT_INPUTS, *hidden, DEFAULT_CLASSES)
    problems = size_problems(mlp_parameter_count(widths),
                             mlp_activations_per_example(widths, dropout=dropout), batch)
    where = f"the largest trial ({len(hidden)} layers of {max(hidden):,}, batch {batch:,})"
    return [f"{where}: {p}" for p in problems]
