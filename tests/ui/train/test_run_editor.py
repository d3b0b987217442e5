"""The run editor: a form built from the field declarations, driven through real input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit

from lab.engine.core import fields as F
from lab.engine.core.optimizers import OPTIMIZERS, PARAMS, make_optimizer
from lab.engine.core.schedules import make_schedule
from lab.engine.train.config import DataConfig, TrainConfig
from lab.engine.train.models import ModelConfig
from lab.engine.train.presets import TRAIN_PRESETS
from lab.ui.common.config_form import SpecEditor
from lab.ui.train.run_editor import RunEditor


def ok(qtbot, editor: RunEditor) -> None:
    button = editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype(qtbot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def choose(qtbot, combo: QComboBox, data: str) -> None:
    """Pick an entry as a user does with the keyboard: focus, then arrow keys."""
    target = combo.findData(data) if combo.findData(data) >= 0 else combo.findText(data)
    combo.setFocus()
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


@pytest.mark.parametrize("preset", list(TRAIN_PRESETS))
def test_ok_without_change_returns_an_equal_config(qtbot, preset):
    for run in TRAIN_PRESETS[preset].runs[:4]:
        editor = RunEditor(run, {"other"})
        qtbot.addWidget(editor)
        with qtbot.waitSignal(editor.accepted, timeout=2000):
            ok(qtbot, editor)
        assert editor.result_config == run


def test_every_declared_field_has_a_widget_with_its_help(qtbot):
    editor = RunEditor(TRAIN_PRESETS["book-optimizers"].runs[0], set())
    qtbot.addWidget(editor)
    for prefix, cls in (("", TrainConfig), ("model.", ModelConfig), ("data.", DataConfig)):
        for key, decl in F.declarations(cls).items():
            if decl.plain and decl.kind != "table":
                widget = editor.fields[prefix + key]
                tip = widget.combo.toolTip() if isinstance(widget, SpecEditor) else widget.toolTip()
                assert tip and (decl.help in tip or isinstance(widget, SpecEditor)), key


def test_optimizer_and_schedule_are_choices_with_parameter_fields(qtbot):
    run = TRAIN_PRESETS["book-optimizers"].runs[0]
    editor = RunEditor(run, set())
    qtbot.addWidget(editor)
    optimizer = editor.fields["optimizer"]
    assert isinstance(optimizer.combo, QComboBox)
    assert [optimizer.combo.itemData(i) for i in range(optimizer.combo.count())] == list(OPTIMIZERS)
    choose(qtbot, optimizer.combo, "adam")
    assert list(optimizer.fields) == list(OPTIMIZERS["adam"].defaults)
    assert OPTIMIZERS["adam"].rule in optimizer.combo.toolTip()  # the optimizer lab's hint
    assert PARAMS["beta1"].help in optimizer.fields["beta1"].toolTip()
    retype(qtbot, optimizer.fields["lr"], "0.002")
    retype(qtbot, optimizer.fields["beta1"], "0.8")
    schedule = editor.fields["schedule"]
    choose(qtbot, schedule.combo, "step")
    retype(qtbot, schedule.fields["step_size"], "300")
    qtbot.keyClick(editor.fields["batchnorm"], Qt.Key.Key_Space)
    with qtbot.waitSignal(editor.accepted, timeout=2000):
        ok(qtbot, editor)
    config = editor.result_config
    assert config.optimizer == make_optimizer("adam", lr=0.002, beta1=0.8)
    assert config.schedule == make_schedule("step", step_size=300)
    assert config.model.batchnorm and config.model.hidden == run.model.hidden


def test_every_problem_is_listed_and_the_dialog_stays_open(qtbot):
    editor = RunEditor(TRAIN_PRESETS["book-optimizers"].runs[0], {"adam"})
    qtbot.addWidget(editor)
    editor.show()
    retype(qtbot, editor.fields["name"], "adam")
    retype(qtbot, editor.fields["hidden"], "100, 10.7")
    retype(qtbot, editor.fields["dropout"], "x")
    retype(qtbot, editor.fields["data.split_seed"], "-3")
    choose(qtbot, editor.fields["schedule"].combo, "step")
    retype(qtbot, editor.fields["schedule"].fields["step_size"], "0.5")
    retype(qtbot, editor.fields["optimizer"].fields["lr"], "nan")
    ok(qtbot, editor)
    assert editor.isVisible() and editor.result_config is None
    shown = editor.problems.text()
    for part in ("'adam' is already a run", "hidden[1] must be a whole number (not 10.7)",
                 "dropout must be a number (not 'x')", "seed must lie in",
                 "step_size must be a whole number (not 0.5)", "lr must be a finite number"):
        assert part in shown, part
    assert len(shown.splitlines()) == 6


def test_run_rules_across_fields_are_checked(qtbot):
    editor = RunEditor(TRAIN_PRESETS["book-optimizers"].runs[0], set())
    qtbot.addWidget(editor)
    retype(qtbot, editor.fields["epochs"], "3")
    retype(qtbot, editor.fields["hidden"], ", ".join(["4096"] * 60))
    config, problems = editor.build()
    assert config is None
    assert "give either iterations or epochs" in problems
    assert any("parameters" in p for p in problems)


def test_switching_entries_keeps_the_learning_rate(qtbot):
    editor = RunEditor(TrainConfig("r", iterations=5, optimizer=make_optimizer("sgd", lr=0.05)),
                       set())
    qtbot.addWidget(editor)
    optimizer = editor.fields["optimizer"]
    choose(qtbot, optimizer.combo, "rmsprop")
    assert optimizer.fields["lr"].text() == "0.05"
    assert isinstance(optimizer.fields["centered"], QCheckBox)
    init = editor.fields["init"]
    choose(qtbot, init.combo, "he-normal")
    assert isinstance(init.fields["mode"], QComboBox)
    choose(qtbot, init.fields["mode"], "fan_out")
    config, problems = editor.build()
    assert not problems and config.model.init.param("mode") == "fan_out"
    assert config.optimizer == make_optimizer("rmsprop", lr=0.05)
