"""The initialization lab's statistics against autograd, in float64.

The same network is built here from torch.nn (nn.Linear, the norm module, the activation
module, a bias-free head and nn.CrossEntropyLoss or a sum), from the same weights and input
(drawn in the probe's documented order from its documented streams, with torch.nn.init), and the
gradients come from torch.autograd.grad. Every layer's pre-activation, activation and
back-propagated gradient statistics, its histogram counts (exactly, on the same bin edges, which
are checked against the reference's own range), its weight-gradient norm and the loss must
agree.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from lab.engine.core.initializers import make_init
from lab.engine.init.probe import CLASSES, KINDS, ProbeConfig, run_probe

ACTIVATION_MODULES = {
    "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.01), "elu": nn.ELU, "gelu": nn.GELU, "selu": nn.SELU,
    "linear": nn.Identity,
}  # fmt: skip


def draw_weights(w: torch.Tensor, config: ProbeConfig, g: torch.Generator) -> None:
    """torch.nn.init with the generator, for the initializers used below."""
    name, p = config.init.name, config.init.param
    if name == "normal":
        nn.init.normal_(w, 0.0, p("std"), generator=g)
    elif name == "he-normal":
        nn.init.kaiming_normal_(w, mode=p("mode"), nonlinearity=p("nonlinearity"), generator=g)
    elif name == "xavier-uniform":
        nn.init.xavier_uniform_(w, gain=p("gain"), generator=g)
    else:
        raise KeyError(name)


def autograd_reference(config: ProbeConfig) -> dict:
    """Tensors per kind and layer, weight-gradient norms, weights and the loss."""
    g = torch.Generator().manual_seed(config.seed)  # the weights' stream, then the head's
    inputs = torch.Generator().manual_seed(config.seed + 4_000_012)  # input, then labels
    x = torch.randn(config.samples, config.width, generator=inputs)
    linears, norms, fan_in = [], [], config.width
    for _ in range(config.depth):
        linear = nn.utils.skip_init(nn.Linear, fan_in, config.width, bias=config.bias)
        with torch.no_grad():
            draw_weights(linear.weight, config, g)
            if config.bias:
                linear.bias.zero_()
        linears.append(linear)
        norms.append({"none": nn.Identity, "batch": lambda: nn.BatchNorm1d(config.width),
                      "layer": lambda: nn.LayerNorm(config.width)}[config.norm]())
        fan_in = config.width
    activation = ACTIVATION_MODULES[config.activation]()
    preacts, acts, h = [], [], x
    for linear, norm in zip(linears, norms, strict=True):
        z = norm(linear(h))
        h = activation(z)
        preacts.append(z)
        acts.append(h)
    if config.loss == "sum":
        loss = h.sum()
    else:
        head = nn.utils.skip_init(nn.Linear, config.width, CLASSES, bias=False)
        with torch.no_grad():
            draw_weights(head.weight, config, g)
        labels = torch.randint(0, CLASSES, (config.samples,), generator=inputs)
        loss = nn.CrossEntropyLoss()(head(h), labels)
    weights = [linear.weight for linear in linears]
    grads = torch.autograd.grad(loss, acts + weights)
    tensors = {"preactivation": preacts, "activation": acts,
               "gradient": list(grads[: config.depth])}
    return {"tensors": {k: [t.detach().numpy().ravel() for t in ts] for k, ts in tensors.items()},
            "activation_tensors": [a.detach() for a in acts],
            "weight_grad_norms": [float(torch.linalg.vector_norm(d)) for d in grads[config.depth:]],
            "weights": [w.detach() for w in weights], "loss": float(loss.detach())}


CONFIGS = {
    "book-sigmoid": ProbeConfig(activation="sigmoid", init=make_init("normal", std=1.0)),
    "tanh-xavier-bias": ProbeConfig(activation="tanh", init=make_init("xavier-uniform"),
                                    bias=True, depth=4, width=30, samples=200),
    "relu-he-batchnorm": ProbeConfig(activation="relu", init=make_init("he-normal"),
                                     norm="batch", depth=6, width=40, samples=300, bins=17),
    "gelu-layernorm-sum": ProbeConfig(activation="gelu", init=make_init("normal", std=0.3),
                                      norm="layer", loss="sum", depth=3, width=20,
                                      samples=100, shared_bins=False, seed=5),
    "leaky-relu-own-bins": ProbeConfig(activation="leaky_relu", init=make_init("he-normal"),
                                       depth=7, width=25, samples=150, shared_bins=False,
                                       bias=True, seed=11),
    "elu": ProbeConfig(activation="elu", init=make_init("normal", std=0.2), depth=3, width=15,
                       samples=60, seed=2),
    "selu-sum": ProbeConfig(activation="selu", init=make_init("normal", std=0.1), loss="sum",
                            depth=3, width=12, samples=50, bins=8, seed=3),
    "linear": ProbeConfig(activation="linear", init=make_init("normal", std=0.1), depth=4,
                          width=10, samples=40, bins=5, seed=4),
}


@pytest.fixture
def float64():
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)


def expected_edges(values: list[np.ndarray], i: int, config: ProbeConfig) -> np.ndarray:
    """numpy's equal-width bins over the layer's range, or over every layer's when shared (a
    constant tensor gets numpy's unit-wide range around its value)."""
    span = np.concatenate(values) if config.shared_bins else values[i]
    return np.histogram_bin_edges(span, bins=config.bins)


