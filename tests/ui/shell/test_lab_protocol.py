"""The lab protocol (lab.ui.common.lab): a lab the shell has never heard of, plugged in through
the window's list of factories, gets its tab, its File-menu actions, its exports, its session
section saved and restored, its saved settings, its hand-offs routed, its stored data kept, its
errors shown, its launch held and its shutdown called: the shell needs no change for a new lab.

The fake labs here are minimal QWidgets implementing the protocol; no real lab is built (the
window with every lab is tests/ui/shell/test_lab_protocol_window.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QVBoxLayout

from lab.app.session import Section
from lab.io.files import atomic_write_text
from lab.ui.common.lab import (
    CsvExport,
    ExportTarget,
    FolderExport,
    Lab,
    SessionSection,
    StoredDataInUse,
    WeightsExport,
    check_keys,
)
from lab.ui.shell.main_window import data_folder
from tests.ui.open_session import open_session


def check_value(section: dict) -> list[str]:
    """The fake lab's schema check: pure, it never sees the lab (it runs in a worker)."""
    value = section.get("value")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        return [f"value must be a whole number in [0, 100], not {value!r}"]
    return []


class FakeLab(Lab):
    """A fifth lab: a number, a plot, one action; it records what the window asked of it."""

    key = "fake"
    title = "Fake lab"

    def __init__(self, data_dir=None):
        super().__init__()
        self.data_dir = data_dir
        self.value = 0
        self.calls: list[str] = []
        self.received: list[object] = []
        self.removals: list[object] = []
        self.plot = pg.PlotWidget()
        self.plot.plot([0, 1, 2], [1, 0, 1])
        QVBoxLayout(self).addWidget(self.plot)
        self.action = QAction("Fake action", self)
        self.action.triggered.connect(self.show_requested.emit)

    def load_default(self) -> None:
        self.calls.append("load_default")
        self.value = 7

    def save_state(self) -> dict:
        return {"value": self.value}

    def restore_state(self, state: dict) -> bool:
        self.calls.append("restore_state")
        if check_value(state):
            return False
        self.value = state["value"]
        return True

    def export_targets(self):
        return [ExportTarget("Fake plot", self.plot)]

    def csv_exports(self):
        return [CsvExport("Fake data", lambda: f"value\n{self.value}\n")]

    def weights_exports(self):
        return [WeightsExport("Fake weights", lambda path: [atomic_write_text(path, "w")])]

    def folder_exports(self):
        return [FolderExport("Fake log", lambda folder: atomic_write_text(
            Path(folder) / "log.txt", f"{self.value}\n"))]

    def file_actions(self):
        return [self.action]

    def session_section(self) -> SessionSection:
        return SessionSection(Section(check_value, ("value",)), self.save_state,
                              self.restore_state)

    def stored_data_in_use(self) -> StoredDataInUse:
        return StoredDataInUse(runs=frozenset({"kept-run"}))

    def stored_data_changed(self, removal) -> None:
        self.removals.append(removal)

    def accept_handoff(self, payload: object) -> bool:
        if not isinstance(payload, int):
            return False
        self.received.append(payload)
        return True

    def hold(self) -> None:
        self.calls.append("hold")
        super().hold()

    def release(self) -> None:
        self.calls.append("release")
        super().release()

    def shutdown(self) -> None:
        self.calls.append("shutdown")
        super().shutdown()


class OtherLab(FakeLab):
    key = "other"
    title = "Other lab"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, settings):
    from lab.ui.shell.main_window import MainWindow

    window = MainWindow(settings, labs=[OtherLab, FakeLab])
    qtbot.addWidget(window)
    window._load_labs()  # as after the first paint: the lab on screen now, the others next
    qtbot.waitUntil(lambda: all({"load_default", "restore_state"} & set(lab.calls)
                                for lab in window.labs))
    return window


@pytest.fixture
def window(qtbot, settings):
    window = make_window(qtbot, settings)
    yield window
    window.close()


def test_a_new_lab_gets_its_tab_its_file_actions_and_is_shown_by_them(window):
    other, fake = window.labs
    assert fake.data_dir == data_folder(window.settings)  # the factory's argument
    assert [window.tabs.tabText(k) for k in range(window.tabs.count())] == ["Other lab",
                                                                             "Fake lab"]
    file_menu = window.menuBar().actions()[0].menu()
    assert fake.action in file_menu.actions() and other.action in file_menu.actions()
    assert window.current_lab() is other
    fake.action.trigger()
    assert window.current_lab() is fake


def test_the_export_menu_lists_what_the_current_lab_offers_and_exports_it(window, qtbot,
                                                                          tmp_path,
                                                                          monkeypatch):
    fake = window.labs[1]
    window.show_lab(fake)
    fake.value = 42
    window.export_menu.aboutToShow.emit()
    actions = {a.text(): a for a in window.export_menu.actions() if a.text()}
    assert set(actions) == {"Fake plot as PNG or SVG…", "Fake data as CSV…",
                            "Fake weights (safetensors + JSON + .pt)…", "Fake log…"}
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: str(tmp_path)))
    actions["Fake log…"].trigger()
    assert (tmp_path / "log.txt").read_text() == "42\n"
    for label, name in (("Fake data as CSV…", "data.csv"),
                        ("Fake weights (safetensors + JSON + .pt)…", "w.safetensors"),
                        ("Fake plot as PNG or SVG…", "plot.png")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, n=name, **k: (str(tmp_path / n), "")))
        actions[label].trigger()
        assert (tmp_path / name).is_file(), window.last_error
    assert (tmp_path / "data.csv").read_text() == "value\n42\n"
    window.copy_first_plot()  # the first export target
    assert window.statusBar().currentMessage() == "Image copied to the clipboard"


