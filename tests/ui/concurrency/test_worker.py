"""The worker: latest job wins, stale results are dropped, every failure is one line, joins
fast."""

import threading

import pytest
from PySide6.QtCore import QCoreApplication

from lab.ui.concurrency.worker import Worker, shutdown_all


def test_function_job_result_arrives_with_its_generation(qtbot):
    worker = Worker("t")
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        generation = worker.submit(lambda: 41 + 1)
    assert blocker.args == [generation, 42]
    assert worker.shutdown()


def test_superseded_jobs_are_dropped(qtbot):
    worker = Worker("t")
    gate, started = threading.Event(), threading.Event()
    results = []
    worker.finished.connect(lambda g, v: results.append(v))

    def slow():
        started.set()
        gate.wait(5)
        return "old"

    worker.submit(slow)
    assert started.wait(5)  # the slow job runs, so the next one is pending behind it
    worker.submit(lambda: "middle")
    with qtbot.waitSignal(worker.finished, timeout=5000,
                          check_params_cb=lambda g, v: v == "new"):
        worker.submit(lambda: "new")
        gate.set()
    assert worker.shutdown()
    assert results == ["new"]


@pytest.mark.parametrize("error, message", [
    (ValueError("bad input\nsecond line"), "bad input"),
    (MemoryError(), "not enough memory for this"),
    (RecursionError("maximum recursion depth exceeded"), "the input is nested too deeply"),
    (ZeroDivisionError("division by zero"), "division by zero"),
    (TypeError("unsupported operand"), "unsupported operand"),
    (RuntimeError(""), "RuntimeError"),
    (OSError(28, "No space left on device"), "[Errno 28] No space left on device"),
])
def test_every_failure_becomes_one_clear_line(qtbot, error, message):
    worker = Worker("t")

    def broken():
        raise error

    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        generation = worker.submit(broken)
    assert blocker.args == [generation, message]
    assert worker.shutdown()


def test_shutdown_joins_quickly_and_drops_the_running_result(qtbot):
    worker = Worker("t")
    started, gate = threading.Event(), threading.Event()
    results = []
    worker.finished.connect(lambda g, v: results.append(v))

    def job():
        started.set()
        gate.wait(5)
        return "late"

    worker.submit(job)
    assert started.wait(5)
    assert not worker.shutdown(timeout=0.01)  # closing now; the job is still running
    gate.set()
    assert shutdown_all(timeout=2.0)  # joined: whatever the thread emitted is queued by now
    QCoreApplication.sendPostedEvents()  # deliver every queued signal: none may come
    assert results == []
