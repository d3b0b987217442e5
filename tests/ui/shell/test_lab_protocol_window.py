"""A fifth lab beside the four real ones: the same window, unchanged, gives it a tab, its File
action beside the training lab's, and its table in the session file with every other lab's;
closing shuts it down with the rest."""

import tomllib

import pytest
from PySide6.QtCore import QSettings

from tests.ui.open_session import open_session
from tests.ui.shell.test_lab_protocol import FakeLab

pytestmark = pytest.mark.slow  # builds every lab


def test_a_fifth_lab_plugs_in_beside_the_four(qtbot, tmp_path):
    from lab.ui.shell.labs import LABS
    from lab.ui.shell.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, labs=[*LABS, FakeLab])
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.labs[0].computed, timeout=120_000):  # the labs have loaded
        pass
    fake = window.labs[4]
    qtbot.waitUntil(lambda: "load_default" in fake.calls)
    assert [lab.key for lab in window.labs] == ["optimizer", "init", "train", "search", "fake"]
    assert window.tabs.tabText(4) == "Fake lab"
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"Open &dataset folder…", "&Load weights…", "Fake action"} <= set(texts)
    fake.value = 64
    path = tmp_path / "five.toml"
    assert window.sessions.save(str(path)), window.last_error
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(doc) == {"session", "optimizer", "init", "train", "search", "fake"}
    before = [lab.save_state() for lab in window.labs[:4]]
    fake.value = 0
    assert open_session(qtbot, window.sessions, path), window.last_error
    assert fake.value == 64 and [lab.save_state() for lab in window.labs[:4]] == before
    window.close()
    assert fake.calls[-1] == "shutdown"
    assert settings.value("fake/state") == '{"value": 64}'
