"""Symptoms in plain words: each rule on measurements built to show it (and not to), and the
book's init comparison on a real deep run (std 0.01 collapses, He does not)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lab.engine.core.initializers import make_init
from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.data import PreparedData
from lab.engine.train.diagnostics.config import KINDS, DiagnosticsConfig
from lab.engine.train.diagnostics.record import DiagnosticsRecord, Histogram, Measurement
from lab.engine.train.diagnostics.symptoms import symptoms
from lab.engine.train.models import ModelConfig
from lab.engine.train.training import TrainConfig, TrainingRun

LAYERS = 4


def _measurement(
    index,
    iteration,
    dead=0.0,
    ratio=1e-3,
    grad_std=(1.0,) * LAYERS,
    act_std=(1.0,) * LAYERS,
    nonfinite=0,
):
    stats = np.ones((LAYERS, len(KINDS), 5))
    stats[:, KINDS.index("gradient"), 2] = grad_std
    stats[:, KINDS.index("activation"), 2] = act_std
    hist = Histogram(0, np.ones(4, dtype=np.int64), nonfinite=nonfinite)
    row = tuple(hist for _ in KINDS)
    return Measurement(
        index,
        iteration,
        stats,
        np.full(LAYERS, dead),
        np.full(LAYERS, dead),
        np.full(LAYERS, np.nan),
        np.full(LAYERS, ratio),
        np.ones(LAYERS),
        (row,) * LAYERS,
        0.0,
    )


def _snap(measurements):
    record = DiagnosticsRecord(tuple(str(i + 1) for i in range(LAYERS)), "relu", 2**40)
    for m in measurements:
        record.add(m)
    return record.snapshot()


def test_a_healthy_run_has_no_symptom():
    assert symptoms(_snap([_measurement(k, 100 * k) for k in range(4)])) == []


def test_dead_units_are_named_since_the_stretch_that_lasts():
    found = symptoms(
        _snap(
            [
                _measurement(0, 0, dead=0.9),
                _measurement(1, 100, dead=0.1),
                _measurement(2, 200, dead=0.6),
                _measurement(3, 300, dead=0.8),
            ]
        )
    )
    texts = [s.text for s in found if s.key == "dead"]
    assert texts[0] == "layer 1: 80% of units dead since iteration 200"
    assert len(texts) == LAYERS
    healed = symptoms(_snap([_measurement(0, 0, dead=0.9), _measurement(1, 100, dead=0.4)]))
    assert not [s for s in healed if s.key == "dead"]


def test_gradients_shrinking_and_activations_collapsing_across_the_depth():
    m = _measurement(0, 0, grad_std=(1e-4, 1e-3, 1e-2, 1e-1), act_std=(1.0, 1e-2, 1e-4, 5.0))
    texts = {s.key: s.text for s in symptoms(_snap([m]))}
    assert texts["vanishing"] == "gradients shrink ×1 000 from layer 4 to layer 1"
    # the output layer has no activation: layer 1 against layer 3, the last hidden one
    assert texts["collapsing"] == "activations shrink ×10 000 from layer 1 to layer 3"
    m = _measurement(0, 0, grad_std=(1.0, 1.0, 1.0, 1e-3))
    assert [s.key for s in symptoms(_snap([m]))] == ["exploding"]
    m = _measurement(0, 0, grad_std=(0.02, 1.0, 1.0, 1.0))  # x50: not unambiguous
    assert symptoms(_snap([m])) == []


def test_update_ratios_far_from_the_guide_and_nonfinite_values():
    found = symptoms(_snap([_measurement(0, 0, ratio=0.5)]))
    assert [s.text for s in found] == [
        "layers 1–4: each step changes the weights by 0.5 to 0.5 of their size (guide ≈ 1e-3): "
        "the learning rate looks too high"
    ]
    m = _measurement(0, 0, ratio=1e-3)
    m.update_ratio[2] = 1e-8
    found = symptoms(_snap([m]))
    assert [s.key for s in found] == ["update_low"] and found[0].values == {
        "layer": "3",
        "ratio": "1e-08",
    }
    found = symptoms(_snap([_measurement(0, 0), _measurement(1, 50, nonfinite=3)]))
    assert found[0].text == "layer 1: NaN or inf in the preactivation at iteration 50"


def _deep_run(init, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(512, 100, generator=g)
    y = torch.randint(0, 10, (512,), generator=g)
    data = PreparedData(
        "toy", x, y, x[:64], y[:64], x[:64], y[:64], 10, image_side=1, val_is_test=False
    )
    config = TrainConfig(
        "deep",
        model=ModelConfig(hidden=(100,) * 5, init=init),
        optimizer=make_optimizer("sgd", lr=0.01),
        batch_size=64,
        iterations=20,
        eval_every=-1,
        final_evaluation=False,
        seed=1,
    )
    run = TrainingRun(config, data, "cpu", diagnostics=DiagnosticsConfig(every=10, probe=128))
    for _ in run.steps():
        pass
    return run.result().diagnostics.snapshot()


@pytest.mark.parametrize(
    ("init", "expected"),
    [
        (make_init("normal", std=0.01), {"vanishing", "collapsing", "update_low_layers"}),
        (make_init("book-he"), set()),
    ],
)
def test_the_books_init_comparison_in_words(init, expected):
    keys = {s.key for s in symptoms(_deep_run(init))} - {"dead"}
    assert expected <= keys and not ({"vanishing", "collapsing"} - expected) & keys
