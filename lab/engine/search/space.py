"""What a search explores (its space) and everything else a study needs, declared once.

Every class here is declared with :mod:`lab.engine.core.fields`, so the study's stored JSON,
the saved settings, the session section and the CLI read and write it through one serializer
(``fields.to_plain`` / ``from_plain``, lab/engine/search/stored.py) and one check:
:meth:`SearchConfig.problems` lists the field problems, then the rules across fields (the space,
each value a parameter can take tried on the base trial, the largest trial's size).

A :class:`SearchConfig` is stored with the study, so that a worker that joins with only a
storage URL and a study name trains exactly what the study asks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lab.engine.core import fields as F
from lab.engine.core.draws import MAX_SEED, SAMPLING
from lab.engine.core.optimizers import OPTIMIZERS, OptimizerError, make_optimizer
from lab.engine.search.bounds import MAX_CHOICES, MAX_EPOCHS, MAX_TRIALS, PARAM_DECLS
from lab.engine.search.data import BOOK_SPLIT, DataConfig
from lab.engine.search.trial_spec import TrialSpec, stacked_problems

SAMPLERS = ("random", "tpe", "qmc")
PRUNERS = ("none", "median", "halving")
PARAM_NAMES = tuple(PARAM_DECLS)  # lr, weight_decay, ..., width, depth
OPTIMIZER_PARAMS = ("lr", "momentum", "beta1", "beta2")


class SearchConfigError(F.ConfigError):
    """A search configuration that cannot run; the message lists every problem (and
    ``problems`` holds them one by one)."""


@dataclass(frozen=True)
class FloatParam:
    """A float drawn uniformly, or log-uniformly (10^U(log low, log high)) when ``log``."""

    name: str = F.text(help="the parameter: lr, weight_decay, momentum, beta1, beta2, dropout")
    low: float = F.number(F.REQUIRED, help="the smallest value drawn")
    high: float = F.number(F.REQUIRED, help="the largest value drawn")
    log: bool = F.flag(False, help="draw log-uniformly (for scales such as lr)")


@dataclass(frozen=True)
class ChoiceParam:
    """One of a few values (text or numbers)."""

    name: str = F.text(help="the parameter, e.g. optimizer, init, width, depth, batch_size")
    choices: tuple = F.values(min_items=1, max_items=MAX_CHOICES, help="the values to try")


Param = FloatParam | ChoiceParam


@dataclass(frozen=True)
class SearchConfig:
    space: tuple[Param, ...] = F.tables((FloatParam, ChoiceParam),
                                        help="the parameters searched and their ranges")
    base: TrialSpec = F.table(TrialSpec, help="the trial the parameters change")
    epochs: int = F.integer(50, 1, MAX_EPOCHS, help="epochs per trial")
    trials: int = F.integer(100, 1, MAX_TRIALS,
                            help="the budget: finished trials (complete, pruned, diverged)")
    sampler: str = F.choice("random", SAMPLERS, help="how parameters are drawn")
    pruner: str = F.choice("none", PRUNERS, help="how weak trials are stopped early")
    seed: int = F.integer(0, 0, MAX_SEED, help="seed of the sampler and of the trials")
    batch_trials: int = F.integer(100, 1, MAX_TRIALS, help="trials asked and trained together")
    data: DataConfig = F.table(DataConfig, factory=lambda: BOOK_SPLIT,
                               help="the images and the validation split")
    sampling: str = F.choice("replacement", SAMPLING,
                             help="minibatches with replacement, as the book's Trainer")

    def rules(self, bad: frozenset[str]) -> list[str]:
        """The rules across fields (lab.engine.core.fields.problems): the space, the split,
        every value a parameter can take, the largest trial's size."""
        from lab.engine.search.bounds import config_rules

        return config_rules(self, set(bad))

    def check(self) -> SearchConfig:
        return F.check_config(self, SearchConfigError)

    def value_problems(self) -> list:
        """Each value a parameter can take that no trial could use, as
        :class:`~lab.engine.search.bounds.ValueProblem` (the editor words them itself)."""
        from lab.engine.search.bounds import value_problems

        return value_problems(self)

    def trial_seed(self, number: int) -> int:
        """The seed of trial ``number`` (a re-asked trial keeps its first number's)."""
        return (self.seed * 1_000_003 + int(number)) % (MAX_SEED + 1)

    def trial_spec(self, params: dict, seed: int) -> TrialSpec:
        """The trial for sampled ``params`` (lr, weight_decay, ..., width x depth);
        SearchConfigError when no trial can be made of them."""
        found: list[str] = []
        spec = self.trial_or_problems(params, seed, found)
        if found:
            raise SearchConfigError(found)
        return spec

    def trial_or_problems(self, params: dict, seed: int, found: list[str]) -> TrialSpec | None:
        """The base trial with ``params`` applied, or None with the reasons added to
        ``found``. Optimizer hyperparameters the trial's optimizer does not take (beta1 for
        SGD) are left out; a new optimizer keeps the base's hyperparameters it takes."""
        base = self.base
        model = F.to_plain(base.model)
        model.update({k: params[k] for k in ("init", "dropout") if k in params})
        if "width" in params or "depth" in params:
            depth = params.get("depth", len(base.model.hidden))
            depth, issues = F.check(PARAM_DECLS["depth"], "depth", depth)  # then a list's size
            if issues:
                found += issues
                return None
            model["hidden"] = [params.get("width", base.model.hidden[0])] * depth
        plain = {**F.to_plain(base), "model": model, "seed": seed}
        if "weight_decay" in params:
            plain["l2"] = params["weight_decay"]
        if "batch_size" in params:
            plain["batch_size"] = params["batch_size"]
        name = params.get("optimizer", base.optimizer.name)
        if not isinstance(name, str) or name not in OPTIMIZERS:
            found.append(f"unknown optimizer {name!r}")
            return None
        takes = OPTIMIZERS[name].defaults
        hyper = {k: v for k, v in base.optimizer.params.items() if k in takes}
        hyper.update({k: params[k] for k in OPTIMIZER_PARAMS if k in params and k in takes})
        try:
            plain["optimizer"] = make_optimizer(name, **hyper)
        except OptimizerError as err:
            found.append(f"optimizer: {err}")
            return None
        before = len(found)
        spec = F.from_plain(TrialSpec, plain, found)
        if spec is not None:
            found += stacked_problems(spec)
        return spec if len(found) == before else None

    def same_search(self, other: SearchConfig) -> bool:
        """Equal apart from the budget, which may grow when a study is resumed."""
        return replace(self, trials=0) == replace(other, trials=0)
