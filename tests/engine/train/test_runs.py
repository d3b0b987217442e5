"""The runs model: instance ids drop stale messages, and no rule discards a result."""

from dataclasses import replace

import pytest

from lab.engine.core.optimizers import make_optimizer
from lab.engine.train.config import TrainConfig
from lab.engine.train.models import ModelConfig
from lab.engine.train.records import RunResult, RunStatus, Update
from lab.engine.train.runs import RunsModel


def update(name, it, status=RunStatus.RUNNING, total=10):
    return Update(name, it, total, it / 5, 1.0 / it, 0.01, 0.5, status=status,
                  elapsed_s=0.1 * it)


def train(runs, instance, *updates):
    """What a run does in the runner's thread (append to the history it was given), then what
    reaches the window (the batch of tagged updates); returns the runs the batch touched."""
    for u in updates:
        runs.by_instance(instance).history.add(u)
    return runs.touched_by([(instance, u) for u in updates])


def model_with(*names):
    runs = RunsModel()
    for name in names:
        runs.add(TrainConfig(name, iterations=10), "#000000")
    return runs


def finish(runs, name, status=RunStatus.FINISHED):
    instance = runs.begin(name)
    train(runs, instance, update(name, 1))
    history = runs[name].history
    history.seal()
    return runs.finish(instance, status, "", RunResult(status, history, ModelConfig(), None))


def test_names_stay_unique():
    runs = model_with("a", "a", "a")
    assert runs.names() == ["a", "a-2", "a-3"]
    assert runs["a-2"].config.name == "a-2"


def test_updates_and_ends_of_an_old_instance_are_dropped():
    """A preset re-applied mid-training: the new run with the same name gets none of the old
    run's points, and the old run's end does not mark the new one stopped."""
    runs = model_with("sgd")
    old = runs.begin("sgd")
    old_history = runs["sgd"].history
    assert train(runs, old, update("sgd", 1)) == {"sgd"}
    runs.clear()
    runs.add(TrainConfig("sgd", iterations=10), "#111111")
    new = runs.begin("sgd")
    assert new != old
    old_history.add(update("sgd", 2))  # the old run goes on appending to its own history
    assert runs.touched_by([(old, update("sgd", 2))]) == set()
    assert train(runs, new, update("sgd", 1)) == {"sgd"}
    assert list(runs["sgd"].history.snapshot().iterations) == [1]
    assert runs.finish(old, RunStatus.STOPPED) is None
    assert runs["sgd"].status is RunStatus.RUNNING and runs["sgd"].label() == "running"


def test_a_fresh_run_says_starting_then_running():
    runs = model_with("a")
    assert runs["a"].label() == "queued"
    instance = runs.begin("a")
    assert runs["a"].label() == "starting"
    train(runs, instance, update("a", 1))
    assert runs["a"].label() == "running" and runs["a"].eta_s() is not None


def test_start_all_starts_queued_and_resumes_paused_never_restarts_ended_runs():
    runs = model_with("queued", "paused", "finished", "stopped", "diverged")
    runs.begin("paused")
    assert runs.set_paused("paused", True)
    for name in ("finished", "stopped", "diverged"):
        finish(runs, name, RunStatus.parse(name))
    assert runs.plan_start_all() == (["queued"], ["paused"])
    with pytest.raises(ValueError, match="start a copy"):
        runs.begin("finished")
    assert runs["finished"].result is not None


def test_ended_runs_show_no_eta_and_say_why():
    runs = model_with("d", "s")
    finish(runs, "d", RunStatus.DIVERGED)
    instance = runs.begin("s")
    train(runs, instance, update("s", 3))
    assert runs["s"].eta_s() is not None
    runs.finish(instance, RunStatus.STOPPED)
    assert runs["d"].label() == "diverged at iteration 1"
    assert runs["d"].eta_s() is None and runs["s"].eta_s() is None


def test_edit_without_change_changes_nothing():
    runs = model_with("a", "b")
    finish(runs, "a")
    entry = runs["a"]
    assert runs.edit("a", replace(entry.config)) is None
    assert runs.names() == ["a", "b"] and runs["a"] is entry and entry.result is not None


def test_editing_a_run_with_results_makes_an_edited_copy():
    runs = model_with("a", "b")
    finish(runs, "a")
    edited = replace(runs["a"].config, optimizer=make_optimizer("adam", lr=0.001))
    copy = runs.edit("a", edited)
    assert runs.names() == ["a", "a-2", "b"]
    assert copy.status is RunStatus.QUEUED and copy.config.optimizer.name == "adam"
    assert runs["a"].result is not None and runs["a"].config.optimizer.name == "sgd"


def test_editing_a_queued_run_changes_it_in_place():
    runs = model_with("a", "b", "c")
    fresh = runs.edit("b", replace(runs["b"].config, name="renamed", batch_size=64))
    assert runs.names() == ["a", "renamed", "c"] and fresh.config.batch_size == 64
    with pytest.raises(ValueError, match="exists already"):
        runs.edit("renamed", replace(fresh.config, name="a"))


def test_rerun_is_a_copy_and_removal_can_be_undone():
    runs = model_with("a", "b")
    finish(runs, "a")
    copy = runs.copy_of("a", "#222222")
    assert runs.names() == ["a", "a-2", "b"] and not copy.has_results
    index, entry = runs.remove("a")
    assert runs.names() == ["a-2", "b"]
    runs.insert(entry, index)
    assert runs.names() == ["a", "a-2", "b"] and runs["a"].result is not None


def test_one_history_from_the_first_update_to_the_result():
    """The run appends to the history its entry was given; the window reads that object while
    the run trains, and the result hands the same object over: nothing to merge at the end."""
    runs = model_with("a")
    instance = runs.begin("a")
    history = runs["a"].history
    train(runs, instance, update("a", 1))
    assert history.n == 1  # seen live, before any end
    train(runs, instance, update("a", 2), update("a", 3))
    history.seal()
    entry = runs.finish(instance, RunStatus.FINISHED, "",
                        RunResult(RunStatus.FINISHED, history, ModelConfig(), None))
    assert entry.history is history is entry.result.history and history.n == 3
    assert runs.touched_by([(instance, update("a", 4))]) == set()


def test_a_result_with_another_history_is_refused():
    """Two histories for one run (the old merge's premise) cannot come back silently."""
    from lab.engine.train.history import History

    runs = model_with("a")
    instance = runs.begin("a")
    other = History("a")
    with pytest.raises(ValueError, match="another history"):
        runs.finish(instance, RunStatus.FINISHED, "",
                    RunResult(RunStatus.FINISHED, other, ModelConfig(), None))


def test_a_result_takes_a_status_not_its_name():
    with pytest.raises(ValueError, match="not 'finished'"):
        RunResult("finished", None, ModelConfig(), None)
