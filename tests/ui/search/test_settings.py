"""The search lab's saved settings (QSettings) never keep a credential of a storage URL (issue
16)."""

import json

URL = ("postgresql+psycopg://lab:hunter2@db.example/studies?sslmode=require"
       "&sslpassword=s3cr3t-key&passfile=/home/u/.pgpass")


def test_saved_settings_keep_the_storage_url_without_its_credentials(controller, tiny_config):
    settings = controller.settings
    settings.load_config(tiny_config, "shared", storage=URL)
    assert settings.storage == URL  # what runs now has the password
    saved = json.dumps(settings.save_state())
    assert not [s for s in ("hunter2", "s3cr3t-key", ".pgpass") if s in saved], saved
    settings.restore_state(json.loads(saved))
    assert settings.storage == "postgresql+psycopg://lab@db.example/studies?sslmode=require"


def test_settings_an_older_version_saved_with_a_password_do_not_bring_it_back(controller,
                                                                            tiny_config):
    settings = controller.settings
    settings.load_config(tiny_config, "shared")
    state = {**settings.save_state(), "storage": URL}
    assert settings.restore_state(state)
    assert "hunter2" not in settings.storage
    assert "hunter2" not in json.dumps(settings.save_state())


def test_the_panel_shows_the_restored_storage_without_its_password(search_lab, tiny_config):
    """The study box is a view of the settings: it shows what was restored."""
    state = {**search_lab.save_state(), "storage": URL}
    assert search_lab.restore_state(state)
    assert search_lab.study.storage() == \
        "postgresql+psycopg://lab@db.example/studies?sslmode=require"



def test_restored_settings_are_marked_modified_only_when_they_differ_from_their_preset(
        qtbot, search_lab):
    """Restoring is not an edit: the preset's own settings come back unmodified; another
    space comes back marked modified (the note says so)."""
    from dataclasses import replace

    from lab.engine.search.space import FloatParam
    from lab.engine.search.stored import config_text

    state = search_lab.save_state()  # the default preset, as loaded
    assert search_lab.restore_state(state)
    assert not search_lab.preset_shown().modified
    assert not search_lab.presets.note.text().startswith("(modified)")
    config = search_lab.controller.settings.config()[0]
    other = replace(config, space=(FloatParam("lr", 1e-5, 1e-1, log=True),))
    assert search_lab.restore_state({**state, "config": config_text(other)})
    assert search_lab.preset_shown().modified
    assert search_lab.presets.note.text().startswith("(modified)")
    fewer = replace(config, trials=config.trials - 1)  # the budget is the preset's too
    assert search_lab.restore_state({**state, "config": config_text(fewer)})
    assert search_lab.preset_shown().modified
