"""The optimizer and initialization labs without a window: ``trajectory``, ``sweep`` and
``activations``.

Their options are generated from the labs' config declarations (lab.cli.config_options), with
the lab's first preset as the defaults, so a value is refused with the message a session file
or the lab's saved settings get for it.
"""

from __future__ import annotations

import json
import sys

# older option names, kept working beside the generated ones (the field names)
TRAJECTORY_ALIASES = {"optimizers": ("--optimizer",), "clip_norm": ("--clip",)}
PROBE_ALIASES = {"depth": ("--layers",)}


def _book_trajectory():
    from lab.engine.optimize.presets import OPTIMIZER_PRESETS

    return OPTIMIZER_PRESETS["book-fig-6-8"].config


def add_parsers(sub) -> None:
    """The ``trajectory``, ``sweep`` and ``activations`` subcommands."""
    from lab.cli.animation import add_arguments as add_animation_arguments
    from lab.cli.config_options import add_config_options
    from lab.engine.init.probe import ProbeConfig
    from lab.engine.optimize.trajectories import SweepConfig, TrajectoryConfig

    traj = sub.add_parser("trajectory", help="optimizer trajectories on a 2-D function")
    add_config_options(traj, TrajectoryConfig, _book_trajectory(), TRAJECTORY_ALIASES)
    traj.add_argument("--csv", metavar="PATH", help="write CSV to PATH ('-': standard output): "
                      "each step's point, loss, rate, gradient, step and optimizer state")
    add_animation_arguments(traj)  # --gif, --webp, --mp4

    sweep = sub.add_parser("sweep", help="final loss of each optimizer over a range of "
                                         "learning rates (the optimizer lab's sweep)")
    add_config_options(sweep, TrajectoryConfig, _book_trajectory(), TRAJECTORY_ALIASES)
    add_config_options(sweep, SweepConfig, SweepConfig())
    sweep.add_argument("--csv", metavar="PATH", help="write CSV to PATH ('-': standard output)")

    act = sub.add_parser("activations", help="per-layer activation and gradient statistics")
    add_config_options(act, ProbeConfig, ProbeConfig(), PROBE_ALIASES)
    act.add_argument("--std", type=float, help="std for --init normal (default 1, the book's)")
    act.add_argument("--gain", type=float, help="gain for xavier and orthogonal")
    act.add_argument("--per-layer-bins", dest="shared_bins", action="store_false",
                     default=None, help="bins fitted per layer (as --no-shared-bins)")
    act.add_argument("--json", action="store_true", help="print one JSON object")
    act.add_argument("--train-config", metavar="FILE.toml",
                     help="also write this network as a training run (an experiment file for "
                          "`descent-lab train --config`): same layers, activation, "
                          "initializer, batch norm and seed")


def trajectory_command(args, error: type[Exception]) -> int:
    from lab.cli.animation import write_animations
    from lab.cli.config_options import config_from_args
    from lab.engine.optimize.expressions import ExpressionError
    from lab.engine.optimize.trajectories import TrajectoryConfig, run_trajectories

    config = config_from_args(TrajectoryConfig, args, _book_trajectory(), error)
    try:
        config.surface()  # reject a bad function before anything runs
        result = run_trajectories(config, record_state=bool(args.csv))
    except ExpressionError as err:
        raise error(str(err)) from None
    write_animations(args, config, result, error)
    if args.csv:
        from lab.engine.optimize.trajectories import trajectories_csv

        write_csv(args.csv, trajectories_csv(result), error)
    else:
        final = result.final_points()
        for i, label in enumerate(result.labels):
            x, y = final[i]
            k = int(result.diverged_at[i])
            status = f"diverged at step {k}" if k >= 0 else f"loss {result.losses[i, -1]:.6g}"
            print(f"{label:>12}: final ({x:.6g}, {y:.6g})  {status}")
    return 0


