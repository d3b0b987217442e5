"""The search lab's panel, driven as a user drives it: keys typed into the space editor, the
budget and the study box; clicks on Start, Pause, Refresh, Open, a trial in a view or a row of
the table, and Train this configuration. What the panel shows is checked against its
controller and the study on disk."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lab.engine.core.status import RunStatus
from lab.engine.search.storage import journal_path
from lab.engine.search.study import open_study
from tests.ui.search.keys import cell, choose, click, type_text
from tests.ui.search.test_views import isolated, pixel


def wait_ended(qtbot, lab, timeout=120_000):
    return qtbot.waitSignal(lab.controller.search_ended, timeout=timeout)


def choose_preset(qtbot, lab, key: str) -> None:
    combo = lab.presets.combo
    choose(qtbot, combo, combo.itemText(combo.findData(key)))


def editors_enabled(lab) -> list[bool]:
    return [w.isEnabled() for w in (lab.space_editor.table, lab.budget.epochs,
                                    lab.study.name, lab.presets, lab.run.start)]


@pytest.mark.parametrize("column, text, expected", [
    (2, "abc", "lr: low 'abc' is not a number"),
    (3, "1e-9", "lr: the range needs finite low < high"),
    (0, "width", "width = 1e-06: a whole number; give it as choices"),
])
def test_bad_space_input_typed_shows_a_message_and_start_does_nothing(qtbot, shown_lab,
                                                                      column, text, expected):
    lab = shown_lab
    field = cell(lab.space_editor, 0, column)
    if column == 0:
        choose(qtbot, field, text)
    else:
        type_text(qtbot, field, text)
    assert expected in lab.space_editor.message.text()
    assert lab.space_editor.message.isVisible()
    with qtbot.waitSignal(lab.status_message) as said:
        click(qtbot, lab.run.start)
    assert said.args[0].startswith("Not started:")
    assert not lab.controller.is_running() and lab.run.start.isEnabled()
    assert not journal_path(lab.controller.data_dir, lab.study.name.text()).exists()


def test_bad_choices_are_refused_before_start(qtbot, shown_lab):
    lab = shown_lab
    editor = lab.space_editor
    click(qtbot, editor.add_button)
    assert editor.table.rowCount() == 3
    choose(qtbot, cell(editor, 2, 0), "optimizer")
    choose(qtbot, cell(editor, 2, 1), "choices")
    type_text(qtbot, cell(editor, 2, 4), "sgd, rmsprop")
    assert "optimizer = rmsprop: optimizer must be one of" in editor.message.text()
    click(qtbot, lab.run.start)
    assert not lab.controller.is_running()
    type_text(qtbot, cell(editor, 2, 4), "sgd, adam")
    assert editor.message.text() == "" and not editor.message.isVisible()
    config, problems = lab.controller.settings.config()
    assert problems == [] and config.space[2].choices == ("sgd", "adam")


def test_the_space_editors_own_messages_come_translated(qtbot, qapp, search_lab):
    """A width given as a range is caught by the editor's translated check before the
    engine's English one (the user reading Chinese gets Chinese)."""
    from lab.ui.common.i18n import install_translators, remove_translators, tr

    translators = install_translators(qapp, "zh_CN")
    try:
        expected = tr("a whole number; give it as choices")
        assert expected != "a whole number; give it as choices"
        choose(qtbot, cell(search_lab.space_editor, 0, 0), "width")
        assert expected in search_lab.space_editor.message.text()
    finally:
        remove_translators(qapp, translators)


def test_a_preset_chosen_shows_and_an_edit_marks_it_modified(qtbot, shown_lab):
    lab = shown_lab
    choose_preset(qtbot, lab, "optimizer-lr-batch-tpe")
    shown = lab.preset_shown()
    assert shown.key == "optimizer-lr-batch-tpe" and not shown.modified
    assert lab.study.name.text().startswith("optimizer-lr-batch-tpe-")
    config = lab.controller.settings.config()[0]
    assert lab.space_editor.table.rowCount() == len(config.space)
    assert lab.budget.trials.value() == config.trials
    assert lab.budget.sampler.currentData() == config.sampler == "tpe"
    type_text(qtbot, lab.budget.trials, "33")  # the budget is part of the preset too
    assert lab.preset_shown().modified and lab.presets.note.text().startswith("(modified)")
    assert lab.controller.settings.config()[0] == replace(config, trials=33)


