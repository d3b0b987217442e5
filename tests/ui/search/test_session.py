"""The search lab in session files: its space, budget, method and study name round-trip; a
bad search section changes nothing and is named in the message."""

from lab.app.session import format_session
from lab.ui.shell.session import session_sections
from tests.ui.open_session import open_session
from tests.ui.search.keys import cell, choose, type_text


def test_search_settings_round_trip_through_a_session_file(window, qtbot, tmp_path):
    lab = window.lab("search")
    settings = lab.controller.settings
    combo = lab.presets.combo
    choose(qtbot, combo, combo.itemText(combo.findData("optimizer-lr-batch-tpe")))
    type_text(qtbot, cell(lab.space_editor, 1, 3), "0.05")  # lr high: 0.1 -> 0.05
    type_text(qtbot, lab.budget.trials, "33")
    choose(qtbot, lab.budget.pruner, "successive halving")
    type_text(qtbot, lab.study.name, "class-demo")
    saved, _ = settings.config()
    path = str(tmp_path / "s.toml")
    assert window.sessions.save(path)
    text = (tmp_path / "s.toml").read_text(encoding="utf-8")
    assert "[search]" in text and 'study = "class-demo"' in text
    settings.apply_preset("book-random-search")
    assert settings.config()[0] != saved
    assert open_session(qtbot, window.sessions, path)
    assert settings.config()[0] == saved
    assert lab.study.name.text() == "class-demo"
    assert combo.currentData() == "optimizer-lr-batch-tpe" and lab.presets.modified
    assert lab.budget.trials.value() == 33 and lab.budget.pruner.currentData() == "halving"
    assert lab.space_editor.cell_text(1, 3) == "0.05"
    assert session_sections(window.labs)["search"]["space"][1] == {"name": "lr", "low": 1e-5,
                                                              "high": 0.05, "log": True}


def test_a_bad_search_section_changes_nothing(window, qtbot, tmp_path):
    lab = window.lab("search")
    before = lab.controller.settings.config()[0]
    sections = session_sections(window.labs)
    sections["search"]["space"] = [{"name": "lr", "low": 1.0, "high": 0.1, "log": True},
                                   {"name": "optimizer", "choices": ["sgd", "lbfgs"]}]
    path = tmp_path / "bad.toml"
    path.write_text(format_session(sections), encoding="utf-8")
    assert not open_session(qtbot, window.sessions, str(path))
    assert "search" in window.last_error and "lr: the range needs finite low < high" in \
        window.last_error
    assert lab.controller.settings.config()[0] == before
