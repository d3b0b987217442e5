"""The worker: only the newest job is heard from (the check is the worker's, at delivery), a
cancel token stops a job and silences it, progress arrives, every failure is one line, joins
fast."""

import threading

import pytest
from PySide6.QtCore import QCoreApplication

from lab.ui.concurrency.registry import shutdown_all
from lab.ui.concurrency.worker import Worker


def record(worker):
    heard = []
    worker.done.connect(lambda value: heard.append(("done", value)))
    worker.failed.connect(lambda message: heard.append(("failed", message)))
    worker.cancelled.connect(lambda late: heard.append(("cancelled", late)))
    return heard


def test_a_job_result_arrives(qtbot):
    worker = Worker("t")
    with qtbot.waitSignal(worker.done, timeout=5000) as blocker:
        worker.submit(lambda: 41 + 1)
    assert blocker.args == [42]
    assert worker.shutdown()


def test_submitted_twice_quickly_only_the_second_result_arrives(qtbot):
    """Both jobs run and return (nothing supersedes the first before it ends), but the first
    result is stale by the time the GUI thread would hear it: only the second arrives."""
    worker = Worker("t")
    heard = record(worker)
    first_done = threading.Event()

    def first():
        first_done.set()
        return "first"

    worker.submit(first)
    assert first_done.wait(5)  # it ran; its result waits for the event loop
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(lambda: "second")
    QCoreApplication.sendPostedEvents()
    assert heard == [("done", "second")]
    assert worker.shutdown()


def test_superseded_waiting_jobs_never_run(qtbot):
    worker = Worker("t")
    gate, started = threading.Event(), threading.Event()
    heard, ran = record(worker), []

    def slow():
        started.set()
        gate.wait(5)
        ran.append("old")
        return "old"

    worker.submit(slow)
    assert started.wait(5)  # the slow job runs, so the next one waits behind it
    worker.submit(lambda: ran.append("middle") or "middle")
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(lambda: ran.append("new") or "new")
        gate.set()
    assert worker.shutdown()
    assert heard == [("done", "new")] and ran == ["old", "new"]


def test_a_failing_superseded_job_says_nothing(qtbot):
    worker = Worker("t")
    heard = record(worker)
    started, gate = threading.Event(), threading.Event()

    def broken():
        started.set()
        gate.wait(5)
        raise ValueError("stale failure")

    worker.submit(broken)
    assert started.wait(5)
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(lambda: "fresh")
        gate.set()
    assert worker.shutdown()
    QCoreApplication.sendPostedEvents()
    assert heard == [("done", "fresh")]


def test_a_superseded_job_sees_its_token_cancelled(qtbot):
    worker = Worker("t")
    started, seen = threading.Event(), []

    def patient(token):
        started.set()
        while not token.cancelled:
            threading.Event().wait(0.001)
        seen.append("cancelled")
        return "too late"

    worker.submit(patient, with_token=True)
    assert started.wait(5)
    with qtbot.waitSignal(worker.done, timeout=5000) as blocker:
        worker.submit(lambda: "next")
    assert blocker.args == ["next"] and seen == ["cancelled"]
    assert worker.shutdown()


def test_cancel_stops_a_job_and_no_done_fires(qtbot):
    worker = Worker("t")
    heard = record(worker)
    started = threading.Event()

    def endless(token):
        started.set()
        while not token.cancelled:
            token.progress("working")
            threading.Event().wait(0.001)
        raise RuntimeError("cancelled mid-way")  # as an encoder does

    worker.submit(endless, with_token=True)
    assert started.wait(5)
    with qtbot.waitSignal(worker.cancelled, timeout=5000) as blocker:
        worker.cancel()
    assert blocker.args == [None]  # it did not finish: nothing was made
    assert not worker.is_busy()
    QCoreApplication.sendPostedEvents()
    assert [kind for kind, _ in heard] == ["cancelled"]  # no done, no failed, no progress
    assert worker.shutdown()


def test_a_job_that_finished_before_the_cancel_reached_it_is_handed_over(qtbot):
    """The result of a job that ended before its cancel was heard (a file written) travels
    with ``cancelled`` rather than being lost."""
    worker = Worker("t")
    heard = record(worker)
    finished = threading.Event()
    worker.submit(lambda token: finished.set() or "written", with_token=True)
    assert finished.wait(5)
    with qtbot.waitSignal(worker.cancelled, timeout=5000) as blocker:
        worker.cancel()
    assert blocker.args == ["written"] and heard == [("cancelled", "written")]
    assert worker.shutdown()


def test_a_job_submitted_after_a_cancel_wins(qtbot):
    worker = Worker("t")
    heard = record(worker)
    started = threading.Event()

    def endless(token):
        started.set()
        while not token.cancelled:
            threading.Event().wait(0.001)

    worker.submit(endless, with_token=True)
    assert started.wait(5)
    worker.cancel()
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(lambda: "after")
    assert worker.shutdown()
    QCoreApplication.sendPostedEvents()
    assert heard == [("done", "after")]


def test_progress_arrives_for_the_current_job_only(qtbot):
    worker = Worker("t")
    seen = []
    worker.progressed.connect(seen.append)

    def counting(token):
        for k in range(1, 6):
            token.progress(k)
        return "counted"

    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(counting, with_token=True)
    # reports coalesce (a burst arrives as its latest value), but the last always arrives
    assert seen and seen[-1] == 5 and seen == sorted(seen)

    started, gate = threading.Event(), threading.Event()
    stale = []
    worker.progressed.connect(stale.append)

    def reporting_then_waiting(token):
        token.progress("stale")
        started.set()
        gate.wait(5)

    worker.submit(reporting_then_waiting, with_token=True)
    assert started.wait(5)
    stale.clear()  # what came before the next submit may have been delivered
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.submit(lambda: "next")
        gate.set()
    QCoreApplication.sendPostedEvents()
    assert "stale" not in stale
    assert worker.shutdown()


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
        worker.submit(broken)
    assert blocker.args == [message]
    assert worker.shutdown()


def test_shutdown_joins_quickly_and_drops_the_running_result(qtbot):
    worker = Worker("t")
    started, gate = threading.Event(), threading.Event()
    heard = record(worker)

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
    assert heard == []
