"""What a benchmark figure is: the median, in milliseconds, of the timed calls of the work it
names, warm-up excluded. Checked on a scripted clock, so the figures are known exactly (the
benches' real runs are the slow CLI tests; their timings are never asserted)."""

from __future__ import annotations

import types

import pytest

from lab.bench import suites


class ScriptedClock:
    """``perf_counter`` that only moves when the work under test says it took time."""

    def __init__(self) -> None:
        self.now = 100.0

    def perf_counter(self) -> float:
        return self.now

    def spend(self, ms: float) -> None:
        self.now += ms / 1e3


@pytest.fixture
def clock(monkeypatch) -> ScriptedClock:
    fake = ScriptedClock()
    monkeypatch.setattr(suites, "time", types.SimpleNamespace(perf_counter=fake.perf_counter))
    return fake


def work(clock: ScriptedClock, durations_ms: list[float], calls: list | None = None):
    """A callable that takes the next of ``durations_ms`` each time (recording its arguments)."""
    queue = list(durations_ms)

    def run(*args):
        if calls is not None:
            calls.append(args)
        clock.spend(queue.pop(0))

    run.left = queue
    return run


def test_median_ms_drops_the_warm_up_and_takes_the_median(clock):
    fn = work(clock, [500.0, 4.0, 1.0, 30.0, 2.0, 3.0])  # one warm-up (slow: compiling), 5 runs
    assert suites.median_ms(fn, repeats=5) == pytest.approx(3.0)  # median of 4, 1, 30, 2, 3
    assert fn.left == []
    fn = work(clock, [8.0, 6.0])
    assert suites.median_ms(fn, repeats=2, warmup=0) == pytest.approx(7.0)


def test_trajectory_figures_time_the_named_work(clock, monkeypatch):
    """Each figure is the median of its own work's calls, on the documented sizes: 7 book
    optimizers x 1000 steps, a sweep of 100 rates x 500 steps, the torch.optim loop of 1000."""
    from lab.engine.optimize import trajectories

    long_runs, sweeps, loops = [], [], []
    # quick: trajectories 1 warm-up + 5, sweep 1 + 3, torch loop 1 and no warm-up (a warm-up
    # counted in would move each median: to 4 and to 90)
    monkeypatch.setattr(trajectories, "run_trajectories",
                        work(clock, [0.5, 5, 4, 6, 3, 7], long_runs))
    monkeypatch.setattr(trajectories, "sweep_learning_rates",
                        work(clock, [100, 80, 90, 70], sweeps))
    monkeypatch.setattr(suites, "_torch_loop", work(clock, [250], loops))
    figures = suites.bench_trajectories(quick=True)
    assert figures == pytest.approx({"traj_7x1000_ms": 5.0, "sweep_7x100x500_ms": 80.0,
                                     "torch_optim_7x1000_ms": 250.0,
                                     "speedup_vs_torch_optim": 50.0})  # fmt: skip
    (config,) = set(args[0] for args in long_runs)
    assert len(config.optimizers) == 7 and config.steps == 1000
    sweep_config, rates = sweeps[0]
    assert len(sweep_config.optimizers) == 7 and sweep_config.steps == 500 and len(rates) == 100
    (optimizers, steps), = loops
    assert [o.name for o in optimizers] == [name for name, _ in suites.BOOK_SEVEN]
    assert steps == 1000
