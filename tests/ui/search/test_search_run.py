"""The search as a job of the generator runner: the study opens in the runner's thread, Pause
(Finish) ends after the stack in training, and a pause that lands in the last stack ends the
search as done (nothing is left to resume)."""

import threading
from dataclasses import replace

import pytest

from lab.engine.core.status import RunStatus
from lab.engine.search import study
from lab.engine.search.study import open_study
from lab.ui.search.search_run import SearchRun


@pytest.fixture
def search(qtbot):
    made = SearchRun()
    yield made
    assert made.runner.shutdown(timeout=10.0)


def states(data_dir, name):
    handle = open_study(name, None, None, data_dir)
    return [t.state.name for t in handle.study.get_trials(deepcopy=False)]


@pytest.mark.slow
def test_pause_ends_after_the_stack_in_training(qtbot, search, tiny_config, tmp_path,
                                                monkeypatch):
    monkeypatch.setattr("lab.engine.search.runner.CPU_MODELS_PER_BATCH", 4)
    config = replace(tiny_config, trials=8, batch_trials=8, epochs=20)  # asked 8, trains 4 + 4
    opened, threads = [], []
    search.opened.connect(opened.append)

    def opening(*args):
        threads.append(threading.current_thread().name)
        return open_study(*args)

    monkeypatch.setattr(study, "open_study", opening)
    with qtbot.waitSignal(search.progressed, timeout=60_000):
        assert search.start("p", config, None, tmp_path)
    assert not search.start("p", config, None, tmp_path)  # one search at a time
    with qtbot.waitSignal(search.ended, timeout=60_000) as ended:
        search.pause()
    assert ended.args == [RunStatus.PAUSED, ""] and not search.is_running()
    assert opened == [search.handle] and threads == ["runs-search"]  # not the GUI thread
    found = states(tmp_path, "p")
    assert found.count("COMPLETE") == 4 and "RUNNING" not in found


@pytest.mark.slow
def test_a_pause_in_the_last_stack_ends_the_search_as_done(qtbot, search, tiny_config,
                                                           tmp_path):
    config = replace(tiny_config, trials=4, batch_trials=4, epochs=20)  # one stack: the budget
    with qtbot.waitSignal(search.progressed, timeout=60_000):
        assert search.start("last", config, None, tmp_path)
    with qtbot.waitSignal(search.ended, timeout=60_000) as ended:
        search.pause()
    assert ended.args == [RunStatus.FINISHED, ""]
    assert states(tmp_path, "last") == ["COMPLETE"] * 4
