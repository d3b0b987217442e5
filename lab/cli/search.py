"""``descent-lab search`` (a study: create or resume, run, write trials.csv and plots),
``descent-lab search worker`` (join a study) and ``descent-lab lr-find`` (the range test)."""

from __future__ import annotations

import math
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path


def add_parsers(sub) -> None:
    """Register the search lab's subcommands on the main parser's subparsers."""
    search = sub.add_parser(
        "search", help="hyperparameter search (Optuna), trials trained in batches",
        description="Run a study, or with 'worker' join one (other processes and machines "
                    "join a study stored at a database URL).")
    search.add_argument("action", nargs="?", choices=["run", "worker"], default="run",
                        help="run (default): create or resume a study; worker: join one")
    search.add_argument("--preset", help="a search preset (see `descent-lab presets`)")
    search.add_argument("--trials", type=int, help="the study's trial budget")
    search.add_argument("--epochs", type=int, help="epochs per trial")
    search.add_argument("--seed", type=int, help="the sampler's and the weights' seed")
    search.add_argument("--sampler", choices=["random", "tpe", "qmc"])
    search.add_argument("--pruner", choices=["none", "median", "halving"])
    search.add_argument("--batch-trials", type=int, help="trials trained together")
    search.add_argument("--train-size", type=int, help="first N training images (0: all)")
    search.add_argument("--data", metavar="DIR", help="an MNIST-format folder instead of MNIST")
    search.add_argument("--storage", metavar="URL",
                        help="an Optuna storage URL (postgresql+psycopg://user@host/db) or a "
                             "journal file; default: one file per study in "
                             "$XDG_DATA_HOME/descent-lab/studies")
    search.add_argument("--study", metavar="NAME", help="the study's name (default: preset "
                        "and time; give it again to resume)")
    search.add_argument("--device", default="cpu", help="auto, cpu or cuda")
    search.add_argument("--stale-after", type=float, default=120.0, metavar="S",
                        help="seconds without a heartbeat before another worker's trials "
                             "are re-asked")
    search.add_argument("--out", metavar="DIR", help="folder for trials.csv and plots "
                        "(required unless 'worker')")
    search.add_argument("--no-plots", action="store_true", help="CSV only (no Qt needed)")

    find = sub.add_parser("lr-find", help="learning-rate range test, checked by a real sweep")
    find.add_argument("--optimizer", default="sgd", choices=["sgd", "momentum", "adam"])
    find.add_argument("--lr-min", type=float, default=1e-6)
    find.add_argument("--lr-max", type=float, default=10.0)
    find.add_argument("--steps", type=int, default=100, help="range-test iterations")
    find.add_argument("--sweep", type=int, default=20, help="fixed learning rates to check "
                      "the suggestion against (0: none)")
    find.add_argument("--epochs", type=int, default=10, help="epochs of each sweep run")
    find.add_argument("--train-size", type=int, default=500)
    find.add_argument("--data", metavar="DIR", help="an MNIST-format folder instead of MNIST")
    find.add_argument("--seed", type=int, default=0)
    find.add_argument("--device", default="cpu")
    find.add_argument("--json", action="store_true", help="print one JSON object")


def search_command(args, error) -> int:
    """Run or join a study; ``error`` is the CLI's error type (one line, exit 2)."""
    from lab.engine.core.devices import resolve_device
    from lab.engine.search.presets import SEARCH_PRESETS
    from lab.engine.search.space import SearchConfigError

    config = None
    if args.action == "worker":
        if not args.study:
            raise error("search worker needs --study NAME (and --storage URL for a shared one)")
        if args.preset:
            raise error("a worker trains what the study says: drop --preset")
    else:
        if not args.out:
            raise error("search needs --out DIR")
        key = args.preset or "book-random-search"
        if key not in SEARCH_PRESETS:
            raise error(f"unknown search preset '{key}'; known: {', '.join(SEARCH_PRESETS)}")
        try:
            config = _preset_with_options(SEARCH_PRESETS[key].config, args).check()
        except SearchConfigError as err:
            raise error(str(err)) from None
    if not (math.isfinite(args.stale_after) and args.stale_after > 0):
        raise error(f"--stale-after must be a positive number of seconds (not {args.stale_after})")
    try:
        device, note = resolve_device(args.device)
    except ValueError as err:
        raise error(str(err)) from None
    if note:
        _say(note)
    if config is not None:  # before a study is created: a bad folder leaves no empty study
        _check_before_study(config, device, Path(args.out), error)
    from lab.cli.train_command import stop_requests

    opened: list[str] = []  # the study's name once it is open
    try:
        with stop_requests() as stop:  # SIGTERM and Ctrl-C act at the next safe point
            if not args.out:  # a worker without --out writes nothing
                code = _run_study(args, config, device, error, stop, opened)
            else:
                with _output_lock(Path(args.out), error):  # one job per --out, as `train`
                    code = _run_study(args, config, device, error, stop, opened)
    except KeyboardInterrupt as err:  # outside the trials' loop: nothing in flight
        signum = int(getattr(err, "signum", signal.SIGINT))
        name = signal.Signals(signum).name
        _say(f"descent-lab: interrupted ({name}); resume with --study {opened[0]}" if opened
             else f"descent-lab: interrupted ({name}) before any trial trained")
        return 128 + signum
    return code


