"""Save and open dialogs start in the last folder used for their kind of file (exports, weights,
sessions, datasets), kept in the app's settings; the first time in the user's documents (or
home) folder, never the folder the app was started from. Weights propose the run's name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from lab.io.files import atomic_write_text
from lab.ui.common import file_dialogs as dialogs
from lab.ui.common.lab import WeightsExport
from tests.ui.shell.test_lab_protocol import FakeLab

LAB = Path(__file__).resolve().parents[3] / "lab"


class RunLab(FakeLab):
    """A lab whose weights come from a run with a name no disk takes as it is."""

    def weights_exports(self):
        return [WeightsExport("Run weights", lambda path: [atomic_write_text(path, "w")],
                              "adam/trial: 10")]


class Dialogs:
    """Stands in for QFileDialog: notes the folder or file each dialog proposed, answers with
    the next path queued."""

    def __init__(self, monkeypatch):
        self.proposed: list[str] = []
        self.answers: list[str] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._file))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._file))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self._folder))

    def _file(self, _parent, _title, start, _filters="", *_):
        self.proposed.append(start)
        return self.answers.pop(0), ""

    def _folder(self, _parent, _title, start, *_):
        self.proposed.append(start)
        return self.answers.pop(0)


@pytest.fixture
def fake_dialogs(monkeypatch):
    monkeypatch.setattr(dialogs, "_in_memory", {})
    return Dialogs(monkeypatch)


@pytest.fixture
def one_lab(qtbot, settings):
    """A window with one small lab (not every lab: the tests stay fast)."""
    from lab.ui.shell.main_window import MainWindow

    window = MainWindow(settings, labs=[RunLab])
    qtbot.addWidget(window)
    window._load_labs()
    qtbot.waitUntil(lambda: bool(window.labs[0].calls))
    yield window
    window.close()


def export(window, fake_dialogs, label: str, answer: Path) -> str:
    """Run one File > Export action; the path its dialog proposed."""
    fake_dialogs.answers.append(str(answer))
    window.export_menu.aboutToShow.emit()
    action = next(a for a in window.export_menu.actions() if a.text().startswith(label))
    action.trigger()
    assert answer.is_file(), window.last_error
    return fake_dialogs.proposed[-1]


def test_the_first_dialog_opens_in_documents_or_home_never_the_working_folder(
        one_lab, fake_dialogs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    proposed = Path(export(one_lab, fake_dialogs, "Fake plot", tmp_path / "p.png"))
    assert proposed.is_absolute() and proposed.parent == dialogs.first_folder()
    assert proposed.parent in (Path.home(), Path.home() / "Documents") or \
        proposed.parent.parent == Path.home()
    assert proposed.name == "fake-plot.png"


def test_each_kind_remembers_its_own_folder_across_a_restart(qtbot, one_lab, fake_dialogs,
                                                             settings, tmp_path):
    images, weights = tmp_path / "figures", tmp_path / "models"
    images.mkdir(), weights.mkdir()
    export(one_lab, fake_dialogs, "Fake plot", images / "one.png")
    assert Path(export(one_lab, fake_dialogs, "Fake data", images / "d.csv")).parent == images
    first_weights = Path(export(one_lab, fake_dialogs, "Run weights", weights / "w.safetensors"))
    assert first_weights.parent == dialogs.first_folder()  # its own kind: not the figures
    assert first_weights.name == "adam_trial_ 10.safetensors"  # the run's name, made safe
    one_lab.close()

    from lab.ui.shell.main_window import MainWindow

    again = MainWindow(settings, labs=[RunLab])
    qtbot.addWidget(again)
    assert Path(export(again, fake_dialogs, "Fake plot", images / "two.png")).parent == images
    assert Path(export(again, fake_dialogs, "Run weights",
                       weights / "v.safetensors")).parent == weights
    again.close()
    assert settings.value("folders/exports") == str(images)


def test_sessions_open_and_save_in_the_sessions_folder(one_lab, fake_dialogs, tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    fake_dialogs.answers.append(str(sessions / "mine.toml"))
    one_lab.sessions.ask_save()
    assert (sessions / "mine.toml").is_file(), one_lab.last_error
    assert Path(fake_dialogs.proposed[-1]).parent == dialogs.first_folder()
    fake_dialogs.answers.append("")  # cancelled: nothing remembered, nothing opened
    one_lab.sessions.ask_open()
    assert Path(fake_dialogs.proposed[-1]) == sessions
    assert dialogs.start_folder(dialogs.EXPORTS) == dialogs.first_folder()


def test_a_folder_that_is_gone_falls_back_to_documents(one_lab, fake_dialogs, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    dialogs.remember(dialogs.WEIGHTS, gone / "x.safetensors")
    assert dialogs.start_folder(dialogs.WEIGHTS) == gone
    gone.rmdir()
    assert dialogs.start_folder(dialogs.WEIGHTS) == dialogs.first_folder()
    with pytest.raises(ValueError, match="unknown kind"):
        dialogs.start_folder("pictures")


def test_every_file_dialog_of_the_app_goes_through_the_one_helper():
    """QFileDialog named anywhere else would open in the working folder and forget."""
    users = []
    for path in sorted(LAB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        if "QFileDialog" in names and path.name != "file_dialogs.py":
            users.append(str(path.relative_to(LAB)))
    assert users == []
