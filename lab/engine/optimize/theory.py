"""The theory of a quadratic, and of any function near a point: why a method zig-zags, where it
diverges, and which fixed rate (and momentum) is best.

Near a point p a smooth f is the quadratic f(p) + gᵀd + ½·dᵀHd, and gradient descent on it
moves each eigendirection of H on its own: the error along eigenvector vᵢ (eigenvalue λᵢ) is
multiplied by (1 − η·λᵢ) every step. Hence (Goh, "Why Momentum Really Works", Distill 2017;
Polyak 1964):

- GD is stable iff |1 − η·λᵢ| < 1 for every i, i.e. 0 < η < 2/λmax;
- the best fixed rate η* = 2/(λmin + λmax) contracts the slowest direction by (κ−1)/(κ+1),
  κ = λmax/λmin the condition number;
- heavy-ball momentum's best (η, β) = ((2/(√λmax + √λmin))², ((√κ−1)/(√κ+1))²), rate √β;
- a momentum step is the 2×2 companion matrix [[1 − ηλ, −ημ], [λ, μ]] on (error, buffer) in
  torch.optim.SGD's form (b ← μ·b + g, θ ← θ − η·b), and [[1 − ηλ(1+μ), −ημ²], [λ, μ]] with
  Nesterov (θ ← θ − η·(g + μ·b)).

The Hessian comes from the surface's analytic gradient by central differences (exact to
rounding on a quadratic, whose gradient is linear), so it needs no SymPy at run time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lab.engine.optimize.functions import Surface

CLOSED_FORMS = ("sgd", "momentum", "nesterov")  # optimizers whose error has a closed form here


class TheoryError(ValueError):
    """No point to expand around, or an optimizer whose error has no closed form here."""


def hessian(surface: Surface, point: tuple[float, float]) -> np.ndarray:
    """The symmetric 2×2 Hessian at ``point``: central differences of the exact gradient."""
    x, y = (float(v) for v in point)
    h = 1e-5 * max(1.0, abs(x), abs(y))
    xs = np.array([x + h, x - h, x, x])
    ys = np.array([y, y, y + h, y - h])
    gx, gy = surface.gradient(xs, ys)
    columns = np.array([[gx[0] - gx[1], gx[2] - gx[3]],
                        [gy[0] - gy[1], gy[2] - gy[3]]]) / (2 * h)  # fmt: skip
    return (columns + columns.T) / 2


@dataclass(frozen=True)
class LocalTheory:
    """The figures of f's quadratic model at ``point`` (the minimum, when f has a known one)."""

    point: tuple[float, float]
    at_minimum: bool
    center: tuple[float, float]  # the model's stationary point p − H⁻¹∇f(p) (p if H is singular)
    quadratic: bool  # the Hessian is the same everywhere: the figures hold globally
    hessian: np.ndarray  # (2, 2)
    eigenvalues: np.ndarray  # (2,) ascending
    eigenvectors: np.ndarray  # (2, 2), column i belongs to eigenvalues[i]

    @property
    def lam_min(self) -> float:
        return float(self.eigenvalues[0])

    @property
    def lam_max(self) -> float:
        return float(self.eigenvalues[1])

    @property
    def convex(self) -> bool:
        """Both curvatures positive: a bowl here, so every figure below exists."""
        return self.lam_min > 0

    @property
    def condition(self) -> float | None:
        """κ = λmax/λmin: how much steeper the steepest direction is than the flattest."""
        return self.lam_max / self.lam_min if self.convex else None

    @property
    def stability_limit(self) -> float | None:
        """GD diverges along the steepest direction for η above 2/λmax."""
        return 2.0 / self.lam_max if self.lam_max > 0 else None

    @property
    def best_lr(self) -> float | None:
        """η* = 2/(λmin + λmax): both extreme directions shrink equally fast."""
        return 2.0 / (self.lam_min + self.lam_max) if self.convex else None

    @property
    def best_contraction(self) -> float | None:
        """(κ−1)/(κ+1): the error factor per step at η*."""
        kappa = self.condition
        return (kappa - 1) / (kappa + 1) if kappa is not None else None

    @property
    def heavy_ball(self) -> tuple[float, float, float] | None:
        """(η, β, rate) of heavy-ball momentum's optimum (Polyak 1964)."""
        if not self.convex:
            return None
        root_min, root_max = math.sqrt(self.lam_min), math.sqrt(self.lam_max)
        kappa_root = root_max / root_min
        beta = ((kappa_root - 1) / (kappa_root + 1)) ** 2
        return (2 / (root_max + root_min)) ** 2, beta, math.sqrt(beta)

    def critical_momentum(self, lr: np.ndarray | float, eigenvalue: float) -> np.ndarray:
        """β = (1 − √(η·λ))²: momentum that critically damps the direction of ``eigenvalue``
        (below it the error decays without oscillating)."""
        return (1 - np.sqrt(np.asarray(lr, dtype=float) * eigenvalue)) ** 2

    def to_dict(self) -> dict:
        """Plain numbers for JSON (None where a figure does not exist at this point)."""
        heavy = self.heavy_ball
        return {
            "point": list(self.point), "at_minimum": self.at_minimum,
            "model_center": list(self.center),
            "quadratic": self.quadratic, "hessian": self.hessian.tolist(),
            "eigenvalues": self.eigenvalues.tolist(),
            "eigenvectors": self.eigenvectors.T.tolist(),  # one row per eigenvalue
            "condition_number": self.condition, "stability_limit": self.stability_limit,
            "best_lr": self.best_lr, "best_contraction": self.best_contraction,
            "heavy_ball_lr": heavy[0] if heavy else None,
            "heavy_ball_momentum": heavy[1] if heavy else None,
            "heavy_ball_rate": heavy[2] if heavy else None,
        }  # fmt: skip


