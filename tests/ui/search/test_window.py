"""The search lab in the main window: the fourth tab (Ctrl+4, its guide on F1), and Train this
configuration adding the trial as a new run of the training lab."""

from PySide6.QtCore import Qt

from lab.engine.core.status import RunStatus
from tests.ui.search.conftest import run_search
from tests.ui.search.keys import click


def test_ctrl_4_opens_the_search_lab_and_f1_its_guide(window, qtbot):
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.isActiveWindow())
    assert window.labs[3] is window.lab("search")
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_lab() is window.lab("search")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_actions.dialog
    assert dialog is not None and dialog.isVisible()
    assert "random search" in dialog.text.toPlainText()
    dialog.close()


def test_train_this_configuration_adds_the_trial_to_the_training_lab(window, qtbot,
                                                                     tiny_config):
    lab = window.lab("search")
    window.show_lab(lab)
    assert run_search(qtbot, lab.controller, tiny_config, name="handover") is \
        RunStatus.FINISHED
    best = max((r for r in lab.controller.snapshot.rows if r["state"] == "complete"),
               key=lambda r: r["val_acc"])
    lab.controller.select_trial(best["number"])
    runs_before = len(window.lab("train").controller.configs)
    click(qtbot, lab.chosen.train_button)
    assert window.current_lab() is window.lab("train")
    configs = window.lab("train").controller.configs
    assert len(configs) == runs_before + 1
    run = configs[f"handover-trial-{best['number']}"]
    assert run.optimizer.params["lr"] == best["lr"]
    assert run.l2 == best["weight_decay"]
    assert run.epochs == 3 and run.model.hidden == (16, 16) and run.batch_size == 25
    # the training lab takes its images from the search's folder and subset
    assert run.data.folder == tiny_config.data.folder and run.data.train_size == 100
    # a second click adds another run under a free name, never replacing the first
    window.show_lab(lab)
    click(qtbot, lab.chosen.train_button)
    assert f"handover-trial-{best['number']}-2" in window.lab("train").controller.configs


def test_closing_the_window_mid_search_keeps_finished_trials(window, qtbot, tiny_config):
    from dataclasses import replace

    from lab.engine.search.study import open_study

    lab = window.lab("search")
    controller = lab.controller
    controller.settings.load_config(replace(tiny_config, trials=40, epochs=4), "closing")
    assert controller.start()
    qtbot.waitUntil(lambda: controller.snapshot is not None and any(
        r["state"] == "complete" for r in controller.snapshot.rows), timeout=120_000)
    seen = {r["number"] for r in controller.snapshot.rows if r["state"] == "complete"}
    window.close()
    assert not controller.is_running()
    trials = open_study("closing", None, None, controller.data_dir).study.get_trials()
    assert seen <= {t.number for t in trials if t.state.name == "COMPLETE"}
    assert not [t for t in trials if t.state.name == "RUNNING"]
    # the search lab's settings were saved with the window's
    assert '"closing"' in window.settings.value("search/state")


def test_a_finished_study_is_reopened_when_the_app_starts_again(window, qtbot, settings,
                                                                 tiny_config):
    """Issue 16, item 21: after a restart the study is back, its trials in every view."""
    from lab.ui.shell.main_window import MainWindow

    lab = window.lab("search")
    window.show_lab(lab)
    assert run_search(qtbot, lab.controller, tiny_config, name="again") is RunStatus.FINISHED
    window.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    search = again.lab("search")
    try:
        with qtbot.waitSignal(search.controller.study_opened, timeout=60_000):
            pass  # read in the browser's worker once the window is up
        assert search.table.model().rowCount() == 8
        assert search.run.counts.text().startswith("8 of 8 trials done")
        assert search.study.name.text() == "again"
        assert search.views.view("Scatter").scatter.count() == 8
    finally:
        again.close()
