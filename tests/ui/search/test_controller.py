"""The search lab's controller, without a window: a tiny study searched to its budget and its
progress against the study itself, how a search ends (typed), the selected trial and its
hand-off to the training lab, closing mid-search, studies listed, opened, resumed and exported,
damaged and torn study files, and the studies in use."""

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from lab.app.stored_data import OPEN, RUNNING
from lab.engine.core import fields as F
from lab.engine.core.status import RunStatus
from lab.engine.search.storage import journal_path
from lab.engine.search.study import open_study
from lab.ui.search.controller import trials_text
from tests.ui.search.conftest import run_search


def stored_trials(controller, name):
    handle = open_study(name, None, None, controller.data_dir)
    return handle.study.get_trials(deepcopy=False)


def complete_rows(snapshot):
    return [r for r in snapshot.rows if r["state"] == "complete"]


@pytest.mark.slow
def test_a_search_runs_to_its_budget_and_the_progress_matches_the_study(qtbot, controller,
                                                                        tiny_config):
    shown, lines = [], []
    controller.progress_changed.connect(lambda done, budget: shown.append((done, budget)))
    controller.counts_changed.connect(lines.append)
    assert run_search(qtbot, controller, tiny_config) is RunStatus.FINISHED
    assert not controller.is_running()
    trials = stored_trials(controller, "tiny")
    complete = [t for t in trials if t.state.name == "COMPLETE"]
    assert len(complete) == 8
    assert shown[-1] == (8, 8)
    best = max(t.value for t in complete)
    assert lines[-1].startswith("8 of 8 trials done · 0 training · 0 queued · 0 pruned · "
                                "0 failed")
    assert f"{best:.4f}" in lines[-1]
    snapshot = controller.snapshot
    assert {r["number"] for r in snapshot.rows} == {t.number for t in trials}
    assert snapshot.importance is not None  # 8 complete trials >= 5
    # the trials CSV: one row per trial, the study's parameters and values
    rows = list(csv.DictReader(io.StringIO(trials_text(snapshot))))
    assert len(rows) == len(trials)
    by_number = {int(r["number"]): r for r in rows}
    for t in complete:
        row = by_number[t.number]
        assert float(row["lr"]) == t.params["lr"]
        assert float(row["weight_decay"]) == t.params["weight_decay"]
        assert float(row["val_acc"]) == t.value and row["state"] == "complete"


@pytest.mark.slow
def test_the_selected_trial_goes_to_the_training_lab_as_a_hand_off(qtbot, controller,
                                                                    tiny_config):
    run_search(qtbot, controller, tiny_config)
    assert not controller.can_train() and not controller.train_selected()  # none selected
    best = max(complete_rows(controller.snapshot), key=lambda r: r["val_acc"])
    with qtbot.waitSignal(controller.selection_changed) as picked:
        controller.select_trial(best["number"])
    assert picked.args == [best["number"]] and controller.can_train()
    with qtbot.waitSignal(controller.handed_off) as sent:
        assert controller.train_selected()
    assert sent.args[0] == "train"  # the training lab's key: the window routes it there
    run = sent.args[1]
    assert run.optimizer.params["lr"] == best["lr"] and run.l2 == best["weight_decay"]
    assert run.epochs == tiny_config.epochs and run.model.hidden == (16, 16)
    assert run.name == f"tiny-trial-{best['number']}"
    assert F.problems(run) == []
    controller.select_trial(10_000)  # no such trial: nothing to train
    assert not controller.can_train()


def test_bad_input_starts_nothing_and_says_why(qtbot, controller):
    from lab.engine.search.space import ChoiceParam, FloatParam

    settings = controller.settings
    name = settings.name
    with qtbot.waitSignal(settings.problems_changed) as told:
        settings.edit_space((FloatParam("lr", 1e-6, 1e-2, log=True),
                             ChoiceParam("optimizer", ("sgd", "rmsprop"))), [])
    assert "optimizer = rmsprop: optimizer must be one of" in told.args[0][0]
    with qtbot.waitSignal(controller.status_message) as said:
        assert not controller.start()
    assert said.args[0].startswith("Not started: optimizer = rmsprop")
    assert not controller.is_running()
    assert not journal_path(controller.data_dir, name).exists()
    settings.edit_space((FloatParam("lr", 1e-6, 1e-2, log=True),), [])
    settings.edit_study("  ", None)
    with qtbot.waitSignal(settings.problems_changed) as told:
        assert not controller.start()
    assert told.args == [["give the study a name"]]


