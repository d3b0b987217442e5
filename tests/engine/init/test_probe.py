"""The activation probe: statistics equal an independent forward pass, and the book's findings
hold as assertions."""

import numpy as np
import pytest
import torch

from lab.engine.core import fields as F
from lab.engine.core.fields import ConfigError
from lab.engine.core.initializers import make_init
from lab.engine.init.probe import ProbeConfig, run_probe


def independent_forward(config: ProbeConfig) -> list[torch.Tensor]:
    """The same network built by hand: the documented streams (weights from the seed, the
    input from seed + 4_000_012), same draw order, plain torch."""
    g = torch.Generator().manual_seed(config.seed)
    x = torch.randn(config.samples, config.width,
                    generator=torch.Generator().manual_seed(config.seed + 4_000_012))
    std = config.init.theoretical_std(config.width, config.width)
    acts, h = [], x
    for _ in range(config.depth):
        w = torch.empty(config.width, config.width).normal_(0, std, generator=g)
        h = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
             "linear": lambda z: z}[config.activation](h @ w.T)
        acts.append(h)
    return acts


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("init", [make_init("normal", std=1.0), make_init("book-xavier"),
                                  make_init("book-he")])
def test_activation_std_equals_an_independent_forward_pass(activation, init):
    config = ProbeConfig(activation=activation, init=init)
    result = run_probe(config)
    for layer, a in zip(result.layers, independent_forward(config), strict=True):
        assert layer.activation.std == pytest.approx(float(a.std(unbiased=False)), rel=1e-4)
        assert layer.activation.mean == pytest.approx(float(a.mean()), rel=1e-4, abs=1e-7)
        counts, _ = np.histogram(a.numpy().ravel(), bins=layer.activation.edges)
        assert np.abs(counts - layer.activation.counts).sum() <= 2  # float32 edge rounding


def test_book_sigmoid_std_1_piles_up_at_0_and_1():
    result = run_probe(ProbeConfig(activation="sigmoid", init=make_init("normal", std=1.0)))
    for layer in result.layers:
        counts = layer.activation.counts
        assert counts[0] + counts[-1] > 0.3 * counts.sum()  # the two end bins
        assert layer.activation.saturated_frac > 0.3


def test_book_std_001_collapses_sigmoid_to_half_and_relu_to_zero():
    sig = run_probe(ProbeConfig(activation="sigmoid", init=make_init("normal", std=0.01)))
    for layer in sig.layers:
        assert abs(layer.activation.mean - 0.5) < 0.01 and layer.activation.std < 0.03
    relu = run_probe(ProbeConfig(activation="relu", init=make_init("normal", std=0.01),
                                 depth=10))  # fmt: skip
    stds = relu.series("activation")
    assert stds[-1] < stds[0] * 1e-6


def test_book_he_keeps_relu_spread_over_10_layers():
    he = run_probe(ProbeConfig(activation="relu", init=make_init("he-normal"), depth=10))
    stds = he.series("activation")
    assert stds.max() / stds.min() < 2
    small = run_probe(ProbeConfig(activation="relu", init=make_init("normal", std=0.01),
                                  depth=10)).series("activation")  # fmt: skip
    assert small[-1] / small[0] < 1e-3


def test_batchnorm_restores_the_spread():
    plain = run_probe(ProbeConfig(activation="relu", init=make_init("normal", std=0.01),
                                  depth=10)).series("activation")  # fmt: skip
    normed = run_probe(ProbeConfig(activation="relu", init=make_init("normal", std=0.01),
                                   depth=10, norm="batch")).series("activation")  # fmt: skip
    assert normed[-1] > 0.3 and normed.max() / normed.min() < 2 and plain[-1] < 1e-6


