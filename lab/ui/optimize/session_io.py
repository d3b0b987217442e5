"""The optimizer lab's table in a session file (File > Save session…): the preset shown and the
trajectory config's plain form as the lab's saved settings hold it (lab.ui.optimize.state).

The check runs in the session worker before any lab changes: it reads the section with the
lab's own reader of saved settings (the declarations' messages) and compiles a typed function
with its budget, in the compiler process, never on the GUI thread.
"""

from __future__ import annotations

from lab.app.session import (
    SLIPS,
    Section,
    error_text,
    preset_problems,
    reader_problems,
)
from lab.engine.core.fields import declarations
from lab.engine.core.specs import check_known, parse_spec
from lab.engine.optimize.functions import BUILTIN_FUNCTIONS, typed_surface
from lab.engine.optimize.presets import OPTIMIZER_PRESETS
from lab.engine.optimize.trajectories import MAX_OPTIMIZERS, TrajectoryConfig
from lab.ui.optimize.state import state_from_plain


def check_function(spec) -> None:
    """The surface worker's checks: a built-in's parameters, or a typed function compiled
    (with its budget, in the compiler process; kept, so the lab gets it at once)."""
    if not isinstance(spec, str):
        raise TypeError("function must be text")
    if spec.partition(":")[0].strip() in BUILTIN_FUNCTIONS:
        name, params = parse_spec(spec, ValueError)
        check_known(f"function '{name}'", params, BUILTIN_FUNCTIONS[name].params, ValueError)
    else:
        typed_surface(spec)


def check_section(section: dict) -> list[str]:
    """Every problem of an optimizer section, without touching the lab."""
    problems = preset_problems(section, OPTIMIZER_PRESETS)
    try:
        if isinstance(section.get("function"), str):  # else the declaration says what it is
            check_function(section["function"])
    except SLIPS as err:
        problems.append(f"function: {error_text(err)}")
    return problems + reader_problems(state_from_plain, section)


# the keys a section may hold (any other is refused by name) and how many optimizers
SCHEMA = Section(check_section, ("preset", *declarations(TrajectoryConfig), "clip",
                                 "two_by_two", "tolerance"), {"optimizers": MAX_OPTIMIZERS})
