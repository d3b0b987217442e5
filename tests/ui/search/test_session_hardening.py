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