@pytest.mark.slow
def test_closing_mid_search_stops_the_thread_and_keeps_finished_trials(qtbot, controller,
                                                                       tiny_config):
    # a budget far beyond what trains before the first snapshot arrives, however fast the
    # trainer or slow the GUI: the close must land mid-search
    controller.settings.load_config(replace(tiny_config, trials=1000, epochs=4), "long")
    assert controller.start()

    def first_batch_done():
        assert controller.snapshot is not None
        assert len(complete_rows(controller.snapshot)) >= 4

    qtbot.waitUntil(first_batch_done, timeout=120_000)
    assert controller.is_running()
    seen = {r["number"] for r in complete_rows(controller.snapshot)}
    assert controller.shutdown(10.0)  # what closing the window does
    assert not controller.is_running()
    trials = stored_trials(controller, "long")
    kept = {t.number for t in trials if t.state.name == "COMPLETE"}
    assert seen <= kept and len(kept) < 1000
    assert not [t for t in trials if t.state.name == "RUNNING"]  # in flight: put back


@pytest.mark.slow
def test_a_study_reopens_from_the_list_and_resumes_with_a_larger_budget(qtbot, controller,
                                                                        tiny_config, tmp_path):
    run_search(qtbot, controller, tiny_config, name="again")
    controller.settings.apply_preset("book-random-search")  # the settings now say otherwise
    with qtbot.waitSignal(controller.studies_listed, timeout=30_000) as listed:
        controller.refresh_studies()
    assert [name for name, _where in listed.args[0]] == ["again"]
    with qtbot.waitSignal(controller.study_opened, timeout=30_000):
        assert controller.open_found(0)
    settings = controller.settings
    assert settings.name == "again" and settings.modified
    assert settings.budget["epochs"] == 3 and settings.budget["trials"] == 8
    assert len(controller.snapshot.rows) == 8
    settings.edit_budget({**settings.budget, "trials": 12})
    with qtbot.waitSignal(controller.search_ended, timeout=120_000) as ended:
        assert controller.start()
    assert ended.args == [RunStatus.FINISHED]
    trials = stored_trials(controller, "again")
    assert sum(t.state.name == "COMPLETE" for t in trials) == 12
    # the study file, for optuna-dashboard: the same records as the journal
    target = tmp_path / "copy.journal"
    assert controller.export_study_file(str(target)) == target
    assert target.read_bytes() == journal_path(controller.data_dir, "again").read_bytes()


@pytest.mark.slow
def test_pause_ends_after_the_batch_in_training_and_start_resumes(qtbot, controller,
                                                                  tiny_config, monkeypatch):
    # 20 trials asked at once train as two batches of 10 (at most 10 models a batch here)
    monkeypatch.setattr("lab.engine.search.runner.CPU_MODELS_PER_BATCH", 10)
    config = replace(tiny_config, trials=20, batch_trials=20, epochs=40)  # the pause lands
    # while the first batch trains, however late the GUI hears of its first epoch
    controller.settings.load_config(config, "paused")
    running = []
    controller.running_changed.connect(running.append)
    with qtbot.waitSignal(controller.search_ended, timeout=120_000) as ended:
        assert controller.start()
        with qtbot.waitSignal(controller.search.progressed, timeout=120_000):
            pass
        assert not controller.settings.apply_preset("book-random-search")  # refused: running
        controller.pause()
    assert ended.args == [RunStatus.PAUSED] and running == [True, False]
    states = [t.state.name for t in stored_trials(controller, "paused")]
    assert states.count("COMPLETE") == 10 and "RUNNING" not in states
    lines = []
    controller.counts_changed.connect(lines.append)
    with qtbot.waitSignal(controller.search_ended, timeout=120_000) as ended:
        assert controller.start()
    assert ended.args == [RunStatus.FINISHED]
    trials = stored_trials(controller, "paused")
    complete = [t for t in trials if t.state.name == "COMPLETE"]
    assert len(complete) == 20
    # the batch put back at the pause was trained with the parameters first drawn for it
    retried = {t.user_attrs["retry_of"]: t for t in complete if "retry_of" in t.user_attrs}
    first = {t.number: t for t in trials}
    assert len(retried) == 10
    assert all(first[n].params == t.params for n, t in retried.items())
    assert lines[-1].startswith("20 of 20 trials done")