def _preset_with_options(preset, args):
    """The preset with the options given, read by the config's own serializer (so each
    option is checked by its field's declaration and named in the message)."""
    from lab.engine.core import fields as F
    from lab.engine.search.stored import config_from_plain

    plain = F.to_plain(preset)
    options = (("trials", args.trials), ("epochs", args.epochs), ("seed", args.seed),
               ("sampler", args.sampler), ("pruner", args.pruner),
               ("batch_trials", args.batch_trials))  # fmt: skip
    plain.update({k: v for k, v in options if v is not None})
    plain["data"].update({k: v for k, v in (("folder", args.data),
                                            ("train_size", args.train_size)) if v is not None})
    return config_from_plain(plain)


def _run_study(args, config, device: str, error, stop, opened: list[str]) -> int:
    """Open (create or resume) the study and run this worker until the budget is reached;
    ``stop.check()`` is the safe point between epochs (``opened`` gets the study's name)."""
    from lab.data.idx import IdxError
    from lab.engine.search.data import DataError
    from lab.engine.search.results import accuracy_text
    from lab.engine.search.runner import run_worker
    from lab.engine.search.space import SearchConfigError
    from lab.engine.search.storage import StudyStorageError
    from lab.engine.search.study import open_study

    name = args.study or f"{args.preset or 'book-random-search'}-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        handle = open_study(name, config, args.storage)
        _say(f"study '{handle.name}' in {handle.where}: {handle.budget} trials, "
             f"worker {handle.worker_id}")
        for note in handle.notes:  # a journal repaired on the way
            _say(note)
        opened.append(handle.name)
        stop.check()
        run = run_worker(handle, device, stale_after=args.stale_after)
        try:
            for progress in run:
                if progress.finished or progress.message:
                    best = "" if not progress.done else (
                        f"; best val acc {accuracy_text(progress.best_value)}"
                        + "".join(f"{' ' if i == 0 else ', '}{k}={_short(v)}" for i, (k, v)
                                  in enumerate((progress.best_params or {}).items())))
                    _say(f"{progress.done}/{progress.budget} trials done{best}"
                         + (f" ({progress.message})" if progress.message else ""))
                stop.check()  # between epochs: trials in flight are released below
        except KeyboardInterrupt as err:  # Ctrl-C, or SIGTERM (train_command.Interrupted)
            run.close()  # trials in flight are failed as interrupted and re-asked later
            _say(f"stopped; resume with --study {handle.name}")
            return 128 + int(getattr(err, "signum", signal.SIGINT))
        if args.out:
            _write_outputs(handle, Path(args.out), not args.no_plots, error)
        handle.close()
    except (StudyStorageError, SearchConfigError, DataError, IdxError) as err:
        raise error(str(err)) from None
    return 0


@contextmanager
def _output_lock(out: Path, error):
    """Hold ``<out>/.descent-lab.lock`` while the search runs and writes: a second job on the
    same folder is refused before it trains. If this job fails before writing anything into a
    folder it made, the folder (and the lock file) go again."""
    from lab.cli.headless import LOCK_NAME, OutputError, OutputLock

    made = [p for p in (out, *out.parents) if not p.exists()]
    written = False
    from lab.io.files import make_folder

    try:
        make_folder(out)
        with OutputLock(out, "search") as lock:
            if lock.cleanup_note():
                _say(lock.cleanup_note())
            yield
            written = True
    except OutputError as err:
        raise error(str(err)) from None
    except OSError as err:
        raise error(f"cannot write to {out}: {err.strerror or err}") from None
    finally:
        if made and not written:
            for path in (out / LOCK_NAME, *made):
                try:
                    path.unlink() if path.name == LOCK_NAME else path.rmdir()
                except OSError:
                    break


def _check_before_study(config, device: str, out: Path, error) -> None:
    """Prove --out writable and read the data (cached for the trials) before the study
    exists, so that neither an unwritable folder found after the last trial nor a bad --data
    folder leaves work or an empty study behind."""
    from lab.cli.headless import OutputError, prepare_output
    from lab.data.idx import IdxError
    from lab.engine.search.data import DataError, prepare_data

    made = [p for p in (out, *out.parents) if not p.exists()]  # removed again after the proof
    try:
        prepare_output(out)
        for folder in made:  # nothing is left behind if the search fails later
            try:
                folder.rmdir()
            except OSError:  # harmless: the folder is written to after the search
                break
        prepare_data(config.data, device)
    except (OutputError, DataError, IdxError) as err:
        raise error(str(err)) from None


