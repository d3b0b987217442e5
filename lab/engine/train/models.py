"""The networks the training lab trains: an MLP and a small CNN, built from a plain config.

MLP layers run Linear -> BatchNorm (optional) -> activation -> Dropout (optional), the book's
order. Weights come from the initializer registry (so "he" here is the same draw as in the
initialization lab), biases start at zero as in the book. Dropout is torch's (inverted: kept
units are scaled by 1/(1-p) while training); the book's is not inverted, which changes the
scale of the activations during training but not what the network learns.
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core import fields as F
from lab.engine.core.mlp import (
    MAX_UNITS,
    MlpSpec,
    mlp_activations_per_example,
    mlp_parameter_count,
    size_problems,
)

MODEL_KINDS = ("mlp", "cnn")
CNN_MIN_SIDE = 4  # two 2×2 poolings need at least a 4×4 image
CNN_CHANNELS = (16, 32)  # the two 3×3 convolutions
CNN_DENSE = 100


class ModelError(F.ConfigError):
    """A model configuration that cannot be built."""


@dataclass(frozen=True)
class ModelConfig(MlpSpec):
    """The training lab's network: the shared :class:`~lab.engine.core.mlp.MlpSpec` (its
    hidden layers, activation, initializer and dropout, and their size bounds), batch norm,
    or the small CNN; the input and output sizes follow the data."""

    kind: str = F.choice("mlp", MODEL_KINDS,
                         help="mlp: fully connected layers; cnn: two 3×3 convolutions with "
                              "2×2 pooling, then 100 units")
    batchnorm: bool = F.flag(False, help="batch normalization before each activation (MLP)")
    inputs: int = F.derived(784, "int", 1, MAX_UNITS * MAX_UNITS, help="pixels per image")
    image_side: int = F.derived(28, "int", 1, MAX_UNITS, help="image width = height")
    classes: int = F.derived(10, "int", 2, 10_000, help="number of labels")

    def rules(self, bad: frozenset[str]) -> list[str]:
        """Shape and size, once the fields hold (lab.engine.core.fields.problems)."""
        problems: list[str] = []
        if bad:
            return problems
        if self.kind == "cnn":
            if self.image_side < CNN_MIN_SIDE:
                problems.append(f"a CNN needs images of at least {CNN_MIN_SIDE}×{CNN_MIN_SIDE} "
                                f"pixels (3×3 kernels, two 2×2 poolings); these are "
                                f"{self.image_side}×{self.image_side}")
            elif self.inputs != self.image_side**2:
                problems.append(f"a CNN needs square images: {self.inputs} inputs are not "
                                f"{self.image_side}×{self.image_side} pixels")
        if problems:
            return problems
        return size_problems(self.parameter_count(), self.activations_per_example(), 1)

    def widths(self) -> tuple[int, ...]:
        """Inputs, hidden layers and classes of the MLP."""
        return (self.inputs, *self.hidden, self.classes)

    def parameter_count(self) -> int:
        """Weights, biases and batch-norm scales/shifts, from the configuration alone."""
        if self.kind == "cnn":
            c1, c2 = CNN_CHANNELS
            side = self.image_side // 4
            return ((9 * c1 + c1) + (9 * c1 * c2 + c2) + (c2 * side * side * CNN_DENSE + CNN_DENSE)
                    + (CNN_DENSE * self.classes + self.classes))  # fmt: skip
        return mlp_parameter_count(self.widths(), self.batchnorm)

    def activations_per_example(self) -> int:
        """Floats the forward pass keeps per example for the backward pass (an estimate
        within a small factor: each layer's output, its normalized and activated copies)."""
        if self.kind == "cnn":
            c1, c2 = CNN_CHANNELS
            s = self.image_side
            return (s * s + 2 * c1 * s * s + c1 * (s // 2) ** 2 + 2 * c2 * (s // 2) ** 2
                    + c2 * (s // 4) ** 2 + 2 * CNN_DENSE + self.classes)  # fmt: skip
        return mlp_activations_per_example(self.widths(), self.batchnorm, self.dropout > 0)

    def activation_problems(self, batch: int) -> list[str]:
        """A minibatch of ``batch`` examples whose activations would not fit the bound."""
        return size_problems(0, self.activations_per_example(), batch)

    def to_dict(self) -> dict:
        """Plain data for the weights' JSON (input and output sizes included)."""
        return F.to_plain(self, derived=True)

    @staticmethod
    def from_dict(data: dict) -> ModelConfig:
        """The inverse of :meth:`to_dict`, validated in full (size bounds included) before
        anything is allocated; every problem in one :class:`ModelError`."""
        return F.config_from_plain(ModelConfig, data, allow_derived=True, error=ModelError)


def build_model(config: ModelConfig, generator):
    """A torch module for ``config``; weights drawn from ``generator`` (seeded by the caller)."""
    import torch
    from torch import nn

    from lab.engine.core.initializers import initialize

    F.check_config(config, ModelError)
    act = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "leaky_relu": nn.LeakyReLU,
           "elu": nn.ELU, "gelu": nn.GELU}[config.activation]  # fmt: skip
    if config.kind == "cnn":
        side = config.image_side // 4  # two 2x2 poolings
        layers = [nn.Unflatten(1, (1, config.image_side, config.image_side)),
                  nn.Conv2d(1, 16, 3, padding=1), act(), nn.MaxPool2d(2),
                  nn.Conv2d(16, 32, 3, padding=1), act(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Linear(32 * side * side, 100), act(),
                  nn.Linear(100, config.classes)]  # fmt: skip
    else:
        layers, width = [], config.inputs
        for units in config.hidden:
            layers.append(nn.Linear(width, units))
            if config.batchnorm:
                layers.append(nn.BatchNorm1d(units))
            layers.append(act())
            if config.dropout:
                layers.append(nn.Dropout(config.dropout))
            width = units
        layers.append(nn.Linear(width, config.classes))
    model = nn.Sequential(*layers)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Linear | nn.Conv2d):
                weight = module.weight.view(module.weight.shape[0], -1)  # (fan_out, fan_in)
                initialize(weight, config.init, generator)
                module.bias.zero_()
    return model


def weight_parameters(model) -> list:
    """The weights that weight decay and L1 act on (the book: weights only, not biases or BN)."""
    from torch import nn

    return [m.weight for m in model.modules() if isinstance(m, nn.Linear | nn.Conv2d)]
