"""The generator runner with fake jobs: typed commands are never lost and arrive in order,
messages carry the job's key, pause is acknowledged, Stop acts now and Finish at the job's own
boundary, a job's end hands over what its finish() returned (taken in the runner's thread), and
closing stops every job, takes its result and delivers the ends while joining."""

import threading
import time
from types import SimpleNamespace

import pytest

from lab.engine.core.commands import Finish, SetLr, Stop
from lab.engine.core.status import RunStatus
from lab.ui.concurrency.runner import GeneratorRunner


class SlowRun:
    """A fake training run whose iterations take longer than a runner slice."""

    def __init__(self, total=1000, delay=0.05):
        self.total, self.delay = total, delay
        self.lr = 1.0
        self.received = []  # (iteration the command arrived after, command)
        self.applied_before = []
        self.stopped_at = None

    def apply(self, command):
        self.applied_before.append(command)
        self.lr = command.lr

    def steps(self):
        for it in range(1, self.total + 1):
            time.sleep(self.delay)  # a slow iteration, longer than SLICE_S
            status = RunStatus.FINISHED if it == self.total else RunStatus.RUNNING
            command = yield SimpleNamespace(iteration=it, lr=self.lr, status=status)
            if isinstance(command, Stop):
                self.stopped_at = it
                return
            if command is not None:
                self.received.append((it, command))
                self.lr = command.lr


class Stacks:
    """A fake search: stacks of ``size`` epochs; Finish ends it after the stack in training,
    Stop at once. No ``apply``: commands wait for the first send."""

    def __init__(self, stacks=100, size=4):
        self.stacks, self.size = stacks, size
        self.heard = []

    def steps(self):
        finishing = False
        for stack in range(self.stacks):
            for epoch in range(1, self.size + 1):
                time.sleep(0.002)
                command = yield SimpleNamespace(stack=stack, epoch=epoch)
                if command is not None:
                    self.heard.append((stack, epoch, type(command).__name__))
                if isinstance(command, Stop):
                    return
                finishing = finishing or isinstance(command, Finish)
            if finishing:
                return


def take(run, status):
    return ("result", status, run, threading.current_thread().name)


@pytest.fixture
def runner(qtbot):
    made = GeneratorRunner("test")
    yield made
    assert made.shutdown()


def collect(runner):
    seen = []
    runner.updated.connect(lambda batch: seen.extend(batch))
    return seen


def test_every_queued_command_is_delivered_in_order_across_slices(qtbot, runner):
    run = SlowRun()
    seen = collect(runner)
    runner.start(1, lambda: run, take)
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=60000)
    for lr in (0.1, 0.2, 0.3, 0.4):  # sent together: none may be lost
        runner.send(1, SetLr(lr))
    qtbot.waitUntil(lambda: len(run.received) == 4, timeout=60000)
    assert [c for _, c in run.received] == [SetLr(v) for v in (0.1, 0.2, 0.3, 0.4)]
    iterations = [it for it, _ in run.received]
    assert iterations == sorted(iterations) and len(set(iterations)) == 4  # one per iteration
    qtbot.waitUntil(lambda: seen[-1][1].lr == 0.4, timeout=60000)
    with qtbot.waitSignal(runner.ended, timeout=60000) as ended:
        runner.stop(1)
    assert ended.args[:2] == [1, RunStatus.STOPPED]
    assert ended.args[3][:2] == ("result", RunStatus.STOPPED)


def test_commands_sent_before_the_first_iteration_are_applied_before_it(qtbot, runner):
    gate = threading.Event()
    run = SlowRun(total=3, delay=0.0)
    seen = collect(runner)

    def factory():
        gate.wait(5)  # the run is still being built while the commands arrive
        return run

    runner.start(7, factory)
    runner.send(7, SetLr(0.5))
    runner.send(7, SetLr(0.25))
    with qtbot.waitSignal(runner.ended, timeout=60000) as ended:
        gate.set()
    assert run.applied_before == [SetLr(0.5), SetLr(0.25)] and run.received == []
    assert [u.lr for _, u in seen] == [0.25, 0.25, 0.25]
    assert ended.args[:2] == [7, RunStatus.FINISHED]


