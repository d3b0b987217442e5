"""One study's trials at one moment, as plain immutable data: what every search view draws.

Built off the GUI thread (``snapshot_from_study`` reads the storage and may run fANOVA), then
handed to the views, which only draw it. Qt-free, so the panel's worker thread can build it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

from lab.engine.search.results import TrialCurves, trial_rows

# importance needs a few finished trials to say anything; fANOVA's forest is seeded so that
# the bars do not jump between two refreshes of the same trials
MIN_IMPORTANCE_TRIALS = 5
IMPORTANCE_SEED = 0
_IMPORTANCE: dict[tuple, tuple[dict | None, str]] = {}  # the last few studies' importances


@dataclass(frozen=True)
class TrialsSnapshot:
    params: tuple[str, ...]  # search-space parameter names, in space order
    log_params: frozenset[str] = frozenset()  # those sampled on a log scale (log axes)
    rows: tuple[dict, ...] = ()  # lab.engine.search.results.trial_rows(study)[1]
    curves: dict[int, TrialCurves] = field(default_factory=dict)  # number -> per-epoch acc
    best_so_far: tuple[tuple[int, float], ...] = ()  # (number, best val acc so far), complete
    importance: dict[str, float] | None = None  # optuna.importance; None when not computed
    importance_method: str = ""  # "fANOVA" or "PED-ANOVA" (which evaluator gave importance)
    choices: dict[str, tuple] = field(default_factory=dict)  # categorical param -> its choices

    def row(self, number: int) -> dict | None:
        """The row of trial ``number`` (None when the snapshot has no such trial)."""
        for r in self.rows:
            if r["number"] == number:
                return r
        return None


def snapshot_from_study(study, config=None) -> TrialsSnapshot:
    """Everything the views draw, read once from ``study`` (an ``optuna.Study``).

    ``config`` is the search's ``SearchConfig``: it gives the parameter order and which
    parameters are log-scaled. Without it the parameters come from the trials, all linear.
    """
    space = tuple(getattr(config, "space", ()) or ())
    names = [p.name for p in space]
    log_params = frozenset(p.name for p in space if getattr(p, "log", False))
    choices = {p.name: tuple(p.choices) for p in space if hasattr(p, "choices")}
    columns, rows = trial_rows(study, names)
    params = tuple(names) + tuple(c for c in columns[:columns.index("number")] if c not in names)
    trials = study.get_trials(deepcopy=False)
    curves = {}
    for t in trials:
        c = t.user_attrs.get("curves") or {}
        curves[t.number] = TrialCurves(t.number, dict(t.params),
                                       tuple(_num(v) for v in c.get("train_acc") or ()),
                                       tuple(_num(v) for v in c.get("val_acc") or ()))
    best_so_far, best = [], -math.inf
    complete = sorted((t for t in trials if t.state.name == "COMPLETE" and t.value is not None),
                      key=lambda t: t.number)  # fmt: skip
    for t in complete:
        if math.isfinite(t.value):
            best = max(best, float(t.value))
        if math.isfinite(best):
            best_so_far.append((t.number, best))
    key = (study.study_name, params, tuple((t.number, t.value) for t in complete))
    if key not in _IMPORTANCE:  # recomputed only when a trial completes (fANOVA takes ~1 s)
        if len(_IMPORTANCE) >= 8:
            _IMPORTANCE.clear()
        _IMPORTANCE[key] = _importance(study, params, len(complete))
    importance, method = _IMPORTANCE[key]
    return TrialsSnapshot(params, log_params, tuple(rows), curves, tuple(best_so_far),
                          importance, method, choices)


def _num(value) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def _importance(study, params: tuple[str, ...], complete: int) -> tuple[dict | None, str]:
    """(importance, evaluator name): fANOVA, optuna's default, seeded, when scikit-learn is
    installed (it fits fANOVA's random forest); otherwise PED-ANOVA, which needs only numpy
    and is deterministic. (None, "") when too few trials or when optuna cannot compute it
    (e.g. a parameter that never varied)."""
    if complete < MIN_IMPORTANCE_TRIALS or len(params) < 2:
        return None, ""
    try:
        from optuna.importance import (
            FanovaImportanceEvaluator,
            PedAnovaImportanceEvaluator,
            get_param_importances,
        )

        try:
            import sklearn  # noqa: F401

            evaluator, method = FanovaImportanceEvaluator(seed=IMPORTANCE_SEED), "fANOVA"
        except ImportError:
            evaluator, method = PedAnovaImportanceEvaluator(), "PED-ANOVA"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = get_param_importances(study, evaluator=evaluator, params=list(params))
    except Exception:  # optuna raises RuntimeError / ValueError on degenerate studies
        return None, ""
    return {k: float(v) for k, v in found.items()}, method
