"""Weight initializers: a registry over ``torch.nn.init``, plus the book's variants named honestly.

Every entry fills a (fan_out, fan_in) weight through torch's own function (or ``normal_`` with
the entry's std), with an explicit ``torch.Generator`` so a seed reproduces the weights. Each
knows its formula and its theoretical std for a layer shape, so the lab can show what the
weights *should* look like next to what the activations do.

The book calls std √(1/n) "Xavier" and √(2/n) "He" (n = fan_in); Glorot's Xavier is
√(2/(fan_in + fan_out)). Both are here, under names that say which is which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lab.engine.core.fields import ConfigError, Decl
from lab.engine.core.specs import check_params, format_spec, number, parse_spec

# torch.nn.init.calculate_gain, for the nonlinearities the lab offers
GAINS = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3, "relu": math.sqrt(2.0),
         "selu": 3.0 / 4}  # fmt: skip


# every initializer parameter declared once: type, range and help (the editors' tooltips)
PARAMS: dict[str, Decl] = {
    "std": Decl("float", "σ: standard deviation of the weights", 0.0),
    "a": Decl("float", "weights drawn from U(−a, a)", 0.0),
    "gain": Decl("float", "multiplies the std (torch.nn.init.calculate_gain)", 0.0),
    "value": Decl("float", "c: every weight is c"),
    "mode": Decl("choice", "fan_in keeps the forward signal's variance; fan_out the "
                 "backward gradient's", choices=("fan_in", "fan_out")),
    "nonlinearity": Decl("choice", "the activation the gain is computed for",
                         choices=tuple(GAINS)),
}


class InitializerError(ConfigError):
    """Unknown initializer or parameter, or a value out of range."""


@dataclass(frozen=True)
class InitializerSpec:
    name: str
    title: str
    formula: str
    defaults: dict[str, float | str] = field(default_factory=dict)


INITIALIZERS: dict[str, InitializerSpec] = {
    s.name: s
    for s in (
        InitializerSpec("normal", "Normal(0, σ)", "W ~ N(0, σ²)", {"std": 0.01}),
        InitializerSpec("uniform", "Uniform(−a, a)", "W ~ U(−a, a),  std = a/√3", {"a": 0.05}),
        InitializerSpec("xavier-normal", "Xavier/Glorot normal",
                        "W ~ N(0, σ²),  σ = gain·√(2/(fan_in + fan_out))", {"gain": 1.0}),
        InitializerSpec("xavier-uniform", "Xavier/Glorot uniform",
                        "W ~ U(−a, a),  a = gain·√(6/(fan_in + fan_out))", {"gain": 1.0}),
        InitializerSpec("he-normal", "He/Kaiming normal",
                        "W ~ N(0, σ²),  σ = gain/√fan  (ReLU gain √2; fan = fan_in or fan_out)",
                        {"mode": "fan_in", "nonlinearity": "relu"}),
        InitializerSpec("he-uniform", "He/Kaiming uniform",
                        "W ~ U(−a, a),  a = gain·√(3/fan)  (ReLU gain √2)",
                        {"mode": "fan_in", "nonlinearity": "relu"}),
        InitializerSpec("lecun-normal", "LeCun normal", "W ~ N(0, σ²),  σ = √(1/fan_in)"),
        InitializerSpec("orthogonal", "Orthogonal",
                        "W = gain·Q,  Q from the QR decomposition of a Gaussian matrix",
                        {"gain": 1.0}),
        InitializerSpec("zeros", "Zeros (symmetry problem)",
                        "W = 0: every unit computes the same thing and gets the same gradient"),
        InitializerSpec("constant", "Constant (symmetry problem)",
                        "W = c: every unit stays identical to its neighbours", {"value": 0.01}),
        InitializerSpec("book-xavier", "Book's “Xavier”: std √(1/n)",
                        "W ~ N(0, 1/n),  n = fan_in  (Deep Learning from Scratch, 6.2.2; "
                        "this is LeCun normal; Glorot's is xavier-normal)"),
        InitializerSpec("book-he", "Book's “He”: std √(2/n)",
                        "W ~ N(0, 2/n),  n = fan_in  (Deep Learning from Scratch, 6.2.3; "
                        "equals he-normal with fan_in and ReLU)"),
    )
}  # fmt: skip


@dataclass(frozen=True)
class InitConfig:
    """An initializer and its parameters (validated by :func:`make_init`)."""

    name: str = "he-normal"
    params: tuple[tuple[str, float | str], ...] = ()

    @property
    def spec(self) -> InitializerSpec:
        return INITIALIZERS[self.name]

    def param(self, key: str):
        return dict(self.params).get(key, self.spec.defaults.get(key))

    def theoretical_std(self, fan_in: int, fan_out: int) -> float:
        """The std of the weights this initializer draws for a (fan_out, fan_in) matrix."""
        name = self.name
        if name == "normal":
            return float(self.param("std"))
        if name == "uniform":
            return float(self.param("a")) / math.sqrt(3)
        if name.startswith("xavier"):
            return float(self.param("gain")) * math.sqrt(2.0 / (fan_in + fan_out))
        if name.startswith("he"):
            fan = fan_in if self.param("mode") == "fan_in" else fan_out
            return GAINS[self.param("nonlinearity")] / math.sqrt(fan)
        if name in ("lecun-normal", "book-xavier"):
            return math.sqrt(1.0 / fan_in)
        if name == "book-he":
            return math.sqrt(2.0 / fan_in)
        if name == "orthogonal":
            # rows (or columns) are orthonormal: every entry has mean square gain² / max(shape)
            return float(self.param("gain")) / math.sqrt(max(fan_in, fan_out))
        return 0.0  # zeros, constant: no spread at all

    def label(self) -> str:
        extra = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                          for k, v in self.params)  # fmt: skip
        return f"{self.name}({extra})" if extra else self.name


def make_init(name: str, **params) -> InitConfig:
    """Validate an initializer and its parameters (every problem in one message)."""
    if name not in INITIALIZERS:
        raise InitializerError(f"unknown initializer '{name}'; known: {', '.join(INITIALIZERS)}")
    spec = INITIALIZERS[name]
    merged = check_params(name, params, spec.defaults, PARAMS, InitializerError)
    return InitConfig(name, tuple(merged.items()))


def initialize(weight, config: InitConfig, generator) -> None:
    """Fill ``weight`` (a torch tensor shaped (fan_out, fan_in)) in place."""
    import torch
    from torch.nn import init

    name, p, g = config.name, config.param, generator
    fan_out, fan_in = weight.shape[0], weight.shape[1]
    with torch.no_grad():
        if name == "normal":
            init.normal_(weight, 0.0, p("std"), generator=g)
        elif name == "uniform":
            init.uniform_(weight, -p("a"), p("a"), generator=g)
        elif name == "xavier-normal":
            init.xavier_normal_(weight, gain=p("gain"), generator=g)
        elif name == "xavier-uniform":
            init.xavier_uniform_(weight, gain=p("gain"), generator=g)
        elif name == "he-normal":
            init.kaiming_normal_(weight, mode=p("mode"), nonlinearity=p("nonlinearity"),
                                 generator=g)  # fmt: skip
        elif name == "he-uniform":
            init.kaiming_uniform_(weight, mode=p("mode"), nonlinearity=p("nonlinearity"),
                                  generator=g)  # fmt: skip
        elif name == "orthogonal":
            init.orthogonal_(weight, gain=p("gain"), generator=g)
        elif name == "zeros":
            init.zeros_(weight)
        elif name == "constant":
            init.constant_(weight, p("value"))
        else:  # lecun-normal, book-xavier, book-he: Gaussian with the entry's std
            init.normal_(weight, 0.0, config.theoretical_std(fan_in, fan_out), generator=g)


# short names people type: "he" is what the book and most courses call He/Kaiming normal
ALIASES = {"he": "he-normal", "kaiming": "he-normal", "xavier": "xavier-normal",
           "glorot": "xavier-normal", "lecun": "lecun-normal", "std": "normal"}  # fmt: skip


def parse_init(text: str) -> InitConfig:
    """``he-normal:mode=fan_out`` or ``normal:std=0.01`` -> InitConfig."""
    def convert(key: str, raw: str):
        return raw if key in ("mode", "nonlinearity") else number(key, raw)

    name, params = parse_spec(text, InitializerError, convert)
    return make_init(ALIASES.get(name, name), **params)


def format_init(config: InitConfig) -> str:
    """The inverse of :func:`parse_init` (files, sessions, CLI)."""
    return format_spec(config.name, config.params)
