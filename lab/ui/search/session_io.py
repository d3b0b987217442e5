"""The search lab's section of a session file (File > Save session…): the preset, the search
space, the budget and method, and the study name; readable TOML a teacher can edit.

What is left out: the storage (a database URL may carry a password, and a folder is one
machine's) and the trials (they live in the study). The data, network and batching come from
the preset, as in the lab.
"""

from __future__ import annotations

from dataclasses import replace

from lab.engine.core.fields import unknown_keys
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig

DEFAULT_PRESET = "book-random-search"
BUDGET_KEYS = ("trials", "epochs", "sampler", "pruner", "seed")
KEYS = ("preset", "study", *BUDGET_KEYS, "space")  # what the section may hold
FLOAT_KEYS, CHOICE_KEYS = ("name", "low", "high", "log"), ("name", "choices")


def section_of(preset: str | None, config: SearchConfig, study: str) -> dict:
    space = [{"name": p.name, "low": p.low, "high": p.high, "log": p.log}
             if isinstance(p, FloatParam) else {"name": p.name, "choices": list(p.choices)}
             for p in config.space]  # fmt: skip
    return {"preset": preset, "study": study, **{k: getattr(config, k) for k in BUDGET_KEYS},
            "space": space}


def config_of(section: dict) -> SearchConfig:
    """The search a section describes (KeyError, TypeError, ValueError when it cannot)."""
    key = section.get("preset") or DEFAULT_PRESET
    base = SEARCH_PRESETS[key].config
    space = []
    for item in section.get("space") or ():
        if not isinstance(item, dict):
            raise TypeError("each space entry must be a table")
        unknown = unknown_keys(item, CHOICE_KEYS if "choices" in item else FLOAT_KEYS)
        if unknown:
            raise ValueError(f"space entry {item.get('name')!r}: {'; '.join(unknown)}")
        if "choices" in item:
            if not isinstance(item["choices"], list):
                raise TypeError(f"{item.get('name')}: choices must be a list")
            space.append(ChoiceParam(str(item["name"]), tuple(item["choices"])))
        else:
            space.append(FloatParam(str(item["name"]), _number(item, "low"),
                                    _number(item, "high"), bool(item.get("log", False))))
    values = {}
    for k in BUDGET_KEYS:
        if k in section:
            value = section[k]
            expected = str if k in ("sampler", "pruner") else int
            if isinstance(value, bool) or not isinstance(value, expected):
                raise TypeError(f"{k} must be {'text' if expected is str else 'a whole number'}")
            values[k] = value
    return replace(base, space=tuple(space) if "space" in section else base.space, **values)


def _number(item: dict, key: str) -> float:
    """A range bound of a space entry; the message names the parameter and the bound."""
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{item.get('name')}: {key} must be a number (not {value!r})")
    return float(value)


def check_section(section: dict) -> list[str]:
    """Every problem of a search section, without touching the lab."""
    from lab.engine.search.bounds import study_name_problem
    from lab.ui.search.space_editor import value_problems

    preset = section.get("preset")
    if preset is not None and preset not in SEARCH_PRESETS:
        return [f"unknown preset {preset!r} (known: {', '.join(SEARCH_PRESETS)})"]
    if not isinstance(section.get("study", ""), str):
        return ["study must be text"]
    if section.get("study") and study_name_problem(section["study"]):
        return [study_name_problem(section["study"])]
    try:
        config = config_of(section)
    except (KeyError, TypeError, ValueError) as err:
        return [" ".join(str(err).split()) or type(err).__name__]
    return config.problems() or value_problems(config)
