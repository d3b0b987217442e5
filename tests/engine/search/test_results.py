"""Issue 16: a journal holding NaN values (written by another tool, or a trial whose accuracy is
not a number) never makes "nan" the best: summaries skip it and show "—" when nothing else."""

from __future__ import annotations

import math

from lab.engine.search.results import top_curves, trial_rows
from lab.engine.search.runner import run_worker
from lab.engine.search.study import open_study
from tests.engine.search.conftest import with_


def add_nan_trial(study) -> None:
    """A complete trial whose value and curves are NaN, as such a journal holds them."""
    from optuna.trial import TrialState

    trial = study.ask()
    trial.suggest_float("lr", 1e-3, 0.5, log=True)
    trial.suggest_float("weight_decay", 1e-8, 1e-4, log=True)
    trial.set_user_attr("curves", {"train_acc": [math.nan], "val_acc": [math.nan],
                                   "train_loss": [None]})
    study._storage.set_trial_state_values(trial._trial_id, TrialState.COMPLETE, [math.nan])


def nan_study(folder, config, real_trials: int):
    """A study whose first trial is NaN, then ``real_trials`` trained ones."""
    handle = open_study("nan", with_(config, trials=1 + real_trials), data_dir=folder)
    add_nan_trial(handle.study)
    return handle


def test_best_of_skips_nan_and_accuracy_text_shows_a_dash():
    from lab.engine.search.results import accuracy_text, best_of

    assert best_of([math.nan, 0.5, 0.25]) == 0.5
    assert best_of([0.25, math.nan, math.inf, True]) == 0.25
    assert best_of([math.nan]) is None and best_of([]) is None
    assert accuracy_text(math.nan) == "—" and accuracy_text(None) == "—"
    assert accuracy_text(0.91234) == "0.9123" and accuracy_text(0.5, 2) == "0.50"


def test_the_worker_and_the_rows_never_report_nan_as_the_best(tmp_path, tiny_config):
    handle = nan_study(tmp_path, tiny_config, real_trials=0)
    progress = list(run_worker(handle))[-1]
    assert progress.best_value is None  # only the NaN trial is complete
    handle = open_study("nan", with_(tiny_config, trials=3), data_dir=tmp_path)
    progress = list(run_worker(handle))[-1]
    assert progress.best_value is not None and math.isfinite(progress.best_value)
    _columns, rows = trial_rows(handle.study)
    assert math.isnan(rows[0]["val_acc"]) and rows[0]["best_val_acc"] is None
    assert [c.number for c in top_curves(handle.study)] == sorted(
        (r["number"] for r in rows[1:]), key=lambda n: -rows[n]["val_acc"])
