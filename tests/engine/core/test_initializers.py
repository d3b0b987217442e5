"""Initializers equal torch.nn.init for the same generator state, and their spread is the
theoretical one within sampling error."""

import math

import pytest
import torch
from torch.nn import init as I

from lab.engine.core.initializers import (
    INITIALIZERS,
    InitializerError,
    initialize,
    make_init,
    parse_init,
)

SHAPE = (300, 200)  # (fan_out, fan_in)


def reference(name: str, w: torch.Tensor, g: torch.Generator) -> None:
    """What torch.nn.init does for each entry, written out independently."""
    fan_out, fan_in = w.shape
    with torch.no_grad():
        {
            "normal": lambda: I.normal_(w, 0.0, 0.01, generator=g),
            "uniform": lambda: I.uniform_(w, -0.05, 0.05, generator=g),
            "xavier-normal": lambda: I.xavier_normal_(w, generator=g),
            "xavier-uniform": lambda: I.xavier_uniform_(w, generator=g),
            "he-normal": lambda: I.kaiming_normal_(w, nonlinearity="relu", generator=g),
            "he-uniform": lambda: I.kaiming_uniform_(w, nonlinearity="relu", generator=g),
            "lecun-normal": lambda: I.normal_(w, 0.0, 1 / math.sqrt(fan_in), generator=g),
            "orthogonal": lambda: I.orthogonal_(w, generator=g),
            "zeros": lambda: I.zeros_(w),
            "constant": lambda: I.constant_(w, 0.01),
            "book-xavier": lambda: I.normal_(w, 0.0, math.sqrt(1 / fan_in), generator=g),
            "book-he": lambda: I.normal_(w, 0.0, math.sqrt(2 / fan_in), generator=g),
        }[name]()


@pytest.mark.parametrize("name", list(INITIALIZERS))
def test_weights_equal_torch_nn_init(name):
    ours, theirs = torch.empty(SHAPE), torch.empty(SHAPE)
    initialize(ours, make_init(name), torch.Generator().manual_seed(5))
    reference(name, theirs, torch.Generator().manual_seed(5))
    assert torch.equal(ours, theirs)


@pytest.mark.parametrize("name", [n for n in INITIALIZERS if n not in ("zeros", "constant")])
@pytest.mark.parametrize("shape", [(300, 200), (100, 400)])
def test_empirical_std_matches_the_theory(name, shape):
    w = torch.empty(shape)
    config = make_init(name)
    initialize(w, config, torch.Generator().manual_seed(1))
    expected = config.theoretical_std(fan_in=shape[1], fan_out=shape[0])
    n = w.numel()
    # the sample std of n draws has a relative standard error of about 1/sqrt(2n); allow 5 sigma
    assert float(w.std(unbiased=False)) == pytest.approx(expected, rel=5 / math.sqrt(2 * n))


def test_book_variants_are_named_for_what_they_are():
    assert make_init("book-xavier").theoretical_std(100, 100) == pytest.approx(0.1)
    assert make_init("book-he").theoretical_std(100, 100) == pytest.approx(math.sqrt(0.02))
    assert make_init("xavier-normal").theoretical_std(100, 300) == pytest.approx(
        math.sqrt(2 / 400))
    assert "LeCun" in INITIALIZERS["book-xavier"].formula


def test_seed_reproduces_weights():
    a, b = torch.empty(SHAPE), torch.empty(SHAPE)
    initialize(a, make_init("he-normal"), torch.Generator().manual_seed(3))
    initialize(b, make_init("he-normal"), torch.Generator().manual_seed(3))
    assert torch.equal(a, b)


@pytest.mark.parametrize("text, message", [("glorious", "unknown initializer"),
                                           ("normal:sd=1", "no parameter sd"),
                                           ("normal:std=-1", "must not be negative"),
                                           ("he-normal:mode=sideways", "fan_in or fan_out"),
                                           ("normal:std=nan", "finite")])
def test_bad_initializer_specs(text, message):
    with pytest.raises(InitializerError, match=message):
        parse_init(text)


def test_aliases():
    assert parse_init("he").name == "he-normal" and parse_init("xavier").name == "xavier-normal"
