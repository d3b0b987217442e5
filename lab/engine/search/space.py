"""What a search explores (its space) and everything else a study needs, declared once.

A :class:`SearchConfig` is stored with the study as JSON (a study user attribute), so that a
worker that joins with only a storage URL and a study name trains exactly what the study asks.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace

from lab.engine.search.bounds import bound_problems
from lab.engine.search.data import DataSpec
from lab.engine.search.trial_spec import TrialSpec

SAMPLERS = ("random", "tpe", "qmc")
PRUNERS = ("none", "median", "halving")
# what a parameter may set: TrialSpec fields, plus width x depth that make its hidden layers
PARAM_NAMES = ("lr", "weight_decay", "momentum", "beta1", "beta2", "optimizer", "init",
               "dropout", "batch_size", "width", "depth")  # fmt: skip


class SearchConfigError(ValueError):
    """A search configuration that cannot run; the message lists every problem."""


@dataclass(frozen=True)
class FloatParam:
    """A float drawn uniformly, or log-uniformly (10^U(log low, log high)) when ``log``."""

    name: str
    low: float
    high: float
    log: bool = False


@dataclass(frozen=True)
class ChoiceParam:
    """One of a few values (text or numbers)."""

    name: str
    choices: tuple


Param = FloatParam | ChoiceParam


@dataclass(frozen=True)
class SearchConfig:
    space: tuple[Param, ...]
    base: TrialSpec = field(default_factory=lambda: TrialSpec(lr=0.01))
    epochs: int = 50
    trials: int = 100  # the budget: finished trials (complete, pruned, diverged)
    sampler: str = "random"
    pruner: str = "none"
    seed: int = 0
    batch_trials: int = 100  # trials asked and trained together
    data: DataSpec = field(default_factory=DataSpec)
    sampling: str = "replacement"  # minibatches with replacement, as the book's Trainer

    def problems(self) -> list[str]:
        found = []
        names = [p.name for p in self.space]
        if not self.space:
            found.append("the search space is empty")
        if len(set(names)) != len(names):
            found.append("a parameter appears twice in the search space")
        for p in self.space:
            if p.name not in PARAM_NAMES:
                found.append(f"unknown parameter '{p.name}'; known: {', '.join(PARAM_NAMES)}")
            if isinstance(p, FloatParam):
                if not (math.isfinite(p.low) and math.isfinite(p.high) and p.low < p.high):
                    found.append(f"{p.name}: the range needs finite low < high")
                elif p.log and p.low <= 0:
                    found.append(f"{p.name}: a log range needs low > 0")
            elif not p.choices:
                found.append(f"{p.name}: no choices")
        checks = [(self.sampler in SAMPLERS, f"sampler must be one of {', '.join(SAMPLERS)}"),
                  (self.pruner in PRUNERS, f"pruner must be one of {', '.join(PRUNERS)}")]
        found += [message for ok, message in checks if not ok]
        found += bound_problems(self)  # seed, epochs, trials, data, choices, model size
        found += [f"base trial: {p}" for p in self.base.problems()]
        return found

    def check(self) -> SearchConfig:
        problems = self.problems()
        if problems:
            raise SearchConfigError("; ".join(problems))
        return self

    def trial_spec(self, params: dict, seed: int) -> TrialSpec:
        """The TrialSpec for sampled ``params`` (width/depth become the hidden layers)."""
        values = {k: v for k, v in params.items() if k not in ("width", "depth")}
        width = int(params.get("width", self.base.hidden[0]))
        depth = int(params.get("depth", len(self.base.hidden)))
        if "width" in params or "depth" in params:
            values["hidden"] = (width,) * depth
        if "batch_size" in values:
            values["batch_size"] = int(values["batch_size"])
        return replace(self.base, **values, seed=seed)

    def to_json(self) -> str:
        data = asdict(self)
        data["space"] = [{"kind": "float", **asdict(p)} if isinstance(p, FloatParam)
                         else {"kind": "choice", "name": p.name, "choices": list(p.choices)}
                         for p in self.space]  # fmt: skip
        data["base"]["hidden"] = list(self.base.hidden)
        data["data"] = self.data.to_dict()
        return json.dumps(data, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> SearchConfig:
        from lab.engine.core.json_files import load_json

        try:
            data = load_json(text, "the study's stored configuration", SearchConfigError)
            space = tuple(FloatParam(p["name"], float(p["low"]), float(p["high"]), bool(p["log"]))
                          if p["kind"] == "float" else ChoiceParam(p["name"], tuple(p["choices"]))
                          for p in data.pop("space"))  # fmt: skip
            base = dict(data.pop("base"))
            base["hidden"] = tuple(int(h) for h in base["hidden"])
            return SearchConfig(space=space, base=TrialSpec(**base),
                                data=DataSpec.from_dict(data.pop("data")), **data)
        except SearchConfigError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise SearchConfigError(f"the study's stored configuration is unreadable: {err}") \
                from None

    def same_search(self, other: SearchConfig) -> bool:
        """Equal apart from the budget, which may grow when a study is resumed."""
        return replace(self, trials=0) == replace(other, trials=0)
