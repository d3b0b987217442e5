"""The networks the training lab trains: an MLP and a small CNN, built from a plain config.

MLP layers run Linear -> BatchNorm (optional) -> activation -> Dropout (optional), the book's
order. Weights come from the initializer registry (so "he" here is the same draw as in the
initialization lab), biases start at zero as in the book. Dropout is torch's (inverted: kept
units are scaled by 1/(1-p) while training); the book's is not inverted, which changes the
scale of the activations during training but not what the network learns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from lab.engine.core.initializers import InitConfig, make_init, parse_init
from lab.engine.core.specs import format_spec

MODEL_KINDS = ("mlp", "cnn")
ACTIVATIONS = ("relu", "sigmoid", "tanh", "leaky_relu", "elu", "gelu")


class ModelError(ValueError):
    """A model configuration that cannot be built."""


@dataclass(frozen=True)
class ModelConfig:
    kind: str = "mlp"
    hidden: tuple[int, ...] = (100, 100, 100, 100)  # the book's 784-100x4-10
    activation: str = "relu"
    init: InitConfig = field(default_factory=lambda: make_init("book-he"))
    batchnorm: bool = False
    dropout: float = 0.0
    inputs: int = 784
    image_side: int = 28
    classes: int = 10

    def validate(self) -> list[str]:
        problems = []
        if self.kind not in MODEL_KINDS:
            problems.append(f"model kind must be one of {', '.join(MODEL_KINDS)}")
        if self.activation not in ACTIVATIONS:
            problems.append(f"activation must be one of {', '.join(ACTIVATIONS)}")
        if self.kind == "mlp" and (not self.hidden or any(not 1 <= h <= 4096
                                                          for h in self.hidden)):
            problems.append("hidden layers must be 1 to 4096 units each (at least one layer)")
        if not 0.0 <= self.dropout < 1.0:
            problems.append("dropout must lie in [0, 1)")
        if self.classes < 2:
            problems.append("at least two classes are needed")
        return problems

    def to_dict(self) -> dict:
        data = asdict(self)
        data["hidden"] = list(self.hidden)
        data["init"] = format_spec(self.init.name, self.init.params)
        return data

    @staticmethod
    def from_dict(data: dict) -> ModelConfig:
        values = dict(data)
        if "init" in values:
            values["init"] = parse_init(str(values["init"]))
        if "hidden" in values:
            values["hidden"] = tuple(int(h) for h in values["hidden"])
        try:
            return ModelConfig(**values)
        except TypeError as err:
            raise ModelError(str(err)) from None


def build_model(config: ModelConfig, generator):
    """A torch module for ``config``; weights drawn from ``generator`` (seeded by the caller)."""
    import torch
    from torch import nn

    from lab.engine.core.initializers import initialize

    problems = config.validate()
    if problems:
        raise ModelError("; ".join(problems))
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