def test_a_pause_is_acknowledged_and_commands_wait_while_paused(qtbot, runner):
    run = SlowRun(delay=0.01)
    # a witness run whose every iteration outlasts a slice: one update per slice, and the
    # runner takes jobs in turn, so a paused run that still advanced would do so between two
    # of the witness's iterations
    witness = SlowRun(delay=2 * GeneratorRunner.SLICE_S)
    seen = collect(runner)
    runner.start(2, lambda: run)
    qtbot.waitUntil(lambda: len(seen) >= 1, timeout=60000)
    with qtbot.waitSignal(runner.paused, timeout=60000) as paused:
        runner.pause(2)
    assert paused.args == [2]
    frozen = len(seen)  # its last updates were delivered before the ack
    runner.send(2, SetLr(0.7))
    runner.send(2, SetLr(0.8))
    runner.start(3, lambda: witness)
    qtbot.waitUntil(lambda: sum(k == 3 for k, _ in seen) >= 3, timeout=60000)
    assert sum(k == 2 for k, _ in seen) == frozen and run.received == []  # paused: no move
    runner.resume(2)
    qtbot.waitUntil(lambda: len(run.received) == 2, timeout=60000)
    assert [c.lr for _, c in run.received] == [0.7, 0.8]
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.stop(2)
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.stop(3)


def test_stop_reaches_the_generator_mid_run_and_finish_runs_in_the_runner_thread(qtbot,
                                                                                runner):
    run = SlowRun(delay=0.005)
    seen = collect(runner)
    runner.start("a", lambda: run, take)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=60000)
    runner.send("a", SetLr(0.3))  # queued commands are dropped: Stop goes first
    with qtbot.waitSignal(runner.ended, timeout=60000) as ended:
        runner.send("a", Stop())
    key, status, message, value = ended.args
    assert (key, status, message) == ("a", RunStatus.STOPPED, "")
    assert value == ("result", RunStatus.STOPPED, run, "runs-test")  # taken in the runner's thread
    assert run.stopped_at is not None and run.stopped_at < run.total
    assert not runner.is_running("a")


def test_finish_ends_a_job_at_its_own_boundary_and_stop_ends_it_now(qtbot, runner):
    search = Stacks()
    seen = collect(runner)
    runner.start(1, lambda: search)
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=60000)
    with qtbot.waitSignal(runner.ended, timeout=60000) as ended:
        runner.send(1, Finish())
    assert ended.args[:2] == [1, RunStatus.FINISHED]
    [(stack, epoch, kind)] = search.heard
    assert kind == "Finish" and stack < search.stacks - 1
    assert seen[-1][1].stack == stack and seen[-1][1].epoch == search.size  # the stack ended

    again = Stacks()
    runner.start(2, lambda: again)
    qtbot.waitUntil(lambda: sum(k == 2 for k, _ in seen) >= 2, timeout=60000)
    with qtbot.waitSignal(runner.ended, timeout=60000) as ended:
        runner.stop(2)
    assert ended.args[:2] == [2, RunStatus.STOPPED]
    [(stack, epoch, kind)] = again.heard
    last = [u for k, u in seen if k == 2][-1]
    assert kind == "Stop" and (last.stack, last.epoch) == (stack, epoch)  # nothing after it


def test_updates_reach_the_window_in_batches_at_the_display_rate(qtbot, runner):
    """Batches go out at most DISPLAY_INTERVAL_S apart (slices are shorter): between the last
    update of one batch and the first of the batch after next, at least that much time passed
    where the updates were made."""
    from lab.ui.concurrency.worker import DISPLAY_INTERVAL_S

    class Quick:
        def steps(self):
            for it in range(1, 1501):
                time.sleep(0.0005)
                yield SimpleNamespace(iteration=it, made=time.monotonic())

    batches = []
    runner.updated.connect(batches.append)
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.start(1, Quick)
    updates = [u.iteration for batch in batches for _, u in batch]
    assert updates == list(range(1, 1501))  # every update, in order
    made = [[u.made for _, u in batch] for batch in batches[:-1]]  # the last: the end's flush
    assert len(made) >= 3
    gaps = [later[0] - earlier[-1] for earlier, later in zip(made, made[2:], strict=False)]
    assert min(gaps) >= DISPLAY_INTERVAL_S


def test_every_message_carries_its_key(qtbot, runner):
    """The same run name restarted: the old instance's points and end stay its own."""
    seen = collect(runner)
    old, new = SlowRun(delay=0.005), SlowRun(delay=0.005)
    runner.start(10, lambda: old)
    qtbot.waitUntil(lambda: any(k == 10 for k, _ in seen), timeout=60000)
    ends = []
    runner.ended.connect(lambda *args: ends.append(args[:2]))
    runner.stop(10)
    runner.start(11, lambda: new)  # started before the old one's end arrived
    qtbot.waitUntil(lambda: (10, RunStatus.STOPPED) in ends and any(k == 11 for k, _ in seen),
                    timeout=60000)
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.stop(11)
    assert ends == [(10, RunStatus.STOPPED), (11, RunStatus.STOPPED)]
    assert {k for k, _ in seen} == {10, 11}
    with pytest.raises(ValueError, match="running already"):
        runner.start(12, lambda: SlowRun())
        runner.start(12, lambda: SlowRun())
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.stop(12)


