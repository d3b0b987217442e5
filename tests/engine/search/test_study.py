"""Studies on Optuna: budget, resume, samplers and pruners, damaged storage (in one process)."""

import math
from dataclasses import replace

import pytest

from lab.engine.core.commands import Finish, Stop
from lab.engine.search.runner import Progress, counted_state, run_worker
from lab.engine.search.space import ChoiceParam, FloatParam, SearchConfig, SearchConfigError
from lab.engine.search.storage import StudyStorageError, journal_path
from lab.engine.search.study import open_study


def run_all(handle) -> list[Progress]:
    return list(run_worker(handle, "cpu"))


def states(handle) -> list[str]:
    return [counted_state(t) for t in handle.study.get_trials()]


def test_a_study_trains_its_budget_and_resumes_with_a_larger_one(tmp_path, tiny_config):
    handle = open_study("s", tiny_config, data_dir=tmp_path)
    updates = run_all(handle)
    assert updates[-1].message == "the study's budget is reached"
    assert states(handle) == ["complete"] * 8
    first = {t.number: (t.params, t.value) for t in handle.study.get_trials()}
    assert all(len(t.user_attrs["curves"]["val_acc"]) == 3 for t in handle.study.get_trials())
    # a restart: the same name and configuration load the study; a larger budget goes on
    again = open_study("s", replace(tiny_config, trials=11), data_dir=tmp_path)
    assert not again.created and again.budget == 11
    run_all(again)
    trials = again.study.get_trials()
    assert [counted_state(t) for t in trials] == ["complete"] * 11
    assert {t.number: (t.params, t.value) for t in trials[:8]} == first  # nothing redone
    params = [tuple(t.params.values()) for t in trials]
    assert len(set(params)) == 11  # the resumed sampler does not repeat the first draws


def test_a_worker_joining_by_name_trains_what_the_study_says(tmp_path, tiny_config):
    open_study("joined", tiny_config, data_dir=tmp_path)
    handle = open_study("joined", data_dir=tmp_path)  # no configuration: read from the study
    assert handle.config == tiny_config
    with pytest.raises(StudyStorageError, match="another search configuration"):
        open_study("joined", replace(tiny_config, epochs=9), data_dir=tmp_path)
    with pytest.raises(StudyStorageError, match="no study named 'missing'"):
        open_study("missing", storage=str(journal_path(tmp_path, "joined")))


def test_racing_workers_never_train_past_the_budget(tmp_path, tiny_config):
    from lab.engine.search.runner import _trim_to_budget

    config = replace(tiny_config, trials=4)
    a = open_study("race", config, data_dir=tmp_path)
    b = open_study("race", data_dir=tmp_path)
    asked_a = [a.study.ask() for _ in range(3)]  # both counted 0 finished and asked 3
    asked_b = [b.study.ask() for _ in range(3)]
    kept = _trim_to_budget(a, asked_a, {}) + _trim_to_budget(b, asked_b, {})
    assert sorted(t.number for t in kept) == [0, 1, 2, 3]
    assert states(a).count("over_budget") == 2


def test_a_stopped_worker_fails_its_trials_in_flight_and_they_are_asked_again(tmp_path,
                                                                              tiny_config):
    handle = open_study("stop", tiny_config, data_dir=tmp_path)
    run = run_worker(handle, "cpu")
    progress = next(run)  # epoch 1 of the first batch of 4
    assert len(progress.running) == 4
    with pytest.raises(StopIteration):
        run.send(Stop())
    assert states(handle) == ["interrupted"] * 4 + ["waiting"] * 4
    lost = {t.number: t.params for t in handle.study.get_trials()[:4]}
    run_all(open_study("stop", data_dir=tmp_path))
    trials = handle.study.get_trials()
    redone = {t.user_attrs["retry_of"]: t.params for t in trials if "retry_of" in t.user_attrs}
    assert redone == lost  # the same parameters, trained again
    assert sum(counted_state(t) == "complete" for t in trials) == 8


def test_damaged_journal_is_named_and_left_as_it_is(tmp_path, tiny_config):
    handle = open_study("good", tiny_config, data_dir=tmp_path)
    del handle
    path = journal_path(tmp_path, "good")
    for damage in (b"garbage\n", b'garbage\n{"op_code": 5, "cut'):  # a torn tail alone is
        # repaired (test_storage_hardening.py); damage before it is not
        original = path.read_bytes()
        path.write_bytes(original + damage)
        before = path.read_bytes()
        with pytest.raises(StudyStorageError, match="damaged at line") as info:
            open_study("good", tiny_config, data_dir=tmp_path)
        assert str(path) in str(info.value)
        assert path.read_bytes() == before  # not written to, not replaced
        path.write_bytes(original)
    (tmp_path / "dir.journal").mkdir()
    with pytest.raises(StudyStorageError, match="not a study file"):
        open_study("dir", tiny_config, data_dir=tmp_path)


def test_study_names_stay_inside_the_data_folder(tmp_path, tiny_config):
    handle = open_study("../../evil/name", tiny_config, data_dir=tmp_path)
    from pathlib import Path

    assert Path(handle.where).parent == tmp_path
    assert handle.name == "../../evil/name"