def test_its_session_section_is_saved_checked_and_restored(window, qtbot, tmp_path):
    other, fake = window.labs
    fake.value, other.value = 42, 3
    path = tmp_path / "lesson.toml"
    assert window.sessions.save(str(path)), window.last_error
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["fake"] == {"value": 42} and doc["other"] == {"value": 3}
    fake.value = other.value = 0
    assert open_session(qtbot, window.sessions, path), window.last_error
    assert (fake.value, other.value) == (42, 3)
    # a bad value in its table: the whole file is refused by the lab's schema, nothing changes
    path.write_text(path.read_text(encoding="utf-8").replace("value = 42", "value = 420"),
                    encoding="utf-8")
    fake.value = other.value = 1
    assert not open_session(qtbot, window.sessions, path)
    assert "[fake] value must be a whole number in [0, 100], not 420" in window.last_error
    assert (fake.value, other.value) == (1, 1)


def test_hand_offs_are_routed_by_key_and_show_the_lab_that_took_them(window):
    other, fake = window.labs
    window.show_lab(fake)
    fake.handed_off.emit("other", 5)
    assert other.received == [5] and window.current_lab() is other
    other.handed_off.emit("nowhere", 6)  # no lab has that key: one clear message
    assert "nowhere" in window.last_error and window.current_lab() is other
    other.handed_off.emit("fake", "not a number")  # the lab refuses what it does not take
    assert fake.received == [] and window.current_lab() is other


def test_errors_and_status_lines_reach_the_window(window):
    other, fake = window.labs
    fake.error_raised.emit("Fake failed", "one clear message")
    assert window.last_error == "one clear message" and window._error_box.isVisible()
    window._error_box.close()
    fake.status_message.emit("hidden lab speaking")  # shown when its tab is
    assert window.statusBar().currentMessage() != "hidden lab speaking"
    window.show_lab(fake)
    assert window.statusBar().currentMessage() == "hidden lab speaking"


def test_what_a_lab_uses_is_kept_by_manage_stored_data_and_removals_are_told(window, qtbot):
    from lab.engine.train.config import TrainConfig
    from lab.engine.train.run_store import RunStore
    from tests.engine.train.test_runs_store import MODEL, make_result

    store = RunStore(data_folder(window.settings) / "runs")
    folders = [store.save(TrainConfig(name, iterations=100, model=MODEL), "#123456",
                          make_result(name)[0]) for name in ("kept", "free")]
    fake = window.labs[1]
    fake.stored_data_in_use = lambda: StoredDataInUse(runs=frozenset({folders[0].name}))
    assert window.stored_data_in_use().runs == {folders[0].name, "kept-run"}
    window.ask_manage_data()
    dialog = window.stored_data_dialog
    with qtbot.waitSignal(dialog.listed, timeout=20000):
        pass
    in_use = {e.path.name: bool(e.in_use) for e in dialog.entries.values()}
    assert in_use == {folders[0].name: True, folders[1].name: False}
    dialog.select([folders[1].name])
    dialog.confirm = lambda *args, **kwargs: True
    with qtbot.waitSignal(dialog.listed, timeout=20000):
        dialog.delete_button.click()
    assert not folders[1].exists() and folders[0].exists()
    for lab in window.labs:  # every lab hears what was removed
        [removal] = lab.removals
        assert [e.path for e in removal.done] == [folders[1]]
    dialog.close()


def test_hidden_labs_are_held_until_the_shown_one_has_drawn(qtbot, settings):
    window = make_window(qtbot, settings)
    other, fake = window.labs
    assert "hold" in fake.calls and "hold" not in other.calls
    assert "release" not in fake.calls
    other.computed.emit()  # the lab on screen drew its first result
    assert fake.calls.count("release") == 1
    window.close()


def test_closing_shuts_every_lab_down_and_saved_settings_come_back(qtbot, settings):
    window = make_window(qtbot, settings)
    other, fake = window.labs
    assert fake.calls.count("load_default") == 1 and "restore_state" not in fake.calls
    fake.value = 33
    window.close()
    assert other.calls[-1] == fake.calls[-1] == "shutdown"
    assert settings.value("fake/state") == '{"value": 33}'
    again = make_window(qtbot, settings)
    assert again.labs[1].value == 33 and "load_default" not in again.labs[1].calls
    again.close()


def test_settings_saved_under_the_class_name_before_labs_had_keys_are_read_once(qtbot,
                                                                                settings):
    settings.setValue("FakeLab/state", '{"value": 12}')
    window = make_window(qtbot, settings)
    assert window.labs[1].value == 12
    window.close()
    assert settings.value("FakeLab/state") is None
    assert settings.value("fake/state") == '{"value": 12}'


def test_every_lab_needs_its_own_key_fit_for_a_settings_group(qtbot):
    class Bad(Lab):
        key = "Has Spaces"

    class Session(Lab):
        key = "session"  # the session file's header table

    with pytest.raises(ValueError, match="share the key 'fake'"):
        check_keys([FakeLab(), FakeLab()])
    for cls in (Bad, Session, Lab):
        with pytest.raises(ValueError, match="lab key"):
            check_keys([cls()])


def test_stored_data_in_use_unites_the_labs_and_running_wins():
    from pathlib import Path

    from lab.app.stored_data import OPEN, RUNNING

    study = Path("/data/studies/s.journal")
    united = StoredDataInUse.union([StoredDataInUse(frozenset({"a"}), {study: RUNNING}),
                                    StoredDataInUse(frozenset({"b"}), {study: OPEN})])
    assert united.runs == {"a", "b"} and united.studies == {study: RUNNING}
    assert StoredDataInUse.union([]) == StoredDataInUse()