@pytest.mark.parametrize("key", list(CONFIGS))
def test_probe_statistics_equal_autograd(float64, key):
    config = CONFIGS[key]
    result = run_probe(config)
    ref = autograd_reference(config)
    assert result.loss == pytest.approx(ref["loss"], rel=1e-12)
    assert len(result.layers) == config.depth
    for i, layer in enumerate(result.layers):
        assert layer.weight_grad_norm == pytest.approx(ref["weight_grad_norms"][i], rel=1e-10)
        assert layer.weight_grad_norm > 0  # a real gradient reached every layer
        w = ref["weights"][i]
        assert layer.weight_std == pytest.approx(float(w.std(unbiased=False)), rel=1e-12)
        for kind in KINDS:
            stats, values = layer.stats(kind), ref["tensors"][kind][i]
            where = f"{key}: layer {i + 1} {kind}"
            assert stats.nonfinite == 0, where
            assert stats.mean == pytest.approx(values.mean(), rel=1e-9, abs=1e-15), where
            assert stats.std == pytest.approx(values.std(), rel=1e-9, abs=1e-15), where
            assert stats.min == pytest.approx(values.min(), rel=1e-12, abs=1e-300), where
            assert stats.max == pytest.approx(values.max(), rel=1e-12, abs=1e-300), where
            edges = expected_edges(ref["tensors"][kind], i, config)
            np.testing.assert_allclose(stats.edges, edges, rtol=1e-12, atol=1e-15,
                                       err_msg=where)
            counts, _ = np.histogram(values, bins=stats.edges)
            np.testing.assert_array_equal(stats.counts, counts, err_msg=where)
            assert stats.counts.sum() == config.samples * config.width, where
        a = ref["activation_tensors"][i]
        saturated = {"sigmoid": ((a < 0.01) | (a > 0.99)), "tanh": a.abs() > 0.99}
        if config.activation in saturated:
            share = float(saturated[config.activation].double().mean())
            assert layer.activation.saturated_frac == pytest.approx(share, abs=1e-15)
        else:
            assert layer.activation.saturated_frac is None
        if config.activation == "relu":  # a unit is dead when no example activates it
            dead = float((a.amax(dim=0) == 0).double().mean())
            assert layer.activation.dead_frac == pytest.approx(dead, abs=1e-15)
        else:
            assert layer.activation.dead_frac is None


def test_the_configurations_cover_every_activation_norm_and_loss():
    used = {(c.activation, c.norm, c.loss) for c in CONFIGS.values()}
    from lab.engine.init.probe import ACTIVATIONS, LOSSES, NORMS

    assert {a for a, _, _ in used} == set(ACTIVATIONS)
    assert {n for _, n, _ in used} == set(NORMS)
    assert {loss for _, _, loss in used} == set(LOSSES)
    assert {c.shared_bins for c in CONFIGS.values()} == {True, False}
    assert {c.bias for c in CONFIGS.values()} == {True, False}
