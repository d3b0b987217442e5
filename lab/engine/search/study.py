"""Opening a study: its configuration and trial budget are stored with it (user attributes), so
a worker that joins knows what to train and when to stop.

Optuna is imported lazily (only the search lab needs it). A study is created by the first
process that names it; everyone else loads it and must agree with its configuration (the budget
alone may change, e.g. ``--trials 200`` to extend a finished study).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
import warnings
from dataclasses import dataclass, field

from lab.engine.search.bounds import study_name_problem
from lab.engine.search.space import SearchConfig
from lab.engine.search.storage import StudyStorageError, masked_text, open_storage
from lab.engine.search.stored import config_from_text, config_text

CONFIG_ATTR = "descent_lab_config"
BUDGET_ATTR = "budget"
WORKER_PREFIX = "worker:"
HOST = socket.gethostname()


@dataclass
class StudyHandle:
    """A loaded study with its stored configuration; ``worker_id`` names this process."""

    study: object  # optuna.Study
    config: SearchConfig
    where: str  # the storage, for messages (passwords hidden)
    created: bool  # this process created the study (its sampler seed is the study's seed)
    worker_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    notes: tuple[str, ...] = ()  # what opening repaired (a journal's torn last record)

    @property
    def name(self) -> str:
        return self.study.study_name

    @property
    def budget(self) -> int:
        return int(self.study.user_attrs.get(BUDGET_ATTR, self.config.trials))

    def beat(self) -> None:
        """Say this worker is alive (host, pid, time): others re-ask its trials once it
        stops beating or, on the same host, once its process is gone."""
        self.study.set_user_attr(WORKER_PREFIX + self.worker_id,
                                 {"host": HOST, "pid": os.getpid(), "t": time.time()})

    def close(self) -> None:
        """Close a database's connections (a journal file holds nothing open)."""
        storage = getattr(self.study._storage, "_backend", self.study._storage)
        engine = getattr(storage, "engine", None)
        if engine is not None:
            engine.dispose()

    def workers(self) -> dict[str, dict]:
        return {k[len(WORKER_PREFIX):]: v for k, v in self.study.user_attrs.items()
                if k.startswith(WORKER_PREFIX) and isinstance(v, dict)}  # fmt: skip


def make_sampler(config: SearchConfig, seed: int | None):
    import optuna

    if config.sampler == "tpe":
        # constant liar: trials asked together in one batch do not all land on one point
        return optuna.samplers.TPESampler(seed=seed, constant_liar=True,
                                          n_startup_trials=min(10, config.trials))
    if config.sampler == "qmc":
        with warnings.catch_warnings():  # "experimental" since Optuna 3.0, and still there
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return optuna.samplers.QMCSampler(qmc_type="sobol", scramble=True, seed=seed,
                                              warn_independent_sampling=False)
    return optuna.samplers.RandomSampler(seed=seed)


def make_pruner(config: SearchConfig):
    import optuna

    if config.pruner == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=5,
                                           n_warmup_steps=max(1, config.epochs // 10))
    if config.pruner == "halving":
        return optuna.pruners.SuccessiveHalvingPruner(min_resource=max(1, config.epochs // 16))
    return optuna.pruners.NopPruner()


def open_study(name: str, config: SearchConfig | None = None, storage: str | None = None,
               data_dir: str | os.PathLike | None = None) -> StudyHandle:
    """Create the study (``config`` given and the study new), or load it.

    Raises StudyStorageError for a storage that cannot be read, a study that is missing
    (and no configuration to create it) or was made with a different search.
    """
    import optuna

    if study_name_problem(name):
        raise StudyStorageError(study_name_problem(name))
    notes: list[str] = []
    backend, where = open_storage(storage, name, data_dir, notes)
    worker_id = uuid.uuid4().hex[:12]
    created = False
    try:
        backend.get_study_id_from_name(name)
        exists = True
    except KeyError:
        exists = False
    except Exception as err:  # a database that answers with an error
        raise StudyStorageError(f"cannot read the study storage {where}: "
                                f"{masked_text(str(err), storage)}") from None
    if not exists:
        if config is None:
            raise StudyStorageError(f"there is no study named '{name}' in {where}")
        config.check()
        try:
            study = optuna.create_study(storage=backend, study_name=name, direction="maximize",
                                        sampler=make_sampler(config, config.seed),
                                        pruner=make_pruner(config))  # fmt: skip
            study.set_user_attr(CONFIG_ATTR, config_text(config))
            study.set_user_attr(BUDGET_ATTR, config.trials)
            created = True
        except optuna.exceptions.DuplicatedStudyError:
            pass  # another worker created it a moment ago: load it below
    if not created:
        stored = _stored_config(backend, name, where)
        if config is not None and not config.same_search(stored):
            raise StudyStorageError(f"the study '{name}' in {where} was made with another "
                                    "search configuration; choose another study name")
        # a joining worker samples with its own seed, else it would repeat the creator's draws
        seed = (stored.seed * 1_000_003 + int(worker_id, 16)) % 2**31
        study = optuna.load_study(study_name=name, storage=backend,
                                  sampler=make_sampler(stored, seed), pruner=make_pruner(stored))
        if config is not None and config.trials != study.user_attrs.get(BUDGET_ATTR):
            study.set_user_attr(BUDGET_ATTR, config.trials)
        config = stored
    return StudyHandle(study, config, where, created, worker_id, tuple(notes))


def _stored_config(backend, name: str, where: str) -> SearchConfig:
    study_id = backend.get_study_id_from_name(name)
    text = backend.get_study_user_attrs(study_id).get(CONFIG_ATTR)
    if not isinstance(text, str):
        raise StudyStorageError(f"the study '{name}' in {where} is not a Descent Lab search "
                                "(it has no stored configuration)")
    try:  # checked as a new search is: a shared database's JSON is anyone's input
        return config_from_text(text).check()
    except (TypeError, ValueError) as err:
        raise StudyStorageError(f"the study '{name}' in {where}: {err}") from None


def study_names(storage: str) -> list[str]:
    """The studies in a shared storage or a journal file (the GUI's study chooser)."""
    backend, where = open_storage(storage, "")
    try:
        return [s.study_name for s in backend.get_all_studies()]
    except StudyStorageError:
        raise
    except Exception as err:  # a database that answers with an error
        raise StudyStorageError(f"cannot read the study storage {where}: "
                                f"{masked_text(str(err), storage)}") from None
