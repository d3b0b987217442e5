"""The training lab's table in a session file (File > Save session…): the preset shown, the
runs' configurations and their colours. What belongs to one machine is left out: results and
their run folders, and the dataset folder (a student opens the teacher's runs on the data they
have). Checked without touching the lab: the runs are read as an experiment file's are."""

from __future__ import annotations

from PySide6.QtGui import QColor

from lab.app.session import SLIPS, Section, error_text, preset_problems
from lab.engine.train.experiments import MAX_RUNS, runs_from_entries
from lab.engine.train.presets import TRAIN_PRESETS
from lab.ui.train.inside.settings import inside_problems


def check_section(section: dict) -> list[str]:
    problems = preset_problems(section, TRAIN_PRESETS)
    try:
        if not runs_from_entries(section["runs"], "runs"):
            problems.append("no runs")
    except SLIPS as err:
        problems.append(error_text(err))
    problems += inside_problems(section.get("inside"))
    colors = section.get("colors", [])
    if not isinstance(colors, list) or not all(
            isinstance(c, str) and QColor.isValidColorName(c) for c in colors):
        problems.append("colors must be a list of colour names such as \"#1f77b4\"")
    return problems + landscape_problems(section.get("landscape"))


def landscape_problems(value) -> list[str]:
    """The Landscape tab's settings (optional): its probes and landscape as their
    declarations read them (lab.engine.train.landscape)."""
    from lab.engine.core.fields import config_from_plain
    from lab.engine.train.landscape.job import LandscapeConfig, LandscapeError
    from lab.engine.train.landscape.probes import ProbeConfig, ProbeError

    if value is None:
        return []
    if not isinstance(value, dict):
        return ["landscape must be a table"]
    problems = []
    for key, config, error in (("probes", ProbeConfig, ProbeError),
                               ("landscape", LandscapeConfig, LandscapeError)):
        try:
            config_from_plain(config, value.get(key) or {}, error=error)
        except error as err:
            problems.append(f"landscape.{key}: {err}")
    return problems


SCHEMA = Section(check_section, ("preset", "runs", "colors", "landscape", "inside"),
                 {"runs": MAX_RUNS, "colors": MAX_RUNS})


def section_of(state: dict) -> dict:
    """The session's part of the lab's saved settings (``save_state``): no folders."""
    runs = [{**run, "data": {k: v for k, v in run.get("data", {}).items() if k != "folder"}}
            for run in state["runs"]]  # the dataset folder is the user's own
    section = {"preset": state.get("preset"), "runs": runs, "colors": state.get("colors", [])}
    if "landscape" in state:  # the Landscape tab's settings, without the runs ticked
        section["landscape"] = {k: v for k, v in state["landscape"].items() if k != "ticked"}
    section["inside"] = state.get("inside", {})  # the Inside tab's settings
    return section
