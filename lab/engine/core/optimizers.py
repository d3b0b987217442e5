"""The registry of update rules, with torch.optim's names and defaults.

Each entry maps one of our names onto an update *kind* that the compiled kernel runs, plus its
hyperparameters. Hyperparameter names follow torch.optim (``betas`` is split into ``beta1`` and
``beta2``). ``momentum`` and ``nesterov`` are torch's SGD with momentum 0.9, as in the book and
the course notes (torch's SGD default is momentum 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lab.engine.core.fields import ConfigError, Decl
from lab.engine.core.specs import check_params, format_spec, parse_spec

# update kinds run by lab.engine.optimize.kernels
KIND_SGD, KIND_ADAGRAD, KIND_RMSPROP, KIND_ADAM, KIND_NADAM, KIND_RADAM, KIND_ADADELTA = range(7)

# columns of the hyperparameter matrix handed to the kernel
HYPER_COLUMNS = (
    "momentum", "dampening", "nesterov", "weight_decay", "beta1", "beta2", "eps", "alpha",
    "centered", "lr_decay", "initial_accumulator_value", "rho", "momentum_decay",
    "decoupled_weight_decay", "amsgrad",
)  # fmt: skip
COLUMN = {name: i for i, name in enumerate(HYPER_COLUMNS)}
FLAGS = frozenset({"nesterov", "centered", "decoupled_weight_decay", "amsgrad"})


def _unit(help: str, closed: bool = False) -> Decl:
    return Decl("float", help, 0.0, 1.0, high_open=not closed)


def _flag(help: str) -> Decl:
    return Decl("float", help + " (0 or 1)", 0.0, 1.0)


# every hyperparameter declared once: range and help (shown as tooltips in the editors)
PARAMS: dict[str, Decl] = {
    "lr": Decl("float", "learning rate η", 0.0, low_open=True),
    "momentum": _unit("μ: share of the previous step kept"),
    "dampening": _unit("τ: damps the new gradient in the momentum buffer", closed=True),
    "nesterov": _flag("Nesterov's look-ahead gradient"),
    "weight_decay": Decl("float", "λ: adds λ·θ to the gradient (AdamW: shrinks θ directly)",
                         0.0),
    "beta1": _unit("β₁: decay of the gradient average m"),
    "beta2": _unit("β₂: decay of the squared-gradient average v"),
    "eps": Decl("float", "ε: keeps the division finite", 0.0),
    "alpha": _unit("α: decay of the squared-gradient average", closed=True),
    "centered": _flag("divide by the variance, not the raw second moment"),
    "lr_decay": Decl("float", "η is divided by 1 + (t−1)·decay", 0.0),
    "initial_accumulator_value": Decl("float", "starting value of the sum of squares", 0.0),
    "rho": _unit("ρ: decay of the running averages", closed=True),
    "momentum_decay": Decl("float", "ψ: how fast NAdam's momentum schedule warms up", 0.0),
    "decoupled_weight_decay": _flag("decay θ directly instead of adding λ·θ to g"),
    "amsgrad": _flag("keep the maximum of v (AMSGrad)"),
}


class OptimizerError(ConfigError):
    """An unknown optimizer or hyperparameter, or a value out of range."""


@dataclass(frozen=True)
class OptimizerSpec:
    """One registry entry: defaults (lr included), the torch class it matches, its rule."""

    name: str
    title: str
    kind: int
    torch_class: str
    defaults: dict[str, float]
    rule: str  # the update rule in readable math
    fixed: dict[str, float] = field(default_factory=dict)  # not user-editable (e.g. amsgrad)


_ADAM_RULE = (
    "m ← β₁·m + (1−β₁)·g\nv ← β₂·v + (1−β₂)·g²\n"
    "m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)\nθ ← θ − η·m̂ / (√v̂ + ε)"
)

OPTIMIZERS: dict[str, OptimizerSpec] = {
    spec.name: spec
    for spec in (
        OptimizerSpec("sgd", "SGD", KIND_SGD, "SGD", {"lr": 1e-3, "weight_decay": 0.0},
                      "θ ← θ − η·g", {"momentum": 0.0}),
        OptimizerSpec("momentum", "Momentum", KIND_SGD, "SGD",
                      {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
                      "b ← μ·b + (1−τ)·g   (b = g at the first step)\nθ ← θ − η·b\n"
                      "(the book writes v ← μ·v − η·g; equal while η is constant)"),
        OptimizerSpec("nesterov", "Nesterov", KIND_SGD, "SGD",
                      {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.0},
                      "b ← μ·b + g\nθ ← θ − η·(g + μ·b)", {"nesterov": 1.0}),
        OptimizerSpec("adagrad", "AdaGrad", KIND_ADAGRAD, "Adagrad",
                      {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0,
                       "initial_accumulator_value": 0.0, "eps": 1e-10},
                      "s ← s + g²\nθ ← θ − η/(1+(t−1)·decay) · g/(√s + ε)"),
        OptimizerSpec("rmsprop", "RMSProp", KIND_RMSPROP, "RMSprop",
                      {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0,
                       "momentum": 0.0, "centered": 0.0},
                      "v ← α·v + (1−α)·g²\n(centered: ḡ ← α·ḡ + (1−α)·g, v̄ = v − ḡ²)\n"
                      "b ← μ·b + g/(√v̄ + ε)\nθ ← θ − η·b   (μ = 0: θ ← θ − η·g/(√v̄ + ε))"),
        OptimizerSpec("adam", "Adam", KIND_ADAM, "Adam",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      _ADAM_RULE + "\n(weight decay adds λ·θ to g)", {"amsgrad": 0.0}),
        OptimizerSpec("amsgrad", "AMSGrad", KIND_ADAM, "Adam",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      _ADAM_RULE.replace("θ ← θ − η·m̂ / (√v̂ + ε)",
                                         "v_max ← max(v_max, v)\nθ ← θ − η·m̂ / (√v̂_max + ε)"),
                      {"amsgrad": 1.0}),
        OptimizerSpec("adamw", "AdamW", KIND_ADAM, "AdamW",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.01},
                      "θ ← θ·(1 − η·λ)   (decoupled weight decay)\n" + _ADAM_RULE,
                      {"decoupled_weight_decay": 1.0, "amsgrad": 0.0}),
        OptimizerSpec("nadam", "NAdam", KIND_NADAM, "NAdam",
                      {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0, "momentum_decay": 4e-3},
                      "μₜ = β₁·(1 − ½·0.96^(t·ψ))\nm ← β₁·m + (1−β₁)·g,  v ← β₂·v + (1−β₂)·g²\n"
                      "θ ← θ − η·[(1−μₜ)·g/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁)] / (√(v/(1−β₂ᵗ)) + ε)",
                      {"decoupled_weight_decay": 0.0}),
        OptimizerSpec("radam", "RAdam", KIND_RADAM, "RAdam",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      "m, v as Adam;  ρ∞ = 2/(1−β₂) − 1,  ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ)\n"
                      "ρₜ > 5: θ ← θ − η·r·m̂·√(1−β₂ᵗ)/(√v + ε)   (r: variance rectification)\n"
                      "else:   θ ← θ − η·m̂", {"decoupled_weight_decay": 0.0}),
        OptimizerSpec("adadelta", "Adadelta", KIND_ADADELTA, "Adadelta",
                      {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
                      "v ← ρ·v + (1−ρ)·g²\nΔ = √(u + ε)/√(v + ε) · g\nu ← ρ·u + (1−ρ)·Δ²\n"
                      "θ ← θ − η·Δ"),
    )
}  # fmt: skip

@dataclass(frozen=True)
class OptimizerConfig:
    """An optimizer with its hyperparameters; ``label`` names it in plots and CSV."""

    name: str
    hyper: tuple[tuple[str, float], ...]
    label: str = ""

    @property
    def spec(self) -> OptimizerSpec:
        return OPTIMIZERS[self.name]

    @property
    def params(self) -> dict[str, float]:
        return dict(self.hyper)

    @property
    def lr(self) -> float:
        return self.params["lr"]

    def with_params(self, **changes: float) -> OptimizerConfig:
        return make_optimizer(self.name, label=self.label, **{**self.params, **changes})


def make_optimizer(name: str, label: str = "", **overrides: float) -> OptimizerConfig:
    """Build a validated config from a registry name and hyperparameter overrides; every
    problem (unknown key, wrong type, out of range, flag not 0/1) is in one message."""
    if name not in OPTIMIZERS:
        raise OptimizerError(f"unknown optimizer '{name}'; known: {', '.join(OPTIMIZERS)}")
    spec = OPTIMIZERS[name]
    overrides = {k: float(v) if isinstance(v, bool) else v for k, v in overrides.items()}
    params = check_params(name, overrides, spec.defaults, PARAMS, OptimizerError,
                          "hyperparameter")
    flags = [k for k in FLAGS & params.keys() if params[k] not in (0.0, 1.0)]
    if flags:
        raise OptimizerError(f"{name}: {', '.join(sorted(flags))} is a flag (0 or 1)")
    return OptimizerConfig(name, tuple(params.items()), label or name)


def parse_optimizer(text: str) -> OptimizerConfig:
    """``adam:lr=0.3,beta1=0.8`` -> OptimizerConfig (the CLI's and presets' syntax)."""
    name, overrides = parse_spec(text, OptimizerError)
    return make_optimizer(name, **overrides)


def format_optimizer(config: OptimizerConfig) -> str:
    """The inverse of :func:`parse_optimizer` (``sgd:lr=0.01,weight_decay=0.0``)."""
    return format_spec(config.name, config.hyper)


def hyper_matrix(configs: list[OptimizerConfig]) -> tuple[np.ndarray, np.ndarray]:
    """Kinds (n,) and the hyperparameter matrix (n, len(HYPER_COLUMNS)) for the kernel."""
    kinds = np.empty(len(configs), dtype=np.int64)
    hyper = np.zeros((len(configs), len(HYPER_COLUMNS)), dtype=np.float64)
    for row, config in enumerate(configs):
        spec = config.spec
        kinds[row] = spec.kind
        for key, value in {**config.params, **spec.fixed}.items():
            if key != "lr":
                hyper[row, COLUMN[key]] = value
    return kinds, hyper


def torch_kwargs(config: OptimizerConfig) -> dict:
    """The keyword arguments that build the equivalent ``torch.optim`` optimizer."""
    params = {**config.params, **config.spec.fixed}
    kwargs = {k: v for k, v in params.items() if k not in ("beta1", "beta2")}
    if "beta1" in params:
        kwargs["betas"] = (params["beta1"], params["beta2"])
    for flag in FLAGS & kwargs.keys():
        kwargs[flag] = bool(kwargs[flag])
    if config.spec.torch_class == "AdamW":
        kwargs.pop("decoupled_weight_decay")
    return kwargs
