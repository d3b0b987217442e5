"""The Landscape tab's slow work, plain functions its workers run off the GUI thread.

Why here: loading runs back from their folders (weights, configuration, snapshots) and
evaluating a plane coarse to fine is the engine's :func:`landscape_steps`, the same the CLI runs;
this only drives it with the worker's token: every pass is reported as progress (the map fills
in), and a cancel closes the generator between passes. Measuring an ended run's sharpness now
is the engine's :func:`measure_saved`, the same ``landscape --sharpness`` runs.
"""

from __future__ import annotations

from pathlib import Path


def compute_landscape(weights: list[Path], config, token):
    """The finished landscape of the runs whose weights files are ``weights`` (the first is the
    centre), or None when cancelled; each pass goes to ``token.progress`` as it is measured."""
    from lab.engine.core.devices import resolve_device
    from lab.engine.train.landscape.job import landscape_steps, load_run

    runs = [load_run(path) for path in weights]
    if token.cancelled:
        return None
    device, _message = resolve_device("auto")
    steps = landscape_steps(runs, config, device)
    last = None
    try:
        for step in steps:
            if token.cancelled:
                return None
            last = step
            token.progress(step)
    finally:
        steps.close()
    return last


def measure_sharpness_now(weights: Path, iteration: int, lr: float | None, probes, token):
    """An on-demand sharpness row at the final weights in ``weights`` (the run at
    ``iteration``, its last step at ``lr``), on ``probes``' samples and Lanczos steps, added to
    the run folder's sharpness.csv; None when cancelled before anything was written."""
    from lab.engine.core.devices import resolve_device
    from lab.engine.train.data import cached_data
    from lab.engine.train.landscape.probed_run import append_sharpness
    from lab.engine.train.landscape.saved_sharpness import measure_saved

    device, _message = resolve_device("auto")
    row = measure_saved(weights, probes.samples, probes.lanczos_steps, device, iteration, lr,
                        cached_data)  # fmt: skip
    if token.cancelled:
        return None
    append_sharpness(Path(weights).parent, row)
    return row