def sweep_command(args, error: type[Exception]) -> int:
    from lab.cli.config_options import config_from_args
    from lab.engine.optimize.expressions import ExpressionError
    from lab.engine.optimize.trajectories import (
        SweepConfig,
        TrajectoryConfig,
        sweep_csv,
        sweep_learning_rates,
    )

    problems = []
    configs = []
    for cls, base in ((TrajectoryConfig, _book_trajectory()), (SweepConfig, SweepConfig())):
        try:
            configs.append(config_from_args(cls, args, base, ValueError))
        except ValueError as err:
            problems.append(str(err))
    if problems:
        raise error("; ".join(problems))
    config, sweep = configs
    try:
        config.surface()
        result = sweep_learning_rates(config, sweep)
    except ExpressionError as err:
        raise error(str(err)) from None
    if args.csv:
        write_csv(args.csv, sweep_csv(result), error)
        return 0
    for i, label in enumerate(result.labels):
        finite = result.diverged_at[i] < 0
        if not finite.any():
            print(f"{label:>12}: diverged at every learning rate")
            continue
        best = min(range(result.lrs.size), key=lambda j: (not finite[j], result.final_loss[i, j]))
        print(f"{label:>12}: lowest final loss {result.final_loss[i, best]:.6g} at lr "
              f"{result.lrs[best]:.4g}; diverged at {int((~finite).sum())} of "
              f"{result.lrs.size} rates")
    return 0


def activations_command(args, error: type[Exception]) -> int:
    from lab.cli.config_options import config_from_args
    from lab.engine.init.probe import ProbeConfig, run_probe

    init = args.init or "normal"
    extra = {"gain": args.gain, "std": args.std}
    if args.std is None and ":" not in init and init.strip() in ("normal", "std"):
        extra["std"] = 1.0  # the book's std 1, as the default network
    given = ",".join(f"{k}={v!r}" for k, v in extra.items() if v is not None)
    if given:
        args.init = f"{init},{given}" if ":" in init else f"{init}:{given}"
    config = config_from_args(ProbeConfig, args, ProbeConfig(), error)
    if args.train_config:
        write_train_config(args.train_config, config, error)
    result = run_probe(config)
    if args.json:
        print(json.dumps(finite_or_null(result.as_dict())))
        return 0
    print(f"{config.activation}, {config.init.label()}, {config.depth} x {config.width}, "
          f"{config.samples} samples, norm {config.norm}")
    print(f"{'layer':>5} {'act mean':>10} {'act std':>10} {'saturated':>9} {'dead':>6} "
          f"{'grad std':>10} {'|dW|':>10} {'non-finite':>10}")
    for layer in result.layers:
        a, g = layer.activation, layer.gradient
        print(f"{layer.index:>5} {_fmt(a.mean):>10} {_fmt(a.std):>10} "
              f"{_fmt(a.saturated_frac):>9} {_fmt(a.dead_frac):>6} {_fmt(g.std):>10} "
              f"{_fmt(layer.weight_grad_norm):>10} {a.nonfinite:>10}")
    return 0


def write_train_config(path: str, config, error: type[Exception]) -> None:
    """The init lab's "Train this network" headless: the run as an experiment file, with
    what differs from the probe said in its comments (lab.app.init_run)."""
    from lab.app.init_run import NotTrainable, differences, train_config
    from lab.engine.train.experiments import format_experiment

    try:
        run = train_config(config)
    except NotTrainable as err:
        raise error(f"--train-config: {err}") from None
    notes = [f"# {DIFFERENCES[key]}" for key in differences(config)]
    shown = path if path.isprintable() else "FILE.toml"  # a comment stays one line
    header = [f"# descent-lab activations --train-config: the network of this probe as a run "
              f"(seed {config.seed}).",
              f"# Train it: descent-lab train --config {shown} --out DIR "
              f"--diagnostics probe={config.samples}", *notes]
    write_csv(path, "\n".join(header) + "\n\n" + format_experiment((run,)), error)


# what carries over with a difference (lab.app.init_run.differences), said in the file
DIFFERENCES = {
    "input": "The probe's input is Gaussian; training reads 784 MNIST pixels, so the first "
             "layer is 784 wide and the weights are drawn anew (--input mnist keeps them).",
    "bias": "The probe's layers have no biases; the run's have biases, zero at step 0.",
    "loss": "The probe's gradients are of the outputs' sum; the run's of cross-entropy.",
}


def write_csv(path: str, text: str, error: type[Exception]) -> None:
    from lab.io.files import ExportError, atomic_write_text

    if path == "-":
        sys.stdout.write(text)
        return
    try:
        atomic_write_text(path, text)
    except ExportError as err:
        raise error(str(err)) from None


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3g}"


def finite_or_null(value):
    """JSON has no NaN or infinity: such figures become null."""
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    if isinstance(value, dict):
        return {k: finite_or_null(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_or_null(v) for v in value]
    return value
