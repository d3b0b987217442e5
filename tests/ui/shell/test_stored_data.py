"""File > Manage stored data: opened from the menu, lists run folders and studies with what is
in use and what is damaged; deletes only after a Yes, only what nothing uses; the list follows."""

import os
import time

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from lab.engine.search.storage import journal_path, open_storage
from lab.engine.train.config import TrainConfig
from lab.engine.train.run_store import RunStore
from lab.ui.shell.main_window import data_folder
from tests.engine.train.test_runs_store import MODEL, make_result

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
OLD = time.time() - 3600


def fill(data):
    """Three runs, a damaged run folder, two studies; all written an hour ago."""
    store = RunStore(data / "runs")
    runs = []
    for name in ("alpha", "beta", "gamma"):
        result, _ = make_result(name)
        runs.append(store.save(TrainConfig(name, iterations=100, model=MODEL), "#123456", result))
    damaged = data / "runs" / "20250101-000000-broken"
    damaged.mkdir()
    import optuna

    studies = []
    for name, trials in (("s1", 2), ("s2", 3)):
        storage, _ = open_storage(None, name, data / "studies")
        optuna.create_study(storage=storage, study_name=name).optimize(
            lambda t: t.suggest_float("x", 0, 1), n_trials=trials)
        studies.append(journal_path(data / "studies", name))
    for root, dirs, files in os.walk(data):
        for name in dirs + files:
            os.utime(os.path.join(root, name), (OLD, OLD))
    return runs, damaged, studies


class Answers:
    """Answer the next message boxes in turn (Yes/No), noting each one's text and default."""

    def __init__(self, *buttons):
        self.buttons, self.seen = list(buttons), []
        self._last = None
        QTimer.singleShot(0, self._poll)

    def _poll(self):
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box is not self._last and box.isVisible():
            self._last = box
            self.seen.append((box.text(), box.defaultButton() is box.button(NO)))
            box.button(self.buttons.pop(0)).click()
        if self.buttons:
            QTimer.singleShot(10, self._poll)


def open_dialog(qtbot, window):
    action = next(a for a in window.findChildren(QAction) if a.text() == "&Manage stored data…")
    action.trigger()
    dialog = window.stored_data_dialog
    with qtbot.waitSignal(dialog.listed, timeout=20000):
        pass
    return dialog


@pytest.fixture
def filled(qtbot, window):
    data = data_folder(window.settings)
    runs, damaged, studies = fill(data)
    lab = window.lab("train")
    qtbot.waitUntil(lambda: len(lab.controller.runs) == 4, timeout=10000)
    model = lab.controller.runs
    model[model.names()[0]].folder = runs[0].name  # alpha's folder is in the list
    return data, runs, damaged, studies


def test_lists_runs_and_studies_with_in_use_damage_and_total(qtbot, window, filled):
    data, runs, damaged, studies = filled
    dialog = open_dialog(qtbot, window)
    by_name = {e.path.name: e for e in dialog.entries.values()}
    assert set(by_name) == {r.name for r in runs} | {damaged.name} | {s.name for s in studies}
    assert by_name[runs[0].name].in_use and not by_name[runs[1].name].in_use
    assert by_name[damaged.name].problem and by_name[studies[1].name].trials == 3
    total = QLocale().formattedDataSize(sum(e.size for e in by_name.values()))
    assert f"Entries: 6, {total} in all" in dialog.summary.text()
    broken = next(item for item in dialog.tree.findItems(
        damaged.name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 1))
    assert broken.text(5) == "damaged: run.json is missing"
    dialog.tree.setCurrentItem(broken)
    assert str(damaged) in dialog.details.text() and "run.json is missing" in dialog.details.text()
    dialog.select([runs[0].name])
    assert not dialog.delete_button.isEnabled() and not dialog.trash_button.isEnabled()
    assert "in use, kept: 1" in dialog.summary.text()
    opened = []
    window_open = QDesktopServices.openUrl
    try:
        QDesktopServices.openUrl = lambda url: opened.append(url.toLocalFile()) or True
        assert dialog.open_folder()
    finally:
        QDesktopServices.openUrl = window_open
    assert opened == [str(runs[0])]
    dialog.close()


def test_delete_permanently_asks_first_and_the_list_follows(qtbot, window, filled):
    data, runs, damaged, studies = filled
    dialog = open_dialog(qtbot, window)
    dialog.select([runs[0].name, runs[1].name, damaged.name, studies[0].name])
    answers = Answers(NO)
    dialog.delete_button.click()
    assert answers.seen and answers.seen[0][1]  # asked, No the default; answered No
    assert runs[1].exists() and damaged.exists() and studies[0].exists()
    answers = Answers(YES)
    with qtbot.waitSignal(window.lab("search").controller.studies_listed, timeout=20000), \
            qtbot.waitSignal(dialog.listed, timeout=20000):
        dialog.delete_button.click()
    assert "entries (3, " in answers.seen[0][0]  # alpha is in use: not offered
    assert not runs[1].exists() and not damaged.exists() and not studies[0].exists()
    assert not studies[0].with_name(studies[0].name + ".flock").exists()
    assert runs[0].exists() and runs[2].exists() and studies[1].exists()
    names = {e.path.name for e in dialog.entries.values()}
    assert names == {runs[0].name, runs[2].name, studies[1].name}
    assert "Deleted: 3" in dialog.last_report
    study = window.lab("search").study.studies
    assert [study.itemText(k) for k in range(study.count())] == ["s2"]
    dialog.close()


def test_no_trash_offers_delete_permanently_and_errors_are_reported(qtbot, window, filled):
    data, runs, damaged, studies = filled
    dialog = open_dialog(qtbot, window)
    dialog.trash = lambda path: False  # a system without a trash
    dialog.select([runs[2].name])
    answers = Answers(YES, NO)  # move to the trash: yes; delete permanently instead: no
    with qtbot.waitSignal(dialog.listed, timeout=20000):
        dialog.trash_button.click()
    assert "no trash" in answers.seen[1][0] and answers.seen[1][1] and runs[2].exists()
    outside = data.parent / "outside"
    outside.mkdir()
    os.symlink(outside, data / "runs" / "link-out")
    with qtbot.waitSignal(dialog.listed, timeout=20000):
        dialog.refresh()
    dialog.select([runs[2].name, "link-out"])
    answers = Answers(YES, YES)
    with qtbot.waitSignal(dialog.removed, timeout=20000) as removed:
        dialog.trash_button.click()
    first = removed.args[0]  # the link is refused before the trash is asked
    assert not first.done and [e.path for e in first.no_trash] == [runs[2]]
    assert [e.path.name for e, _ in first.failed] == ["link-out"]
    assert "outside the data folder" in dialog.last_report and dialog._error_box.isVisible()
    with qtbot.waitSignal(dialog.listed, timeout=20000):
        pass
    assert not runs[2].exists() and outside.is_dir() and (data / "runs" / "link-out").is_symlink()
    assert "Deleted: 1" in dialog.last_report
    dialog._error_box.close()
    dialog.close()

