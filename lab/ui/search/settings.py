"""What a search *is* before it runs: the preset, the search space and budget, the study's name
and storage; the lab's part of the saved settings and of a session file.

Why apart from the controller: this is the state the editors show and edit (the space editor,
the budget and the study controls are views of it), and what presets, restored settings and
session files go through. The running search, its study and its trials are the controller's.

Views push each edit here (``edit_space``, ``edit_budget``, ``edit_study``); a change made
here (a preset, a study opened, settings restored) is told through ``loaded`` so the views show
it. While the views load, what they echo back is ignored: a loaded value is kept exactly (the
editor shows numbers rounded) and loading never counts as the user's edit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import Param, SearchConfig, SearchConfigError
from lab.engine.search.stored import config_from_text, config_text
from lab.ui.common.i18n import tr
from lab.ui.common.lab import PresetShown

DEFAULT_PRESET = "book-random-search"
BUDGET = ("trials", "epochs", "sampler", "pruner", "seed")  # the budget and method controls


def budget_of(config: SearchConfig) -> dict:
    return {key: getattr(config, key) for key in BUDGET}


def value_problem_text(problem) -> str:
    """An engine :class:`~lab.engine.search.bounds.ValueProblem` in the user's language: the
    frame and the whole-number cause are translated, the field's own reason is the engine's."""
    from lab.engine.search.bounds import WHOLE_AS_CHOICES

    reason = {WHOLE_AS_CHOICES: tr("a whole number; give it as choices")}.get(problem.problem,
                                                                            problem.problem)
    return tr("{name} = {value}: {problem}").format(name=problem.name, value=problem.value,
                                                    problem=reason)


def config_problems(config: SearchConfig) -> list[str]:
    """Everything wrong with ``config``, by the engine's one check: the values no trial could
    use first (worded in the user's language), else every other problem."""
    from lab.engine.core import fields as F

    values = config.value_problems()
    return [value_problem_text(v) for v in values] if values else F.problems(config)


class SearchSettings(QObject):
    """The search the controls describe, and whether it still is the preset shown."""

    loaded = Signal(object, str, object)  # config, study name, storage (None: default folder)
    preset_changed = Signal(str, bool)  # the preset shown, and whether it was edited since
    problems_changed = Signal(list)  # what is wrong with the search described (or [])
    message = Signal(str)  # a line for the status bar

    def __init__(self, busy: Callable[[], bool] = lambda: False,
                 parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self._busy = busy  # True while a search runs: no preset may replace its settings
        self.base = SEARCH_PRESETS[DEFAULT_PRESET].config  # what the editors do not show
        self.space: tuple[Param, ...] = self.base.space
        self.space_problems: list[str] = []  # rows the editor could not read
        self.budget = budget_of(self.base)
        self.name = ""
        self.storage: str | None = None  # None: the study's journal in the default folder
        self.preset = DEFAULT_PRESET
        self.modified = False
        self._loading = False

    # ---- presets and loading ------------------------------------------------------------------
    def load_default(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def apply_preset(self, key: str) -> bool:
        """Show preset ``key`` under a new study name; refused while a search runs."""
        if self._busy():
            self.message.emit(tr("Stop the search before choosing another preset."))
            self.preset_changed.emit(self.preset, self.modified)  # the chooser goes back
            return False
        self.load_config(SEARCH_PRESETS[key].config, f"{key}-{time.strftime('%Y%m%d-%H%M%S')}")
        self._show_preset(key, modified=False)
        return True

    def load_config(self, config: SearchConfig, name: str, storage: str | None = None) -> None:
        """Describe ``config`` (its data, model and batching kept as they are) in study
        ``name``; the views show it."""
        self.base, self.space, self.space_problems = config, config.space, []
        self.budget = budget_of(config)
        self.name, self.storage = name, storage
        self._loading = True
        try:
            self.loaded.emit(config, name, storage)
        finally:
            self._loading = False
        self.check()

    def mark_modified(self) -> None:
        if not self.modified:
            self._show_preset(self.preset, modified=True)

    def preset_shown(self) -> PresetShown:
        return PresetShown(self.preset, SEARCH_PRESETS[self.preset].title, self.modified)

    def _show_preset(self, key: str, modified: bool) -> None:
        self.preset, self.modified = key, modified
        self.preset_changed.emit(key, modified)

    # ---- edits from the views -----------------------------------------------------------------
    def edit_space(self, space: tuple[Param, ...], problems: list[str]) -> None:
        """The space editor's rows as read (``problems``: rows it could not read)."""
        if self._loading:
            return
        self.space, self.space_problems = tuple(space), list(problems)
        self.mark_modified()
        self.check()

    def edit_budget(self, values: dict) -> None:
        if self._loading:
            return
        self.budget = {key: values[key] for key in BUDGET}
        self.mark_modified()
        self.check()

    def edit_study(self, name: str, storage: str | None) -> None:
        if not self._loading:
            self.name, self.storage = name, storage

    # ---- the search described -----------------------------------------------------------------
    def config(self) -> tuple[SearchConfig | None, list[str]]:
        """(the search the controls describe, problems); None when it cannot run."""
        problems = list(self.space_problems)
        config = replace(self.base, space=self.space, **self.budget)
        problems += config_problems(config) if not problems else []
        return (None if problems else config), problems

    def check(self) -> bool:
        """Show what is wrong (nothing: the message goes); True when the search can run."""
        _config, problems = self.config()
        self.show_problems(problems)
        return not problems

    def show_problems(self, problems: list[str]) -> None:
        self.problems_changed.emit(list(problems))

    # ---- saved settings and session files -----------------------------------------------------
    def save_state(self) -> dict:
        """The saved settings keep a storage URL without its credentials (a password, a
        ``?password=``...): settings files are plain text; the password is typed again."""
        from lab.engine.search.storage import masked_url

        config, _problems = self.config()
        return {"preset": self.preset, "config": config_text(config or self.base),
                "study": self.name,
                "storage": None if self.storage is None else masked_url(self.storage,
                                                                        mask=None)}

    def restore_state(self, state: dict) -> bool:
        try:
            config = config_from_text(state["config"]).check()  # bounds, as a new search
            name, storage = str(state["study"]), state.get("storage")
        except (KeyError, TypeError, SearchConfigError) as err:
            self.message.emit(tr("Saved search-lab settings were dropped: {message}").format(
                message=err))
            return False
        from lab.engine.search.storage import masked_url

        # settings an older version saved may hold a password: it is not brought back
        self.load_config(config, name, masked_url(storage, mask=None)
                         if isinstance(storage, str) else None)  # fmt: skip
        preset = SEARCH_PRESETS.get(state.get("preset"))
        key = state["preset"] if preset is not None else self.preset
        self._show_preset(key, modified=preset is None or preset.config != config)
        return True

    def save_session(self) -> dict:
        """This lab's part of a session file (lab/ui/search/session_io.py)."""
        from lab.ui.search.session_io import section_of

        config, _problems = self.config()
        return section_of(self.preset, config or self.base, self.name)

    def restore_session(self, section: dict) -> None:
        """Apply a checked session section (session_io.check_section found no problem)."""
        from lab.ui.search.session_io import DEFAULT_PRESET as PRESET
        from lab.ui.search.session_io import config_of

        config = config_of(section)
        preset = section.get("preset") or PRESET
        self.load_config(config, section.get("study") or self.name)
        self._show_preset(preset, modified=config != SEARCH_PRESETS[preset].config)