def test_the_study_box_names_the_study_and_its_storage(qtbot, shown_lab, tmp_path):
    lab = shown_lab
    with qtbot.waitSignal(lab.status_message) as said:
        click(qtbot, lab.study.export_file)  # nothing open yet
    assert said.args[0] == "Open or start a study first."
    type_text(qtbot, lab.study.name, "class-demo")
    choose(qtbot, lab.study.where, "Database URL or file")
    assert lab.study.url.isEnabled()
    type_text(qtbot, lab.study.url, str(tmp_path / "shared.journal"))
    settings = lab.controller.settings
    assert (settings.name, settings.storage) == ("class-demo", str(tmp_path / "shared.journal"))
    choose(qtbot, lab.study.where, "Default folder")
    assert settings.storage is None and not lab.study.url.isEnabled()


def test_a_damaged_study_file_is_named_under_the_editor(qtbot, shown_lab):
    lab = shown_lab
    path = journal_path(lab.controller.data_dir, "broken")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"op_code": 0}\nnot json at all\n')
    type_text(qtbot, lab.study.name, "broken")
    with wait_ended(qtbot, lab, 60_000) as ended:
        click(qtbot, lab.run.start)
    assert ended.args == [RunStatus.FAILED]
    message = lab.space_editor.message.text()
    assert str(path) in message and "damaged at line 2" in message
    assert path.read_bytes() == b'{"op_code": 0}\nnot json at all\n'
    assert all(editors_enabled(lab)) and not lab.run.stop.isEnabled()


def test_a_study_whose_only_complete_trial_is_nan_shows_a_dash(qtbot, shown_lab, tiny_config,
                                                               tmp_path):
    """Issue 16: the window's summary line and table say "—", never "nan". The study is
    found through the study box: its file typed as the storage, Refresh, Open."""
    from tests.engine.search.test_results import nan_study

    lab = shown_lab
    handle = nan_study(tmp_path / "elsewhere", tiny_config, real_trials=0)
    handle.close()
    choose(qtbot, lab.study.where, "Database URL or file")
    type_text(qtbot, lab.study.url, handle.where)
    with qtbot.waitSignal(lab.controller.studies_listed, timeout=30_000):
        click(qtbot, lab.study.refresh)
    assert lab.study.studies.currentText() == "nan"
    with qtbot.waitSignal(lab.controller.study_opened, timeout=30_000):
        click(qtbot, lab.study.open)
    text = lab.run.counts.text()
    assert text.endswith("best validation accuracy —") and "nan" not in text
    model = lab.table.trials
    shown = model.index(0, model.columns.index("val_acc")).data(Qt.ItemDataRole.DisplayRole)
    assert shown == "—"
    assert lab.preset_shown().modified and lab.budget.trials.value() == 1


@pytest.mark.slow
def test_start_pause_and_resume_with_the_buttons(qtbot, shown_lab, tiny_config, monkeypatch):
    lab = shown_lab
    monkeypatch.setattr("lab.engine.search.runner.CPU_MODELS_PER_BATCH", 10)
    config = replace(tiny_config, trials=20, batch_trials=20, epochs=40)  # two batches of 10
    lab.controller.settings.load_config(config, "paused")  # the tiny data: not in the editor
    with wait_ended(qtbot, lab) as ended:
        click(qtbot, lab.run.start)
        assert editors_enabled(lab) == [False] * 5
        assert lab.run.pause.isEnabled() and lab.run.stop.isEnabled()
        with qtbot.waitSignal(lab.controller.search.progressed, timeout=120_000):
            pass
        click(qtbot, lab.run.pause)
    assert ended.args == [RunStatus.PAUSED]
    assert all(editors_enabled(lab)) and not lab.run.pause.isEnabled()
    with wait_ended(qtbot, lab) as ended:
        click(qtbot, lab.run.start)
    assert ended.args == [RunStatus.FINISHED]
    complete = [t for t in open_study("paused", None, None, lab.controller.data_dir)
                .study.get_trials() if t.state.name == "COMPLETE"]  # fmt: skip
    assert len(complete) == 20
    assert lab.run.bar.value() == 20 and lab.run.bar.maximum() == 20
    assert lab.run.counts.text().startswith("20 of 20 trials done · 0 training")
    assert lab.table.model().rowCount() == len(lab.controller.snapshot.rows)
    assert lab.views.view("Scatter").scatter.count() == 20


