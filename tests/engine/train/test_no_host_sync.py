"""On a GPU the training loop never waits for the device between two reads (issue 20).

Each run trains under ``torch.cuda.set_sync_debug_mode("error")``: any host synchronisation
(``.item()``, ``float(tensor)``, ``bool(tensor)``, ``.cpu()``, ``nonzero``, a blocking copy)
raises. The loop's deliberate reads lift the mode for their own duration only, and are counted:
the block of (loss, gradient norm) rows read per display interval, the finiteness check of the
weights and the accuracies at a measured iteration, the final evaluation, and a diagnostics
measurement. Everything between them (minibatch, forward, loss terms, backward, norm, clipping,
weight decay, the optimizer's step, dropout masks, the dead-unit counting) must run without one.
Skipped without a CUDA device.
"""

from __future__ import annotations

import math
from collections import Counter
from contextlib import contextmanager
from dataclasses import replace
from functools import wraps

import pytest
import torch

from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import make_optimizer
from lab.engine.core.schedules import make_schedule
from lab.engine.train import hot_path
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.data import cached_data
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.diagnostics.measure import Diagnostics
from lab.engine.train.models import ModelConfig
from lab.engine.train.records import RunStatus
from lab.engine.train.training import TrainingRun

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
]

ITERATIONS = 150  # over two epochs of SMALL's 1 000-odd training images: a new epoch's indices
BASE = TrainConfig("gpu", model=ModelConfig(hidden=(64, 64)), iterations=ITERATIONS,
                   eval_every=-1, final_evaluation=False,
                   data=DataConfig(train_size=1200))  # fmt: skip
CASES = {
    "sgd": BASE,
    "momentum, replacement": replace(
        BASE, optimizer=make_optimizer("momentum", lr=0.05), sampling="replacement"
    ),
    "adam, batch norm, dropout": replace(
        BASE,
        optimizer=make_optimizer("adam", lr=0.001),
        model=ModelConfig(hidden=(64, 64), batchnorm=True, dropout=0.3),
    ),
    "l2, l1, cosine": replace(BASE, l2=1e-3, l1=1e-5, schedule=make_schedule("cosine")),
    "clipping, decoupled decay": replace(BASE, clip_norm=0.5, decoupled_weight_decay=0.01),
    "evaluated": replace(BASE, eval_every=50, final_evaluation=True),
    "cnn": replace(BASE, model=ModelConfig(kind="cnn"), batch_size=32, iterations=40),
}


@contextmanager
def sync_mode(mode):
    previous = torch.cuda.get_sync_debug_mode()
    torch.cuda.set_sync_debug_mode(mode)
    try:
        yield
    finally:
        torch.cuda.set_sync_debug_mode(previous)


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """The loop's deliberate reads, allowed to synchronise and counted by name."""
    counted: Counter = Counter()
    for owner, name in ((hot_path.StepFigures, "read"), (TrainingRun, "_weights_finite"),
                        (TrainingRun, "_accuracies"), (TrainingRun, "evaluate"),
                        (Diagnostics, "measure")):  # fmt: skip
        original = getattr(owner, name)

        def allowed(*args, _original=original, _name=name, **kwargs):
            counted[_name] += 1
            with sync_mode(0):
                return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wraps(original)(allowed))
    # reads come only when a block is full, whatever the device's speed: a known count
    monkeypatch.setattr(hot_path, "READ_INTERVAL_S", math.inf)
    return counted


def test_the_mode_catches_a_host_synchronisation():
    """The check can fail: a read of a device value raises under the mode."""
    value = torch.ones((), device="cuda")
    with sync_mode("error"), pytest.raises(RuntimeError):
        float(value)


@pytest.mark.parametrize("config", CASES.values(), ids=CASES.keys())
def test_iterations_between_reads_never_synchronise(config, reads):
    run = TrainingRun(config, cached_data(config.data, "cuda"), "cuda")
    with sync_mode("error"):
        updates = list(run.steps())
    assert run.status is RunStatus.FINISHED
    assert [u.iteration for u in updates] == list(range(1, config.iterations + 1))
    assert all(math.isfinite(u.loss) and math.isfinite(u.grad_norm) for u in updates)
    measured = config.iterations // config.eval_every if config.eval_every > 0 else 0
    blocks = math.ceil(config.iterations / hot_path.BLOCK)
    assert reads["read"] <= blocks + measured  # a measured iteration also ends a block
    assert reads["_accuracies"] == measured
    assert reads["evaluate"] == int(config.final_evaluation)


def test_diagnostics_synchronise_once_per_measurement(reads):
    """The dead-unit counting and the weights copied before a measured step stay on the device;
    each measurement is one read."""
    config = replace(BASE, model=ModelConfig(hidden=(64, 64), init=make_init("he-normal")))
    run = TrainingRun(
        config, cached_data(config.data, "cuda"), "cuda", diagnostics=DiagnosticsConfig(every=50)
    )
    with sync_mode("error"):
        list(run.steps())
    assert run.status is RunStatus.FINISHED
    assert reads["measure"] == 1 + ITERATIONS // 50  # step 0, then every 50
