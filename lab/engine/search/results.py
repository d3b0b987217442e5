"""A study's trials as plain rows (one per trial) and curves: what the CSV, the plots and the
GUI's tables read. Qt-free; values are floats, ints and text."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from lab.engine.search.runner import counted_state

FIXED_COLUMNS = ("number", "state", "val_acc", "best_val_acc", "train_acc", "train_loss",
                 "epochs", "diverged_at", "duration_s", "retry_of", "worker")  # fmt: skip


NO_VALUE = "—"  # what an accuracy that is missing or not a number shows as


def finite(value) -> bool:
    """A real number (not a bool, not NaN or infinity): what a best or a mean may use."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def best_of(values) -> float | None:
    """The largest finite value, None when there is none. Why not ``max``: one NaN (a journal
    written by another tool, a diverged curve) makes ``max`` return NaN or depend on order."""
    kept = [float(v) for v in values if finite(v)]
    return max(kept) if kept else None


def accuracy_text(value, digits: int = 4) -> str:
    """An accuracy for a summary line: ``0.9123``, or "—" when there is none or it is NaN."""
    return f"{value:.{digits}f}" if finite(value) else NO_VALUE


@dataclass(frozen=True)
class TrialCurves:
    number: int
    params: dict
    train_acc: tuple[float, ...]
    val_acc: tuple[float, ...]


def trial_rows(study, param_names: list[str] | None = None) -> tuple[list[str], list[dict]]:
    """(columns, rows): the search's parameters first (``lr``, ``weight_decay``...), then the
    outcome. Trials failed as lost / interrupted / over budget are kept (state says so)."""
    trials = study.get_trials(deepcopy=False)
    names = list(param_names or [])
    for t in trials:
        names += [k for k in t.params if k not in names]
    rows = []
    for t in trials:
        curves = t.user_attrs.get("curves") or {}
        val, train, loss = (curves.get(k) or [] for k in ("val_acc", "train_acc", "train_loss"))
        duration = (t.datetime_complete - t.datetime_start).total_seconds() \
            if t.datetime_complete and t.datetime_start else None
        row = {k: t.params.get(k) for k in names}
        row.update(number=t.number, state=counted_state(t),
                   val_acc=val[-1] if val else None, best_val_acc=best_of(val),
                   train_acc=train[-1] if train else None,
                   train_loss=loss[-1] if loss else None, epochs=len(val),
                   diverged_at=t.user_attrs.get("diverged_at"), duration_s=duration,
                   retry_of=t.user_attrs.get("retry_of"), worker=t.user_attrs.get("worker"))
        rows.append(row)
    return names + list(FIXED_COLUMNS), rows


def trials_csv(columns: list[str], rows: list[dict]) -> str:
    """CSV text through the csv module; missing values are empty cells."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return out.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return value


def top_curves(study, count: int = 20) -> list[TrialCurves]:
    """The best ``count`` complete trials by final validation accuracy (the book's figure)."""
    complete = [t for t in study.get_trials(deepcopy=False)
                if t.state.name == "COMPLETE" and finite(t.value)]
    complete.sort(key=lambda t: t.value, reverse=True)
    out = []
    for t in complete[:count]:
        curves = t.user_attrs.get("curves") or {}
        out.append(TrialCurves(t.number, dict(t.params), tuple(curves.get("train_acc") or ()),
                               tuple(curves.get("val_acc") or ())))
    return out
