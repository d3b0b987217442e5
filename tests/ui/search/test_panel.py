"""The search lab end to end: a tiny study searched from the panel, its progress against the
study itself, selection across views, the training lab hand-over, bad input, closing
mid-search, reopening a study, and the exports."""

import csv
import io
from dataclasses import replace

import pytest

from lab.engine.core import fields as F
from lab.engine.search.storage import journal_path
from lab.engine.search.study import open_study
from tests.ui.search.conftest import run_search


def stored_trials(lab, name):
    handle = open_study(name, None, None, lab.data_dir)
    return handle.study.get_trials(deepcopy=False)


@pytest.mark.slow
def test_a_search_runs_to_its_budget_and_the_progress_matches_the_study(qtbot, search_lab,
                                                                        tiny_config):
    lab = search_lab
    assert run_search(qtbot, lab, tiny_config) == "done"
    trials = stored_trials(lab, "tiny")
    complete = [t for t in trials if t.state.name == "COMPLETE"]
    assert len(complete) == 8
    assert lab.run.bar.value() == 8 and lab.run.bar.maximum() == 8
    best = max(t.value for t in complete)
    text = lab.run.counts.text()
    assert text.startswith("8 of 8 trials done · 0 training · 0 queued · 0 pruned · 0 failed")
    assert f"{best:.4f}" in text
    # every view and the table show the study's trials
    assert lab.table.model().rowCount() == len(trials)
    scatter = dict(lab.views)["Scatter"]
    assert scatter.scatter.count() == 8
    assert {r["number"] for r in lab.snapshot.rows} == {t.number for t in trials}
    assert lab.snapshot.importance is not None  # 8 complete trials >= 5
    # the trials CSV: one row per trial, the study's parameters and values
    [export] = lab.csv_exports()
    label, make_text = export.label, export.text
    assert label == "Trials"
    rows = list(csv.DictReader(io.StringIO(make_text())))
    assert len(rows) == len(trials)
    by_number = {int(r["number"]): r for r in rows}
    for t in complete:
        row = by_number[t.number]
        assert float(row["lr"]) == t.params["lr"]
        assert float(row["weight_decay"]) == t.params["weight_decay"]
        assert float(row["val_acc"]) == t.value and row["state"] == "complete"


@pytest.mark.slow
def test_a_trial_picked_in_one_view_is_picked_everywhere_and_goes_to_training(
        qtbot, search_lab, tiny_config):
    lab = search_lab
    run_search(qtbot, lab, tiny_config)
    scatter, multiples = dict(lab.views)["Scatter"], dict(lab.views)["Best 20 curves"]
    best = max((r for r in lab.snapshot.rows if r["state"] == "complete"),
               key=lambda r: r["val_acc"])
    # a click in the scatter (its signal, as a click on a point emits it)
    scatter.trial_clicked.emit(best["number"])
    assert lab.selected == best["number"]
    assert scatter.scatter._selected == best["number"]
    assert multiples.grid._selected == best["number"]
    assert multiples.grid.numbers[0] == best["number"]  # the best trial's cell is first
    chosen = lab.table.selectionModel().currentIndex()
    assert lab.table.trials.number_at(lab.table.proxy.mapToSource(chosen).row()) == \
        best["number"]
    assert "Trial {}".format(best["number"]) in lab.trial_plot.plotItem.titleLabel.text
    # a row picked in the table selects the trial in the views
    lab.table.sortByColumn(0, lab.table.horizontalHeader().sortIndicatorOrder())
    lab.table.click_row(0)
    first = lab.table.trials.number_at(lab.table.proxy.mapToSource(
        lab.table.proxy.index(0, 0)).row())
    assert lab.selected == first == scatter.scatter._selected
    # Train this configuration: the trial's lr and weight decay as a training-lab run
    scatter.trial_clicked.emit(best["number"])
    assert lab.train_button.isEnabled()
    with qtbot.waitSignal(lab.handed_off) as sent:
        lab.train_button.click()
    assert sent.args[0] == "train"  # the training lab's key: the window routes it there
    run = sent.args[1]
    assert run.optimizer.params["lr"] == best["lr"] and run.l2 == best["weight_decay"]
    assert run.epochs == tiny_config.epochs and run.model.hidden == (16, 16)
    assert F.problems(run) == []


