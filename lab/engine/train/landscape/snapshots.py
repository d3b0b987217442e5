"""The weights a run keeps every k iterations (step 0 included), on disk in its folder.

Why one safetensors file per run (``<stem>.snapshots.safetensors`` beside ``<stem>.safetensors``):
a path of a few hundred snapshots of the book's MLP is tens of megabytes, read back whole to take
its PCA; safetensors holds plain tensors (never code) and its metadata carries the run's
configuration, so the file alone rebuilds the run's model and evaluation set. Tensors are named
``<iteration>/<parameter>``. Reading checks the size first (a bound, no device or FIFO) and that
every snapshot has every parameter of the model with its shape.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lab.io.files import atomic_write

FORMAT = "descent-lab-snapshots-1"
META_KEY = "descent-lab"
SUFFIX = ".snapshots.safetensors"
MAX_BYTES = 4 * 2**30  # what a snapshots file may hold (and what a run may plan to keep)


class SnapshotError(ValueError):
    """A snapshots file that cannot be read, or a plan that would not fit."""


@dataclass(eq=False)
class Snapshots:
    """A run's kept weights, by iteration (CPU tensors, parameters only)."""

    every: int
    tensors: dict = field(default_factory=dict)  # {iteration: {name: tensor}}

    def keep(self, iteration: int, model, last: bool = False) -> bool:
        """Copy the model's parameters if ``iteration`` is due (0, every k-th, the last)."""
        if not (iteration % self.every == 0 or last) or iteration in self.tensors:
            return False
        self.tensors[iteration] = {n: p.detach().to("cpu", copy=True)
                                   for n, p in model.named_parameters()}  # fmt: skip
        return True

    @property
    def iterations(self) -> list[int]:
        return sorted(self.tensors)

    def path(self, layout):
        """The snapshots as one (T, P) float64 matrix in ``layout``'s order."""
        import torch

        return torch.stack([layout.flatten(self.tensors[i]) for i in self.iterations])


def planned_bytes(parameters: int, iterations: int, every: int) -> int:
    """What keeping every ``every``-th of ``iterations`` would write (float32)."""
    return 4 * parameters * (iterations // every + 2)


def snapshots_path(weights_stem: Path) -> Path:
    return weights_stem.with_name(weights_stem.name + SUFFIX)


def save_snapshots(snapshots: Snapshots, path: Path, run_entry: dict, model: dict) -> Path:
    """Write ``snapshots`` with the run's configuration (experiment-entry form) and model."""
    from safetensors.torch import save_file

    tensors = {f"{it}/{name}": t.contiguous()
               for it, named in snapshots.tensors.items() for name, t in named.items()}
    meta = {"format": FORMAT, "every": snapshots.every, "iterations": snapshots.iterations,
            "config": run_entry, "model": model}
    inside = {"format": FORMAT, META_KEY: json.dumps(meta)}
    return atomic_write(path, lambda tmp: save_file(tensors, tmp, metadata=inside))


def load_snapshots(path: Path, names_and_shapes: dict) -> tuple[Snapshots, dict]:
    """(snapshots, metadata) from ``path``, checked against the model's parameters
    (``{name: shape}``); SnapshotError saying what is wrong."""
    from safetensors import safe_open

    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as err:
        raise SnapshotError(f"{path.name}: cannot be read ({err.strerror or err}); train the "
                            "run with --snapshots every=K to keep its path") from None
    if not stat.S_ISREG(info.st_mode):
        raise SnapshotError(f"{path.name}: not a regular file")
    if info.st_size > MAX_BYTES:
        raise SnapshotError(f"{path.name}: larger than {MAX_BYTES:,} bytes, not a snapshots file")
    try:
        with safe_open(str(path), framework="pt") as file:
            meta = json.loads((file.metadata() or {}).get(META_KEY, "null"))
            if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                raise SnapshotError(f"{path.name}: not a descent-lab snapshots file")
            every = int(meta["every"])
            iterations = [int(i) for i in meta["iterations"]]
            keys = set(file.keys())
            expected = {f"{i}/{n}" for i in iterations for n in names_and_shapes}
            if keys != expected:
                raise SnapshotError(f"{path.name}: its tensors do not match its model "
                                    f"({len(keys)} tensors, {len(expected)} expected)")
            snapshots = Snapshots(every)
            for i in iterations:
                named = {n: file.get_tensor(f"{i}/{n}") for n in names_and_shapes}
                for n, shape in names_and_shapes.items():
                    if tuple(named[n].shape) != tuple(shape):
                        raise SnapshotError(f"{path.name}: {n} at iteration {i} has shape "
                                            f"{tuple(named[n].shape)}, the model {tuple(shape)}")
                snapshots.tensors[i] = named
    except SnapshotError:
        raise
    except Exception as err:  # safetensors raises several types for damaged files
        detail = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise SnapshotError(f"{path.name}: cannot be read ({detail})") from None
    if not snapshots.tensors:
        raise SnapshotError(f"{path.name}: holds no snapshots")
    return snapshots, meta