@pytest.mark.parametrize("sampler", ["random", "tpe", "qmc"])
def test_each_sampler_draws_inside_the_space_on_the_right_scale(tmp_path, tiny_config, sampler):
    import optuna

    from lab.engine.search.runner import _suggest

    space = (FloatParam("lr", 1e-6, 1e-2, log=True), FloatParam("dropout", 0.0, 0.5),
             ChoiceParam("optimizer", ("sgd", "adam")))
    config = replace(tiny_config, space=space, sampler=sampler, trials=64)
    handle = open_study(sampler, config, data_dir=tmp_path)
    expected = {"random": optuna.samplers.RandomSampler, "tpe": optuna.samplers.TPESampler,
                "qmc": optuna.samplers.QMCSampler}[sampler]
    assert isinstance(handle.study.sampler, expected)
    draws = []
    for _ in range(64):
        trial = handle.study.ask()
        draws.append({p.name: _suggest(trial, p) for p in space})
        handle.study.tell(trial, 0.5)
    lrs = [d["lr"] for d in draws]
    assert all(1e-6 <= v <= 1e-2 for v in lrs)
    assert all(0 <= d["dropout"] <= 0.5 for d in draws)
    assert {d["optimizer"] for d in draws} == {"sgd", "adam"}
    # log-uniform: about half the draws lie below the geometric midpoint 1e-4
    below = sum(math.log10(v) < -4 for v in lrs) / len(lrs)
    assert 0.3 < below < 0.7


def test_a_pruner_stops_trials_early_and_their_curves_are_kept(tmp_path, tiny_config):
    config = replace(tiny_config, pruner="halving", epochs=6, trials=12, batch_trials=6)
    handle = open_study("pruned", config, data_dir=tmp_path)
    run_all(handle)
    trials = handle.study.get_trials()
    pruned = [t for t in trials if counted_state(t) == "pruned"]
    assert pruned, [counted_state(t) for t in trials]
    assert all(len(t.user_attrs["curves"]["val_acc"]) < 6 for t in pruned)
    assert all(t.intermediate_values for t in pruned)
    assert sum(counted_state(t) in ("complete", "pruned") for t in trials) == 12


def test_a_diverged_trial_fails_at_its_epoch_and_counts_as_done(tmp_path, tiny_config):
    config = replace(tiny_config, space=(FloatParam("lr", 1e20, 1e30, log=True),), trials=3,
                     batch_trials=3)
    handle = open_study("boom", config, data_dir=tmp_path)
    run_all(handle)
    trials = handle.study.get_trials()
    assert [counted_state(t) for t in trials] == ["diverged"] * 3
    assert all(t.user_attrs["diverged_at"] == 1 for t in trials)


def test_bad_configuration_lists_every_problem():
    config = SearchConfig(space=(FloatParam("lr", 0.0, 1.0, log=True), FloatParam("x", 1, 2)),
                          sampler="grid", epochs=0)
    with pytest.raises(SearchConfigError) as info:
        config.check()
    text = str(info.value)
    for part in ("log range", "unknown parameter 'x'", "sampler", "epochs"):
        assert part in text


def test_local_studies_lists_every_readable_study_and_names_damaged_files(tmp_path,
                                                                          tiny_config):
    from lab.engine.search.storage import local_studies

    open_study("one", tiny_config, data_dir=tmp_path)
    open_study("two/slash", tiny_config, data_dir=tmp_path)
    (tmp_path / "bad.journal").write_bytes(b"not json\n")
    found, problems = local_studies(tmp_path)
    assert sorted(name for name, _ in found) == ["one", "two/slash"]
    assert len(problems) == 1 and "bad.journal" in problems[0]


def test_a_batch_larger_than_the_model_cap_trains_in_even_chunks(tmp_path, tiny_config):
    from lab.engine.search.runner import chunks

    assert [len(c) for c in chunks(list(range(20)), 16)] == [10, 10]
    assert sum(chunks(list(range(100)), 16), []) == list(range(100))
    handle = open_study("chunked", replace(tiny_config, trials=5, batch_trials=5),
                        data_dir=tmp_path)
    updates = list(run_worker(handle, "cpu", models_per_batch=2))
    assert max(len(u.running) for u in updates) == 2  # 5 asked, trained 2 + 2 + 1
    assert states(handle) == ["complete"] * 5


def test_finish_ends_after_the_stack_in_training_and_puts_the_rest_back(tmp_path, tiny_config):
    """The lab's pause: the stack in training finishes its epochs; the trials asked with it
    but not yet trained are put back, to be trained first when the study resumes."""
    handle = open_study("finish", replace(tiny_config, trials=6, batch_trials=6),
                        data_dir=tmp_path)
    run = run_worker(handle, "cpu", models_per_batch=3)  # 6 asked, trained as 3 + 3
    first = next(run)
    assert first.epoch == 1 and len(first.running) == 3
    updates = [run.send(Finish())]
    updates += list(run)  # no more commands: it ends by itself
    assert [u.epoch for u in updates] == [2, 3] and updates[-1].running == ()
    assert states(handle) == ["complete"] * 3 + ["interrupted"] * 3 + ["waiting"] * 3
    run_all(open_study("finish", data_dir=tmp_path))
    assert sum(s == "complete" for s in states(handle)) == 6