def local_theory(surface: Surface, point: tuple[float, float] | None = None) -> LocalTheory:
    """The quadratic model at ``point``, or at the surface's first known minimum."""
    at_minimum = point is None
    if point is None:
        if not surface.minima:
            raise TheoryError(f"{surface.title} has no known minimum: give a point to expand "
                              "around")
        point = surface.minima[0]
    point = (float(point[0]), float(point[1]))
    if not all(math.isfinite(v) for v in point):
        raise TheoryError("the point must be finite")
    h = hessian(surface, point)
    if not np.all(np.isfinite(h)):
        raise TheoryError(f"the curvature at {point} is not finite")
    values, vectors = np.linalg.eigh(h)
    return LocalTheory(point, at_minimum, _center(surface, point, h, at_minimum),
                       _is_quadratic(surface, h), h, values, _oriented(vectors))


def _center(surface: Surface, point: tuple[float, float], h: np.ndarray, at_minimum: bool
            ) -> tuple[float, float]:
    """Where the quadratic model's gradient vanishes: the errors are measured from there."""
    if at_minimum:
        return point
    gx, gy = surface.gradient(np.array([point[0]]), np.array([point[1]]))
    try:
        shift = np.linalg.solve(h, np.array([gx[0], gy[0]]))
    except np.linalg.LinAlgError:
        return point
    center = np.asarray(point) - shift
    return (float(center[0]), float(center[1])) if np.all(np.isfinite(center)) else point


def _oriented(vectors: np.ndarray) -> np.ndarray:
    """Eigenvectors with a non-negative largest component: the same axes on every call."""
    signs = np.where(vectors[np.abs(vectors).argmax(0), [0, 1]] < 0, -1.0, 1.0)
    return vectors * signs


def _is_quadratic(surface: Surface, h: np.ndarray) -> bool:
    """The Hessian agrees at three points spread over the view: a quadratic (a heuristic that
    no polynomial of higher degree or transcendental function in the built-ins passes)."""
    x0, x1, y0, y1 = surface.box
    scale = max(1.0, float(np.abs(h).max()))
    for point in ((x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.7),
                  (x0 + (x1 - x0) * 0.8, y0 + (y1 - y0) * 0.2),
                  (x0 + (x1 - x0) * 0.55, y0 + (y1 - y0) * 0.45)):
        other = hessian(surface, point)
        if not np.all(np.isfinite(other)) or np.abs(other - h).max() > 1e-6 * scale:
            return False
    return True


def step_matrices(lrs: np.ndarray, eigenvalue: float, name: str, momentum: float = 0.0
                  ) -> np.ndarray:
    """(steps, 2, 2): each update's map of (error, momentum buffer) along one eigendirection."""
    if name not in CLOSED_FORMS:
        raise TheoryError(f"{name}: the per-direction error has a closed form only for "
                          f"{', '.join(CLOSED_FORMS)}")
    lrs = np.asarray(lrs, dtype=float)
    mu = 0.0 if name == "sgd" else float(momentum)
    lam = float(eigenvalue)
    m = np.empty((len(lrs), 2, 2))
    if name == "nesterov":
        m[:, 0, 0], m[:, 0, 1] = 1 - lrs * lam * (1 + mu), -lrs * mu * mu
    else:
        m[:, 0, 0], m[:, 0, 1] = 1 - lrs * lam, -lrs * mu
    m[:, 1, 0], m[:, 1, 1] = lam, mu
    return m


def predicted_errors(theory: LocalTheory, start: tuple[float, float], lrs: np.ndarray,
                     name: str = "sgd", momentum: float = 0.0) -> np.ndarray:
    """(steps + 1, 2): |error| (distance from the model's centre) along each eigendirection
    after each update, as the quadratic model predicts (|1 − ηλᵢ|ᵗ·|eᵢ(0)| for GD at a constant
    η). ``lrs``: each update's rate."""
    e0 = theory.eigenvectors.T @ (np.asarray(start, dtype=float) - np.asarray(theory.center))
    out = np.empty((len(lrs) + 1, 2))
    for i in range(2):
        state = np.array([e0[i], 0.0])  # torch's buffer starts as the first gradient: b₀ = 0
        out[0, i] = abs(e0[i])
        for k, matrix in enumerate(step_matrices(lrs, theory.eigenvalues[i], name, momentum)):
            state = matrix @ state
            out[k + 1, i] = abs(state[0])
    return out


def observed_errors(theory: LocalTheory, path: np.ndarray) -> np.ndarray:
    """(steps + 1, 2): |error| of a trajectory ``path`` (steps + 1, 2) along each
    eigendirection (NaN after divergence, as the path)."""
    return np.abs((np.asarray(path) - np.asarray(theory.center)) @ theory.eigenvectors)
