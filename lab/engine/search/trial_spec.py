"""One trial's configuration (what a search samples) and the model it describes, alone.

Why a module of its own: the search's sampler, the stacked trainer, the CLI and the training
lab's "Train this configuration" all speak of a trial through :class:`TrialSpec`; the plain
``nn.Sequential`` built from it is the reference every batched result is tested against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lab.engine.core.initializers import initialize, parse_init

OPTIMIZERS = ("sgd", "momentum", "adam")
ACTIVATIONS = ("relu", "tanh", "sigmoid")


class BatchError(ValueError):
    """Trials that cannot train together, or a value out of range."""


@dataclass(frozen=True)
class TrialSpec:
    """One model's configuration; trials with the same :meth:`shape_key` train as one batch."""

    lr: float
    weight_decay: float = 0.0
    optimizer: str = "sgd"
    momentum: float = 0.9  # Momentum only
    beta1: float = 0.9  # Adam only
    beta2: float = 0.999
    eps: float = 1e-8
    hidden: tuple[int, ...] = (100,) * 6
    activation: str = "relu"
    init: str = "book-he"
    dropout: float = 0.0
    batch_size: int = 100
    seed: int = 0

    def shape_key(self) -> tuple:
        """What must agree for trials to share one batch of tensors."""
        kind = "adam" if self.optimizer == "adam" else "sgd"
        return (self.hidden, self.activation, kind, self.batch_size)

    def problems(self) -> list[str]:
        checks = [
            (self.optimizer in OPTIMIZERS, f"optimizer must be one of {', '.join(OPTIMIZERS)}"),
            (self.activation in ACTIVATIONS,
             f"activation must be one of {', '.join(ACTIVATIONS)}"),
            (math.isfinite(self.lr) and self.lr > 0, "lr must be a positive number"),
            (math.isfinite(self.weight_decay) and self.weight_decay >= 0,
             "weight_decay must be >= 0"),
            (0 <= self.momentum < 1 and 0 <= self.beta1 < 1 and 0 <= self.beta2 < 1,
             "momentum and betas must lie in [0, 1)"),
            (0 <= self.dropout < 1, "dropout must lie in [0, 1)"),
            (bool(self.hidden) and all(1 <= h <= 4096 for h in self.hidden),
             "hidden layers must be 1 to 4096 units (at least one layer)"),
            (self.batch_size >= 1, "batch_size must be at least 1"),
        ]  # fmt: skip
        return [message for ok, message in checks if not ok]


def initial_weights(spec: TrialSpec, inputs: int, classes: int, dtype=None) -> list:
    """Per layer a (fan_out, fan_in) weight, drawn from the trial's seed as build_model does;
    biases start at zero (the book)."""
    import torch

    generator = torch.Generator().manual_seed(spec.seed)
    init = parse_init(spec.init)
    sizes = (inputs, *spec.hidden, classes)
    weights = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = torch.empty(fan_out, fan_in)
        initialize(w, init, generator)
        weights.append(w.to(dtype or torch.float32))
    return weights


def sequential_model(spec: TrialSpec, inputs: int, classes: int, dtype=None):
    """The trial as one plain ``nn.Sequential`` with its initial weights (zero biases): the
    model-at-a-time reference the batched trainer is tested and benchmarked against."""
    import torch
    from torch import nn

    activation = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[spec.activation]
    layers = []
    for w in initial_weights(spec, inputs, classes, dtype):
        linear = nn.Linear(w.shape[1], w.shape[0], dtype=w.dtype)
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.zero_()
        layers += [linear, activation()]
    return nn.Sequential(*layers[:-1])
