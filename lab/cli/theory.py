"""``descent-lab theory``: the quadratic model of a function at its minimum (or a point): the
curvatures, condition number, stability limit, best fixed rate and best heavy-ball momentum,
and, for a given rate, the error along each eigendirection predicted beside the one observed."""

from __future__ import annotations

import json
import math

FIGURES = (  # (key of LocalTheory.to_dict, label)
    ("condition_number", "condition number κ"),
    ("stability_limit", "GD stable for lr <"),
    ("best_lr", "best fixed lr 2/(λmin+λmax)"),
    ("best_contraction", "its error factor (κ−1)/(κ+1)"),
    ("heavy_ball_lr", "heavy-ball best lr"),
    ("heavy_ball_momentum", "heavy-ball best momentum"),
    ("heavy_ball_rate", "heavy-ball error factor √β"),
)


def add_parser(sub) -> None:
    theory = sub.add_parser("theory", help="the quadratic theory of a 2-D function: curvatures, "
                                           "stability limit, best learning rate and momentum")
    theory.add_argument("--function", default="book",
                        help="a built-in name (book, quadratic:kappa=K, ...) or an expression")
    theory.add_argument("--at", metavar="X,Y",
                        help="expand around this point (default: the known minimum)")
    theory.add_argument("--optimizer", metavar="NAME[:k=v,...]",
                        help="sgd, momentum or nesterov with its lr: add the error along each "
                             "eigendirection, predicted and observed")
    theory.add_argument("--start", default="-7,2", metavar="X,Y",
                        help="start point of that run")
    theory.add_argument("--steps", type=int, default=30, help="updates of that run (1-5000)")
    theory.add_argument("--json", action="store_true", help="print one JSON object")


def _point(text: str, option: str, error) -> tuple[float, float]:
    try:
        point = tuple(float(v) for v in text.split(","))
    except ValueError:
        point = ()
    if len(point) != 2 or not all(math.isfinite(v) for v in point):
        raise error(f"{option} takes two finite numbers X,Y, not '{text}'")
    return point


def run(args, error) -> int:
    from lab.engine.optimize.expressions import ExpressionError
    from lab.engine.optimize.functions import resolve_surface
    from lab.engine.optimize.theory import TheoryError, local_theory

    at = _point(args.at, "--at", error) if args.at else None
    try:
        theory = local_theory(resolve_surface(args.function), at)
        figures = theory.to_dict()
        if args.optimizer:
            figures["errors"] = _errors(args, theory, error)
    except (ExpressionError, TheoryError) as err:
        raise error(str(err)) from None
    if args.json:
        from lab.cli.main import _finite_or_null

        print(json.dumps(_finite_or_null(figures)))
        return 0
    _print(figures)
    return 0


def _errors(args, theory, error) -> dict:
    """The run's |error| per eigendirection after each update: predicted and observed."""
    from lab.engine.core.optimizers import OptimizerError, parse_optimizer
    from lab.engine.optimize.theory import observed_errors, predicted_errors
    from lab.engine.optimize.trajectories import (
        TrajectoryConfig,
        TrajectoryError,
        run_trajectories,
    )

    start = _point(args.start, "--start", error)
    try:
        optimizer = parse_optimizer(args.optimizer)
        result = run_trajectories(TrajectoryConfig(args.function, (optimizer,), start,
                                                   args.steps))
    except (OptimizerError, TrajectoryError) as err:
        raise error(str(err)) from None
    params = optimizer.params
    predicted = predicted_errors(theory, start, result.lrs[0], optimizer.name,
                                 params.get("momentum", 0.0))
    return {"optimizer": optimizer.name, "lr": optimizer.lr, "start": list(start),
            "predicted": predicted.tolist(),
            "observed": observed_errors(theory, result.paths[0]).tolist()}


def _print(figures: dict) -> None:
    x, y = figures["point"]
    where = "minimum" if figures["at_minimum"] else "point"
    shape = "a quadratic: these hold everywhere" if figures["quadratic"] else (
        "not a quadratic: these hold near the point")
    print(f"at the {where} ({x:.6g}, {y:.6g}); {shape}")
    for value, vector in zip(figures["eigenvalues"], figures["eigenvectors"], strict=True):
        print(f"  curvature λ = {value:.6g} along ({vector[0]:.4g}, {vector[1]:.4g})")
    for key, label in FIGURES:
        value = figures[key]
        print(f"  {label:>30}: {'—' if value is None else f'{value:.6g}'}")
    errors = figures.get("errors")
    if errors:
        print(f"  {errors['optimizer']} lr {errors['lr']:g}: |error| per eigendirection "
              "(predicted / observed)")
        for step, (p, o) in enumerate(zip(errors["predicted"], errors["observed"],
                                          strict=True)):  # fmt: skip
            print(f"    step {step:>4}: λ₁ {p[0]:.4g} / {o[0]:.4g}   λ₂ {p[1]:.4g} / {o[1]:.4g}")
