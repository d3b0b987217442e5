"""snapshot_from_study on a small in-memory Optuna study, built as the runner stores trials
(curves as a user attribute; a diverged trial failed with the "diverged" attribute)."""

from __future__ import annotations

import math

import pytest

optuna = pytest.importorskip("optuna")

from optuna.distributions import CategoricalDistribution, FloatDistribution  # noqa: E402
from optuna.trial import TrialState, create_trial  # noqa: E402

from lab.engine.search.runner import DIVERGED  # noqa: E402
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig  # noqa: E402
from lab.ui.search.views.snapshot import snapshot_from_study  # noqa: E402

CONFIG = SearchConfig(space=(FloatParam("lr", 1e-4, 1.0, log=True),
                             FloatParam("dropout", 0.0, 0.5),
                             ChoiceParam("optimizer", ("sgd", "adam"))))  # fmt: skip
DISTRIBUTIONS = {"lr": FloatDistribution(1e-4, 1.0, log=True),
                 "dropout": FloatDistribution(0.0, 0.5),
                 "optimizer": CategoricalDistribution(["sgd", "adam"])}  # fmt: skip


def trial(lr, dropout, optimizer, val, state=TrialState.COMPLETE, **attrs):
    curves = {"train_acc": [v + 0.01 for v in val], "val_acc": val, "train_loss": [0.5] * len(val)}
    return create_trial(params={"lr": lr, "dropout": dropout, "optimizer": optimizer},
                        distributions=DISTRIBUTIONS, state=state,
                        value=val[-1] if state == TrialState.COMPLETE else None,
                        user_attrs={"curves": curves, **attrs})  # fmt: skip


def study_of(trials):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize")
    for t in trials:
        study.add_trial(t)
    return study


def test_rows_curves_and_best_so_far_of_a_small_study():
    study = study_of([
        trial(0.01, 0.1, "sgd", [0.5, 0.7]),
        trial(0.5, 0.2, "adam", [0.2], state=TrialState.PRUNED),
        trial(0.003, 0.3, "adam", [0.6, 0.65]),
        trial(2e-4, 0.0, "sgd", [0.1], state=TrialState.FAIL, **{DIVERGED: 1}),
        trial(0.02, 0.4, "sgd", [0.8, 0.9]),
    ])
    snap = snapshot_from_study(study, CONFIG)
    assert snap.params == ("lr", "dropout", "optimizer")
    assert snap.log_params == {"lr"} and snap.choices == {"optimizer": ("sgd", "adam")}
    assert [r["number"] for r in snap.rows] == [0, 1, 2, 3, 4]
    assert [r["state"] for r in snap.rows] == ["complete", "pruned", "complete", "diverged",
                                               "complete"]  # fmt: skip
    assert [r["val_acc"] for r in snap.rows] == [0.7, 0.2, 0.65, 0.1, 0.9]
    assert snap.rows[2]["lr"] == 0.003 and snap.rows[2]["optimizer"] == "adam"
    # best so far over complete trials only, in trial order (the pruned 0.2 does not count)
    assert snap.best_so_far == ((0, 0.7), (2, 0.7), (4, 0.9))
    assert snap.curves[4].val_acc == (0.8, 0.9) and snap.curves[4].train_acc == (0.81, 0.91)
    assert snap.curves[1].val_acc == (0.2,)  # a pruned trial keeps its partial curve
    assert snap.importance is None  # three complete trials are too few
    assert snap.row(3)["state"] == "diverged" and snap.row(99) is None


def test_importance_with_enough_complete_trials_names_every_parameter():
    # accuracy follows lr only: the importance says so
    trials = [trial(lr, 0.05 * k, ("sgd", "adam")[k % 2], [1 - abs(math.log10(lr) + 2) / 3])
              for k, lr in enumerate((1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0))]
    snap = snapshot_from_study(study_of(trials), CONFIG)
    assert set(snap.importance) == {"lr", "dropout", "optimizer"}
    assert sum(snap.importance.values()) == pytest.approx(1.0)
    assert max(snap.importance, key=snap.importance.get) == "lr"
    assert snap.importance_method in ("fANOVA", "PED-ANOVA")
    again = snapshot_from_study(study_of(trials), CONFIG)
    assert again.importance == snap.importance  # seeded: the bars do not jump on refresh


def test_without_a_config_the_parameters_come_from_the_trials():
    snap = snapshot_from_study(study_of([trial(0.01, 0.1, "sgd", [0.5])]))
    assert set(snap.params) == {"lr", "dropout", "optimizer"} and snap.log_params == set()
