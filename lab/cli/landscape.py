"""``descent-lab landscape``: the loss around trained runs, headless.

Reads what ``descent-lab train --snapshots every=K`` wrote (``DIR/RUN.safetensors``, its
configuration inside, and ``DIR/RUN.snapshots.safetensors``) and evaluates a plane (the runs'
shared PCA plane with their paths, or filter-normalised random directions) or a line (initial →
final weights, run → run, the top Hessian eigenvector). Output: a summary, one JSON object, CSV
of the grid, or a PNG of the contours with the paths. ``--sharpness`` instead measures the top
Hessian eigenvalue at the run's saved final weights now and adds it to the ``sharpness.csv``
beside them (the window's "Measure sharpness now", headless).
"""

from __future__ import annotations

import json
import sys

from lab.io.names import printable


def add_parser(sub) -> None:
    from lab.engine.train.landscape.job import PLANES

    land = sub.add_parser("landscape", help="the loss landscape around trained runs: a PCA or "
                                            "random plane with their paths, or a line")
    land.add_argument("--run", required=True, metavar="DIR/RUN",
                      help="a run written by `descent-lab train --out DIR` (RUN: its file stem; "
                           "the plane is centred on its final weights)")
    land.add_argument("--with", dest="others", action="append", default=[], metavar="DIR/RUN2",
                      help="another run from the same initial weights, on the same plane "
                           "(repeatable); with --plane line: the line runs from RUN to RUN2")
    land.add_argument("--plane", choices=PLANES, default="pca",
                      help="pca: the runs' snapshots' principal plane (default); random: two "
                           "filter-normalised random directions; line: initial → final "
                           "weights (or RUN → RUN2); hessian: along the top Hessian eigenvector")
    land.add_argument("--grid", type=int, default=25, help="points per side, 2-201 (a line: "
                                                           "points along it)")
    land.add_argument("--samples", type=int, default=1000,
                      help="evaluation images: the first M training images the run saw")
    land.add_argument("--span", type=float, default=0.0,
                      help="random plane: coordinates in [-span, span] (default 1); hessian "
                           "line: in units of 1/sqrt(sharpness) (default 3)")
    land.add_argument("--seed", type=int, default=0, help="seed of the random directions")
    land.add_argument("--device", default="auto", help="auto, cpu or cuda")
    land.add_argument("--sharpness", action="store_true",
                      help="instead of a landscape: measure the sharpness at RUN's final "
                           "weights now (on its first M images, --samples) and add the point "
                           "to sharpness.csv beside it, marked on_demand")
    out = land.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument("--csv", metavar="FILE", help="write the grid as CSV ('-': standard output)")
    out.add_argument("--png", metavar="FILE", help="draw the contours and paths to a PNG")
    out.add_argument("--npz", metavar="FILE", help="write the grid, axes and paths as NumPy NPZ")


def run(args, error) -> int:
    """Load the runs, evaluate, write what was asked; ``error(message)``: a one-line failure."""
    from lab.engine.core.devices import resolve_device
    from lab.engine.core.fields import config_from_plain
    from lab.engine.train.config import TrainingError
    from lab.engine.train.landscape.job import (
        LandscapeConfig,
        LandscapeError,
        landscape_steps,
        load_run,
    )

    if args.sharpness:
        return _sharpness_now(args, error)
    if args.plane == "line" and len(args.others) > 1:
        raise error("--plane line takes at most one --with run (the line's other end)")
    if args.plane == "hessian" and args.others:
        raise error("--plane hessian is one run's: leave out --with")
    try:
        config = config_from_plain(LandscapeConfig, {
            "plane": args.plane, "grid": args.grid, "samples": args.samples, "span": args.span,
            "seed": args.seed}, error=LandscapeError)
        device, message = resolve_device(args.device)
        if message:
            print(printable(message), file=sys.stderr)
        runs = [load_run(path) for path in [args.run, *args.others]]
        result = None
        for step in landscape_steps(runs, config, device):  # a plane fills in coarse to fine
            result = step
    except (LandscapeError, TrainingError, ValueError) as err:
        raise error(str(err)) from None
    from lab.engine.train.landscape.files import grid_csv, to_json, write_npz
    if args.json:
        print(json.dumps(to_json(result)))
    elif args.csv:
        text = grid_csv(result)
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            _write(lambda: _atomic_text(args.csv, text), args.csv, error)
    elif args.npz:
        _write(lambda: write_npz(result, args.npz), args.npz, error)
    elif args.png:
        from lab.ui.train.landscape_map import write_landscape_png

        _write(lambda: write_landscape_png(result, args.png), args.png, error)
    else:
        print(summary(result))
    return 0


def _sharpness_now(args, error) -> int:
    """``--sharpness``: one on-demand point at the saved weights, appended to the CSV."""
    from pathlib import Path

    from lab.engine.core.devices import resolve_device
    from lab.engine.train.config import TrainingError
    from lab.engine.train.landscape.job import LandscapeError
    from lab.engine.train.landscape.probed_run import SHARPNESS_CSV, append_sharpness
    from lab.engine.train.landscape.probes import MAX_SAMPLES
    from lab.engine.train.landscape.saved_sharpness import measure_saved

    if args.others:
        raise error("--sharpness measures one run: leave out --with")
    if not 1 <= args.samples <= MAX_SAMPLES:
        raise error(f"--samples must lie in [1, {MAX_SAMPLES}]")
    try:
        device, message = resolve_device(args.device)
        if message:
            print(printable(message), file=sys.stderr)
        row = measure_saved(args.run, args.samples, device=device)
    except (LandscapeError, TrainingError, ValueError) as err:
        raise error(str(err)) from None
    folder = Path(args.run).parent
    try:
        append_sharpness(folder, row)
    except ValueError as err:  # a damaged sharpness.csv is not overwritten
        raise error(f"{folder / SHARPNESS_CSV}: {err}") from None
    except OSError as err:
        raise error(f"cannot write {folder / SHARPNESS_CSV}: {err.strerror or err}") from None
    if args.json:
        print(json.dumps({"run": row.run, "iteration": row.iteration,
                          "sharpness": row.sharpness, "threshold": row.threshold,
                          "residual": row.residual, "on_demand": True}))  # fmt: skip
    else:
        limit = "" if row.threshold is None else f", threshold {row.threshold:.4g}"
        print(printable(f"{row.run}: sharpness {row.sharpness:.4g} at iteration "
                        f"{row.iteration}{limit} (residual {row.residual:.2g}); added to "
                        f"{folder / SHARPNESS_CSV}"))  # fmt: skip
    return 0


def _atomic_text(path, text):
    from lab.io.files import atomic_write_text

    return atomic_write_text(path, text)


def _write(write, path, error) -> None:
    try:
        write()
    except OSError as err:
        raise error(f"cannot write {path}: {err.strerror or err}") from None


def summary(result) -> str:
    """A few lines for the terminal."""
    import numpy as np

    lines = [f"{result.kind} landscape of {', '.join(result.runs)} "
             f"({len(result.alphas)}{'' if result.betas is None else f'×{len(result.betas)}'} "
             "points)"]
    if result.explained:
        lines.append("explained variance: " + ", ".join(f"{v:.1%}" for v in result.explained))
    lines.append(f"loss: min {np.nanmin(result.loss):.4g}, max {np.nanmax(result.loss):.4g}")
    if result.sharpness is not None:
        lines.append(f"sharpness (top Hessian eigenvalue): {result.sharpness:.4g}")
    return printable("\n".join(lines), keep_newlines=True)
