"""The search lab's section of a session file (File > Save session…): the preset, the search
space, the budget and method, and the study name; readable TOML a teacher can edit.

What is left out: the storage (a database URL may carry a password, and a folder is one
machine's) and the trials (they live in the study). The data, network and batching come from
the preset, as in the lab. The space and the budget are the SearchConfig's own fields, written
and read by its one serializer (fields.to_plain / from_plain) and checked by its one check.
"""

from __future__ import annotations

from lab.app.session import Section
from lab.engine.core import fields as F
from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import PARAM_NAMES, SearchConfig, SearchConfigError
from lab.engine.search.stored import config_from_plain

DEFAULT_PRESET = "book-random-search"
KEYS = ("trials", "epochs", "sampler", "pruner", "seed", "space")  # the config's, in a section
SECTION_KEYS = ("preset", "study", *KEYS)  # what the section may hold


def section_of(preset: str | None, config: SearchConfig, study: str) -> dict:
    plain = F.to_plain(config)
    return {"preset": preset, "study": study, **{k: plain[k] for k in KEYS}}


def config_of(section: dict) -> SearchConfig:
    """The search a section describes: its preset's, with the section's space and budget
    (SearchConfigError naming every field problem when it cannot be built)."""
    key = section.get("preset") or DEFAULT_PRESET
    plain = {**F.to_plain(SEARCH_PRESETS[key].config),
             **{k: section[k] for k in KEYS if k in section}}  # fmt: skip
    return config_from_plain(plain)


def check_section(section: dict) -> list[str]:
    """Every problem of a search section, without touching the lab."""
    from lab.engine.search.bounds import study_name_problem

    preset = section.get("preset")
    if preset is not None and preset not in SEARCH_PRESETS:
        return [f"unknown preset {preset!r} (known: {', '.join(SEARCH_PRESETS)})"]
    if not isinstance(section.get("study", ""), str):
        return ["study must be text"]
    if section.get("study") and study_name_problem(section["study"]):
        return [study_name_problem(section["study"])]
    try:
        config = config_of(section)
    except SearchConfigError as err:
        return err.problems
    return F.problems(config)


# what a section may hold (any other key is refused by name) and how many parameters
SCHEMA = Section(check_section, SECTION_KEYS, {"space": len(PARAM_NAMES)})
