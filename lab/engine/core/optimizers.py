"""The registry of update rules, with their references' names and defaults.

Each entry maps one of our names onto an update *kind* that the compiled kernel runs, plus its
hyperparameters. Hyperparameter names follow the reference (torch.optim, or the package named by
``package``); its tuples are split (``betas`` into ``beta1`` and ``beta2``, Rprop's ``etas`` and
``step_sizes``, Adafactor's ``eps`` into its second item ``eps2``). ``momentum`` and
``nesterov`` are torch's SGD with momentum 0.9, as in the book and the course notes (torch's SGD
default is momentum 0). Each entry also says what its state is (:class:`StateColumn`): the
tensors the reference keeps in ``optimizer.state``, which the kernel can record step by step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from lab.engine.core import optimizer_state as S
from lab.engine.core.fields import ConfigError, Decl
from lab.engine.core.specs import check_params, format_spec, parse_spec

# update kinds run by lab.engine.optimize.kernels; those from KIND_ADAMAX on by its kernel_rules
KIND_SGD, KIND_ADAGRAD, KIND_RMSPROP, KIND_ADAM, KIND_NADAM, KIND_RADAM, KIND_ADADELTA = range(7)
KIND_ADAMAX, KIND_RPROP, KIND_MUON, KIND_ADAFACTOR, KIND_LION = range(7, 12)
KIND_SF_SGD, KIND_SF_ADAMW = 12, 13
KINDS = 14

# columns of the hyperparameter matrix handed to the kernel
HYPER_COLUMNS = (
    "momentum", "dampening", "nesterov", "weight_decay", "beta1", "beta2", "eps", "alpha",
    "centered", "lr_decay", "initial_accumulator_value", "rho", "momentum_decay",
    "decoupled_weight_decay", "amsgrad", "etaminus", "etaplus", "step_size_min",
    "step_size_max", "beta2_decay", "eps2", "d", "ns_steps", "warmup_steps", "r",
    "weight_lr_power",
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
    "beta1": _unit("β₁: decay of the gradient average m (Lion: m's weight in the step's "
                   "sign; Schedule-Free: y = (1−β₁)·z + β₁·x)"),
    "beta2": _unit("β₂: decay of the squared-gradient average v (Adamax: of the maximum u; "
                   "Lion: of m)"),
    "eps": Decl("float", "ε: keeps the division finite", 0.0),
    "alpha": _unit("α: decay of the squared-gradient average", closed=True),
    "centered": _flag("divide by the variance, not the raw second moment"),
    "lr_decay": Decl("float", "η is divided by 1 + (t−1)·decay", 0.0),
    "initial_accumulator_value": Decl("float", "starting value of the sum of squares", 0.0),
    "rho": _unit("ρ: decay of the running averages", closed=True),
    "momentum_decay": Decl("float", "ψ: how fast NAdam's momentum schedule warms up", 0.0),
    "decoupled_weight_decay": _flag("decay θ directly instead of adding λ·θ to g"),
    "amsgrad": _flag("keep the maximum of v (AMSGrad)"),
    "etaminus": Decl("float", "η₋: shrinks a step size where the gradient's sign flipped",
                     0.0, 1.0, low_open=True, high_open=True),
    "etaplus": Decl("float", "η₊: grows a step size while the gradient's sign holds", 1.0,
                    low_open=True),
    "step_size_min": Decl("float", "the smallest step size", 0.0),
    "step_size_max": Decl("float", "the largest step size", 0.0, low_open=True),
    "beta2_decay": Decl("float", "c: the squared-gradient average forgets at rate t^c", None,
                        0.0),
    "eps2": Decl("float", "ε₂: the smallest scale RMS(θ) a step is relative to", 0.0),
    "d": Decl("float", "d: the update's RMS is clipped to d", 1.0),
    "ns_steps": Decl("int", "Newton–Schulz iterations that orthogonalise the update", 0, 99),
    "warmup_steps": Decl("int", "η rises linearly over this many steps", 0),
    "r": Decl("float", "the average weighs step t by t^r (0: equally)", 0.0),
    "weight_lr_power": Decl("float", "the average weighs step t by η_max^power", 0.0),
}
# tuples of the references' signatures, split into one hyperparameter per item
TUPLES = {"betas": ("beta1", "beta2"), "etas": ("etaminus", "etaplus"),
          "step_sizes": ("step_size_min", "step_size_max")}  # fmt: skip

class OptimizerError(ConfigError):
    """An unknown optimizer or hyperparameter, or a value out of range."""


@dataclass(frozen=True)
class OptimizerSpec:
    """One registry entry: defaults (lr included), the reference class it matches, its rule,
    what its state holds."""

    name: str
    title: str
    kind: int
    torch_class: str  # the reference's class name in ``package``
    defaults: dict[str, float]
    rule: str  # the update rule in readable math
    fixed: dict[str, float] = field(default_factory=dict)  # not user-editable (e.g. amsgrad)
    state: tuple[S.StateColumn, ...] = ()
    package: str = "torch.optim"  # where the reference lives (others are test dependencies)
    kernel_fixed: dict[str, float] = field(default_factory=dict)  # the kernel's, not torch's
    ranges: dict[str, Decl] = field(default_factory=dict)  # narrower than PARAMS here
    ordered: tuple[tuple[str, str], ...] = ()  # (low, high) pairs: low must not exceed high

    @property
    def reference(self) -> str:
        """The reference class, e.g. ``torch.optim.Adam`` or ``lion_pytorch.Lion``."""
        return f"{self.package}.{self.torch_class}"

    def decl(self, key: str) -> Decl:
        return self.ranges.get(key, PARAMS[key])

    def state_columns(self, params: dict | None = None) -> tuple[S.StateColumn, ...]:
        """The gradient, the step and the state this optimizer keeps with ``params`` (its
        defaults when None): a column whose ``when`` is zero does not exist (torch's SGD
        without momentum has no momentum buffer)."""
        values = {**self.defaults, **(params or {}), **self.fixed}
        return (S.GRADIENT, S.STEP, *(c for c in self.state if not c.when or values.get(c.when)))


_SF_AVERAGE = ("x ← (1−cₜ)·x + cₜ·z,  cₜ = wₜ/Σw,  wₜ = tʳ·η_max^p   (x: the average, "
               "where the loss is measured)\nηₜ = η·min(1, t/warmup)")
_ADAM_STATE = (S.EXP_AVG, S.EXP_AVG_SQ, S.MAX_EXP_AVG_SQ)
_MUON_RULE = (
    "B ← μ·B + (1−μ)·g\nU = g + μ·(B − g)   (Nesterov; else U = B)\n"
    "O = NS(U): ns_steps Newton–Schulz iterations towards the orthogonal factor of U, in "
    "bfloat16 as torch\nθ ← θ·(1 − η·λ) − η·O\n"
    "Here θ = (x, y) is a 1×2 matrix, as torch would hold it: its one singular value is |U|, "
    "so orthogonalising keeps only the direction U/|U|: a normalised step of length ≈ 0.70·η "
    "(five iterations map a singular value 1 to 0.70, not 1; 0 iterations: exactly η).\n"
    "Training lab: Muon for the hidden layers' weight matrices (not the first or the last "
    "layer), AdamW with torch's defaults and the same η for everything else.")

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
                      "(the book writes v ← μ·v − η·g; equal while η is constant)",
                      state=(S.MOMENTUM_BUFFER,)),
        OptimizerSpec("nesterov", "Nesterov", KIND_SGD, "SGD",
                      {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.0},
                      "b ← μ·b + g\nθ ← θ − η·(g + μ·b)", {"nesterov": 1.0},
                      state=(S.NESTEROV_BUFFER,)),
        OptimizerSpec("adagrad", "AdaGrad", KIND_ADAGRAD, "Adagrad",
                      {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0,
                       "initial_accumulator_value": 0.0, "eps": 1e-10},
                      "s ← s + g²\nθ ← θ − η/(1+(t−1)·decay) · g/(√s + ε)",
                      state=(S.SUM,)),
        OptimizerSpec("rmsprop", "RMSProp", KIND_RMSPROP, "RMSprop",
                      {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0,
                       "momentum": 0.0, "centered": 0.0},
                      "v ← α·v + (1−α)·g²\n(centered: ḡ ← α·ḡ + (1−α)·g, v̄ = v − ḡ²)\n"
                      "b ← μ·b + g/(√v̄ + ε)\nθ ← θ − η·b   (μ = 0: θ ← θ − η·g/(√v̄ + ε))",
                      state=(S.SQUARE_AVG, S.GRAD_AVG, S.RMSPROP_BUFFER)),
        OptimizerSpec("adam", "Adam", KIND_ADAM, "Adam",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      _ADAM_RULE + "\n(weight decay adds λ·θ to g)", {"amsgrad": 0.0},
                      state=_ADAM_STATE),
        OptimizerSpec("amsgrad", "AMSGrad", KIND_ADAM, "Adam",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      _ADAM_RULE.replace("θ ← θ − η·m̂ / (√v̂ + ε)",
                                         "v_max ← max(v_max, v)\nθ ← θ − η·m̂ / (√v̂_max + ε)"),
                      {"amsgrad": 1.0}, state=_ADAM_STATE),
        OptimizerSpec("adamw", "AdamW", KIND_ADAM, "AdamW",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.01},
                      "θ ← θ·(1 − η·λ)   (decoupled weight decay)\n" + _ADAM_RULE,
                      {"decoupled_weight_decay": 1.0, "amsgrad": 0.0}, state=_ADAM_STATE),
        OptimizerSpec("nadam", "NAdam", KIND_NADAM, "NAdam",
                      {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0, "momentum_decay": 4e-3},
                      "μₜ = β₁·(1 − ½·0.96^(t·ψ))\nm ← β₁·m + (1−β₁)·g,  v ← β₂·v + (1−β₂)·g²\n"
                      "θ ← θ − η·[(1−μₜ)·g/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁)] / (√(v/(1−β₂ᵗ)) + ε)",
                      {"decoupled_weight_decay": 0.0},
                      state=(S.EXP_AVG, S.EXP_AVG_SQ, S.MU_PRODUCT)),
        OptimizerSpec("radam", "RAdam", KIND_RADAM, "RAdam",
                      {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      "m, v as Adam;  ρ∞ = 2/(1−β₂) − 1,  ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ)\n"
                      "ρₜ > 5: θ ← θ − η·r·m̂·√(1−β₂ᵗ)/(√v + ε)   (r: variance rectification)\n"
                      "else:   θ ← θ − η·m̂", {"decoupled_weight_decay": 0.0},
                      state=(S.EXP_AVG, S.EXP_AVG_SQ)),
        OptimizerSpec("adadelta", "Adadelta", KIND_ADADELTA, "Adadelta",
                      {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
                      "v ← ρ·v + (1−ρ)·g²\nΔ = √(u + ε)/√(v + ε) · g\nu ← ρ·u + (1−ρ)·Δ²\n"
                      "θ ← θ − η·Δ",
                      state=(S.DELTA_SQUARE_AVG, S.ACC_DELTA)),
        OptimizerSpec("adamax", "Adamax", KIND_ADAMAX, "Adamax",
                      {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0},
                      "m ← β₁·m + (1−β₁)·g\nu ← max(β₂·u, |g| + ε)\n"
                      "θ ← θ − η/(1−β₁ᵗ) · m/u   (Adam with the infinity norm)",
                      state=(S.EXP_AVG, S.EXP_INF)),
        OptimizerSpec("rprop", "Rprop", KIND_RPROP, "Rprop",
                      {"lr": 1e-2, "etaminus": 0.5, "etaplus": 1.2, "step_size_min": 1e-6,
                       "step_size_max": 50.0},
                      "s ← s·η₊ where g·g_prev > 0,  s·η₋ where < 0 (there g ← 0)\n"
                      "s clamped to [s_min, s_max]\nθ ← θ − sign(g)·s,  g_prev ← g\n"
                      "(only the gradient's sign counts; η is the first s, so a schedule "
                      "changes nothing later, as in torch; no weight decay)",
                      state=(S.PREV, S.STEP_SIZE),
                      ordered=(("step_size_min", "step_size_max"),)),
        OptimizerSpec("muon", "Muon", KIND_MUON, "Muon",
                      {"lr": 1e-3, "weight_decay": 0.1, "momentum": 0.95, "nesterov": 1.0,
                       "eps": 1e-7, "ns_steps": 5}, _MUON_RULE,
                      state=(S.MUON_BUFFER,),
                      kernel_fixed={"decoupled_weight_decay": 1.0}),
        OptimizerSpec("adafactor", "Adafactor", KIND_ADAFACTOR, "Adafactor",
                      {"lr": 1e-2, "beta2_decay": -0.8, "eps2": 1e-3, "d": 1.0,
                       "weight_decay": 0.0},
                      "β̂₂ = 1 − t^c,  ρ = min(η, 1/√t),  α = max(ε₂, RMS(θ))·ρ\n"
                      "v ← β̂₂·v + (1−β̂₂)·g²\nU = g/√v\n"
                      "θ ← θ·(1 − η·λ) − α·U / max(1, RMS(U)/d)\n"
                      "Steps are relative to the size of θ. Here θ = (x, y) is a vector: v is "
                      "kept per coordinate. A matrix keeps only its rows' and columns' means "
                      "R, C and uses R·C/mean(R); for a 1×2 matrix that is C, the same v.",
                      state=(S.VARIANCE,)),
        OptimizerSpec("lion", "Lion", KIND_LION, "Lion",
                      {"lr": 1e-4, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0},
                      "c = β₁·m + (1−β₁)·g\nθ ← θ·(1 − η·λ) − η·sign(c)\n"
                      "m ← β₂·m + (1−β₂)·g\n(every coordinate moves by exactly η: "
                      "fixed-size sign steps)",
                      state=(S.LION_EXP_AVG,),
                      package="lion_pytorch", kernel_fixed={"decoupled_weight_decay": 1.0}),
        OptimizerSpec("schedulefree_sgd", "Schedule-Free SGD", KIND_SF_SGD, "SGDScheduleFree",
                      {"lr": 1.0, "momentum": 0.9, "weight_decay": 0.0, "warmup_steps": 0,
                       "r": 0.0, "weight_lr_power": 2.0},
                      "y = (1−β)·z + β·x   (β: momentum; the gradient g is taken at y)\n"
                      "z ← z − ηₜ·g\n" + _SF_AVERAGE,
                      state=(S.SF_Z, S.SF_Y), package="schedulefree",
                      ranges={"momentum": replace(PARAMS["momentum"], low_open=True)}),
        OptimizerSpec("schedulefree_adamw", "Schedule-Free AdamW", KIND_SF_ADAMW,
                      "AdamWScheduleFree",
                      {"lr": 0.0025, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                       "weight_decay": 0.0, "warmup_steps": 0, "r": 0.0,
                       "weight_lr_power": 2.0},
                      "y = (1−β₁)·z + β₁·x   (the gradient g is taken at y)\n"
                      "v ← β₂·v + (1−β₂)·g²,  u = g/(√(v/(1−β₂ᵗ)) + ε) + λ·y\n"
                      "z ← z − ηₜ·u\n" + _SF_AVERAGE,
                      state=(S.SF_ADAMW_Z, S.EXP_AVG_SQ, S.SF_ADAMW_Y),
                      package="schedulefree",
                      ranges={"beta1": replace(PARAMS["beta1"], low_open=True)}),
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
    params = check_params(name, overrides, spec.defaults, {**PARAMS, **spec.ranges},
                          OptimizerError, "hyperparameter")
    flags = [k for k in FLAGS & params.keys() if params[k] not in (0.0, 1.0)]
    if flags:
        raise OptimizerError(f"{name}: {', '.join(sorted(flags))} is a flag (0 or 1)")
    disordered = [f"{low} ({params[low]:g}) exceeds {high} ({params[high]:g})"
                  for low, high in spec.ordered if params[low] > params[high]]
    if disordered:
        raise OptimizerError(f"{name}: " + "; ".join(disordered))
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
        for key, value in {**config.params, **spec.fixed, **spec.kernel_fixed}.items():
            if key != "lr":
                hyper[row, COLUMN[key]] = value
    return kinds, hyper


def torch_kwargs(config: OptimizerConfig) -> dict:
    """The keyword arguments that build the equivalent reference optimizer (``spec.reference``):
    split tuples joined again (``betas``, ``etas``, ``step_sizes``; Adafactor's ``eps`` is
    ``(None, eps2)``: None is torch's default, the machine epsilon of the parameter's dtype),
    flags as booleans, whole numbers as ints."""
    params = {**config.params, **config.spec.fixed}
    kwargs = {k: v for k, v in params.items() if not any(k in items for items in TUPLES.values())}
    for name, items in TUPLES.items():
        if items[0] in params:
            kwargs[name] = tuple(params[item] for item in items)
    if "eps2" in kwargs:
        kwargs["eps"] = (None, kwargs.pop("eps2"))
    for flag in FLAGS & kwargs.keys():
        kwargs[flag] = bool(kwargs[flag])
    for key in kwargs.keys() & {"ns_steps", "warmup_steps"}:
        kwargs[key] = int(kwargs[key])
    if config.spec.torch_class == "AdamW":
        kwargs.pop("decoupled_weight_decay")
    return kwargs