@pytest.mark.slow
def test_a_trial_clicked_in_one_view_is_picked_everywhere_and_goes_to_training(
        qtbot, shown_lab, tiny_config):
    lab = shown_lab
    lab.controller.settings.load_config(tiny_config, "picked")
    with wait_ended(qtbot, lab):
        click(qtbot, lab.run.start)
    rows = {r["number"]: r for r in lab.controller.snapshot.rows}
    scatter = lab.views.view("Scatter").scatter
    grid = lab.views.view("Best 20 curves").grid
    QApplication.processEvents()  # the views lay out the final trials (their ranges)
    # a click on a point of the scatter (one far from the others)
    xs, ys, numbers = scatter.done.data["x"], scatter.done.data["y"], scatter.done.data["data"]
    target = isolated(xs, ys, numbers)
    k = list(numbers).index(target)
    click(qtbot, scatter.viewport(), pixel(scatter, scatter.plot.vb, xs[k], ys[k]))
    assert lab.controller.selected == target
    assert (scatter.ring.data["x"][0], scatter.ring.data["y"][0]) == (xs[k], ys[k])
    framed = [n for c, n in zip(grid.cells, grid.numbers, strict=False)
              if c.vb.border is not None and c.vb.border.style() != Qt.PenStyle.NoPen]
    assert framed == [target]
    current = lab.table.selectionModel().currentIndex()
    assert lab.table.trials.number_at(lab.table.proxy.mapToSource(current).row()) == target
    assert f"Trial {target}" in lab.chosen.plot.plotItem.titleLabel.text
    # a click on another row of the table picks its trial in the views
    row = 0 if lab.table.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole) != target else 1
    number = int(lab.table.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole))
    click(qtbot, lab.table.viewport(), lab.table.visualRect(lab.table.proxy.index(row, 1))
          .center())
    assert lab.controller.selected == number
    if rows[number]["state"] == "complete":
        assert scatter.ring.data["x"][0] != xs[k] or scatter.ring.data["y"][0] != ys[k]
    # Train this configuration: the selected trial, handed to the training lab
    assert lab.chosen.train_button.isEnabled()
    with qtbot.waitSignal(lab.handed_off) as sent:
        click(qtbot, lab.chosen.train_button)
    assert sent.args[0] == "train"
    run = sent.args[1]
    assert run.optimizer.params["lr"] == rows[number]["lr"]
    assert run.l2 == rows[number]["weight_decay"] and run.name == f"picked-trial-{number}"
    # and the exports offer what is shown
    assert [e.label for e in lab.csv_exports()] == ["Trials"]
    assert [t.label for t in lab.export_targets()] == [
        "Scatter", "Best 20 curves", "Parallel coordinates", "History", "Importance", "Trial"]


@pytest.mark.slow
def test_a_study_is_listed_opened_and_resumed_from_the_study_box(qtbot, shown_lab,
                                                                tiny_config):
    lab = shown_lab
    lab.controller.settings.load_config(tiny_config, "again")
    with wait_ended(qtbot, lab):
        click(qtbot, lab.run.start)
    choose_preset(qtbot, lab, "optimizer-lr-batch-tpe")  # the editor shows another search
    assert lab.study.name.text() != "again"
    with qtbot.waitSignal(lab.controller.studies_listed, timeout=30_000):
        click(qtbot, lab.study.refresh)
    assert [lab.study.studies.itemText(i) for i in range(lab.study.studies.count())] == \
        ["again"]
    with qtbot.waitSignal(lab.controller.study_opened, timeout=30_000):
        click(qtbot, lab.study.open)
    assert lab.study.name.text() == "again"
    assert lab.budget.epochs.value() == 3 and lab.budget.trials.value() == 8
    assert lab.table.model().rowCount() == 8
    type_text(qtbot, lab.budget.trials, "12")
    with wait_ended(qtbot, lab) as ended:
        click(qtbot, lab.run.start)
    assert ended.args == [RunStatus.FINISHED]
    trials = open_study("again", None, None, lab.controller.data_dir).study.get_trials()
    assert sum(t.state.name == "COMPLETE" for t in trials) == 12
    assert lab.run.counts.text().startswith("12 of 12 trials done")