@pytest.mark.slow
def test_with_a_pruner_the_progress_counts_only_finished_trials(qtbot, controller,
                                                                tiny_config):
    seen, lines = [], []
    controller.search.progressed.connect(lambda p: seen.append((p.done, p.finished)))
    controller.counts_changed.connect(lines.append)
    config = replace(tiny_config, pruner="median", epochs=4, trials=12, batch_trials=6)
    assert run_search(qtbot, controller, config, name="pruned") is RunStatus.FINISHED
    trials = stored_trials(controller, "pruned")
    counted = [t for t in trials if t.state.name in ("COMPLETE", "PRUNED")]
    assert len(counted) == 12
    dones = [done for done, _finished in seen]
    assert dones == sorted(dones) and max(dones) == 12  # never more than the study holds
    finished = [n for _done, numbers in seen for n in numbers]
    assert sorted(finished) == sorted(t.number for t in counted)  # each trial finishes once
    assert lines[-1].startswith("12 of 12 trials done")


@pytest.mark.slow
def test_another_search_under_a_used_study_name_fails_with_a_message(qtbot, controller,
                                                                     tiny_config):
    assert run_search(qtbot, controller, replace(tiny_config, trials=4)) is RunStatus.FINISHED
    before = journal_path(controller.data_dir, "tiny").read_bytes()
    problems = []
    controller.settings.problems_changed.connect(problems.append)
    status = run_search(qtbot, controller, replace(tiny_config, trials=4, epochs=5), "tiny")
    assert status is RunStatus.FAILED
    assert "was made with another search configuration; choose another study name" in \
        problems[-1][0]
    assert journal_path(controller.data_dir, "tiny").read_bytes() == before  # nothing written


@pytest.mark.slow
def test_trials_asked_with_the_batch_but_trained_later_show_as_queued(qtbot, controller,
                                                                      tiny_config, monkeypatch):
    # 20 trials asked at once, trained 10 at a time (the cap here); long enough to be seen
    monkeypatch.setattr("lab.engine.search.runner.CPU_MODELS_PER_BATCH", 10)
    lines = [""]
    controller.counts_changed.connect(lines.append)
    controller.settings.load_config(replace(tiny_config, trials=20, batch_trials=20,
                                            epochs=400), "queued")  # fmt: skip
    assert controller.start()
    qtbot.waitUntil(lambda: "0 of 20 trials done · 10 training · 10 queued · 0 pruned"
                    in lines[-1], timeout=60_000)  # fmt: skip
    with qtbot.waitSignal(controller.search_ended, timeout=60_000) as ended:
        controller.stop()
    assert ended.args == [RunStatus.STOPPED]
    assert lines[-1].startswith("0 of 20 trials done · 0 training · 0 queued")


def test_a_damaged_study_file_is_named_and_left_as_it_is(qtbot, controller, tiny_config):
    path = journal_path(controller.data_dir, "broken")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"op_code": 0}\nnot json at all\n')
    problems = []
    controller.settings.problems_changed.connect(problems.append)
    assert run_search(qtbot, controller, tiny_config, "broken", 60_000) is RunStatus.FAILED
    assert str(path) in problems[-1][0] and "damaged at line 2" in problems[-1][0]
    assert path.read_bytes() == b'{"op_code": 0}\nnot json at all\n'
    assert not controller.is_running()


