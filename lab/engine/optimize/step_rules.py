"""Each optimizer's update rule with one update's values written in (the state view's text).

Why a module of its own: the registry writes each rule in symbols (lab.engine.core.optimizers);
here the same rule is worked out with the numbers of update t, from the recorded state, down to
the step Δθ it gives. That Δθ is returned too, so the tests hold the written-out arithmetic
against the step the reference took: the text cannot drift from what the optimizer did.
Each optimizer's visual signature (Lion's ±η square, Muon's circle of equal steps, …) comes
with its lines, as extra marks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

FLOAT64_EPS = 2.220446049250313e-16  # Adafactor's ε₁: torch's machine epsilon for float64

# the hyperparameters as the rules write them
SYMBOLS = {
    "momentum": "μ", "dampening": "τ", "beta1": "β₁", "beta2": "β₂", "eps": "ε",
    "weight_decay": "λ", "alpha": "α", "rho": "ρ", "lr_decay": "decay", "etaminus": "η₋",
    "etaplus": "η₊", "step_size_min": "s_min", "step_size_max": "s_max", "beta2_decay": "c",
    "eps2": "ε₂", "d": "d", "ns_steps": "ns_steps", "warmup_steps": "warmup", "r": "r",
    "weight_lr_power": "p", "momentum_decay": "ψ", "initial_accumulator_value": "s₀",
}  # fmt: skip


@dataclass(frozen=True)
class Context:
    """Update t of one trajectory: its hyperparameters, rate, point before, recorded series."""

    name: str
    params: dict[str, float]
    lr: float
    t: int
    point: np.ndarray  # θ before the update
    values: dict[str, np.ndarray]  # recorded series by column key, row k = after update k+1
    path: np.ndarray
    lrs: np.ndarray

    def now(self, key: str) -> np.ndarray:
        return self.values[key][self.t - 1]

    def previous(self, key: str) -> np.ndarray:
        """The value before this update (zero before the first, as the references start)."""
        return self.values[key][self.t - 2] if self.t >= 2 else np.zeros(2)

    def p(self, key: str) -> float:
        return float(self.params[key])


def vec(value) -> str:
    """A vector as the view prints it: (x, y) to four significant digits."""
    a, b = np.asarray(value, dtype=float).reshape(-1)[:2]
    return f"({a:.4g}, {b:.4g})"


def num(value: float) -> str:
    return f"{value:.4g}"


@dataclass(frozen=True)
class Phrase:
    """Words inside the worked lines: the UI translates each where it occurs (the catalogue
    reads ``note``, as it reads the registries' texts)."""

    note: str


PHRASES = {key: Phrase(text) for key, text in (
    ("taken", "step taken"),
    ("at_y", "the gradient g is taken here"),
    ("one_value", "as a 1×2 matrix has one singular value"),
    ("direction", "only U's direction is kept"),
    ("factored", "a matrix keeps row and column means; a 1×2 point: the same v"),
    ("flipped", "the sign flipped: s shrank, no step"),
    ("untrusted", "ρₜ ≤ 5: v is not trusted yet, a momentum step without it"),
    ("rectified", "ρₜ > 5: the adaptive step, rectified by r"),
)}  # fmt: skip


def _say(key: str) -> str:
    return PHRASES[key].note


Extra = tuple[str, str, str, np.ndarray, str]  # (shape, symbol, title, value, units)
Worked = tuple[list[str], np.ndarray | None, list[Extra]]


def work_out(c: Context) -> Worked:
    """The lines (hyperparameters, the rule with values), Δθ as they compute it (None where
    only the state's own lines are written) and the optimizer's extra marks."""
    shown = [f"{SYMBOLS[k]} = {num(v)}" for k, v in c.params.items()
             if k in SYMBOLS and k not in ("lr",)]  # fmt: skip
    head = [f"t = {c.t},  η = {num(c.lr)}" + ("" if not shown else ",  " + ",  ".join(shown))]
    head.append(f"θ = {vec(c.point)},  g = {vec(c.now('grad'))}")
    rule = RULES.get(c.name)
    if rule is None:
        return head + _state_lines(c), None, []
    lines, step, extra = rule(c)
    taken = f"   = {vec(step)}   ({_say('taken')}: {vec(c.now('delta'))})"
    return head + lines + [taken], step, extra


def _state_lines(c: Context) -> list[str]:
    """Every recorded quantity's update with its new value (the rules written out below do
    their own)."""
    from lab.engine.core.optimizers import OPTIMIZERS

    spec = OPTIMIZERS[c.name]
    lines = [f"{col.formula} = {vec(c.now(col.key)) if col.axes == 2 else num(c.now(col.key)[0])}"
             for col in spec.state_columns(c.params)[2:]]  # fmt: skip
    return lines + [f"Δθ = {vec(c.now('delta'))}"]


def _coupled(c: Context) -> tuple[np.ndarray, str]:
    """g + λ·θ (torch's coupled weight decay) and how it is written."""
    lam = c.p("weight_decay") if "weight_decay" in c.params else 0.0
    g = c.now("grad")
    if lam == 0.0:
        return g, "g"
    return g + lam * c.point, f"(g + λ·θ = {vec(g + lam * c.point)})"


def _decoupled(c: Context) -> tuple[np.ndarray, str]:
    """−η·λ·θ, the decoupled decay's part of the step, and its text ('' without decay)."""
    lam = c.p("weight_decay")
    if lam == 0.0:
        return np.zeros(2), ""
    return -c.lr * lam * c.point, "−η·λ·θ "


def _sgd(c: Context) -> Worked:
    g, text = _coupled(c)
    return [f"Δθ = −η·{text} = −{num(c.lr)}·{vec(g)}"], -c.lr * g, []


def _momentum(c: Context) -> Worked:
    b = c.now("momentum_buffer")
    return [f"b = {vec(b)}", f"Δθ = −η·b = −{num(c.lr)}·{vec(b)}"], -c.lr * b, []


def _nesterov(c: Context) -> Worked:
    g, text = _coupled(c)
    b, mu = c.now("momentum_buffer"), c.p("momentum")
    look = g + mu * b
    return [f"b ← μ·b + {text} = {vec(b)}",
            f"Δθ = −η·(g + μ·b) = −{num(c.lr)}·({vec(g)} + {num(mu)}·{vec(b)})"], -c.lr * look, []


def _adagrad(c: Context) -> Worked:
    g, text = _coupled(c)
    s = c.now("sum")
    clr = c.lr / (1 + (c.t - 1) * c.p("lr_decay"))
    denom = np.sqrt(s) + c.p("eps")
    return [f"s ← s + {text}² = {vec(s)}",
            f"Δθ = −η/(1+(t−1)·decay) · g/(√s + ε) = −{num(clr)}·{vec(g)}/{vec(denom)}"], \
        -clr * g / denom, []


def _rmsprop(c: Context) -> Worked:
    g, text = _coupled(c)
    v = c.now("square_avg")
    lines = [f"v ← α·v + (1−α)·{text}² = {vec(v)}"]
    if c.p("momentum") > 0:
        b = c.now("momentum_buffer")
        return lines + [f"b = {vec(b)}", f"Δθ = −η·b = −{num(c.lr)}·{vec(b)}"], -c.lr * b, []
    if c.p("centered"):
        avg = c.now("grad_avg")
        v = v - avg * avg
        lines.append(f"v̄ = v − ḡ² = {vec(v)}")
    denom = np.sqrt(v) + c.p("eps")
    return lines + [f"Δθ = −η·g/(√v̄ + ε) = −{num(c.lr)}·{vec(g)}/{vec(denom)}"], \
        -c.lr * g / denom, []


def _adam(c: Context) -> Worked:
    m = c.now("exp_avg")
    v = c.now("max_exp_avg_sq" if c.name == "amsgrad" else "exp_avg_sq")
    bc1, bc2 = 1 - c.p("beta1") ** c.t, 1 - c.p("beta2") ** c.t
    m_hat, v_hat = m / bc1, v / bc2
    denom = np.sqrt(v_hat) + c.p("eps")
    decay, text = _decoupled(c) if c.name == "adamw" else (np.zeros(2), "")
    name = "v_max" if c.name == "amsgrad" else "v"
    return [f"m̂ = m/(1−β₁ᵗ) = {vec(m)}/{num(bc1)} = {vec(m_hat)}",
            f"v̂ = {name}/(1−β₂ᵗ) = {vec(v)}/{num(bc2)} = {vec(v_hat)}",
            f"Δθ = {text}−η·m̂/(√v̂ + ε) = {text}−{num(c.lr)}·{vec(m_hat)}/{vec(denom)}"], \
        decay - c.lr * m_hat / denom, []


def _nadam(c: Context) -> Worked:
    """NAdam (Dozat 2016, torch.optim.NAdam): the momentum schedule μₜ = β₁·(1 − ½·0.96^(tψ))
    weighs the new gradient with μₜ and the average with the next μₜ₊₁."""
    g, text = _coupled(c)
    m, v, product = c.now("exp_avg"), c.now("exp_avg_sq"), float(c.now("mu_product")[0])
    b1, psi = c.p("beta1"), c.p("momentum_decay")
    mu, mu_next = (b1 * (1 - 0.5 * 0.96 ** (k * psi)) for k in (c.t, c.t + 1))
    denom = np.sqrt(v / (1 - c.p("beta2") ** c.t)) + c.p("eps")
    a, b = c.lr * (1 - mu) / (1 - product), c.lr * mu_next / (1 - product * mu_next)
    return [f"μₜ = {num(mu)},  μₜ₊₁ = {num(mu_next)},  Πμ = {num(product)}",
            f"m = {vec(m)},  √(v/(1−β₂ᵗ)) + ε = {vec(denom)}",
            f"Δθ = −η·[(1−μₜ)·{text}/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁)]/(√(v/(1−β₂ᵗ)) + ε)",
            f"   = −({num(a)}·{vec(g)} + {num(b)}·{vec(m)})/{vec(denom)}"], \
        -(a * g + b * m) / denom, []


def _radam(c: Context) -> Worked:
    """RAdam (Liu et al. 2020, torch.optim.RAdam): Adam's step once the variance of the
    adaptive rate is tractable (ρₜ > 5), rectified by r; before that, momentum alone."""
    m, v = c.now("exp_avg"), c.now("exp_avg_sq")
    b2, t = c.p("beta2"), c.t
    bc1, bc2 = 1 - c.p("beta1") ** t, 1 - b2**t
    m_hat = m / bc1
    rho_inf = 2 / (1 - b2) - 1
    rho = rho_inf - 2 * t * b2**t / bc2
    lines = [f"m̂ = m/(1−β₁ᵗ) = {vec(m)}/{num(bc1)} = {vec(m_hat)}",
             f"ρ∞ = 2/(1−β₂) − 1 = {num(rho_inf)},  ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ) = {num(rho)}"]
    if rho <= 5:
        return lines + [_say("untrusted"), f"Δθ = −η·m̂ = −{num(c.lr)}·{vec(m_hat)}"], \
            -c.lr * m_hat, []
    r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    denom = np.sqrt(v) + c.p("eps")
    scale = c.lr * r * math.sqrt(bc2)
    return lines + [f"{_say('rectified')}: r = {num(r)}",
                    f"Δθ = −η·r·m̂·√(1−β₂ᵗ)/(√v + ε) = −{num(scale)}·{vec(m_hat)}/{vec(denom)}"], \
        -scale * m_hat / denom, []


def _adadelta(c: Context) -> Worked:
    """Adadelta (Zeiler 2012, torch.optim.Adadelta): the step's own running size u over the
    gradient's v sets each axis's rate, so η = 1 works without tuning."""
    g, text = _coupled(c)
    v, u_before, u = c.now("square_avg"), c.previous("acc_delta"), c.now("acc_delta")
    eps = c.p("eps")
    delta = np.sqrt(u_before + eps) / np.sqrt(v + eps) * g
    return [f"v ← ρ·v + (1−ρ)·{text}² = {vec(v)}",
            f"Δ = √(u + ε)/√(v + ε)·g = √({vec(u_before)} + ε)/√({vec(v)} + ε)·{vec(g)} = "
            f"{vec(delta)}", f"u ← ρ·u + (1−ρ)·Δ² = {vec(u)}",
            f"Δθ = −η·Δ = −{num(c.lr)}·{vec(delta)}"], -c.lr * delta, []


def _adamax(c: Context) -> Worked:
    m, u = c.now("exp_avg"), c.now("exp_inf")
    clr = c.lr / (1 - c.p("beta1") ** c.t)
    return [f"Δθ = −η/(1−β₁ᵗ)·m/u = −{num(clr)}·{vec(m)}/{vec(u)}"], -clr * m / u, []


def _rprop(c: Context) -> Worked:
    s, prev = c.now("step_size"), c.now("prev")
    sign = np.sign(prev)
    flipped = [axis for axis, f in zip("xy", c.now("grad") * c.previous("prev") < 0,
                                       strict=True) if f]  # fmt: skip
    note = f"   ({', '.join(flipped)}: {_say('flipped')})" if flipped else ""
    return [f"s = {vec(s)}{note}", f"Δθ = −sign(g)·s = −{vec(sign)}·{vec(s)}"], -sign * s, []


def _muon(c: Context) -> Worked:
    from lab.engine.optimize.kernel_rules import newton_schulz_bf16

    b, g, mu = c.now("momentum_buffer"), c.now("grad"), c.p("momentum")
    u = g + mu * (b - g) if c.p("nesterov") else b
    o = np.array(newton_schulz_bf16(u[0], u[1], c.p("eps"), int(c.p("ns_steps"))))
    sigma, out = math.hypot(*u), math.hypot(*o)
    decay, text = _decoupled(c)
    nesterov = f"U = g + μ·(B − g) = {vec(u)}" if c.p("nesterov") else f"U = B = {vec(u)}"
    return [f"B = {vec(b)}", nesterov,
            f"U {_say('one_value')} σ = |U| = {num(sigma)}",
            f"O = NS(U) = {vec(o)}: σ → |O| = {num(out)}, {_say('direction')}",
            f"Δθ = {text}−η·O = {text}−{num(c.lr)}·{vec(o)}"], decay - c.lr * o, [
        ("arrow", "−U", "the update before orthogonalising", -u, "gradient"),
        ("circle", "η·|O|", "every step has this length (without weight decay)",
         np.array([c.lr * out]), "map")]


def _adafactor(c: Context) -> Worked:
    v, g = c.now("variance"), c.now("grad")
    rho = min(c.lr, 1 / math.sqrt(c.t))
    rms = math.hypot(*c.point) / math.sqrt(2)
    alpha = max(c.p("eps2"), rms) * rho
    u = g / np.sqrt(np.maximum(v, FLOAT64_EPS**2))
    clip = max(1.0, math.hypot(*u) / (math.sqrt(2) * c.p("d")))
    decay, text = _decoupled(c)
    return [f"v = {vec(v)}   ({_say('factored')})",
            f"ρ = min(η, 1/√t) = {num(rho)},  α = max(ε₂, RMS(θ))·ρ = {num(alpha)}",
            f"U = g/√v = {vec(u)},  max(1, RMS(U)/d) = {num(clip)}",
            f"Δθ = {text}−α·U/max(1, RMS(U)/d) = {text}−{num(alpha / clip)}·{vec(u)}"], \
        decay - alpha / clip * u, []


def _lion(c: Context) -> Worked:
    g, m_before = c.now("grad"), c.previous("exp_avg")
    b1 = c.p("beta1")
    interp = b1 * m_before + (1 - b1) * g
    sign = np.sign(interp)
    decay, text = _decoupled(c)
    return [f"c = β₁·m + (1−β₁)·g = {num(b1)}·{vec(m_before)} + {num(1 - b1)}·{vec(g)} = "
            f"{vec(interp)}", f"m ← β₂·m + (1−β₂)·g = {vec(c.now('exp_avg'))}",
            f"Δθ = {text}−η·sign(c) = {text}−{num(c.lr)}·{vec(sign)}"], decay - c.lr * sign, [
        ("arrow", "−c", "the interpolated momentum whose sign is the step", -interp, "gradient"),
        ("box", "±η", "every sign step lands on a corner of this square",
         np.array([c.lr, c.lr]), "map")]


def _schedule_free(c: Context) -> Worked:
    adamw = c.name == "schedulefree_adamw"
    z_new, x_old = c.now("z"), c.path[c.t - 1]
    weight, lr_t = average_weight(c)
    y_old = c.previous("y") if c.t >= 2 else c.path[0]
    beta = "β₁" if adamw else "β"
    lines = [f"y = (1−{beta})·z + {beta}·x = {vec(y_old)}: {_say('at_y')}"]
    if adamw:
        v = c.now("exp_avg_sq")
        lines.append(f"v ← β₂·v + (1−β₂)·g² = {vec(v)}")
        lines.append(f"z ← z − ηₜ·(g/(√v̂ + ε) + λ·y) = {vec(z_new)},  ηₜ = {num(lr_t)}")
    else:
        lines.append(f"z ← z − ηₜ·g = {vec(z_new)},  ηₜ = {num(lr_t)}")
    lines.append(f"x ← (1−c)·x + c·z,  c = {num(weight)}:  Δx = c·(z − x) = {num(weight)}·"
                 f"{vec(z_new - x_old)}")
    return lines, weight * (z_new - x_old), []


def prepare(names) -> None:
    """Load (or compile) what the rules of ``names`` call in numba, so the view's first
    Muon update costs no compile on the GUI thread: call it where the run was computed."""
    if "muon" in names:
        from lab.engine.optimize.kernel_rules import newton_schulz_bf16

        newton_schulz_bf16(1.0, 0.0, 1e-7, 1)


def average_weight(c: Context) -> tuple[float, float]:
    """(cₜ, ηₜ): the average's weight of update t and the warmed-up rate (Defazio et al. 2024,
    sec. 3: weight tʳ·η_max^p over the sum of the weights so far)."""
    warmup, r, power = c.p("warmup_steps"), c.p("r"), c.p("weight_lr_power")
    total, lr_max, weight, lr_t = 0.0, -1.0, 0.0, 0.0
    for k in range(c.t):
        lr_t = c.lrs[k] * ((k + 1) / warmup if k < warmup else 1.0)
        lr_max = max(lr_max, lr_t)
        weight = (k + 1.0) ** r * lr_max**power
        total += weight
    return (weight / total if total else 0.0), lr_t


RULES: dict[str, Callable[[Context], Worked]] = {
    "sgd": _sgd, "momentum": _momentum, "nesterov": _nesterov, "adagrad": _adagrad,
    "rmsprop": _rmsprop, "adam": _adam, "amsgrad": _adam, "adamw": _adam, "nadam": _nadam,
    "radam": _radam, "adadelta": _adadelta, "adamax": _adamax,
    "rprop": _rprop, "muon": _muon, "adafactor": _adafactor, "lion": _lion,
    "schedulefree_sgd": _schedule_free, "schedulefree_adamw": _schedule_free,
}  # fmt: skip
