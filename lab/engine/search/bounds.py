"""Bounds on a search configuration: what every trial it can ask for would cost, checked before
a study is created or resumed (issue 7, "Inputs that exhaust memory" and "Values accepted but
wrong", applied to the search lab).

Why here and not in the trainer: a configuration reaches the search from four places (a preset
changed by CLI options, a session file, the search-space editor, the JSON stored with a study in
a shared database), and :meth:`SearchConfig.problems` is the one check all four go through.
Scalars are checked by :func:`lab.engine.core.fields.check`, so the messages read as the
training lab's ("seed must lie in [0, 4,294,967,295] (not -1)").

Figures are from the configuration alone. The bundled MNIST's 784 inputs and 60,000 training
images stand in for a user folder's until it is read (a folder of larger images can still be
refused by the trainer's own checks later).
"""

from __future__ import annotations

from lab.engine.core import fields as F
from lab.io.sizes import byte_size

MAX_SEED = 2**32 - 1  # what numpy's and torch's generators both take (the training lab's)
MAX_EPOCHS = 100_000
MAX_TRIALS = 1_000_000
MAX_BATCH = 65_536  # examples per minibatch (the training lab's bound)
MAX_LAYERS = 100  # hidden layers (the training lab's bound)
MAX_CHOICES = 1_000  # values of one choice parameter
MAX_PARAMETERS = 50_000_000  # per model, as lab.engine.train.models.MAX_PARAMETERS
MAX_ACTIVATION_BYTES = 2 * 2**30  # one model's minibatch, as the training lab's bound
MAX_NAME = 200  # characters of a study name (a database column holds 512)
DEFAULT_INPUTS, DEFAULT_CLASSES, DEFAULT_IMAGES = 784, 10, 60_000  # the bundled MNIST
WHOLE = ("width", "depth", "batch_size")  # parameters that must be whole numbers

_DECLS = {
    "seed": F.Decl("int", low=0, high=MAX_SEED),
    "epochs": F.Decl("int", low=1, high=MAX_EPOCHS),
    "trials": F.Decl("int", low=1, high=MAX_TRIALS),
    "batch_trials": F.Decl("int", low=1, high=MAX_TRIALS),
    "train_size": F.Decl("int", low=0, high=10**8),
    "val_fraction": F.Decl("float", low=0.0, high=1.0, low_open=True, high_open=True),
    "shuffle_seed": F.Decl("int", low=0, high=MAX_SEED),
}
_RANGES = {"width": (1, 4096), "depth": (1, MAX_LAYERS), "batch_size": (1, MAX_BATCH)}


def bound_problems(config) -> list[str]:
    """Every problem of a SearchConfig's scalars, choice lists and the largest trial it can
    ask for (parameters, activations); [] when it can run."""
    found: list[str] = []
    for key in ("seed", "epochs", "trials", "batch_trials"):
        found += F.check(_DECLS[key], key, getattr(config, key))[1]
    data = config.data
    for key in ("train_size", "val_fraction", "shuffle_seed"):
        found += F.check(_DECLS[key], f"data.{key}", getattr(data, key, None))[1]
    if data.folder is not None and not isinstance(data.folder, str):
        found.append("data.folder must be text")
    largest: dict[str, int] = {}
    for param in config.space:
        values, problems = _param_values(param)
        found += problems
        if values and param.name in WHOLE:
            largest[param.name] = max(values)
    if found:
        return found
    return _cost_problems(config, largest)


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


def _param_values(param) -> tuple[list[int], list[str]]:
    """(whole values, problems) of a width/depth/batch_size parameter; ([], problems) else."""
    name = param.name
    choices = getattr(param, "choices", None)
    if choices is None:  # a float range
        if name in WHOLE:
            return [], [f"{name}: a whole number; give it as choices, not a range"]
        return [], []
    if not isinstance(choices, tuple | list):
        return [], [f"{name}: the choices must be a list"]
    if len(choices) > MAX_CHOICES:
        return [], [f"{name}: {len(choices):,} choices; at most {MAX_CHOICES:,}"]
    if name not in WHOLE:
        return [], []
    low, high = _RANGES[name]
    decl = F.Decl("int", low=low, high=high)
    values, found = [], []
    for value in choices:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 32.0 is 32; 32.5 is refused below
        converted, problems = F.check(decl, name, value)
        if problems:
            found.append(problems[0])
            break
        values.append(converted)
    return values, found


def _cost_problems(config, largest: dict[str, int]) -> list[str]:
    base = config.base
    hidden = tuple(base.hidden)
    if not all(_whole(h) and h > 0 for h in (*hidden, base.batch_size)) or not hidden:
        return []  # the base trial's own check reports it
    if "width" in largest or "depth" in largest:
        hidden = (largest.get("width", max(hidden)),) * largest.get("depth", len(hidden))
    batch = largest.get("batch_size", base.batch_size)
    found = []
    widths = (DEFAULT_INPUTS, *hidden, DEFAULT_CLASSES)
    params = sum(a * b + b for a, b in zip(widths, widths[1:], strict=False))
    if params > MAX_PARAMETERS:
        found.append(f"the largest trial's model ({len(hidden)} layers of {max(hidden):,}) "
                     f"would have {params:,} parameters ({byte_size(4 * params)} as float32); "
                     f"the limit is {MAX_PARAMETERS:,}")
    activations = 4 * batch * (DEFAULT_INPUTS + 3 * sum(hidden) + DEFAULT_CLASSES)
    if activations > MAX_ACTIVATION_BYTES:
        found.append(f"the largest trial's activations would take {byte_size(activations)} for a "
                     f"batch of {batch:,}; the limit is {byte_size(MAX_ACTIVATION_BYTES)}")
    return found


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