def _say(line: str) -> None:
    """A line for the terminal (stderr): user text in it (study names, parameter choices,
    paths) escaped, so it cannot send control sequences."""
    from lab.io.names import printable

    print(printable(line), file=sys.stderr)


def _short(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _write_outputs(handle, out: Path, plots: bool, error) -> None:
    from lab.engine.search.results import top_curves, trial_rows, trials_csv
    from lab.io.files import ExportError, atomic_write_text, make_folder

    columns, rows = trial_rows(handle.study, [p.name for p in handle.config.space])
    try:
        make_folder(out)
        atomic_write_text(out / "trials.csv", trials_csv(columns, rows))
        if plots:
            from lab.ui.search.report import write_search_plots

            write_search_plots(rows, top_curves(handle.study, 20), out)
    except ExportError as err:  # names the file and why (a planted link, a full disk)
        raise error(str(err)) from None
    except OSError as err:
        raise error(f"cannot write to {out}: {err.strerror or err}") from None
    _say(f"wrote {out / 'trials.csv'}" + (" and plots" if plots else ""))


def lr_find_command(args, error) -> int:
    import json
    from dataclasses import replace

    from lab.engine.core.devices import resolve_device
    from lab.engine.core.optimizers import make_optimizer
    from lab.engine.search.data import BOOK_SPLIT, DataError, prepare_data
    from lab.engine.search.lrfind import LrFindError, lr_range_test, lr_sweep
    from lab.engine.search.presets import BOOK
    from lab.engine.search.trial_spec import BatchError

    _check_lr_find(args, error)
    try:
        device, note = resolve_device(args.device)
        # the book's search network and split, with the chosen update rule
        spec = replace(BOOK, optimizer=make_optimizer(args.optimizer, lr=args.lr_min),
                       seed=args.seed)
        data = prepare_data(replace(BOOK_SPLIT, folder=args.data, train_size=args.train_size),
                            device)
        test = lr_range_test(spec, data, args.lr_min, args.lr_max, args.steps, device)
        sweep = lr_sweep(spec, data, args.lr_min, args.lr_max, args.sweep, args.epochs,
                         device) if args.sweep else None  # fmt: skip
    except (ValueError, OSError, BatchError, DataError, LrFindError) as err:
        raise error(str(err)) from None
    if note:
        _say(note)
    result = {"suggestions": test.suggestions, "range_test_steps": len(test.lrs)}
    if sweep is not None:
        result.update(sweep_lrs=list(sweep.lrs), sweep_val_acc=list(sweep.val_acc),
                      sweep_best_lr=sweep.best_lr, sweep_best_val_acc=sweep.best_val_acc)
    if args.json:
        print(json.dumps(result))
        return 0
    for key, lr in test.suggestions.items():
        print(f"{key:>12}: lr {lr:.3g}")
    if sweep is not None:
        print(f"{'sweep best':>12}: lr {sweep.best_lr:.3g} (val acc {sweep.best_val_acc:.4f} "
              f"after {args.epochs} epochs, {len(sweep.lrs)} learning rates)")
    return 0


def _check_lr_find(args, error) -> None:
    """lr-find's counts bounded before anything is allocated (the range test's lr table and
    minibatch indices are made up front), through the fields' own check."""
    from lab.engine.core import fields as F
    from lab.engine.core.data_split import DataConfig
    from lab.engine.search import bounds as B
    from lab.engine.search.trial_spec import TrialSpec

    decls = {"--steps": (args.steps, F.Decl("int", low=2, high=MAX_FIND_STEPS)),
             "--epochs": (args.epochs, F.Decl("int", low=1, high=B.MAX_EPOCHS)),
             "--train-size": (args.train_size, F.declarations(DataConfig)["train_size"]),
             "--seed": (args.seed, F.declarations(TrialSpec)["seed"])}
    if args.sweep:
        decls["--sweep"] = (args.sweep, F.Decl("int", low=2, high=MAX_SWEEP))
    problems = [p for key, (value, decl) in decls.items() for p in F.check(decl, key, value)[1]]
    if problems:
        raise error("; ".join(problems))


MAX_FIND_STEPS = 100_000  # the range test's iterations (its lr table is made up front)
MAX_SWEEP = 1_000  # fixed learning rates trained side by side


def run_command(args, error) -> int:
    """Entry from lab.cli.main for ``search`` and ``lr-find``."""
    if args.command == "lr-find":
        return lr_find_command(args, error)
    return search_command(args, error)
