"""Optimizer-lab presets: the book's figure, a few classic landscapes, and what today's
optimizers are for (Lion's sign steps, Muon's normalised steps, Schedule-Free's average).

A preset is a :class:`TrajectoryConfig` plus a title and one line on what to notice. The book's
setup follows DESIGN.md exactly (start (-7, 2), 30 updates, SGD 0.95, Momentum 0.1/0.9, AdaGrad
1.5, Adam 0.3). Our Momentum is torch's (b ← μb + g, θ ← θ − ηb); with a constant rate it
traces the same path as the book's v ← μv − ηg.
"""

from __future__ import annotations

from dataclasses import dataclass

from lab.engine.core.optimizers import make_optimizer
from lab.engine.optimize.trajectories import TrajectoryConfig


@dataclass(frozen=True)
class OptimizerPreset:
    key: str
    title: str
    note: str
    config: TrajectoryConfig
    small_multiples: bool = False  # open in the book's 2x2 layout


def _opts(*specs: tuple[str, float, dict]) -> tuple:
    return tuple(make_optimizer(name, lr=lr, **extra) for name, lr, extra in specs)


OPTIMIZER_PRESETS: dict[str, OptimizerPreset] = {
    p.key: p
    for p in (
        OptimizerPreset(
            "book-fig-6-8", "Deep Learning from Scratch, Fig. 6-8",
            "f = x²/20 + y², 30 updates from (−7, 2): SGD zig-zags across the steep y "
            "direction; Momentum rolls like a ball; AdaGrad and Adam head straight in.",
            TrajectoryConfig("book", _opts(("sgd", 0.95, {}), ("momentum", 0.1, {}),
                                           ("adagrad", 1.5, {}), ("adam", 0.3, {})),
                             (-7.0, 2.0), steps=30),
            small_multiples=True,
        ),
        OptimizerPreset(
            "rosenbrock-valley", "Rosenbrock valley",
            "The valley is easy to fall into and slow to follow: plain SGD crawls, momentum "
            "and adaptive methods travel along the curved floor to (1, 1).",
            TrajectoryConfig("rosenbrock", _opts(("sgd", 1e-3, {}), ("momentum", 1e-3, {}),
                                                 ("rmsprop", 1e-2, {}), ("adam", 5e-2, {})),
                             (-1.5, 2.5), steps=1000),
        ),
        OptimizerPreset(
            "saddle-point", "Saddle point",
            "Start almost on the ridge of x² − y²: SGD creeps away from the saddle, adaptive "
            "methods rescale the tiny y-gradient and escape at once (f has no minimum).",
            TrajectoryConfig("saddle", _opts(("sgd", 0.05, {}), ("momentum", 0.05, {}),
                                             ("adagrad", 0.1, {}), ("adam", 0.05, {})),
                             (1.5, 1e-4), steps=100),
        ),
        OptimizerPreset(
            "rastrigin-local-minima", "Rastrigin local minima",
            "A grid of local minima: most runs stop in the nearest bowl; RMSProp's normalised "
            "steps hop over a few ridges. Try gradient noise to shake the others loose.",
            TrajectoryConfig("rastrigin", _opts(("sgd", 2e-3, {}), ("momentum", 2e-3, {}),
                                                ("adam", 0.3, {}), ("rmsprop", 0.1, {})),
                             (3.3, 4.2), steps=300),
        ),
        OptimizerPreset(
            "ill-conditioned", "Ill-conditioned quadratic (κ = 50)",
            "One direction 50× steeper than the other: the stable SGD rate is set by the steep "
            "direction, so the shallow one crawls; Nesterov and Adam cope better.",
            TrajectoryConfig("quadratic:kappa=50", _opts(("sgd", 0.035, {}),
                                                         ("nesterov", 0.02, {}),
                                                         ("adam", 0.5, {})),
                             (-9.0, 3.0), steps=200),
        ),
        OptimizerPreset(
            "lion-sign-steps", "Lion: fixed-size sign steps",
            "Lion moves every coordinate by exactly ±η each step (the sign of an interpolated "
            "momentum), so it walks Rosenbrock's flat valley floor at full speed to (1, 1), "
            "then keeps hopping ±η around it: a sign step never shrinks. Adam's steps shrink "
            "as the gradient zig-zags across the valley and it stalls; plain SGD crawls.",
            TrajectoryConfig("rosenbrock", _opts(("lion", 0.01, {}), ("adam", 0.01, {}),
                                                 ("sgd", 1e-3, {})),
                             (-1.5, 2.0), steps=1000),
        ),
        OptimizerPreset(
            "muon-normalised-steps", "Muon: normalised steps",
            "The point is a 1×2 matrix to Muon: orthogonalising it keeps only its direction, "
            "so every step has the same length (0.7·η) however small the gradient: Muon "
            "crosses the flat x direction at full speed and then circles the minimum. In a "
            "network the same step sets every singular value of a weight update to about 1.",
            TrajectoryConfig("book", _opts(("muon", 0.3, {"weight_decay": 0.0}),
                                           ("momentum", 0.1, {}), ("adam", 0.3, {})),
                             (-7.0, 2.0), steps=100),
        ),
        OptimizerPreset(
            "schedule-free-noise", "Schedule-Free under gradient noise",
            "Noisy gradients (σ = 2): SGD and Adam at a fixed rate keep bouncing around the "
            "minimum. Schedule-Free's x, the average of its z steps where the loss is "
            "measured, settles far lower without a decaying schedule (which would have to "
            "know the run's length).",
            TrajectoryConfig("book", _opts(("sgd", 0.05, {}), ("schedulefree_sgd", 0.05, {}),
                                           ("adam", 0.05, {}),
                                           ("schedulefree_adamw", 0.05, {})),
                             (-7.0, 2.0), steps=2000, noise=2.0, noise_seed=1),
        ),
    )
}  # fmt: skip
