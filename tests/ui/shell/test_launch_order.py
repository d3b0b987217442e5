"""A launch computes the lab on screen first: the other labs' workers hold their first jobs
(the init lab's imports torch) until it has drawn, so they do not compete with it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings

from lab.ui.concurrency.worker import Worker


def test_a_held_worker_runs_only_the_latest_job_once_released(qtbot):
    worker = Worker("held")
    worker.hold()
    ran = []
    worker.submit(lambda: ran.append("old") or "old")
    worker.submit(lambda: ran.append(threading.current_thread().name) or "new")
    assert worker.is_busy() and worker._thread is None  # no thread while held
    with qtbot.waitSignal(worker.done, timeout=5000) as blocker:
        worker.release()
        worker.release()  # a repeat does nothing
    assert blocker.args == ["new"] and ran == ["worker-held"]
    assert worker.shutdown()


def test_a_worker_held_while_running_finishes_its_job_and_then_waits(qtbot):
    worker = Worker("t")
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(lambda: 1)
    worker.hold()
    results = []
    worker.done.connect(results.append)
    with qtbot.assertNotEmitted(worker.done, wait=200):  # the idle thread must not take it
        worker.submit(lambda: 2)
    assert results == []
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.release()
    assert results == [2]
    assert worker.shutdown()


def test_a_held_worker_shuts_down_without_running_its_job():
    worker = Worker("t")
    worker.hold()
    worker.submit(lambda: 1 / 0)
    assert worker.shutdown(timeout=1.0)
    worker.release()  # after shutdown: still no thread
    assert worker._thread is None


@pytest.mark.slow  # opens the main window
def test_hidden_labs_compute_after_the_shown_lab_has_drawn(qtbot, tmp_path):
    from lab.ui.shell.main_window import MainWindow

    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    optimizer_lab, init_lab = window.labs[0], window.labs[1]
    seen = {}

    def first_drawn() -> None:  # connected before the window's own slot: runs first
        if not seen:
            seen["init held"] = init_lab.compute.worker._held
            seen["init thread"] = init_lab.compute.worker._thread

    optimizer_lab.computed.connect(first_drawn)
    with qtbot.waitSignal(init_lab.computed, timeout=120_000):
        pass
    # the init lab's worker held its first job: no thread ran it yet
    assert seen == {"init held": True, "init thread": None}
    assert optimizer_lab.result is not None
    window.close()
