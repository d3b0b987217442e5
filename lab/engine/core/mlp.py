"""The one MLP spec (hidden layers, activation, initializer, dropout) and the size bounds every
network of the labs is checked against before anything is allocated.

Why in core: the training lab's :class:`~lab.engine.train.models.ModelConfig` is an MlpSpec
(plus the CNN and batch norm), and a search trial carries one; the parameter and
activation-memory bounds are written here once, so a model the search accepts is one the
training lab accepts too.
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core.initializers import InitConfig, make_init, parse_init
from lab.engine.core.specs import format_spec
from lab.io.sizes import byte_size

ACTIVATIONS = ("relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu")
MAX_UNITS = 4096  # per hidden layer
MAX_LAYERS = 100
MAX_PARAMETERS = 50_000_000  # 200 MB of float32 weights, ~800 MB with Adam's two moments
MAX_ACTIVATION_BYTES = 2 * 2**30  # kept for the backward pass, for one minibatch


def format_init(init: InitConfig) -> str:
    return format_spec(init.name, init.params)


@dataclass(frozen=True)
class MlpSpec:
    """Fully connected layers: Linear -> activation -> Dropout per hidden layer (the book's
    order), then a Linear to the classes; biases start at zero."""

    hidden: tuple[int, ...] = F.integers((100, 100, 100, 100), 1, MAX_UNITS, min_items=1,
                                         max_items=MAX_LAYERS,
                                         help="units per hidden layer (MLP), e.g. 100,100")
    activation: str = F.choice("relu", ACTIVATIONS, help="the nonlinearity after each layer")
    init: InitConfig = F.spec(lambda: make_init("book-he"), parse_init, format_init,
                              help="how the weights are drawn (biases start at 0)")
    dropout: float = F.number(0.0, 0.0, 1.0, high_open=True,
                              help="share of units dropped while training (MLP)")


def mlp_parameter_count(widths: tuple[int, ...], batchnorm: bool = False) -> int:
    """Weights and biases of Linear layers of ``widths`` (inputs, hidden..., classes), plus
    batch norm's scale and shift per hidden unit."""
    count = sum(a * b + b for a, b in zip(widths, widths[1:], strict=False))
    return count + (2 * sum(widths[1:-1]) if batchnorm else 0)


def mlp_activations_per_example(widths: tuple[int, ...], batchnorm: bool = False,
                                dropout: bool = False) -> int:  # fmt: skip
    """Floats the forward pass keeps per example for the backward pass (an estimate within a
    small factor: each layer's output, its normalized and activated copies)."""
    copies = 2 + int(batchnorm) + int(dropout)
    return widths[0] + copies * sum(widths[1:-1]) + widths[-1]


def size_problems(parameters: int, activations_per_example: int, batch: int) -> list[str]:
    """The bounds: :data:`MAX_PARAMETERS` and, for a minibatch of ``batch`` examples,
    :data:`MAX_ACTIVATION_BYTES`; each problem says the size it found."""
    found = []
    if parameters > MAX_PARAMETERS:
        found.append(f"the model would have {parameters:,} parameters "
                     f"({byte_size(4 * parameters)} as float32); the limit is "
                     f"{MAX_PARAMETERS:,}")
    size = 4 * batch * activations_per_example
    if size > MAX_ACTIVATION_BYTES:
        per = f" for a batch of {batch:,}" if batch > 1 else " for one example"
        found.append(f"the activations would take {byte_size(size)}{per}; the limit is "
                     f"{byte_size(MAX_ACTIVATION_BYTES)}")
    return found
