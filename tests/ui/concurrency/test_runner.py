"""The run scheduler with fake runs: commands are never lost, messages carry the instance id,
a run's end hands over what finish() returned."""

import threading
import time
from types import SimpleNamespace

import pytest

from lab.engine.train.records import RunStatus
from lab.ui.concurrency.runner import RunScheduler


class SlowRun:
    """A fake training run whose iterations take longer than a scheduler slice."""

    def __init__(self, total=1000, delay=0.05, gate=None):
        self.total, self.delay, self.gate = total, delay, gate
        self.lr = 1.0
        self.received = []  # (iteration the command arrived after, command)
        self.applied_before = []

    def apply(self, command):
        self.applied_before.append(command)
        self.lr = command[1]

    def steps(self):
        for it in range(1, self.total + 1):
            time.sleep(self.delay)  # a slow iteration, longer than SLICE_S
            status = RunStatus.FINISHED if it == self.total else RunStatus.RUNNING
            command = yield SimpleNamespace(iteration=it, lr=self.lr, status=status)
            if command is not None:
                self.received.append((it, command))
                self.lr = command[1]


@pytest.fixture
def scheduler(qtbot):
    made = RunScheduler("test", finish=lambda run, status: ("result", status, run))
    yield made
    assert made.shutdown()


def collect(scheduler):
    seen = []
    scheduler.updated.connect(lambda batch: seen.extend(batch))
    return seen


def test_every_queued_command_is_delivered_in_order(qtbot, scheduler):
    run = SlowRun()
    seen = collect(scheduler)
    scheduler.start_run(1, lambda: run)
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=60000)
    for lr in (0.1, 0.2, 0.3, 0.4):  # sent together: none may be lost
        scheduler.send(1, ("set_lr", lr))
    qtbot.waitUntil(lambda: len(run.received) == 4, timeout=60000)
    assert [c for _, c in run.received] == [("set_lr", v) for v in (0.1, 0.2, 0.3, 0.4)]
    iterations = [it for it, _ in run.received]
    assert iterations == sorted(iterations) and len(set(iterations)) == 4  # one per iteration
    qtbot.waitUntil(lambda: seen[-1][1].lr == 0.4, timeout=60000)
    with qtbot.waitSignal(scheduler.ended, timeout=60000) as ended:
        scheduler.stop(1)
    assert ended.args[:2] == [1, RunStatus.STOPPED]
    assert ended.args[3][:2] == ("result", RunStatus.STOPPED)


def test_commands_sent_before_the_first_iteration_are_applied_before_it(qtbot, scheduler):
    gate = threading.Event()
    run = SlowRun(total=3, delay=0.0)
    seen = collect(scheduler)

    def factory():
        gate.wait(5)  # the run is still being built while the commands arrive
        return run

    scheduler.start_run(7, factory)
    scheduler.send(7, ("set_lr", 0.5))
    scheduler.send(7, ("set_lr", 0.25))
    with qtbot.waitSignal(scheduler.ended, timeout=60000) as ended:
        gate.set()
    assert run.applied_before == [("set_lr", 0.5), ("set_lr", 0.25)]
    assert [u.lr for _, u in seen] == [0.25, 0.25, 0.25]
    assert ended.args[:2] == [7, RunStatus.FINISHED]


def test_commands_wait_while_a_run_is_paused(qtbot, scheduler):
    run = SlowRun(delay=0.01)
    # a witness run whose every iteration outlasts a slice: one update per slice, and the
    # scheduler takes runs in turn, so a paused run that still advanced would do so between two
    # of the witness's iterations
    witness = SlowRun(delay=2 * RunScheduler.SLICE_S)
    seen = collect(scheduler)
    scheduler.start_run(2, lambda: run)
    qtbot.waitUntil(lambda: len(seen) >= 1, timeout=60000)
    with qtbot.waitSignal(scheduler.paused, timeout=60000) as paused:
        scheduler.pause(2)
    assert paused.args == [2]
    frozen = len(seen)
    scheduler.send(2, ("set_lr", 0.7))
    scheduler.send(2, ("set_lr", 0.8))
    scheduler.start_run(3, lambda: witness)
    qtbot.waitUntil(lambda: sum(i == 3 for i, _ in seen) >= 3, timeout=60000)
    assert sum(i == 2 for i, _ in seen) == frozen and run.received == []  # paused: no move
    scheduler.resume(2)
    qtbot.waitUntil(lambda: len(run.received) == 2, timeout=60000)
    assert [c[1] for _, c in run.received] == [0.7, 0.8]
    with qtbot.waitSignal(scheduler.ended, timeout=60000):
        scheduler.stop(2)
    with qtbot.waitSignal(scheduler.ended, timeout=60000):
        scheduler.stop(3)


def test_every_message_carries_its_instance_id(qtbot, scheduler):
    """The same run name restarted: the old instance's points and end stay its own."""
    seen = collect(scheduler)
    old, new = SlowRun(delay=0.005), SlowRun(delay=0.005)
    scheduler.start_run(10, lambda: old)
    qtbot.waitUntil(lambda: any(i == 10 for i, _ in seen), timeout=60000)
    ends = []
    scheduler.ended.connect(lambda *args: ends.append(args[:2]))
    scheduler.stop(10)
    scheduler.start_run(11, lambda: new)  # started before the old one's end arrived
    qtbot.waitUntil(lambda: (10, RunStatus.STOPPED) in ends and any(i == 11 for i, _ in seen),
                    timeout=60000)
    with qtbot.waitSignal(scheduler.ended, timeout=60000):
        scheduler.stop(11)
    assert ends == [(10, RunStatus.STOPPED), (11, RunStatus.STOPPED)]
    assert {i for i, _ in seen} == {10, 11}
    with pytest.raises(ValueError, match="running already"):
        scheduler.start_run(12, lambda: SlowRun())
        scheduler.start_run(12, lambda: SlowRun())
    with qtbot.waitSignal(scheduler.ended, timeout=60000):
        scheduler.stop(12)


def test_a_broken_run_fails_alone(qtbot, scheduler):
    def broken():
        raise ZeroDivisionError("division by zero\nin the model")

    good = SlowRun(total=5, delay=0.0)
    ends = []
    scheduler.ended.connect(lambda *args: ends.append(args))
    scheduler.start_run(1, broken)
    scheduler.start_run(2, lambda: good)
    qtbot.waitUntil(lambda: len(ends) == 2, timeout=60000)
    by_id = {e[0]: e for e in ends}
    assert by_id[1][1:4] == (RunStatus.FAILED, "division by zero", None)
    assert by_id[2][1] is RunStatus.FINISHED
    assert by_id[2][3][:2] == ("result", RunStatus.FINISHED)


def test_shutdown_joins_a_busy_scheduler_quickly(qtbot):
    scheduler = RunScheduler("test")
    seen = collect(scheduler)
    scheduler.start_run(1, lambda: SlowRun(delay=0.01))
    qtbot.waitUntil(lambda: len(seen) > 0, timeout=60000)
    t0 = time.monotonic()
    assert scheduler.shutdown(timeout=2.0)
    assert time.monotonic() - t0 < 1.0
    assert not scheduler.is_busy()
