"""The ``descent-lab`` command: no arguments opens the app; subcommands run headless jobs."""

from __future__ import annotations

import argparse
import json
import sys

# options whose values may begin with '-' (a start point "-7,2", an expression "-x**2")
_VALUE_OPTIONS = {"--start", "--function", "--optimizer", "--schedule"}


class CliError(Exception):
    """A bad argument: printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="descent-lab",
        description="See and measure how neural networks are optimized. "
        "Without a subcommand, opens the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    traj = sub.add_parser("trajectory", help="optimizer trajectories on a 2-D function")
    traj.add_argument("--function", default="book",
                      help="a built-in name (book, rosenbrock, beale, himmelblau, rastrigin, "
                           "saddle, booth, quadratic[:kappa=K]) or an expression in x and y")
    traj.add_argument("--optimizer", action="append", default=[], metavar="NAME[:k=v,...]",
                      help="e.g. adam:lr=0.3 (repeatable); names: sgd momentum nesterov "
                           "adagrad rmsprop adam amsgrad adamw nadam radam adadelta")
    traj.add_argument("--start", default="-7,2", metavar="X,Y", help="start point")
    traj.add_argument("--steps", type=int, default=30, help="number of updates (1-5000)")
    traj.add_argument("--schedule", default="constant", metavar="NAME[:k=v,...]",
                      help="constant, step, multistep, exponential, cosine, warmup_cosine, "
                           "onecycle; e.g. cosine:T_max=100")
    traj.add_argument("--noise", type=float, default=0.0, help="gradient noise std")
    traj.add_argument("--noise-seed", type=int, default=0)
    traj.add_argument("--clip", type=float, default=0.0, help="clip gradient norm (0: off)")
    traj.add_argument("--csv", metavar="PATH", help="write CSV to PATH ('-': standard output)")

    bench = sub.add_parser("bench", help="benchmarks, as figures measured in one run")
    bench.add_argument("suite", choices=["trajectories", "startup"])
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--quick", action="store_true", help="fewer repeats")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = _join_values(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    if args.command is None:
        from lab.ui.app import run_app

        return run_app()
    try:
        return {"trajectory": _trajectory, "bench": _bench}[args.command](args)
    except CliError as err:
        print(f"descent-lab: error: {err}", file=sys.stderr)
        return 2


def _join_values(argv: list[str]) -> list[str]:
    """Turn ``--start -7,2`` into ``--start=-7,2`` so argparse does not take it for an option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in _VALUE_OPTIONS and i + 1 < len(argv):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def _trajectory(args) -> int:
    from lab.data.files import ExportError, atomic_write_text
    from lab.engine.expressions import ExpressionError
    from lab.engine.optimizers import OptimizerError, parse_optimizer
    from lab.engine.schedules import ScheduleError, parse_schedule
    from lab.engine.trajectories import (
        TrajectoryConfig,
        TrajectoryError,
        run_trajectories,
        trajectories_csv,
    )

    try:
        start = tuple(float(v) for v in args.start.split(","))
        if len(start) != 2:
            raise ValueError
    except ValueError:
        raise CliError(f"--start takes X,Y, not '{args.start}'") from None
    try:
        specs = args.optimizer or ["sgd:lr=0.95", "momentum:lr=0.1", "adagrad:lr=1.5",
                                   "adam:lr=0.3"]  # fmt: skip
        config = TrajectoryConfig(
            function=args.function, optimizers=tuple(parse_optimizer(s) for s in specs),
            start=start, steps=args.steps, schedule=parse_schedule(args.schedule),
            noise=args.noise, noise_seed=args.noise_seed, clip_norm=args.clip,
        )
        config.surface()  # reject a bad function before anything runs
        result = run_trajectories(config)
    except (ExpressionError, OptimizerError, ScheduleError, TrajectoryError) as err:
        raise CliError(str(err)) from None
    if args.csv == "-":
        sys.stdout.write(trajectories_csv(result))
    elif args.csv:
        try:
            atomic_write_text(args.csv, trajectories_csv(result))
        except ExportError as err:
            raise CliError(str(err)) from None
    else:
        _print_summary(result)
    return 0


def _print_summary(result) -> None:
    final = result.final_points()
    for i, label in enumerate(result.labels):
        x, y = final[i]
        k = int(result.diverged_at[i])
        status = f"diverged at step {k}" if k >= 0 else f"loss {result.losses[i, -1]:.6g}"
        print(f"{label:>12}: final ({x:.6g}, {y:.6g})  {status}")


def _bench(args) -> int:
    from lab.engine.bench import BENCHES, TARGETS

    figures = BENCHES[args.suite](quick=args.quick)
    if args.json:
        print(json.dumps(figures))
        return 0
    for key, value in figures.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else (
            f"  (target <= {target:g}: {'met' if value <= target else 'MISSED'})")
        print(f"{key:>26}: {value:10.3f}{verdict}")
    return 0