def test_overflowing_network_gives_finite_histograms_and_counts_the_rest():
    result = run_probe(ProbeConfig(activation="linear", init=make_init("normal", std=10.0),
                                   depth=50))  # fmt: skip
    last = result.layers[-1]
    assert last.activation.nonfinite == 1000 * 100
    assert result.layers[0].activation.nonfinite == 0
    for layer in result.layers:
        for stats in (layer.activation, layer.preactivation, layer.gradient):
            assert np.all(np.isfinite(stats.edges)) and np.all(np.diff(stats.edges) > 0)
            assert stats.counts.sum() + stats.nonfinite == 1000 * 100


def test_overflow_preset_std_is_defined_wherever_values_are_finite():
    """Layers 10-19 of 50 linear layers (std 10) hold values up to 3e38: finite in float32, but
    their squares are not; the std must still equal numpy's float64 std of the finite values."""
    config = ProbeConfig(activation="linear", init=make_init("normal", std=10.0), depth=50)
    result = run_probe(config)
    stds = result.series("activation")
    for layer, a in zip(result.layers, independent_forward(config), strict=True):
        values = a.numpy().ravel().astype(np.float64)
        finite = values[np.isfinite(values)]
        assert layer.activation.nonfinite == values.size - finite.size
        if finite.size:
            assert layer.activation.std == pytest.approx(finite.std(), rel=1e-6)
    assert np.isfinite(stds[:19]).all() and np.isnan(stds[19:]).all()  # overflow at layer 20


def test_overflowed_loss_means_no_gradient():
    overflow = run_probe(ProbeConfig(activation="linear", init=make_init("normal", std=10.0),
                                     depth=30))  # fmt: skip
    assert not overflow.gradients_defined
    assert all(np.isnan(layer.weight_grad_norm) for layer in overflow.layers)
    book = run_probe(ProbeConfig())
    assert book.gradients_defined and np.isfinite(book.loss)
    assert all(layer.weight_grad_norm > 0 for layer in book.layers)


def test_activation_memory_is_bounded_before_anything_is_built():
    config = ProbeConfig(depth=50, width=1000, samples=10000)
    assert config.activation_bytes() == 4 * 10000 * (1000 + 3 * 50 * 1000)
    with pytest.raises(ConfigError, match=r"about 5\.6 GiB .* reduce depth, width or samples"):
        run_probe(config)
    F.check_config(ProbeConfig(depth=50, width=1000, samples=1000))  # 0.6 GiB: allowed


def test_zero_init_histograms_are_well_formed():
    result = run_probe(ProbeConfig(activation="tanh", init=make_init("zeros")))
    layer = result.layers[2]
    assert layer.activation.std == 0 and layer.activation.counts.sum() == 100_000


def test_same_seed_same_figures_and_json_shape():
    config = ProbeConfig(activation="relu", init=make_init("he-normal"), bias=True,
                         norm="layer", loss="sum", shared_bins=False, bins=12)
    a, b = run_probe(config).as_dict(), run_probe(config).as_dict()
    assert a == b
    layer = a["layers"][0]
    assert set(layer) == {"index", "preactivation", "activation", "gradient",
                          "weight_grad_norm"}
    assert len(layer["activation"]["hist"]["counts"]) == 12
    assert layer["gradient"]["saturated_frac"] is None and layer["gradient"]["dead_frac"] is None
    assert layer["activation"]["dead_frac"] is not None


def test_mnist_input():
    result = run_probe(ProbeConfig(input="mnist", samples=200, activation="relu",
                                   init=make_init("he-normal")))
    assert result.layers[0].activation.counts.sum() == 200 * 100


@pytest.mark.parametrize("kwargs, message", [
    ({"depth": 0}, r"depth must lie in \[1, 50\] \(not 0\)"),
    ({"depth": 51}, r"depth must lie in \[1, 50\] \(not 51\)"),
    ({"width": 5}, r"width must lie in \[10, 1000\] \(not 5\)"),
    ({"activation": "swish"}, "activation must be one of"),
    ({"norm": "group"}, "norm must be one of"),
])
def test_invalid_configs(kwargs, message):
    with pytest.raises(ConfigError, match=f"^{message}"):  # its own problem, and only it
        run_probe(ProbeConfig(**kwargs))