def test_a_broken_job_fails_alone(qtbot, runner):
    def broken():
        raise ZeroDivisionError("division by zero\nin the model")

    good = SlowRun(total=5, delay=0.0)
    ends = []
    runner.ended.connect(lambda *args: ends.append(args))
    runner.start(1, broken, take)
    runner.start(2, lambda: good, take)
    qtbot.waitUntil(lambda: len(ends) == 2, timeout=60000)
    by_key = {e[0]: e for e in ends}
    assert by_key[1][1:4] == (RunStatus.FAILED, "division by zero", None)
    assert by_key[2][1] is RunStatus.FINISHED
    assert by_key[2][3][:2] == ("result", RunStatus.FINISHED)


def test_closing_stops_every_job_takes_its_result_and_delivers_the_ends_while_joining(qtbot):
    """What the window needs at close: no event loop runs after join(), yet every job's end
    (its result saved by finish() in the runner's thread) has been delivered by then."""
    runner = GeneratorRunner("test")
    seen, ends = collect(runner), []
    runner.ended.connect(lambda *args: ends.append(args))
    runs = {key: SlowRun(delay=0.01) for key in (1, 2, 3)}
    for key, run in runs.items():
        runner.start(key, lambda run=run: run, take)
    qtbot.waitUntil(lambda: {k for k, _ in seen} == {1, 2, 3}, timeout=60000)
    runner.pause(3)  # a paused job is stopped too
    t0 = time.monotonic()
    assert runner.shutdown(timeout=2.0)
    assert time.monotonic() - t0 < 1.0
    assert sorted(((key, status) for key, status, *_ in ends), key=lambda e: e[0]) == [
        (1, RunStatus.STOPPED), (2, RunStatus.STOPPED), (3, RunStatus.STOPPED)]
    for key, _status, _message, value in ends:
        assert value == ("result", RunStatus.STOPPED, runs[key], "runs-test")
    assert all(run.stopped_at for run in runs.values())  # each generator heard Stop
    assert not runner.is_busy()
    runner.start(4, lambda: SlowRun())  # closed: ignored, no thread
    assert not runner.is_busy()


def test_a_call_runs_in_the_runner_thread_between_iterations_even_while_paused(qtbot, runner):
    """``call``: the training lab's "Measure sharpness now"; never beside an iteration."""
    from lab.ui.concurrency.runner import NOT_RUN

    class Watched(SlowRun):
        inside = False  # an iteration is under way

        def steps(self):
            inner = super().steps()
            command = None
            while True:
                self.inside = True
                try:
                    update = inner.send(command)
                except StopIteration:
                    return
                finally:
                    self.inside = False
                command = yield update

    run = Watched(delay=0.01)
    seen = collect(runner)
    runner.start(1, lambda: run)
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=60000)

    def look(obj):
        return obj is run, obj.inside, threading.current_thread().name, len(seen)

    with qtbot.waitSignal(runner.called, timeout=60000) as called:
        assert runner.call(1, look)
    key, (same, inside, thread, _), error = called.args
    assert (key, same, inside, thread, error) == (1, True, False, "runs-test", "")
    with qtbot.waitSignal(runner.paused, timeout=60000):
        runner.pause(1)
    frozen = len(seen)
    with qtbot.waitSignal(runner.called, timeout=60000) as called:  # paused: still answered
        runner.call(1, lambda obj: 1 / 0)
    assert called.args == [1, None, "division by zero"] and len(seen) == frozen
    assert runner.is_running(1)  # a failed call is its answer; the job goes on
    assert not runner.call(2, look)  # no such job
    gate = threading.Event()
    runner.start(3, lambda: gate.wait(5) and SlowRun(total=1, delay=0))
    runner.call(3, look)  # not started yet: it waits, and the job ends first
    answers = []
    runner.called.connect(lambda *args: answers.append(args))
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.stop(3)
        gate.set()
    qtbot.waitUntil(lambda: answers == [(3, None, NOT_RUN)], timeout=60000)
    with qtbot.waitSignal(runner.ended, timeout=60000):
        runner.stop(1)
