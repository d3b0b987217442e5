"""Sharpness: the top Hessian eigenvalue of the training loss, and where it stops being stable.

Why Lanczos on Hessian-vector products: the Hessian of a 100k-parameter network is never built;
H·v costs about two gradients (double backward), and a few tens of Lanczos steps find the
largest *algebraic* eigenvalue (not the largest magnitude: a negative-curvature direction must
not be reported as sharpness) with full reorthogonalisation, as Cohen et al. 2021 measure it.
A warm start from the previous eigenvector makes the estimates along a run cheap; the residual
‖Hv − λv‖ says how far the pair is from a true eigenpair.

Adaptive optimizers step with a preconditioner P (Adam: P = (1 − β₁ᵗ)·diag(√v̂ + ε), Cohen et
al. 2022, "Adaptive gradient methods at the edge of stability"); their stability is governed by
λ₁(P⁻¹H), computed here as λ₁ of the symmetric P^{-1/2}·H·P^{-1/2} (the same spectrum).

Thresholds (the largest stable sharpness on a quadratic, for the step's learning rate η):
gradient descent 2/η; heavy-ball momentum β (torch's dampening τ) 2(1+β)/(η(1−τ)); Nesterov
2(1+β)/(η(1+2β)); Adam-like (2+2β₁)/(η(1−β₁)) on the preconditioned sharpness (38/η at
β₁ = 0.9); RMSProp 2(1+μ)/η and AdaGrad 2/η on theirs. Other rules have no known threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lab.engine.core.optimizers import OptimizerConfig

LANCZOS_STEPS = 20
TOLERANCE = 1e-3


@dataclass(frozen=True, eq=False)
class Sharpness:
    """One estimate: λ (largest algebraic eigenvalue), its unit vector (float64, CPU), the
    residual ‖Hv − λv‖ and the number of Hessian-vector products it took."""

    value: float
    vector: object
    residual: float
    products: int


@dataclass(frozen=True)
class Threshold:
    """The stable limit for the optimizer at one learning rate; ``preconditioned``: it applies
    to λ₁(P⁻¹H), not to λ₁(H)."""

    value: float | None
    preconditioned: bool = False


def stability_threshold(optimizer: OptimizerConfig, lr: float) -> Threshold:
    """The edge of stability of ``optimizer`` at learning rate ``lr`` (see the module doc)."""
    p, name = optimizer.params, optimizer.name
    if not lr > 0:
        return Threshold(None)
    if name == "sgd" or (name in ("momentum", "nesterov") and p.get("momentum", 0.0) == 0):
        return Threshold(2.0 / lr)
    if name == "momentum":
        beta, damp = p["momentum"], p.get("dampening", 0.0)
        return Threshold(2.0 * (1 + beta) / (lr * (1 - damp))) if damp < 1 else Threshold(None)
    if name == "nesterov":
        beta = p["momentum"]
        return Threshold(2.0 * (1 + beta) / (lr * (1 + 2 * beta)))
    if name in ADAM_LIKE:
        b1 = p["beta1"]
        return Threshold((2 + 2 * b1) / (lr * (1 - b1)), preconditioned=True)
    if name == "rmsprop":
        return Threshold(2.0 * (1 + p.get("momentum", 0.0)) / lr, preconditioned=True)
    if name == "adagrad":
        return Threshold(2.0 / lr, preconditioned=True)
    return Threshold(None)


ADAM_LIKE = ("adam", "adamw", "amsgrad")


def thresholds_along(optimizer: OptimizerConfig, lrs) -> tuple[np.ndarray | None, bool]:
    """The threshold at each learning rate of ``lrs`` (a run's lr column: a live change moves
    it from the iteration it took effect), and whether it applies to the preconditioned
    sharpness; (None, False) for rules without one. Every threshold above is c/η."""
    unit = stability_threshold(optimizer, 1.0)
    if unit.value is None:
        return None, False
    lrs = np.asarray(lrs, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(lrs > 0, unit.value / lrs, np.nan)
    return values, unit.preconditioned


def preconditioner(optimizer, config: OptimizerConfig, params) -> object | None:
    """The diagonal P of an adaptive optimizer's next step from its state, flat in ``params``'
    order (float64, CPU); None for rules without one or before their first step."""
    import torch

    hyper = config.params
    parts = []
    for state in (optimizer.state.get(p, {}) for p in params):
        if config.name in ADAM_LIKE:
            if "exp_avg_sq" not in state:
                return None
            t = float(state["step"])
            b1, b2 = hyper["beta1"], hyper["beta2"]
            v = state["max_exp_avg_sq"] if config.name == "amsgrad" else state["exp_avg_sq"]
            vhat = v.double() / (1 - b2**t)
            parts.append((1 - b1**t) * (vhat.sqrt() + hyper["eps"]))
        elif config.name == "rmsprop":
            if "square_avg" not in state:
                return None
            v = state["square_avg"].double()
            if hyper.get("centered"):
                v = v - state["grad_avg"].double() ** 2
            parts.append(v.clamp_min(0).sqrt() + hyper["eps"])
        elif config.name == "adagrad":
            if "sum" not in state or float(state.get("step", 0)) == 0:
                return None  # before the first step the sum holds no gradient yet
            parts.append(state["sum"].double().sqrt() + hyper["eps"])
        else:
            return None
    return torch.cat([t.reshape(-1).cpu() for t in parts]) if parts else None


def loss_function(model, x, y, l2: float = 0.0, l1: float = 0.0):
    """The run's training loss on (x, y) as a function of nothing: mean cross-entropy plus its
    own L2/L1 penalties on the weights (lab.engine.train.training), in eval mode."""
    import torch.nn.functional as F

    from lab.engine.train.models import weight_parameters

    weights = weight_parameters(model)

    def loss():
        value = F.cross_entropy(model(x), y)
        if l2:
            value = value + 0.5 * l2 * sum((w * w).sum() for w in weights)
        if l1:
            value = value + l1 * sum(w.abs().sum() for w in weights)
        return value

    return loss


class HessianOperator:
    """v ↦ H·v for ``loss()`` at the model's current parameters, by double backward; the
    gradient's graph is built once and reused for every product."""

    def __init__(self, loss, params, scale=None):
        import torch

        self.params = [p for p in params if p.requires_grad]
        self.grads = torch.autograd.grad(loss(), self.params, create_graph=True)
        self.size = sum(p.numel() for p in self.params)
        self.scale = None if scale is None else scale.to(self.params[0].device)
        self.products = 0

    def __call__(self, v):
        """H·v (or S·H·S·v with the diagonal ``scale`` S), float64 CPU in and out."""
        import torch

        device, dtype = self.params[0].device, self.params[0].dtype
        u = v.to(device)
        if self.scale is not None:
            u = u * self.scale
        pieces, start = [], 0
        for p in self.params:
            pieces.append(u[start: start + p.numel()].reshape(p.shape).to(dtype))
            start += p.numel()
        hv = torch.autograd.grad(self.grads, self.params, pieces, retain_graph=True)
        out = torch.cat([h.reshape(-1) for h in hv]).double()
        if self.scale is not None:
            out = out * self.scale
        self.products += 1
        return out.cpu()


