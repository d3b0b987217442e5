"""The ``descent-lab`` command: no arguments opens the app; subcommands run headless jobs."""

from __future__ import annotations

import argparse
import json
import sys

from lab.engine.train.diagnostics.config import DEFAULT_EVERY
from lab.io.names import printable

# options whose values may begin with '-' (a start point "-7,2", an expression "-x**2")
_VALUE_OPTIONS = {"--start", "--function", "--optimizer", "--optimizers", "--schedule",
                  "--init", "--at", "--value-range"}


class CliError(Exception):
    """A bad argument: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse echoes what was typed ("invalid choice: '...'"): escaped like every line."""

    def _print_message(self, message: str, file=None) -> None:
        super()._print_message(printable(message, keep_newlines=True) if message else message,
                               file)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="descent-lab",
        description="See and measure how neural networks are optimized. "
        "Without a subcommand, opens the app.",
    )
    from lab import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add the app to this user's application menu (XDG_DATA_HOME)")
    parser.add_argument("--uninstall-desktop-entry", action="store_true",
                        help="remove what --install-desktop-entry added")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("warmup", help="compile the numba kernels into the cache (fast first launch)")

    from lab.cli.lab_commands import add_parsers as add_lab_parsers

    add_lab_parsers(sub)  # trajectory, sweep, activations

    sub.add_parser("presets", help="list the presets of every lab")

    train = sub.add_parser("train", help="train MNIST runs headless: metrics, weights, plots")
    source = train.add_mutually_exclusive_group(required=True)
    source.add_argument("--preset", help="a training preset (see `descent-lab presets`)")
    source.add_argument("--config", metavar="FILE.toml", help="an experiment file")
    source.add_argument("--from-study", metavar="STORAGE",
                        help="a search study's journal file or database URL: train its trial "
                             "--trial of --study as a run (the trial's curve, reproduced)")
    train.add_argument("--study", metavar="NAME", help="with --from-study: the study's name")
    train.add_argument("--trial", type=int, metavar="N",
                       help="with --from-study: the trial's number")
    train.add_argument("--iterations", type=int, help="override every run's length")
    train.add_argument("--seed", type=int, help="override every run's seed")
    train.add_argument("--data", metavar="DIR", help="an MNIST-format folder instead of MNIST")
    train.add_argument("--device", default=None, help="auto, cpu or cuda")
    train.add_argument("--out", metavar="DIR", required=True, help="folder for the results")
    train.add_argument("--diagnostics", metavar="every=K", nargs="?", const="on",
                       help="measure inside every run every K iterations (default "
                            f"{DEFAULT_EVERY}): per-layer statistics and histograms to "
                            "DIR/diagnostics.csv and DIR/histograms.npz; more settings: "
                            "probe=N, bins=N, max_bins=N, headroom=X, memory_mb=X "
                            "(docs/files.md); the *-inside presets measure without it")
    train.add_argument("--tensorboard", metavar="LOGDIR",
                       help="also write a TensorBoard log per run into LOGDIR (needs the "
                            "optional tensorboardX: pip install 'descent-lab[tensorboard]')")
    train.add_argument("--snapshots", metavar="every=K",
                       help="keep each run's weights every K iterations (0 and the last "
                            "included) in DIR/RUN.snapshots.safetensors, for `landscape`")
    train.add_argument("--sharpness", metavar="every=K[,samples=N,steps=S]",
                       help="measure the top Hessian eigenvalue every K iterations (0 and the "
                            "last included) on the first N images the run saw (default 1000), "
                            "at most S Lanczos steps (default 20); DIR/sharpness.csv")

    from lab.cli.landscape import add_parser as add_landscape_parser

    add_landscape_parser(sub)

    bench = sub.add_parser("bench", help="benchmarks, as figures measured in one run")
    bench.add_argument("suite", choices=["trajectories", "activations", "training", "startup",
                                          "search", "interaction", "landscape"])
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--quick", action="store_true", help="fewer repeats")
    from lab.cli.search import add_parsers as add_search_parsers

    add_search_parsers(sub)
    from lab.cli.theory import add_parsers as add_theory_parsers

    add_theory_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from lab.engine.optimize.surface_compiler import COMMAND, serve

    if argv == [COMMAND]:  # the app's own function compiler (hidden: not for users)
        return serve()
    argv = _join_values(argv)
    args = build_parser().parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from lab.cli.desktop import desktop_entry

        return desktop_entry(install=args.install_desktop_entry)
    if args.command is None:
        from lab.ui.app import run_app

        return run_app()
    try:
        if args.command in ("search", "lr-find"):
            from lab.cli.search import run_command

            return run_command(args, CliError)
        if args.command == "landscape":
            from lab.cli import landscape

            return landscape.run(args, CliError)
        if args.command in ("theory", "sweep2d"):
            from lab.cli import theory

            return (theory.run if args.command == "theory" else theory.run_sweep2d)(args,
                                                                                    CliError)
        from lab.cli import lab_commands

        labs = {"trajectory": lab_commands.trajectory_command,
                "sweep": lab_commands.sweep_command,
                "activations": lab_commands.activations_command}
        if args.command in labs:
            return labs[args.command](args, CliError)
        commands = {"bench": _bench, "presets": _presets, "train": _train, "warmup": _warmup}
        return commands[args.command](args)
    except CliError as err:
        print(f"descent-lab: error: {printable(err)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        sys.stderr.close()
        return 0


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


def _presets(args) -> int:
    from lab.engine.init.presets import INIT_PRESETS
    from lab.engine.optimize.presets import OPTIMIZER_PRESETS
    from lab.engine.train.presets import TRAIN_PRESETS

    print("training (descent-lab train --preset KEY):")
    for key, preset in TRAIN_PRESETS.items():
        print(f"  {key:<22} {preset.title}; runs: {', '.join(r.name for r in preset.runs)}")
    print("optimizer lab:")
    for key, preset in OPTIMIZER_PRESETS.items():
        print(f"  {key:<22} {preset.title}")
    print("initialization lab:")
    for key, preset in INIT_PRESETS.items():
        print(f"  {key:<22} {preset.title}")
    from lab.engine.search.presets import SEARCH_PRESETS

    print("search lab (descent-lab search --preset KEY):")
    for key, preset in SEARCH_PRESETS.items():
        print(f"  {key:<22} {preset.title}")
    return 0


def _train(args) -> int:
    from dataclasses import replace
    from pathlib import Path

    from lab.engine.train.experiments import MAX_BYTES, ExperimentError, parse_experiment
    from lab.engine.train.presets import TRAIN_PRESETS, with_iterations
    from lab.io.files import read_limited

    if (args.study is not None or args.trial is not None) and not args.from_study:
        raise CliError("--study and --trial go with --from-study")
    if args.from_study:
        runs = (_trial_run(args),)
    elif args.preset:
        if args.preset not in TRAIN_PRESETS:
            raise CliError(f"unknown preset '{args.preset}'; known: {', '.join(TRAIN_PRESETS)}")
        runs = TRAIN_PRESETS[args.preset].runs
    else:
        try:
            runs = parse_experiment(read_limited(args.config, MAX_BYTES), args.config)
        except OSError as err:
            raise CliError(f"cannot read {args.config}: {err.strerror or err}") from None
        except ExperimentError as err:
            raise CliError(str(err)) from None
    if args.iterations is not None:
        if args.iterations < 1:
            raise CliError("--iterations must be at least 1")
        runs = with_iterations(runs, args.iterations)
    changes = {}
    if args.seed is not None:
        changes["seed"] = args.seed
    if args.device:
        changes["device"] = args.device
    runs = tuple(replace(r, **changes,
                         data=replace(r.data, folder=args.data) if args.data else r.data)
                 for r in runs)  # fmt: skip
    diagnostics = TRAIN_PRESETS[args.preset].diagnostics if args.preset else None
    if args.diagnostics is not None:
        from lab.engine.train.diagnostics.config import DiagnosticsError, parse_diagnostics

        try:
            diagnostics = parse_diagnostics(args.diagnostics)
        except DiagnosticsError as err:
            raise CliError(f"--diagnostics: {err}") from None
    from lab.cli.train_command import train

    return train(runs, Path(args.out), CliError, diagnostics=diagnostics,
                 tensorboard=Path(args.tensorboard) if args.tensorboard else None,
                 probes=_probes(args, TRAIN_PRESETS[args.preset].probes if args.preset else None))


def _probes(args, preset=None):
    """``--snapshots every=K`` and ``--sharpness every=K,...`` as one checked ProbeConfig, on
    top of the preset's own (a landscape or stability preset keeps or measures by itself)."""
    from dataclasses import asdict

    from lab.engine.core.fields import config_from_plain
    from lab.engine.train.landscape.probes import ProbeConfig, ProbeError, parse_every

    plain: dict = asdict(preset) if preset is not None else {}
    try:
        if args.snapshots:
            plain.update(parse_every(args.snapshots, "snapshot"))
        if args.sharpness:
            plain.update(parse_every(args.sharpness, "sharpness"))
        return config_from_plain(ProbeConfig, plain, error=ProbeError)
    except ProbeError as err:
        raise CliError(str(err)) from None


def _trial_run(args):
    """``--from-study STORAGE --study NAME --trial N``: that trial as a training run."""
    from lab.app.trial_run import trial_from_study

    if not args.study or args.trial is None:
        raise CliError("--from-study needs --study NAME and --trial N")
    try:
        return trial_from_study(args.from_study, args.study, args.trial)
    except (OSError, ValueError) as err:  # StudyStorageError is an OSError
        raise CliError(str(err)) from None


def _bench(args) -> int:
    from lab.bench.suites import BENCHES, TARGETS

    figures = BENCHES[args.suite](quick=args.quick)
    if args.suite == "training":
        from lab.bench.stall import gui_stall_p99_ms

        figures["gui_stall_p99_ms"] = gui_stall_p99_ms(3.0 if args.quick else 8.0)
    if args.json:
        print(json.dumps(figures))
        return 0
    for key, value in figures.items():
        target = TARGETS.get(key)
        verdict = "" if target is None else (
            f"  (target <= {target:g}: {'met' if value <= target else 'MISSED'})")
        print(f"{key:>32}: {value:10.3f}{verdict}")
    return 0


def _warmup(args) -> int:
    from lab.cli.desktop import warmup

    return warmup()
