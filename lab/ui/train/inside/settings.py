"""The Inside tab's table in saved settings and session files: measuring on or off for new
runs, the cadence, the kind, layer and view shown. Checked before anything is applied."""

from __future__ import annotations

from lab.engine.core.schedules import MAX_STEPS
from lab.engine.train.diagnostics.config import KINDS

KEYS = ("measuring", "every", "kind", "layer", "view")


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def inside_problems(section) -> list[str]:
    """What is wrong with an ``inside`` table (None: absent, which is fine)."""
    if section is None:
        return []
    if not isinstance(section, dict):
        return ["inside must be a table"]
    problems = [f"inside.{key} is not a setting of the Inside tab"
                for key in section if key not in KEYS]  # fmt: skip
    if "measuring" in section and not isinstance(section["measuring"], bool):
        problems.append("inside.measuring must be true or false")
    if "every" in section and not (_integer(section["every"]) and
                                   1 <= section["every"] <= MAX_STEPS):  # fmt: skip
        problems.append(f"inside.every must be a whole number from 1 to {MAX_STEPS}")
    if "kind" in section and section["kind"] not in KINDS:
        problems.append(f"inside.kind must be one of {', '.join(KINDS)}")
    for key, top in (("layer", 1000), ("view", 2)):
        if key in section and not (_integer(section[key]) and 0 <= section[key] <= top):
            problems.append(f"inside.{key} must be a whole number from 0 to {top}")
    return problems
