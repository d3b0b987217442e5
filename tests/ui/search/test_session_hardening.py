"""A session file's search section: its study name is checked with the section (one message
when the file is opened), by the same rule the study itself applies."""

import pytest

from lab.engine.search import bounds as B


@pytest.mark.parametrize("study, message", [("a\x00b", "control characters"),
                                            ("x" * 300, "at most 200 characters")])
def test_a_session_files_study_name_is_checked_with_the_section(qtbot, study, message):
    from lab.ui.search.session_io import check_section

    assert check_section({"study": study}) == [B.study_name_problem(study)]
    assert message in B.study_name_problem(study)
    assert check_section({"study": "my study"}) == []


def test_saved_settings_that_fail_the_bounds_are_dropped_at_start_up(qtbot, search_lab):
    """Restored lab settings go through the same check as a new search: a stored config with
    a 10^13-epoch budget is dropped with a status message, never loaded into clamped boxes."""
    from dataclasses import replace

    from lab.engine.search.stored import config_text

    lab = search_lab
    good = lab.controller.settings.config()[0]
    with qtbot.waitSignal(lab.status_message) as said:
        assert not lab.restore_state({"config": config_text(replace(good, epochs=10**13)),
                                      "study": "restored"})
    assert "dropped" in said.args[0] and "epochs must lie in" in said.args[0]
    assert lab.study.name.text() != "restored"
    assert lab.restore_state({"config": config_text(good), "study": "restored"})
    assert lab.study.name.text() == "restored"


@pytest.mark.parametrize("low, shown", [("a", "'a'"), (True, "true"), ([1], "a list")])
def test_a_range_bound_that_is_not_a_number_names_its_parameter(qtbot, low, shown):
    from lab.ui.search.session_io import check_section

    section = {"space": [{"name": "lr", "low": low, "high": 1e-2, "log": True}]}
    assert check_section(section) == [f"lr: low must be a number (not {shown})"]


def test_a_session_files_bad_choices_are_named_by_the_engines_check(qtbot):
    from lab.ui.search.session_io import check_section

    section = {"space": [{"name": "dropout", "choices": [0.5, 1.5]},
                         {"name": "init", "choices": ["he", "magic"]}], "trials": "many"}
    assert check_section(section) == ["trials must be a whole number (not 'many')"]
    del section["trials"]
    found = check_section(section)
    assert found[0] == "dropout = 1.5: dropout must lie in [0, 1) (not 1.5)"
    assert found[1].startswith("init = magic: unknown initializer 'magic'")