@pytest.mark.parametrize("column, text, expected", [
    (2, "abc", "lr: low 'abc' is not a number"),
    (3, "1e-9", "lr: the range needs finite low < high"),
    (0, "width", "width = 1e-06: a whole number; give it as choices"),
])
def test_bad_space_input_shows_a_message_and_starts_nothing(qtbot, search_lab, column, text,
                                                            expected):
    lab = search_lab
    lab.space_editor.set_cell_text(0, column, text)
    assert expected in lab.space_editor.message.text()
    assert lab.space_editor.message.isVisibleTo(lab)
    assert not lab.start()
    assert not lab.search.is_running()
    assert not journal_path(lab.data_dir, lab.study.name.text()).exists()


def test_bad_choices_are_refused_before_start(qtbot, search_lab):
    from lab.engine.search.space import ChoiceParam

    lab = search_lab
    lab.space_editor.add_row(ChoiceParam("optimizer", ("sgd", "rmsprop")))
    assert "optimizer = rmsprop: optimizer must be one of" in lab.space_editor.message.text()
    assert not lab.start()
    lab.space_editor.set_cell_text(2, 4, "sgd, adam")
    assert lab.space_editor.message.text() == ""


@pytest.mark.slow
def test_closing_mid_search_stops_the_thread_and_keeps_finished_trials(qtbot, search_lab,
                                                                       tiny_config):
    lab = search_lab
    # a budget far beyond what trains before the first snapshot arrives, however fast the
    # trainer or slow the GUI: the close must land mid-search
    config = replace(tiny_config, trials=1000, epochs=4)
    lab.load_config(config, "long")
    assert lab.start()

    def first_batch_done():
        assert lab.snapshot is not None
        assert sum(r["state"] == "complete" for r in lab.snapshot.rows) >= 4

    qtbot.waitUntil(first_batch_done, timeout=120_000)
    assert lab.search.is_running()
    seen = {r["number"] for r in lab.snapshot.rows if r["state"] == "complete"}
    lab.shutdown()  # what closing the window does
    assert not lab.search.is_running()
    trials = stored_trials(lab, "long")
    kept = {t.number for t in trials if t.state.name == "COMPLETE"}
    assert seen <= kept and len(kept) < 1000
    assert not [t for t in trials if t.state.name == "RUNNING"]  # in flight: put back


@pytest.mark.slow
def test_a_study_reopens_from_the_list_and_resumes_with_a_larger_budget(qtbot, search_lab,
                                                                        tiny_config, tmp_path):
    lab = search_lab
    run_search(qtbot, lab, tiny_config, name="again")
    lab.apply_preset("book-random-search")  # the editor now shows something else
    with qtbot.waitSignal(lab.studies_listed, timeout=30_000):
        lab.refresh_studies()
    assert [lab.study.studies.itemText(i) for i in range(lab.study.studies.count())] == \
        ["again"]
    with qtbot.waitSignal(lab.studies_listed, timeout=30_000):
        lab.open_selected_study()
    assert lab.study.name.text() == "again"
    assert lab.budget.epochs.value() == 3 and lab.budget.trials.value() == 8
    assert len(lab.snapshot.rows) == 8
    lab.budget.trials.setValue(12)
    with qtbot.waitSignal(lab.search_ended, timeout=120_000) as ended:
        assert lab.start()
    assert ended.args[0] == "done"
    trials = stored_trials(lab, "again")
    assert sum(t.state.name == "COMPLETE" for t in trials) == 12
    # the study file, for optuna-dashboard: the same records as the journal
    target = tmp_path / "copy.journal"
    assert lab.export_study_file(str(target)) == target
    assert target.read_bytes() == journal_path(lab.data_dir, "again").read_bytes()


