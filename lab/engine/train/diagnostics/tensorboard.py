"""A run as a TensorBoard log: scalars, per-layer histograms with our bin edges, and the
run's hyperparameters; one folder per run.

Why through ``tensorboardX`` (an optional extra, ``pip install 'descent-lab[tensorboard]'``):
it writes TensorBoard's event files without TensorFlow and is small and well kept. Histograms
are handed over raw (``add_histogram_raw``) with our fixed edges, never re-binned by us:
TensorBoard's bucket i holds (limit[i-1], limit[i]], so the first bucket, up to our lowest
edge, holds the underflow, then come our bins by their right edges, and a last bucket up to
the largest value holds the overflow. tensorboardX writes into a temporary folder; the files
are then put in place through :mod:`lab.io.files` (atomic, links refused), as every write is.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np

from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.record import DiagnosticsSnapshot
from lab.engine.train.history import HistorySnapshot
from lab.io.files import atomic_write_bytes, make_folder, read_limited

MISSING = ("TensorBoard logs need the optional package tensorboardX: "
           "pip install 'descent-lab[tensorboard]' (or pip install tensorboardX)")
MAX_EVENT_BYTES = 4 * 1024**3
PER_LAYER = ("update_ratio", "grad_norm", "dead_probe", "dead_trained", "saturated")


class TensorBoardError(RuntimeError):
    """No tensorboardX, or a log that could not be written."""


def require_tensorboardx() -> None:
    """Fail before a run trains, not after, when the package is missing."""
    try:
        import tensorboardX  # noqa: F401
    except ImportError:
        raise TensorBoardError(MISSING) from None


def flat_hparams(entry: dict, prefix: str = "") -> dict:
    """A run's config (plain data) as TensorBoard's flat hyperparameters: numbers, flags and
    text; nested tables as dotted keys, lists as text."""
    out: dict = {}
    for key, value in entry.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flat_hparams(value, f"{name}."))
        elif isinstance(value, bool | int | float | str):
            out[name] = value
        else:
            out[name] = str(value)
    return out


def write_run_log(folder: str | os.PathLike, history: HistorySnapshot,
                  diagnostics: DiagnosticsSnapshot | None, hparams: dict) -> Path:
    """Write one run's log into ``folder`` (created); returns it."""
    require_tensorboardx()
    from tensorboardX import SummaryWriter

    folder = make_folder(folder)
    with tempfile.TemporaryDirectory(prefix="descent-lab-tb-") as tmp:
        writer = SummaryWriter(logdir=tmp)
        try:
            _scalars(writer, history)
            if diagnostics is not None:
                _diagnostics(writer, diagnostics)
            final = {"hparam/final_loss": float(history.loss[-1]) if history.n else math.nan}
            if len(history.val_acc):
                final["hparam/val_acc"] = float(history.val_acc[-1])
            _hparams(writer, hparams, final)
        finally:
            writer.close()
        for path in sorted(Path(tmp).rglob("*")):
            if path.is_file():
                target = folder / path.relative_to(tmp)
                make_folder(target.parent)
                atomic_write_bytes(target, read_limited(path, MAX_EVENT_BYTES))
    return folder


def write_run_logs(folder: str | os.PathLike, runs) -> list[Path]:
    """Several runs' logs, one sub-folder each (named by :func:`lab.io.names.unique_stems`):
    ``runs`` are (name, TrainConfig, HistorySnapshot, DiagnosticsSnapshot or None). The CLI's
    ``--tensorboard`` and the window's File > Export > TensorBoard log both come here."""
    from lab.engine.train.experiments import run_to_entry
    from lab.io.names import unique_stems

    require_tensorboardx()
    stems = unique_stems([name for name, *_ in runs])
    return [write_run_log(Path(folder) / stems[name], history, diagnostics,
                          flat_hparams(run_to_entry(config)))
            for name, config, history, diagnostics in runs]  # fmt: skip


def _hparams(writer, hparams: dict, metrics: dict) -> None:
    """The run's hyperparameters in its own event file (``add_hparams`` would open a second
    writer whose file can take the first one's name within the same second)."""
    from tensorboardX.summary import hparams as hparams_summaries

    for summary in hparams_summaries(hparams, metrics):
        writer.file_writer.add_summary(summary)
    for key, value in metrics.items():
        writer.add_scalar(key, value, 0)


def _scalars(writer, h: HistorySnapshot) -> None:
    for it, loss, lr, norm in zip(h.iterations.tolist(), h.loss.tolist(), h.lr.tolist(),
                                  h.grad_norm.tolist(), strict=True):  # fmt: skip
        writer.add_scalar("train/loss", loss, it)
        writer.add_scalar("train/lr", lr, it)
        writer.add_scalar("train/grad_norm", norm, it)
    for it, train, val in zip(h.eval_iteration.tolist(), h.train_acc.tolist(),
                              h.val_acc.tolist(), strict=True):  # fmt: skip
        writer.add_scalar("accuracy/train", train, it)
        writer.add_scalar("accuracy/validation", val, it)


def _diagnostics(writer, snap: DiagnosticsSnapshot) -> None:
    for m in snap.measurements:
        for layer, label in enumerate(snap.layers):
            for name in PER_LAYER:
                value = float(getattr(m, name)[layer])
                if math.isfinite(value):
                    writer.add_scalar(f"layer{label}/{name}", value, m.iteration)
            for k, kind in enumerate(KINDS):
                hist = m.histograms[layer][k]
                if hist is None:
                    continue
                count, mean, std = (float(m.stats[layer, k, i]) for i in range(3))
                if math.isfinite(std):
                    writer.add_scalar(f"layer{label}/{kind}/std", std, m.iteration)
                if not count or not math.isfinite(mean):
                    continue
                edges = snap.edges(layer, kind, hist.start, len(hist.counts))
                low, high = float(m.stats[layer, k, 3]), float(m.stats[layer, k, 4])
                limits = [edges[0], *edges[1:]]
                counts = [hist.under, *hist.counts.tolist()]
                if hist.over:
                    limits.append(max(high, edges[-1]))
                    counts.append(hist.over)
                writer.add_histogram_raw(
                    f"layer{label}/{kind}", min=low, max=high, num=int(count),
                    sum=mean * count, sum_squares=count * (std * std + mean * mean),
                    bucket_limits=np.asarray(limits, dtype=np.float64).tolist(),
                    bucket_counts=[int(c) for c in counts], global_step=m.iteration)
