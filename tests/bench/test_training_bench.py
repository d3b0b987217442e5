"""``bench training``: each variant's epoch is paired with its own bare loop (alternating which
goes first, the ratio taken pair by pair), and the bare loop trains the same network with the
same loss as ours (checked step for step, in float64)."""

from __future__ import annotations

import types
from dataclasses import replace

import pytest
import torch

from lab.bench import training
from lab.engine.core.draws import minibatch_generator
from lab.engine.train import models
from lab.engine.train.data import PreparedData
from lab.engine.train.models import build_model
from lab.engine.train.training import TrainingRun
from tests.bench.test_suites import ScriptedClock, work


def test_pairs_alternate_and_the_ratio_is_taken_pair_by_pair(monkeypatch):
    clock = ScriptedClock()
    monkeypatch.setattr(training, "time", types.SimpleNamespace(perf_counter=clock.perf_counter))
    order = []

    def timed(name, durations):
        run = work(clock, durations)
        return lambda: (order.append(name), run())

    # warm-ups (ours, ref), then pairs: (ours, ref), (ref, ours), (ours, ref)
    ours = timed("ours", [50, 2, 3, 10])
    ref = timed("ref", [70, 1, 1, 4])
    mine, theirs, ratio = training.paired_seconds(ours, ref, repeats=3)
    assert order == ["ours", "ref", "ours", "ref", "ref", "ours", "ours", "ref"]
    assert (mine, theirs) == pytest.approx((3e-3, 1e-3))
    assert ratio == pytest.approx(2.5)  # median of 2, 3, 2.5: not 3 / 1


def test_every_variant_is_reported_against_its_own_bare_loop(monkeypatch):
    seen = []
    monkeypatch.setattr(training, "our_epoch", lambda config, data: ("ours", config))
    monkeypatch.setattr(training, "bare_epoch", lambda config, data: ("bare", config))

    def paired(ours, bare, repeats):
        assert ours[1] is bare[1] and repeats == 1
        seen.append(ours[1])
        return 2.0 * len(seen), 1.0 * len(seen), 1.5

    monkeypatch.setattr(training, "paired_seconds", paired)
    monkeypatch.setattr(training, "dataloader_epoch", lambda config, data: lambda: None)
    import lab.bench.inside
    import lab.bench.suites

    monkeypatch.setattr(lab.bench.suites, "sgemm_gflops", lambda: 100.0)
    monkeypatch.setattr(lab.bench.inside, "diagnostics_figures", lambda *a: {"diag": 1.0})
    figures = training.bench_training(quick=True)
    for k, prefix in enumerate(("", "bn_", "dropout_", "l2_")):
        assert figures[f"{prefix}epoch_s"] == 2.0 * (k + 1)
        assert figures[f"{prefix}bare_torch_epoch_s"] == 1.0 * (k + 1)
        assert figures[f"{prefix}epoch_vs_bare"] == 1.5
    assert [(c.model.batchnorm, c.model.dropout, c.l2) for c in seen] == [
        (False, 0.0, 0.0),
        (True, 0.0, 0.0),
        (False, 0.2, 0.0),
        (False, 0.0, 0.1),
    ]
    assert {(c.model.hidden, c.batch_size, c.epochs) for c in seen} == {((100,) * 4, 128, 1)}
    assert figures["diag"] == 1.0


@pytest.mark.parametrize("prefix", ["", "bn_", "l2_"])
def test_the_bare_loop_trains_the_network_ours_trains(prefix, float64, monkeypatch):
    """Same initial weights, the bare loop's permutation made to be ours: the same weights
    after an epoch of 3 steps (dropout left out: its masks come from different generators)."""
    g = torch.Generator().manual_seed(5)
    x, y = torch.randn(30, 6, generator=g), torch.randint(0, 3, (30,), generator=g)
    data = PreparedData("toy", x, y, x, y, x, y, 3, 1, val_is_test=True)
    changes, l2 = training.VARIANTS[prefix]
    config = replace(training.bench_config({**changes, "hidden": (5, 4)}, l2), batch_size=10)
    ours = TrainingRun(config, data, "cpu")
    order = torch.randperm(30, generator=minibatch_generator(config.seed))
    built = []

    def build(model_config, generator):
        built.append(build_model(model_config, generator))
        return built[-1]

    monkeypatch.setattr(models, "build_model", build)
    with monkeypatch.context() as patched:
        patched.setattr(torch, "randperm", lambda n: order)
        training.bare_epoch(config, data)()
    list(ours.steps())
    assert ours.history.n == 3
    for p, q in zip(ours.model.parameters(), built[0].parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-12, atol=1e-14)


@pytest.fixture
def float64():
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)