@pytest.mark.slow
def test_pause_ends_after_the_batch_in_training_and_start_resumes(qtbot, search_lab,
                                                                  tiny_config, monkeypatch):
    lab = search_lab
    # 20 trials asked at once train as two batches of 10 (at most 10 models a batch here)
    monkeypatch.setattr("lab.engine.search.runner.CPU_MODELS_PER_BATCH", 10)
    config = replace(tiny_config, trials=20, batch_trials=20, epochs=40)  # the pause lands
    # while the first batch trains, however late the GUI hears of its first epoch
    lab.load_config(config, "paused")
    with qtbot.waitSignal(lab.search_ended, timeout=120_000) as ended:
        assert lab.start()
        with qtbot.waitSignal(lab.search.progressed, timeout=120_000):
            pass
        lab.run.pause.click()
    assert ended.args[0] == "paused"
    assert lab.run.start.isEnabled() and not lab.run.pause.isEnabled()
    states = [t.state.name for t in stored_trials(lab, "paused")]
    assert states.count("COMPLETE") == 10 and "RUNNING" not in states
    with qtbot.waitSignal(lab.search_ended, timeout=120_000) as ended:
        lab.run.start.click()
    assert ended.args[0] == "done"
    trials = stored_trials(lab, "paused")
    complete = [t for t in trials if t.state.name == "COMPLETE"]
    assert len(complete) == 20
    # the batch put back at the pause was trained with the parameters first drawn for it
    retried = {t.user_attrs["retry_of"]: t for t in complete if "retry_of" in t.user_attrs}
    first = {t.number: t for t in trials}
    assert len(retried) == 10
    assert all(first[n].params == t.params for n, t in retried.items())
    assert lab.run.counts.text().startswith("20 of 20 trials done")


@pytest.mark.slow
def test_with_a_pruner_the_progress_counts_only_finished_trials(qtbot, search_lab,
                                                                tiny_config):
    lab = search_lab
    seen = []
    lab.search.progressed.connect(lambda p: seen.append((p.done, p.finished, p.running)))
    config = replace(tiny_config, pruner="median", epochs=4, trials=12, batch_trials=6)
    assert run_search(qtbot, lab, config, name="pruned") == "done"
    trials = stored_trials(lab, "pruned")
    counted = [t for t in trials if t.state.name in ("COMPLETE", "PRUNED")]
    assert len(counted) == 12
    dones = [done for done, _finished, _running in seen]
    assert dones == sorted(dones) and max(dones) == 12  # never more than the study holds
    finished = [n for _done, numbers, _running in seen for n in numbers]
    assert sorted(finished) == sorted(t.number for t in counted)  # each trial finishes once
    assert lab.run.counts.text().startswith("12 of 12 trials done")


@pytest.mark.slow
def test_another_search_under_a_used_study_name_is_refused_with_a_message(qtbot, search_lab,
                                                                         tiny_config):
    lab = search_lab
    assert run_search(qtbot, lab, replace(tiny_config, trials=4)) == "done"
    before = journal_path(lab.data_dir, "tiny").read_bytes()
    lab.load_config(replace(tiny_config, trials=4, epochs=5), "tiny")  # same name, other search
    with qtbot.waitSignal(lab.search_ended, timeout=60_000) as ended:
        assert lab.start()
    assert ended.args[0] == "failed"
    assert "was made with another search configuration; choose another study name" in \
        lab.space_editor.message.text()
    assert lab.run.start.isEnabled()
    assert journal_path(lab.data_dir, "tiny").read_bytes() == before  # nothing written


@pytest.mark.slow
def test_trials_asked_with_the_batch_but_trained_later_show_as_queued(qtbot, search_lab,
                                                                      tiny_config, monkeypatch):
    lab = search_lab
    # 20 trials asked at once, trained 10 at a time (the cap here); long enough to be seen
    monkeypatch.setattr("lab.engine.search.runner.CPU_MODELS_PER_BATCH", 10)
    lab.load_config(replace(tiny_config, trials=20, batch_trials=20, epochs=400), "queued")
    assert lab.start()
    qtbot.waitUntil(lambda: "0 of 20 trials done · 10 training · 10 queued · 0 pruned"
                    in lab.run.counts.text(), timeout=60_000)  # fmt: skip
    with qtbot.waitSignal(lab.search_ended, timeout=60_000) as ended:
        lab.run.stop.click()
    assert ended.args[0] == "stopped"
    assert lab.run.counts.text().startswith("0 of 20 trials done · 0 training · 0 queued")


