"""A restart reopens the study that was open (issue 16, item 21): its trials come back, read
off the GUI thread, while the settings stay as the user left them; a study that is gone is
named in a status line, never an error under the editor."""

import threading

import pytest

from lab.engine.search import study
from lab.engine.search.storage import journal_path
from lab.ui.search.controller import SearchController
from tests.engine.search.test_results import nan_study


@pytest.fixture
def restarted(qtbot, tmp_path):
    """Controllers on one data folder, each shut down at the end (a restart is a new one)."""
    made = []

    def make():
        made.append(SearchController(tmp_path / "studies"))
        made[-1].settings.load_default()
        return made[-1]

    yield make
    for controller in made:
        assert controller.shutdown(10.0)


def test_the_open_study_is_reopened_at_the_next_start_off_the_gui_thread(
        qtbot, restarted, tiny_config, monkeypatch):
    first = restarted()
    nan_study(first.data_dir, tiny_config, real_trials=0).close()
    with qtbot.waitSignal(first.study_opened, timeout=30_000):
        first.open_study("nan", None)
    first.settings.edit_budget({**first.settings.budget, "trials": 40})  # an edit after
    state = first.save_state()
    assert state["opened"] == {"name": "nan", "storage": None}
    assert first.shutdown(10.0)

    threads = []

    def opening(*args, **kwargs):
        threads.append(threading.current_thread())
        return study_open(*args, **kwargs)

    study_open = study.open_study
    monkeypatch.setattr(study, "open_study", opening)
    second = restarted()
    lines = []
    second.counts_changed.connect(lines.append)
    with qtbot.waitSignal(second.study_opened, timeout=30_000), \
            qtbot.waitSignal(second.status_message, timeout=30_000,
                             check_params_cb=lambda t: t.startswith("Reopened")) as said:
        assert second.restore_state(state)
    assert threads and threading.main_thread() not in threads
    assert second.handle.name == "nan" and len(second.snapshot.rows) == 1
    assert said.args[0].startswith("Reopened study nan (1 trials)")
    assert lines[-1].startswith("1 of 1 trials done")
    assert second.settings.budget["trials"] == 40  # the settings as the user left them
    assert second.stored_data_in_use().studies  # the study is in use again
    assert second.save_state()["opened"] == {"name": "nan", "storage": None}


def test_a_study_that_is_gone_is_named_in_a_status_line(qtbot, restarted, tiny_config):
    first = restarted()
    nan_study(first.data_dir, tiny_config, real_trials=0).close()
    with qtbot.waitSignal(first.study_opened, timeout=30_000):
        first.open_study("nan", None)
    state = first.save_state()
    assert first.shutdown(10.0)
    journal_path(first.data_dir, "nan").unlink()  # removed (Manage stored data) meanwhile
    second = restarted()
    problems = []
    second.settings.problems_changed.connect(problems.append)
    with qtbot.waitSignal(second.status_message, timeout=30_000,
                          check_params_cb=lambda t: "not reopened" in t) as said:
        assert second.restore_state(state)
    assert said.args[0].startswith("The study nan was not reopened:")
    assert second.handle is None and not [p for p in problems if p]


def test_settings_without_an_open_study_open_nothing(qtbot, restarted):
    first = restarted()
    state = first.save_state()
    assert "opened" not in state
    second = restarted()
    assert second.restore_state(state)
    assert not second.studies.worker.is_busy() and second.handle is None