@pytest.mark.slow
def test_a_study_in_a_named_storage_is_listed_opened_and_resumed_there(qtbot, controller,
                                                                       tiny_config, tmp_path):
    shared = str(tmp_path / "shared.journal")  # a file, as a URL would be a database
    controller.settings.load_config(replace(tiny_config, trials=4), "shared-study", shared)
    with qtbot.waitSignal(controller.search_ended, timeout=120_000):
        assert controller.start()
    assert not journal_path(controller.data_dir, "shared-study").exists()  # not the default
    controller.settings.apply_preset("book-random-search")
    controller.settings.edit_study("other", shared)
    with qtbot.waitSignal(controller.studies_listed, timeout=30_000) as listed:
        controller.refresh_studies()
    assert listed.args == [[("shared-study", shared)]]
    with qtbot.waitSignal(controller.study_opened, timeout=30_000):
        controller.open_found(0)
    assert controller.settings.storage == shared and len(controller.snapshot.rows) == 4
    controller.settings.edit_budget({**controller.settings.budget, "trials": 6})
    with qtbot.waitSignal(controller.search_ended, timeout=120_000) as ended:
        assert controller.start()
    assert ended.args == [RunStatus.FINISHED]
    handle = open_study("shared-study", None, shared)
    assert sum(t.state.name == "COMPLETE" for t in handle.study.get_trials()) == 6


def test_a_study_whose_only_complete_trial_is_nan_shows_a_dash(qtbot, controller,
                                                               tiny_config, tmp_path):
    """Issue 16: the progress line says "—", never "nan"."""
    from tests.engine.search.test_results import nan_study

    handle = nan_study(tmp_path / "elsewhere", tiny_config, real_trials=0)
    handle.close()
    with qtbot.waitSignal(controller.counts_changed, timeout=30_000) as line:
        controller.open_study("nan", handle.where)
    assert line.args[0].endswith("best validation accuracy —") and "nan" not in line.args[0]


def test_a_torn_study_file_opens_with_a_note_naming_it(qtbot, controller, tiny_config):
    """Issue 16: a journal whose last record a full disk cut off opens (the record removed)
    and the status line says so, naming the journal."""
    open_study("torn", tiny_config, None, controller.data_dir).close()
    path = journal_path(controller.data_dir, "torn")
    with open(path, "ab") as fh:
        fh.write(b'{"op_code": 5, "cut')
    with qtbot.waitSignal(controller.status_message, timeout=30_000,
                          check_params_cb=lambda text: text.startswith("Opened")) as said:
        controller.open_study("torn", None)
    assert f"{path}: the last record was cut off" in said.args[0]
    assert path.read_bytes().endswith(b"\n") and controller.settings.name == "torn"


def test_opening_a_study_that_is_not_there_says_so(qtbot, controller):
    with qtbot.waitSignal(controller.settings.problems_changed, timeout=30_000) as told:
        controller.open_study("missing", None)
    assert "missing" in told.args[0][0]
    assert controller.handle is None
    with qtbot.waitSignal(controller.status_message) as said:
        assert not controller.open_found(0)  # nothing listed
    assert said.args[0].startswith("No study chosen")


def test_the_open_and_the_running_study_are_in_use(tmp_path):
    from types import SimpleNamespace

    from lab.ui.search.studies import studies_in_use

    opened = SimpleNamespace(where=str(tmp_path / "a.journal"))
    assert studies_in_use(opened, None, False, None, " b ", tmp_path) == {
        (tmp_path / "a.journal").resolve(): OPEN}
    # started, its study not open yet: found by its name
    found = studies_in_use(opened, None, True, None, " b ", tmp_path)
    assert found[(tmp_path / "b.journal").resolve()] == RUNNING
    database = SimpleNamespace(where="postgresql://u:***@h/db")  # a database: no file
    assert set(studies_in_use(database, None, True, None, "b", tmp_path)) == {
        (tmp_path / "b.journal").resolve()}
    searched = SimpleNamespace(where=str(tmp_path / "c.journal"))
    found = studies_in_use(None, searched, True, str(tmp_path / "c.journal"), "c", tmp_path)
    assert found == {Path(searched.where).resolve(): RUNNING}


def test_stored_data_in_use_names_the_open_study(qtbot, controller, tiny_config):
    open_study("kept", tiny_config, None, controller.data_dir).close()
    with qtbot.waitSignal(controller.study_opened, timeout=30_000):
        controller.open_study("kept", None)
    path = journal_path(controller.data_dir, "kept").resolve()
    assert controller.stored_data_in_use().studies == {path: OPEN}
