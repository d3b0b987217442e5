"""The preset box names what the initialization lab shows, after a restart too (issue 16,
item 17): restored settings name their preset, a pinned B makes it "modified", and clearing B
again makes the preset true again."""

from __future__ import annotations

import json

import pytest

from lab.engine.init.presets import INIT_PRESETS


@pytest.fixture
def labs(qtbot):
    """Init labs alone (``labs()`` on the default preset, ``labs(state)`` restored from saved
    settings as the window does at the next launch), shut down after."""
    from lab.ui.init.panel import InitLab

    built = []

    def build(state: dict | None = None):
        lab = InitLab()
        qtbot.addWidget(lab)
        built.append(lab)
        with qtbot.waitSignal(lab.computed, timeout=60_000):
            if state is None:
                lab.load_default()
            else:
                assert lab.restore_state(json.loads(json.dumps(state)))
        return lab

    yield build
    for lab in built:
        lab.shutdown()


def choose(qtbot, lab, key: str) -> None:
    combo = lab.presets.combo
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        combo.setCurrentIndex(combo.findData(key))
        combo.activated.emit(combo.currentIndex())


def test_a_restart_names_the_preset_shown(qtbot, labs):
    lab = labs()
    choose(qtbot, lab, "book-relu-he")
    again = labs(lab.save_state())
    assert again.presets.combo.currentData() == "book-relu-he" and not again.presets.modified
    assert again.presets.note.text() == INIT_PRESETS["book-relu-he"].note
    assert again.result.config == INIT_PRESETS["book-relu-he"].config


def test_pinning_b_modifies_the_preset_until_b_is_cleared(qtbot, labs):
    lab = labs()
    choose(qtbot, lab, "book-tanh-xavier")
    with qtbot.waitSignal(lab.computed, timeout=30_000):
        lab.pin.click()  # B is part of what a preset sets: this one has none
    assert lab.presets.modified and "(modified)" in lab.presets.combo.currentText()
    again = labs(lab.save_state())
    assert again.presets.modified and again.presets.combo.currentData() == "book-tanh-xavier"
    with qtbot.waitSignal(again.computed, timeout=30_000):
        again.unpin.click()
    assert not again.presets.modified
    assert again.presets.note.text() == INIT_PRESETS["book-tanh-xavier"].note


def test_every_preset_is_named_unmodified_once_chosen(qtbot, labs):
    lab = labs()
    for key in INIT_PRESETS:
        choose(qtbot, lab, key)
        assert lab.presets.key == key and not lab.presets.modified, key
