"""A search worker: ask a batch of trials, train them together, report, prune, tell; repeat
until the study's budget is reached. Any number of workers may run on one study.

Why ask-and-tell rather than ``study.optimize``: optimize runs one objective call per trial;
here k trials are asked at once and trained as one batched job (:mod:`.batched`), each epoch's
validation accuracy is reported per trial so pruners act, and the batch shrinks as trials are
pruned or diverge.

Budget: finished trials (complete, pruned, diverged) plus trials running in live workers. A
worker that dies (killed, machine lost) stops beating; its running trials are then failed as
"lost" and re-asked with the same parameters (enqueued), so only work in flight is lost. Trials
asked in a race beyond the budget are told failed as "over budget" and never trained.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from lab.engine.core.commands import Finish, Stop
from lab.engine.search.batched import Drop, train_batch
from lab.engine.search.data import prepare_data
from lab.engine.search.study import HOST, StudyHandle

# user attributes of a trial
LOST, OVER_BUDGET, INTERRUPTED, DIVERGED = "lost", "over_budget", "interrupted", "diverged_at"


@dataclass(frozen=True)
class Progress:
    """One update of a worker: where the study stands and what this worker trains now."""

    done: int  # finished trials counted against the budget
    budget: int
    running: tuple[int, ...]  # trial numbers this worker trains now
    epoch: int
    val_acc: np.ndarray  # of ``running``, this epoch
    finished: tuple[int, ...]  # trial numbers this worker finished since the last update
    best_value: float | None
    best_params: dict | None
    message: str = ""


def counted_state(frozen) -> str:
    """complete / pruned / diverged / running / waiting / lost / over_budget / interrupted."""
    state = frozen.state.name.lower()
    if state == "fail":
        for attr in (DIVERGED, OVER_BUDGET, LOST, INTERRUPTED):
            if attr in frozen.user_attrs:
                return "diverged" if attr == DIVERGED else attr
        return "failed"
    return state


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


CPU_MODELS_PER_BATCH = 32  # per-model step time is flat from 10 to 100 stacked models with the
# hand-written step (0.52-0.57 ms each here); 20 trials as one stack ran 4 % faster than as
# 10 + 10 (fewer calls), while a cap keeps one stack's epochs short so a pause or a stop acts
# soon and memory stays small


def chunks(numbers: list[int], size: int) -> list[list[int]]:
    """Split into the fewest chunks of at most ``size``, as even as possible (20 -> 10 + 10)."""
    count = max(1, math.ceil(len(numbers) / size))
    step = math.ceil(len(numbers) / count)
    return [numbers[i:i + step] for i in range(0, len(numbers), step)]


def run_worker(handle: StudyHandle, device: str = "cpu", stale_after: float = 120.0,
               poll_s: float = 1.0, heartbeat_s: float = 5.0,
               models_per_batch: int | None = None,
               ) -> Generator[Progress, Stop | Finish | None, None]:  # fmt: skip
    """Train the study's trials batch by batch until its budget is reached; yield after every
    epoch. Send :class:`~lab.engine.core.commands.Stop` to end now: trials in flight are failed
    as "interrupted" and re-asked later (closing the generator does the same). Send
    :class:`~lab.engine.core.commands.Finish` to end once the stack of models in training has
    finished (the lab's "pause"): the trials asked with it but not yet trained are put back the
    same way.

    ``models_per_batch`` caps the models trained as one set of tensors (default:
    :data:`CPU_MODELS_PER_BATCH` on a CPU; unlimited on a GPU)."""

    from lab.engine.search.journal import journal_backend

    study, config = handle.study, handle.config
    data = prepare_data(config.data, device)
    in_flight: dict[int, object] = {}  # number -> optuna.Trial, asked and not yet told
    last_beat = 0.0
    # a journal file: its records fsync'd once before each Progress, not one by one (.journal)
    journal = journal_backend(study)
    sync = journal.sync if journal is not None else _nothing
    if journal is not None:
        journal.defer(True)
    try:
        while True:
            handle.beat()
            last_beat = time.time()
            trials = study.get_trials(deepcopy=False)
            _reap_lost(handle, trials, stale_after)
            trials = study.get_trials(deepcopy=False)
            states = [counted_state(t) for t in trials]
            done = sum(s in ("complete", "pruned", "diverged") for s in states)
            running = states.count("running")
            budget = handle.budget
            best = _best(trials)
            if done >= budget:
                sync()
                yield Progress(done, budget, (), 0, np.zeros(0), (), *best,
                               message="the study's budget is reached")
                return
            room = min(config.batch_trials, budget - done - running)
            if room <= 0:  # the rest is running in other workers: wait for them
                sync()
                command = yield Progress(done, budget, (), 0, np.zeros(0), (), *best,
                                         message=f"waiting for {running} trials running "
                                                 "in other workers")  # fmt: skip
                if isinstance(command, (Stop, Finish)):
                    return
                time.sleep(poll_s)
                continue
            asked = [study.ask() for _ in range(room)]
            for trial in asked:
                in_flight[trial.number] = trial
                trial.set_user_attr("worker", handle.worker_id)
            asked = _trim_to_budget(handle, asked, in_flight)
            specs = {}
            for trial in asked:
                params = {p.name: _suggest(trial, p) for p in config.space}
                seed_from = trial.user_attrs.get("retry_of", trial.number)
                specs[trial.number] = config.trial_spec(params, config.trial_seed(seed_from))
            groups: dict[tuple, list[int]] = {}
            for number, spec in specs.items():
                groups.setdefault(spec.shape_key(), []).append(number)
            cap = models_per_batch or (CPU_MODELS_PER_BATCH if device == "cpu" else 1 << 30)
            finishing = False  # a Finish came: no stack after the one in training
            for numbers in [c for group in groups.values() for c in chunks(group, cap)]:
                numbers_in = [in_flight[n] for n in numbers]
                run = train_batch([specs[n] for n in numbers], data, config.epochs, device,
                                  config.sampling)  # fmt: skip
                curves = {n: ([], [], []) for n in numbers}
                command = None
                while True:
                    try:
                        update = run.send(command)
                    except StopIteration:
                        break
                    finished, prune, completed = [], [], []
                    for row, index in enumerate(update.trials):
                        trial = numbers_in[index]
                        train_c, val_c, loss_c = curves[trial.number]
                        train_c.append(float(update.train_acc[row]))
                        val_c.append(float(update.val_acc[row]))
                        loss_c.append(float(update.train_loss[row]))
                        if index in update.diverged:
                            _tell(study, trial, curves, "diverged", epoch=update.epoch)
                        elif update.done:
                            _tell(study, trial, curves, "complete")
                            completed.append(trial)
                        elif config.pruner != "none":
                            trial.report(val_c[-1], update.epoch)
                            if not trial.should_prune():
                                continue  # trains on: neither finished nor out of flight
                            prune.append(index)
                            _tell(study, trial, curves, "pruned")
                        else:
                            continue
                        finished.append(trial.number)
                        in_flight.pop(trial.number, None)
                    done += len(finished)
                    best = _best_with(best, completed, curves)
                    if time.time() - last_beat > heartbeat_s:
                        handle.beat()
                        last_beat = time.time()
                    live = [i for i in update.trials if numbers_in[i].number in in_flight]
                    sync()  # what this Progress reports is on disk
                    reply = yield Progress(done, budget,
                                           tuple(numbers_in[i].number for i in live),
                                           update.epoch, update.val_acc, tuple(finished),
                                           *best)  # fmt: skip
                    if isinstance(reply, Stop):
                        run.close()
                        return
                    finishing = finishing or isinstance(reply, Finish)
                    command = Drop(tuple(prune)) if prune else None
                if finishing:
                    return
    finally:
        if journal is not None:
            journal.defer(False)  # fsyncs what is left
        _release(study, in_flight)


def _nothing() -> None:
    pass


def _suggest(trial, param):
    from lab.engine.search.space import FloatParam

    if isinstance(param, FloatParam):
        return trial.suggest_float(param.name, param.low, param.high, log=param.log)
    return trial.suggest_categorical(param.name, list(param.choices))


def _tell(study, trial, curves, outcome: str, epoch: int = 0) -> None:
    """Store the trial's curves with it, then tell Optuna how it ended."""
    from optuna.trial import TrialState

    train_c, val_c, loss_c = curves[trial.number]
    trial.set_user_attr("curves", {"train_acc": train_c, "val_acc": val_c, "train_loss":
                                   [v if np.isfinite(v) else None for v in loss_c]})
    if outcome == "diverged":
        trial.set_user_attr(DIVERGED, epoch)
        study.tell(trial, state=TrialState.FAIL)
    elif outcome == "pruned":
        study.tell(trial, state=TrialState.PRUNED)
    else:
        study.tell(trial, val_c[-1])  # the book's score: validation accuracy after training


def _trim_to_budget(handle: StudyHandle, asked: list, in_flight: dict) -> list:
    """Keep a trial only if no more than ``budget`` counted trials have numbers up to its own
    (every worker sees the same numbering, so racing workers agree on who backs off)."""
    from optuna.trial import TrialState

    counted = sorted(t.number for t in handle.study.get_trials(deepcopy=False)
                     if counted_state(t) in ("complete", "pruned", "diverged", "running"))
    budget, keep = handle.budget, []
    for trial in asked:
        rank = sum(1 for n in counted if n <= trial.number)
        if rank <= budget:
            keep.append(trial)
            continue
        trial.set_user_attr(OVER_BUDGET, True)
        handle.study.tell(trial, state=TrialState.FAIL)
        in_flight.pop(trial.number, None)
    return keep


def _reap_lost(handle: StudyHandle, trials, stale_after: float) -> None:
    """Fail the running trials of workers that stopped beating, and re-ask them."""
    from optuna.trial import TrialState

    workers, now = handle.workers(), time.time()
    for frozen in trials:
        if frozen.state != TrialState.RUNNING:
            continue
        owner = frozen.user_attrs.get("worker")
        if owner == handle.worker_id:
            continue
        beat = workers.get(owner)
        if beat is None:
            started = frozen.datetime_start.timestamp() if frozen.datetime_start else now
            lost = now - started > stale_after
        elif beat.get("host") == HOST and not _pid_alive(int(beat.get("pid", -1))):
            lost = True
        else:
            lost = now - float(beat.get("t", 0)) > stale_after
        if lost:
            _fail_and_requeue(handle.study, frozen, LOST)


def _fail_and_requeue(study, frozen, why: str) -> None:
    from optuna.exceptions import UpdateFinishedTrialError
    from optuna.trial import TrialState

    storage = study._storage
    try:
        storage.set_trial_user_attr(frozen._trial_id, why, True)
        if not storage.set_trial_state_values(frozen._trial_id, TrialState.FAIL):
            return
    except (UpdateFinishedTrialError, RuntimeError):
        return  # someone else finished or failed it first
    study.enqueue_trial(frozen.params, user_attrs={
        "retry_of": frozen.user_attrs.get("retry_of", frozen.number)}, skip_if_exists=False)


def _release(study, in_flight: dict) -> None:
    """Trials asked but not told when the worker stops: failed as interrupted, re-asked."""
    for trial in list(in_flight.values()):
        try:
            frozen = study._storage.get_trial(trial._trial_id)
            _fail_and_requeue(study, frozen, INTERRUPTED)
        except Exception:  # the storage is gone too: the trials show as lost later
            pass
    in_flight.clear()


def _best(trials) -> tuple[float | None, dict | None]:
    """The best complete trial's value and parameters; a NaN value is never the best."""
    from lab.engine.search.results import finite

    complete = [t for t in trials if t.state.name == "COMPLETE" and finite(t.value)]
    if not complete:
        return None, None
    top = max(complete, key=lambda t: t.value)
    return float(top.value), dict(top.params)


def _best_with(best, completed, curves) -> tuple[float | None, dict | None]:
    from lab.engine.search.results import finite

    value, params = best
    for trial in completed:
        final = curves[trial.number][1][-1]
        if finite(final) and (value is None or final > value):
            value, params = final, dict(trial.params)
    return value, params
