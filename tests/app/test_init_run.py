"""The initialization lab's network as a training run ("Train this network", issue 18): the
mapping, what it refuses, and the agreement: on the same input batch and labels, the init lab's
probe statistics equal the training run's step-0 diagnostics, layer by layer, with the run's
own weights (drawn by TrainingRun, not by this test)."""

from dataclasses import replace

import numpy as np
import pytest
import torch

from lab.app.init_run import NotTrainable, blockers, differences, run_name, train_config
from lab.engine.core import fields as F
from lab.engine.core.initializers import make_init
from lab.engine.init.probe import ProbeConfig, run_probe
from lab.engine.train.data import PreparedData
from lab.engine.train.diagnostics.config import DiagnosticsConfig
from lab.engine.train.diagnostics.measure import probe_batch
from lab.engine.train.presets import TRAIN_PRESETS
from lab.engine.train.training import TrainingRun

KINDS = ("preactivation", "activation", "gradient")  # what both labs measure per layer
FIGURES = ("mean", "std", "min", "max")


def test_the_run_is_the_networks_with_the_books_initializer_experiment():
    probe = ProbeConfig(
        depth=7,
        width=60,
        activation="tanh",
        init=make_init("xavier-normal", gain=1.5),
        norm="batch",
        seed=1234,
        input="mnist",
        bias=True,
    )
    run = train_config(probe)
    assert F.problems(run) == []
    assert run.model.hidden == (60,) * 7 and run.model.activation == "tanh"
    assert run.model.init == probe.init and run.model.batchnorm and run.model.dropout == 0.0
    assert run.seed == 1234 and run.name == run_name(probe) == "init-tanh-xavier-normal-1.5-7x60-bn"
    book = TRAIN_PRESETS["book-init"].runs[0]
    assert (run.optimizer, run.batch_size, run.iterations, run.sampling) == (
        book.optimizer,
        book.batch_size,
        book.iterations,
        book.sampling,
    )
    assert differences(probe) == () and blockers(probe) == ()
    assert train_config(probe, name="mine").name == "mine"


def test_what_training_cannot_build_is_refused_and_what_differs_is_named():
    for change, key in (
        ({"activation": "selu"}, "activation"),
        ({"activation": "linear"}, "activation"),
        ({"norm": "layer"}, "norm"),
    ):
        probe = replace(ProbeConfig(), **change)
        assert blockers(probe) == (key,)
        with pytest.raises(NotTrainable, match=key):
            train_config(probe)
    book = ProbeConfig()  # Gaussian input, no biases, cross-entropy on random labels
    assert differences(book) == ("input", "bias")
    assert differences(replace(book, loss="sum")) == ("input", "bias", "loss")
    assert train_config(book).model.init == book.init  # differences do not block


def pixels(dtype) -> PreparedData:
    """Pixel-like training images (784 values in [0, 1], 10 classes), 300 of them."""
    g = torch.Generator().manual_seed(5)
    x = torch.rand(300, 784, generator=g, dtype=dtype)
    y = torch.randint(0, 10, (300,), generator=g)
    return PreparedData("pixels", x, y, x[:10], y[:10], x[:10], y[:10], 10, 28, False)


CASES = {
    "relu-he": (
        ProbeConfig(
            depth=4,
            width=40,
            activation="relu",
            init=make_init("he-normal"),
            input="mnist",
            samples=120,
            seed=7,
        ),
        1e-5,
    ),
    "tanh-xavier-bias": (
        ProbeConfig(
            depth=3,
            width=30,
            activation="tanh",
            bias=True,
            init=make_init("book-xavier"),
            input="mnist",
            samples=90,
            seed=11,
        ),
        1e-5,
    ),
    "sigmoid-std1-batchnorm": (
        ProbeConfig(
            depth=5,
            width=20,
            activation="sigmoid",
            init=make_init("normal", std=1.0),
            norm="batch",
            input="mnist",
            samples=64,
            seed=3,
        ),
        1e-5,
    ),
    "gelu-float64": (
        ProbeConfig(
            depth=3,
            width=25,
            activation="gelu",
            init=make_init("normal", std=0.2),
            input="mnist",
            samples=50,
            seed=2,
        ),
        1e-10,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_step_0_diagnostics_equal_the_init_labs_probe_on_the_same_batch(case):
    probe, tolerance = CASES[case]
    dtype = torch.float64 if tolerance < 1e-6 else torch.float32
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        data = pixels(dtype)
        config = replace(train_config(probe), iterations=2, eval_every=-1, final_evaluation=False)
        run = TrainingRun(
            config, data, "cpu", diagnostics=DiagnosticsConfig(probe=probe.samples, bins=8)
        )
        steps = run.steps()
        next(steps)  # the first step: measured before it, as every run's step 0
        steps.close()
        step0 = run.diagnostics.record.snapshot().measurements[0]
        batch = probe_batch(data.train_x, data.train_y, probe.samples, config.seed)
        result = run_probe(probe, batch=batch)
    finally:
        torch.set_default_dtype(previous)
    assert step0.iteration == 0 and len(result.layers) == probe.depth
    for k, layer in enumerate(result.layers):
        for kind in KINDS:
            ours = [getattr(layer.stats(kind), f) for f in FIGURES]
            theirs = [step0.stat(k, kind, f) for f in FIGURES]
            scale = max(abs(v) for v in ours)
            np.testing.assert_allclose(
                theirs,
                ours,
                rtol=tolerance,
                atol=tolerance * scale,
                err_msg=f"layer {k + 1} {kind}",
            )
        # the run's own initial weights are the probe's (same stream, same order)
        assert step0.stat(k, "weight", "std") == pytest.approx(layer.weight_std, rel=tolerance)
        assert step0.grad_norm[k] == pytest.approx(layer.weight_grad_norm, rel=tolerance * 10)
        if probe.activation == "relu":
            # the same units (the init lab's share is a float32 mean)
            assert step0.dead_probe[k] * probe.width == pytest.approx(
                layer.activation.dead_frac * probe.width, abs=1e-4
            )
        if probe.activation in ("tanh", "sigmoid"):
            assert step0.saturated[k] == pytest.approx(layer.activation.saturated_frac, abs=1e-9)
    assert np.isfinite(result.loss)


def test_the_batch_must_fit_the_network():
    probe = ProbeConfig(depth=2, width=10, input="mnist", samples=20)
    x, y = torch.zeros(20, 100), torch.zeros(20, dtype=torch.int64)
    with pytest.raises(F.ConfigError, match="784"):
        run_probe(probe, batch=(x, y))