def test_a_damaged_study_file_is_named_and_left_as_it_is(qtbot, search_lab, tiny_config):
    lab = search_lab
    path = journal_path(lab.data_dir, "broken")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"op_code": 0}\nnot json at all\n')
    lab.load_config(tiny_config, "broken")
    with qtbot.waitSignal(lab.search_ended, timeout=60_000) as ended:
        assert lab.start()
    assert ended.args[0] == "failed"
    message = lab.space_editor.message.text()
    assert str(path) in message and "damaged at line 2" in message
    assert path.read_bytes() == b'{"op_code": 0}\nnot json at all\n'
    assert lab.run.start.isEnabled() and not lab.search.is_running()


@pytest.mark.slow
def test_a_study_in_a_named_storage_is_listed_opened_and_resumed_there(qtbot, search_lab,
                                                                       tiny_config, tmp_path):
    lab = search_lab
    shared = str(tmp_path / "shared.journal")  # a file, as a URL would be a database
    lab.load_config(replace(tiny_config, trials=4), "shared-study", storage=shared)
    assert lab.study.storage() == shared
    with qtbot.waitSignal(lab.search_ended, timeout=120_000):
        assert lab.start()
    assert not journal_path(lab.data_dir, "shared-study").exists()  # not the default folder
    lab.apply_preset("book-random-search")
    lab.study.set_storage(shared)
    with qtbot.waitSignal(lab.studies_listed, timeout=30_000):
        lab.refresh_studies()
    assert lab.study.studies.currentText() == "shared-study"
    with qtbot.waitSignal(lab.studies_listed, timeout=30_000):
        lab.open_selected_study()
    assert lab.study.storage() == shared and len(lab.snapshot.rows) == 4
    lab.budget.trials.setValue(6)
    with qtbot.waitSignal(lab.search_ended, timeout=120_000) as ended:
        assert lab.start()
    assert ended.args[0] == "done"
    handle = open_study("shared-study", None, shared)
    assert sum(t.state.name == "COMPLETE" for t in handle.study.get_trials()) == 6


def test_the_space_editors_own_messages_come_translated(qtbot, qapp, search_lab):
    """A width given as a range is caught by the editor's translated check before the
    engine's English one (the user reading Chinese gets Chinese)."""
    from lab.ui.common.i18n import install_translators, remove_translators, tr

    translators = install_translators(qapp, "zh_CN")
    try:
        expected = tr("a whole number; give it as choices")
        assert expected != "a whole number; give it as choices"
        search_lab.space_editor.set_cell_text(0, 0, "width")
        assert expected in search_lab.space_editor.message.text()
    finally:
        remove_translators(qapp, translators)


def test_a_study_whose_only_complete_trial_is_nan_shows_a_dash(search_lab, tiny_config,
                                                               tmp_path):
    """Issue 16: the window's summary line and table say "—", never "nan"."""
    from PySide6.QtCore import Qt

    from lab.ui.search.views.snapshot import snapshot_from_study
    from tests.engine.search.test_results import nan_study

    handle = nan_study(tmp_path / "elsewhere", tiny_config, real_trials=0)
    search_lab.show_snapshot(snapshot_from_study(handle.study, handle.config))
    text = search_lab.run.counts.text()
    assert text.endswith("best validation accuracy —") and "nan" not in text
    model = search_lab.table.trials
    cell = model.index(0, model.columns.index("val_acc")).data(Qt.ItemDataRole.DisplayRole)
    assert cell == "—"


def test_a_torn_study_file_opens_with_a_note_naming_it(qtbot, search_lab, tiny_config):
    """Issue 16: a journal whose last record a full disk cut off opens (the record removed)
    and the status line says so, naming the journal."""
    lab = search_lab
    open_study("torn", tiny_config, None, lab.data_dir)
    path = journal_path(lab.data_dir, "torn")
    with open(path, "ab") as fh:
        fh.write(b'{"op_code": 5, "cut')
    with qtbot.waitSignal(lab.status_message, timeout=30_000,
                          check_params_cb=lambda text: text.startswith("Opened")) as said:
        lab.open_study("torn", None)
    assert f"{path}: the last record was cut off" in said.args[0]
    assert path.read_bytes().endswith(b"\n") and lab.study.name.text() == "torn"
