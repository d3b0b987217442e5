"""The search thread leaves a core to the window, as the training lab's runs do."""

import os

import torch

from lab.ui.search.search_thread import SearchThread


def test_the_search_trains_on_one_core_fewer_than_the_machine(qtbot, monkeypatch):
    seen = []

    def fake_open_study(*args, **kwargs):
        seen.append(torch.get_num_threads())  # in the search's own thread
        raise RuntimeError("no study needed")

    monkeypatch.setattr("lab.engine.search.study.open_study", fake_open_study)
    thread = SearchThread()
    with qtbot.waitSignal(thread.ended, timeout=10_000) as ended:
        assert thread.start("t", None, None, None)
    assert ended.args[0] == "failed"
    assert seen == [max(1, (os.cpu_count() or 1) - 1)]
    assert thread.shutdown()
