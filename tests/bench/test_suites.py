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
    monkeypatch.setattr(suites, "_bench_sweep2d", lambda quick: {"sweep2d": quick})
    figures = suites.bench_trajectories(quick=True)
    assert figures == pytest.approx({"traj_7x1000_ms": 5.0, "sweep_7x100x500_ms": 80.0,
                                     "torch_optim_7x1000_ms": 250.0,
                                     "speedup_vs_torch_optim": 50.0,
                                     "sweep2d": True})  # fmt: skip
    (config,) = set(args[0] for args in long_runs)
    assert len(config.optimizers) == 7 and config.steps == 1000
    sweep_config, rates = sweeps[0]
    assert len(sweep_config.optimizers) == 7 and sweep_config.steps == 500
    assert len(rates.lrs()) == 100
    (optimizers, steps), = loops
    assert [o.name for o in optimizers] == [name for name, _ in suites.BOOK_SEVEN]
    assert steps == 1000


def test_the_map_figures_time_one_batched_call_against_its_cells_one_by_one(clock, monkeypatch):
    """sweep2d_60x60x500_ms: the median of the batched map's calls; beside it one pass of the
    same 3 600 cells, each its own run_trajectories call of 500 steps."""
    from lab.engine.optimize import sweep2d, trajectories

    maps, cells = [], []
    monkeypatch.setattr(sweep2d, "sweep_lr_momentum", work(clock, [900, 30, 20, 40], maps))
    monkeypatch.setattr(trajectories, "run_trajectories", work(clock, [0.5] * 3600, cells))
    figures = suites._bench_sweep2d(quick=True)
    assert figures == pytest.approx({"sweep2d_60x60x500_ms": 30.0,
                                     "sweep2d_sequential_60x60x500_ms": 1800.0,
                                     "sweep2d_speedup": 60.0})  # fmt: skip
    config, optimizer, lrs, values = maps[0]
    assert (len(lrs), len(values), config.steps, optimizer.name) == (60, 60, 500, "momentum")
    assert len(cells) == 3600 and {c[0].steps for c in cells} == {500}
    assert {(c[0].optimizers[0].lr, c[0].optimizers[0].params["momentum"]) for c in cells} == {
        (float(lr), float(v)) for lr in lrs for v in values}


def test_epoch_flops_count_forward_and_backward_products():
    """3 · Σ 2·in·out per sample: the book's 784-100×4-10 MLP moves 656 400 FLOPs a sample."""
    assert suites.epoch_flops((784, 100, 100, 100, 100, 10), 1) == 3 * 2 * (
        784 * 100 + 3 * 100 * 100 + 100 * 10)
    assert suites.epoch_flops((4, 3), 10) == 3 * 2 * 12 * 10
