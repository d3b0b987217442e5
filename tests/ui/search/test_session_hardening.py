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

    lab = search_lab
    good = lab.config()[0]
    with qtbot.waitSignal(lab.status_message) as said:
        assert not lab.restore_state({"config": replace(good, epochs=10**13).to_json(),
                                      "study": "restored"})
    assert "dropped" in said.args[0] and "epochs must lie in" in said.args[0]
    assert lab.study.name.text() != "restored"
    assert lab.restore_state({"config": good.to_json(), "study": "restored"})
    assert lab.study.name.text() == "restored"


@pytest.mark.parametrize("low", ["a", True, [1]])
def test_a_range_bound_that_is_not_a_number_names_its_parameter(qtbot, low):
    from lab.ui.search.session_io import check_section

    section = {"space": [{"name": "lr", "low": low, "high": 1e-2, "log": True}]}
    assert check_section(section) == [f"lr: low must be a number (not {low!r})"]
