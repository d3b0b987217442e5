"""One trial's configuration (what a search samples) and the model it describes, alone.

Why a module of its own: the search's sampler, the stacked trainer, the CLI and the training
lab's "Train this configuration" all speak of a trial through :class:`TrialSpec`, in the
training lab's vocabulary: the shared MLP spec, the registry's optimizer config, the book's L2
weight decay. The plain ``nn.Sequential`` built from it is the reference every batched result is
tested against.
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core.draws import MAX_BATCH, MAX_SEED, weight_generator
from lab.engine.core.initializers import initialize
from lab.engine.core.mlp import MlpSpec
from lab.engine.core.optimizers import (
    OptimizerConfig,
    format_optimizer,
    make_optimizer,
    parse_optimizer,
)

# what the stacked trainer (stacked_mlp.py) implements; other registry entries are refused
STACKED_OPTIMIZERS = ("sgd", "momentum", "adam")
STACKED_ACTIVATIONS = ("relu", "tanh", "sigmoid")


class BatchError(ValueError):
    """Trials that cannot train together, or a value out of range."""


def book_mlp() -> MlpSpec:
    """The book's search network: 6 × 100 ReLU units, He init (std √(2/n))."""
    return MlpSpec(hidden=(100,) * 6)


@dataclass(frozen=True)
class TrialSpec:
    """One model's configuration; trials with the same :meth:`shape_key` train as one batch."""

    model: MlpSpec = F.table(MlpSpec, factory=book_mlp, help="the network")
    optimizer: OptimizerConfig = F.spec(lambda: make_optimizer("sgd", lr=0.01), parse_optimizer,
                                        format_optimizer,
                                        help="the update rule (SGD, Momentum or Adam)")
    l2: float = F.number(0.0, 0.0, help="weight decay as the book's: adds 0.5·λ·ΣW² to the "
                                        "loss (weights only); the search's weight_decay")
    batch_size: int = F.integer(100, 1, MAX_BATCH, help="examples per minibatch")
    seed: int = F.integer(0, 0, MAX_SEED,
                          help="seed of the weights, the minibatches and the dropout masks")

    def shape_key(self) -> tuple:
        """What must agree for trials to share one batch of tensors."""
        kind = "adam" if self.optimizer.name == "adam" else "sgd"
        return (self.model.hidden, self.model.activation, kind, self.batch_size)

    def rules(self, bad: frozenset[str]) -> list[str]:
        """What the stacked trainer cannot run, once the fields hold
        (lab.engine.core.fields.problems)."""
        return [] if bad else stacked_problems(self)


def stacked_problems(spec: TrialSpec) -> list[str]:
    """Why the stacked trainer cannot train ``spec`` ([] when it can): it implements SGD,
    Momentum (no dampening) and Adam, three activations, and weight decay as ``l2``."""
    found = []
    optimizer = spec.optimizer
    if optimizer.name not in STACKED_OPTIMIZERS:
        found.append(f"optimizer must be one of {', '.join(STACKED_OPTIMIZERS)}: the search's "
                     f"stacked trainer runs only these (not '{optimizer.name}')")
    elif optimizer.params.get("dampening", 0.0) != 0.0:
        found.append("optimizer: the search's stacked trainer runs Momentum without dampening")
    if optimizer.params.get("weight_decay", 0.0) != 0.0:
        found.append("optimizer: give weight decay as the search's weight_decay (the book's L2 "
                     "on the weights), not as the optimizer's")
    if spec.model.activation not in STACKED_ACTIVATIONS:
        found.append(f"activation must be one of {', '.join(STACKED_ACTIVATIONS)}: the "
                     f"search's stacked trainer runs only these (not '{spec.model.activation}')")
    return found


def initial_weights(spec: TrialSpec, inputs: int, classes: int, dtype=None) -> list:
    """Per layer a (fan_out, fan_in) weight, drawn from the trial's seed as the training lab's
    build_model draws them (lab.engine.core.draws); biases start at zero (the book)."""
    import torch

    generator = weight_generator(spec.seed)
    sizes = (inputs, *spec.model.hidden, classes)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = torch.empty(fan_out, fan_in)
        initialize(w, spec.model.init, generator)
        weights.append(w.to(dtype or torch.float32))
    return weights


def sequential_model(spec: TrialSpec, inputs: int, classes: int, dtype=None):
    """The trial as one plain ``nn.Sequential`` with its initial weights (zero biases): the
    model-at-a-time reference the batched trainer is tested and benchmarked against."""
    import torch
    from torch import nn

    activation = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[spec.model.activation]
    layers = []
    for w in initial_weights(spec, inputs, classes, dtype):
        linear = nn.Linear(w.shape[1], w.shape[0], dtype=w.dtype)
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.zero_()
        layers += [linear, activation()]
    return nn.Sequential(*layers[:-1])