def top_eigenpair(operator, size: int, start=None, steps: int = LANCZOS_STEPS,
                  tol: float = TOLERANCE, seed: int = 0) -> Sharpness:
    """The largest algebraic eigenvalue of the symmetric ``operator`` by Lanczos with full
    reorthogonalisation, started from ``start`` (a previous eigenvector) when given; stops when
    the Ritz pair's residual estimate falls below ``tol``·|λ|."""
    import torch

    if start is not None and float(start.norm()) > 0:
        q = start.double().cpu() / start.norm()
    else:
        q = torch.randn(size, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
        q /= q.norm()
    basis, alphas, betas = [q], [], []
    steps = max(1, min(steps, size))
    theta, ritz = 0.0, None
    for k in range(steps):
        w = operator(basis[k])
        alpha = float(w @ basis[k])
        alphas.append(alpha)
        stack = torch.stack(basis)
        w = w - stack.T @ (stack @ w)  # full reorthogonalisation, twice is enough
        w = w - stack.T @ (stack @ w)
        beta = float(w.norm())
        t = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
        values, vectors = np.linalg.eigh(t)
        theta, ritz = float(values[-1]), vectors[:, -1]
        if beta * abs(ritz[-1]) <= tol * max(abs(theta), 1e-12) or beta < 1e-12 or k == steps - 1:
            break
        betas.append(beta)
        basis.append(w / beta)
    vector = torch.stack(basis[: len(ritz)]).T @ torch.as_tensor(ritz, dtype=torch.float64)
    vector /= vector.norm()
    residual = float((operator(vector) - theta * vector).norm())
    return Sharpness(theta, vector, residual, getattr(operator, "products", 0))


def sharpness(model, x, y, l2: float = 0.0, l1: float = 0.0, start=None,
              scale=None, steps: int = LANCZOS_STEPS, tol: float = TOLERANCE) -> Sharpness:
    """λ₁ of the Hessian of the run's loss on (x, y) at the model's weights (in eval mode);
    with ``scale`` = P^{-1/2}, λ₁(P⁻¹H). The model's training mode is restored."""
    was_training = model.training
    model.eval()
    try:
        operator = HessianOperator(loss_function(model, x, y, l2, l1), model.parameters(),
                                   scale)  # fmt: skip
        result = top_eigenpair(operator, operator.size, start, steps, tol)
    finally:
        model.train(was_training)
    if not math.isfinite(result.value):
        raise ArithmeticError("the Hessian at these weights is not finite")
    return result
