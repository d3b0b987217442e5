"""The initialization lab's table in a session file (File > Save session…): the preset shown,
network A, the pinned network B and the quantity shown, as the lab's saved settings hold them
(lab.ui.init.state); checked by the lab's own reader, without touching the lab."""

from __future__ import annotations

from lab.app.session import Section, preset_problems, reader_problems
from lab.engine.init.presets import INIT_PRESETS
from lab.ui.init.state import state_from_plain


def check_section(section: dict) -> list[str]:
    return preset_problems(section, INIT_PRESETS) + reader_problems(state_from_plain, section)


SCHEMA = Section(check_section, ("preset", "a", "b", "kind"))
