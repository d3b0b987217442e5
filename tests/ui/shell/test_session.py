"""File > Save session / Open session: every lab's settings survive a round trip through one
TOML file; a damaged or future-version file is refused in one message and changes nothing."""

import tomllib

import pytest

from lab.app.session import FORMAT, VERSION, format_session
from lab.engine.init.presets import INIT_PRESETS
from lab.engine.init.probe import KINDS
from lab.ui.shell.session import session_sections
from tests.ui.open_session import open_session


def labs(window):
    optimizer, init, train = window.labs[:3]
    return optimizer, init, train


def states(window) -> list[dict]:
    return [lab.save_state() for lab in window.labs]


def set_up_a_lesson(window):
    """Settings far from the defaults, in every lab."""
    optimizer, init, train = labs(window)
    optimizer.apply_preset("rosenbrock-valley")
    optimizer.settings.steps.set_value(77)
    optimizer.set_start(0.5, -1.25)
    init.apply_preset("book-relu-he")
    init.pin_b()
    init.controls.load(INIT_PRESETS["book-tanh-xavier"].config)
    init.kind_group.button(KINDS.index("gradient")).setChecked(True)
    train.controller.apply_preset("book-dropout")
    first = train.controller.runs.names()[0]
    train.controller.runs[first].color = "#123456"


def change_everything(window):
    optimizer, init, train = labs(window)
    optimizer.apply_preset("saddle-point")
    init.apply_preset("book-sigmoid-std1")
    init.set_compare(None)
    init.kind_group.button(KINDS.index("activation")).setChecked(True)
    train.controller.apply_preset("book-batchnorm")


def test_round_trip_restores_every_lab(window, qtbot, tmp_path):
    set_up_a_lesson(window)
    saved = states(window)
    sections = session_sections(window.labs)
    path = tmp_path / "lesson.toml"
    assert window.sessions.save(str(path)), window.last_error
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert doc["session"]["format"] == FORMAT and doc["session"]["version"] == VERSION
    assert doc["optimizer"]["steps"] == 77 and doc["optimizer"]["start"] == [0.5, -1.25]
    assert doc["init"]["a"]["activation"] == "tanh" and doc["init"]["b"]["activation"] == "relu"
    assert doc["train"]["preset"] == "book-dropout"

    change_everything(window)
    assert states(window) != saved
    assert open_session(qtbot, window.sessions, str(path)), window.last_error
    assert states(window) == saved
    assert session_sections(window.labs) == sections
    optimizer, init, train = labs(window)
    assert optimizer.presets.combo.currentData() == "rosenbrock-valley"
    assert init.config_b is not None and init.config_b.activation == "relu"
    assert init.kind() == "gradient"
    assert train.controller.runs[train.controller.runs.names()[0]].color == "#123456"
    assert window.last_error == ""


def test_session_leaves_out_results_and_folders(window, tmp_path):
    _, _, train = labs(window)
    path = tmp_path / "s.toml"
    window.sessions.save(str(path))
    text = path.read_text(encoding="utf-8")
    assert "folders" not in text and "data_folder" not in text
    names = train.controller.runs.names()
    assert [run["name"] for run in tomllib.loads(text)["train"]["runs"]] == names


def opened_badly(window, qtbot, path) -> str:
    before = states(window)
    assert not open_session(qtbot, window.sessions, str(path))
    assert states(window) == before  # nothing changed
    boxes = [w for w in window.findChildren(type(window._error_box)) if w.isVisible()]
    assert len(boxes) == 1  # one message
    return window.last_error


def test_invalid_file_changes_nothing_and_lists_every_problem(window, qtbot, tmp_path):
    sections = session_sections(window.labs)
    good_train = sections["train"]
    sections["optimizer"] = {**sections["optimizer"], "steps": 0,
                             "optimizers": ["sgd:lr=0.1", "bogus:lr=1"], "preset": "nope",
                             "schedule": "cosine:warp=3"}
    sections["init"]["a"] = {**sections["init"]["a"], "depth": -3}
    sections["train"] = {**good_train, "runs": [{**good_train["runs"][0], "iterations": -5}]}
    path = tmp_path / "bad.toml"
    path.write_text(format_session(sections), encoding="utf-8")
    set_up_a_lesson(window)
    message = opened_badly(window, qtbot, path)
    assert "nothing was changed" in message
    for words in ("[optimizer] unknown preset 'nope'", "optimizers[1]: unknown optimizer 'bogus'",
                  "[optimizer] steps", "[optimizer] schedule", "[init] a: depth",
                  "[train]", "iterations"):
        assert words in message


def test_future_version_changes_nothing(window, qtbot, tmp_path):
    text = format_session(session_sections(window.labs), "99.0")
    path = tmp_path / "future.toml"
    path.write_text(text.replace(f"version = {VERSION}", f"version = {VERSION + 1}"),
                    encoding="utf-8")
    change_everything(window)
    message = opened_badly(window, qtbot, path)
    assert "newer Descent Lab (Descent Lab 99.0)" in message
    assert f"version {VERSION + 1}" in message


@pytest.mark.parametrize("content", [b"not toml at all [", b"\x00\xff", None])
def test_unreadable_files_change_nothing(window, qtbot, tmp_path, content):
    path = tmp_path / "odd.toml"
    if content is not None:
        path.write_bytes(content)
    message = opened_badly(window, qtbot, path)
    assert message.startswith("odd.toml")


def test_save_failure_is_one_message(window, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert not window.sessions.save(str(blocker / "s.toml"))
    assert window.last_error
    # (blocker / "s.toml" can never exist: blocker is a file) no temporary file left beside it
    assert [p.name for p in tmp_path.iterdir()] == ["file"] and blocker.read_text() == ""
