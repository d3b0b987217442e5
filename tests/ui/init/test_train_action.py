"""Train this network (issue 18), on the init lab alone: the button hands the training lab the
network in the controls (lab.app.init_run's mapping), is disabled with the reason where the
training lab cannot build it, and says what differs from the probe."""

import pytest
from PySide6.QtCore import Qt

from lab.app.init_run import train_config


@pytest.fixture
def init_lab(qtbot):
    from lab.ui.init.panel import InitLab

    lab = InitLab()
    qtbot.addWidget(lab)
    with qtbot.waitSignal(lab.computed, timeout=60_000):
        lab.load_default()
    yield lab
    lab.shutdown()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def choose(combo, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_the_button_hands_the_network_to_the_training_lab(qtbot, init_lab):
    controls, button = init_lab.controls, init_lab.train.button
    choose(controls.activation, "relu")
    choose(controls.init.combo, "he-normal")
    choose(controls.norm, "batch")
    assert button.isEnabled()
    assert "784 MNIST pixels" in init_lab.train.note.text()  # the book's Gaussian input
    with qtbot.waitSignal(init_lab.handed_off, timeout=5000) as handed:
        click(qtbot, button)
    key, run = handed.args
    assert key == "train"
    assert run == train_config(controls.build()[0])
    assert run.model.activation == "relu" and run.model.batchnorm
    assert run.model.init.name == "he-normal" and run.model.hidden == (100,) * 5
    choose(controls.input, "mnist")  # the same weights: only the biases differ
    assert "784" not in init_lab.train.note.text() and "biases" in init_lab.train.note.text()


BLOCKED = (
    ("activation", "selu", "no selu activation"),
    ("activation", "linear", "no linear"),
    ("norm", "layer", "no LayerNorm"),
)


def test_what_training_cannot_build_disables_the_button_with_the_reason(qtbot, init_lab):
    button = init_lab.train.button
    for combo, value, reason in BLOCKED:
        choose(init_lab.controls.choices[combo], value)
        assert not button.isEnabled(), value
        assert reason in button.toolTip() and reason in init_lab.train.note.text()
        with qtbot.assertNotEmitted(init_lab.handed_off):
            click(qtbot, button)
        choose(init_lab.controls.choices[combo], "relu" if combo == "activation" else "none")
        assert button.isEnabled(), value
    depth = init_lab.controls.depth  # a bad value: no network to train
    depth.selectAll()
    qtbot.keyClicks(depth, "0")
    qtbot.keyClick(depth, Qt.Key.Key_Return)
    assert not button.isEnabled()
    assert "Fix the network" in button.toolTip()
