"""The optimizer lab's *why*, headless.

``descent-lab theory``: the quadratic model of a function at its minimum (or a point): the
curvatures, condition number, stability limit, best fixed rate and best heavy-ball momentum,
and, for a given rate, the error along each eigendirection predicted beside the one observed.
``descent-lab sweep2d``: the (learning rate, momentum) map of one optimizer, as JSON or CSV.
"""

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


def add_parsers(sub) -> None:
    add_parser(sub)
    sweep = sub.add_parser("sweep2d", help="the (learning rate, momentum) map of one optimizer: "
                                           "steps to reach a tolerance, in one batched call")
    sweep.add_argument("--function", default="book", help="as for trajectory")
    sweep.add_argument("--optimizer", default="momentum", metavar="NAME[:k=v,...]",
                       help="momentum, nesterov or rmsprop (axis: momentum), or an Adam-type "
                            "optimizer (axis: beta1)")
    sweep.add_argument("--start", default="-7,2", metavar="X,Y", help="start point")
    sweep.add_argument("--steps", type=int, default=500, help="updates per cell (1-5000)")
    sweep.add_argument("--lr-range", default="0.001,10", metavar="LOW,HIGH",
                       help="learning rates, log-spaced")
    sweep.add_argument("--lr-count", type=int, default=60)
    sweep.add_argument("--value-range", default="0,0.99", metavar="LOW,HIGH",
                       help="momentum (or beta1) values, evenly spaced, in [0, 1)")
    sweep.add_argument("--value-count", type=int, default=60)
    sweep.add_argument("--tolerance", type=float, default=1e-3,
                       help="distance to the minimum that counts as reached")
    out = sweep.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument("--csv", metavar="PATH", help="write CSV to PATH ('-': standard output)")


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
        from lab.cli.lab_commands import finite_or_null

        print(json.dumps(finite_or_null(figures)))
        return 0
    _print(figures)
    return 0


def _errors(args, theory, error) -> dict:
    """The run's |error| per eigendirection after each update: predicted and observed."""
    from lab.engine.core.fields import ConfigError
    from lab.engine.core.optimizers import parse_optimizer
    from lab.engine.optimize.theory import observed_errors, predicted_errors
    from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories

    start = _point(args.start, "--start", error)
    try:
        optimizer = parse_optimizer(args.optimizer)
        result = run_trajectories(TrajectoryConfig(args.function, (optimizer,), start,
                                                   args.steps))
    except ConfigError as err:  # OptimizerError included
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


def run_sweep2d(args, error) -> int:
    import numpy as np

    from lab.engine.core.fields import ConfigError
    from lab.engine.core.optimizers import parse_optimizer
    from lab.engine.optimize.expressions import ExpressionError
    from lab.engine.optimize.sweep2d import MAX_CELLS, sweep2d_csv, sweep_lr_momentum
    from lab.engine.optimize.trajectories import TrajectoryConfig

    low, high = _point(args.lr_range, "--lr-range", error)
    v_low, v_high = _point(args.value_range, "--value-range", error)
    for option, count in (("--lr-count", args.lr_count), ("--value-count", args.value_count)):
        if not 1 <= count <= MAX_CELLS:
            raise error(f"{option} must lie in 1 … {MAX_CELLS:,}, not {count}")
    if not 0 < low <= high:
        raise error("--lr-range needs 0 < LOW <= HIGH")
    try:
        optimizer = parse_optimizer(args.optimizer)
        config = TrajectoryConfig(args.function, (optimizer,),
                                  _point(args.start, "--start", error), args.steps)
        result = sweep_lr_momentum(config, optimizer,
                                   np.logspace(np.log10(low), np.log10(high), args.lr_count),
                                   np.linspace(v_low, v_high, args.value_count), args.tolerance)
    except (ExpressionError, ConfigError) as err:  # OptimizerError included
        raise error(str(err)) from None
    if args.csv:
        from lab.cli.lab_commands import write_csv

        write_csv(args.csv, sweep2d_csv(result), error)
        return 0
    best = result.best()
    if args.json:
        from lab.cli.lab_commands import finite_or_null

        print(json.dumps(finite_or_null({
            "optimizer": result.optimizer, "parameter": result.parameter,
            "tolerance": result.tolerance, "lrs": result.lrs.tolist(),
            "values": result.values.tolist(),
            "steps_to_tolerance": result.steps_to_tolerance.tolist(),
            "final_loss": result.final_loss.tolist(),
            "diverged_at": result.diverged_at.tolist(), "best": list(best) if best else None})))
        return 0
    cells = result.steps_to_tolerance.size
    print(f"{result.optimizer}: {args.lr_count} learning rates x {args.value_count} "
          f"{result.parameter} values, {args.steps} steps, tolerance {result.tolerance:g}")
    print(f"  diverged: {(result.diverged_at >= 0).sum()} of {cells} cells; reached the "
          f"tolerance: {(result.steps_to_tolerance >= 0).sum()}")
    if best:
        print(f"  fastest: lr {best[0]:.4g}, {result.parameter} {best[1]:.4g} ({best[2]} steps)")
    return 0
