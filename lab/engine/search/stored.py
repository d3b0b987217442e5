"""A search configuration as text: what a study stores (a user attribute) and the search lab's
saved settings hold. JSON of ``fields.to_plain``, read back by ``fields.from_plain``: one
serializer for the study, the settings, the session section and the CLI.

Studies already stored in users' journals and databases were written in an earlier form: a flat
base trial (``lr``, ``weight_decay``, ``optimizer`` as "sgd"/"momentum"/"adam", ``momentum``,
``beta1``, ``beta2``, ``eps``, ``hidden``, ``activation``, ``init``, ``dropout``...), the data
as ``val_fraction`` and ``shuffle_seed`` (shuffled, validation from the front) and each space
entry tagged with a ``kind``. :func:`upgraded` turns that form into the current one, so those
studies open, resume, and train their trials again as they did.
"""

from __future__ import annotations

import json

from lab.engine.core import fields as F
from lab.engine.core.specs import format_spec
from lab.engine.search.space import SearchConfig, SearchConfigError

# the earlier flat trial's optimizer hyperparameters, by optimizer
_OLD_HYPER = {"sgd": ("lr",), "momentum": ("lr", "momentum"),
              "adam": ("lr", "beta1", "beta2", "eps")}  # fmt: skip
_OLD_MODEL = ("hidden", "activation", "init", "dropout")
_OLD_TRIAL = ("lr", "weight_decay", "optimizer", "momentum", "beta1", "beta2", "eps",
              *_OLD_MODEL)  # fmt: skip


def config_text(config: SearchConfig) -> str:
    """The configuration as JSON (keys sorted: equal configurations, equal text)."""
    return json.dumps(F.to_plain(config), sort_keys=True)


def config_from_text(text: str) -> SearchConfig:
    """The inverse of :func:`config_text`, for the current form and the earlier one;
    SearchConfigError listing every field problem (the rules are :meth:`SearchConfig.check`'s)."""
    from lab.io.json_files import load_json  # bounded: a record nested 100 000 deep is a message

    if not isinstance(text, str | bytes):
        raise SearchConfigError("the stored search configuration is not text")
    data = load_json(text, "the stored search configuration", SearchConfigError)
    return config_from_plain(data)


def config_from_plain(data) -> SearchConfig:
    """A configuration from plain data (current or earlier form); SearchConfigError else."""
    found: list[str] = []
    config = F.from_plain(SearchConfig, upgraded(data), found)
    if found or config is None:
        raise SearchConfigError(found or "the search configuration is empty")
    return config


def upgraded(data):
    """Plain data in the earlier form (see the module docstring) as the current form; data
    already current (or not a table) is returned as it is."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    space = data.get("space")
    if isinstance(space, list):  # a "kind" tag per entry: the keys tell the kinds apart now
        data["space"] = [{k: v for k, v in p.items() if k != "kind"} if isinstance(p, dict)
                         else p for p in space]  # fmt: skip
    base = data.get("base")
    if isinstance(base, dict) and "lr" in base and "model" not in base:
        data["base"] = _upgraded_trial(base)
    split = data.get("data")
    if isinstance(split, dict) and ("val_fraction" in split or "shuffle_seed" in split):
        # the search shuffled its subset and held out the front: the book's order
        data["data"] = {"shuffle": True, "order": "subset-first", **split}
    return data


def _upgraded_trial(old: dict) -> dict:
    name = old.get("optimizer", "sgd")
    keys = _OLD_HYPER.get(name, ("lr",)) if isinstance(name, str) else ("lr",)
    hyper = [(k, old[k]) for k in keys if k in old]
    trial = {k: v for k, v in old.items() if k not in _OLD_TRIAL}  # batch_size, seed, unknown
    trial["model"] = {k: old[k] for k in _OLD_MODEL if k in old}
    trial["optimizer"] = format_spec(str(name), hyper)
    if "weight_decay" in old:
        trial["l2"] = old["weight_decay"]
    return trial
