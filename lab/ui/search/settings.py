"""The search lab's settings: the preset, the search the controls describe, and the lab's part
of the saved settings and of a session file. A mixin of :class:`lab.ui.search.panel.SearchLab`.

Why apart from the panel: the panel runs a search and shows it; this is what a search *is*
before it runs (read from and written to the editor, the budget and the study controls), the
part that presets, restored settings and session files go through.
"""

from __future__ import annotations

import time
from dataclasses import replace

from lab.engine.search.presets import SEARCH_PRESETS
from lab.engine.search.space import SearchConfig, SearchConfigError
from lab.engine.search.stored import config_from_text, config_text
from lab.ui.common.i18n import tr

DEFAULT_PRESET = "book-random-search"


class SearchSettingsMixin:
    """Needs: base, presets (PresetBar), space_editor, budget, study (StudyControls), search
    (SearchRun) and _say."""

    # ---- presets and inputs -----------------------------------------------------------------
    def load_default(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def apply_preset(self, key: str) -> None:
        if self.search.is_running():
            self._say(tr("Stop the search before choosing another preset."))
            self.presets.show_preset(self.presets._key or DEFAULT_PRESET)
            return
        self.load_config(SEARCH_PRESETS[key].config, f"{key}-{time.strftime('%Y%m%d-%H%M%S')}")
        self.presets.show_preset(key)

    def load_config(self, config: SearchConfig, name: str, storage: str | None = None) -> None:
        """Show ``config`` in the editor (its data, model and batching are kept as they are)."""
        self.base = config
        self.budget.load(config)
        self.space_editor.load(config.space)
        self.study.name.setText(name)
        self.study.set_storage(storage)

    def config(self) -> tuple[SearchConfig | None, list[str]]:
        """(the search the controls describe, problems); None when it cannot run."""
        space, problems = self.space_editor.space()
        config = replace(self.base, space=space, **self.budget.values())
        problems += self.space_editor.config_problems(config) if not problems else []
        return (None if problems else config), problems

    def check_inputs(self) -> bool:
        _config, problems = self.config()
        self.space_editor.show_problems(problems)
        return not problems

    # ---- session ----------------------------------------------------------------------------
    def save_state(self) -> dict:
        """The saved settings keep a storage URL without its credentials (a password, a
        ``?password=``...): settings files are plain text; the password is typed again."""
        from lab.engine.search.storage import masked_url

        config, _problems = self.config()
        storage = self.study.storage()
        return {"preset": self.presets.combo.currentData(),
                "config": config_text(config or self.base), "study": self.study.name.text(),
                "storage": None if storage is None else masked_url(storage, mask=None)}

    def restore_state(self, state: dict) -> bool:
        try:
            config = config_from_text(state["config"]).check()  # bounds, as a new search
            name, storage = str(state["study"]), state.get("storage")
        except (KeyError, TypeError, SearchConfigError) as err:
            self._say(tr("Saved search-lab settings were dropped: {message}").format(
                message=err))
            return False
        if state.get("preset") in SEARCH_PRESETS:
            self.presets.show_preset(state["preset"])
        from lab.engine.search.storage import masked_url

        # settings an older version saved may hold a password: it is not brought back
        self.load_config(config, name, masked_url(storage, mask=None)
                         if isinstance(storage, str) else None)  # fmt: skip
        preset = SEARCH_PRESETS.get(state.get("preset"))
        if preset is None or preset.config.space != config.space:
            self.presets.mark_modified()
        return True

    def save_session(self) -> dict:
        """This lab's part of a session file (lab/ui/search/session_io.py)."""
        from lab.ui.search.session_io import section_of

        config, _problems = self.config()
        return section_of(self.presets.combo.currentData(), config or self.base,
                          self.study.name.text())

    def restore_session(self, section: dict) -> None:
        """Apply a checked session section (session_io.check_section found no problem)."""
        from lab.ui.search.session_io import DEFAULT_PRESET as PRESET
        from lab.ui.search.session_io import config_of

        config = config_of(section)
        preset = section.get("preset") or PRESET
        self.presets.show_preset(preset)
        self.load_config(config, section.get("study") or self.study.name.text())
        if config != SEARCH_PRESETS[preset].config:
            self.presets.mark_modified()
