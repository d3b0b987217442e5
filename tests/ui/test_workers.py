"""The worker: latest job wins, stale results are dropped, failures are reported, joins fast."""

import threading
import time

from lab.ui.workers import Worker, shutdown_all


def test_function_job_result_arrives_with_its_generation(qtbot):
    worker = Worker("t")
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        generation = worker.submit(lambda: 41 + 1)
    assert blocker.args == [generation, 42]
    assert worker.shutdown()


def test_superseded_jobs_are_dropped(qtbot):
    worker = Worker("t")
    gate = threading.Event()
    results = []
    worker.finished.connect(lambda g, v: results.append(v))

    def slow():
        gate.wait(5)
        return "old"

    worker.submit(slow)
    time.sleep(0.05)  # let the slow job start, so the next one is pending behind it
    worker.submit(lambda: "middle")
    with qtbot.waitSignal(worker.finished, timeout=5000,
                          check_params_cb=lambda g, v: v == "new"):
        worker.submit(lambda: "new")
        gate.set()
    qtbot.wait(50)
    assert results == ["new"]
    assert worker.shutdown()


def test_generator_progress_and_failure(qtbot):
    worker = Worker("t")

    def counting():
        yield from range(5)

    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        worker.submit(counting)
    assert blocker.args[1] == 4

    def broken():
        raise ValueError("bad input\nsecond line")

    with qtbot.waitSignal(worker.failed, timeout=5000) as blocker:
        worker.submit(broken)
    assert blocker.args[1] == "bad input"
    assert worker.shutdown()


def test_shutdown_stops_a_running_generator_quickly(qtbot):
    worker = Worker("t")
    started = threading.Event()

    def endless():
        started.set()
        while True:
            time.sleep(0.01)
            yield None

    worker.submit(endless)
    assert started.wait(5)
    t0 = time.monotonic()
    assert shutdown_all(timeout=2.0)
    assert time.monotonic() - t0 < 1.0
