"""The training lab built alone (no window), driven with clicks and keys: the run list's
buttons, a row clicked, the live lr field typed into, the matrix options; every change seen
through the controller it is a view of."""

from PySide6.QtCore import Qt

from tests.ui.train.helpers import click, select


def test_buttons_and_rows_drive_the_controller(qtbot, panel):
    controller = panel.controller
    assert controller.runs.names() == ["sgd", "momentum", "adagrad", "adam"]
    select(qtbot, panel, "adam")
    assert controller.selected == "adam"
    assert panel.controls.live_lr.text() == "0.001"  # the selected run's lr
    with qtbot.waitSignal(controller.runs_listed):
        click(qtbot, panel, "Duplicate")
    assert controller.runs.names()[-1] == "adam-2"
    assert panel.controls.run_list.names() == controller.runs.names()
    click(qtbot, panel, "Add")
    assert len(controller.runs) == 6
    select(qtbot, panel, "sgd")  # queued, no results: removed without a question
    click(qtbot, panel, "Remove")
    assert "sgd" not in controller.runs and "sgd" not in panel.controls.run_list.names()
    field = panel.controls.live_lr
    select(qtbot, panel, "momentum")  # not training: Enter sends nothing
    messages = []
    controller.status_message.connect(messages.append)
    field.selectAll()
    qtbot.keyClicks(field, "0.2")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert not messages and not controller.lr_marks.resolve("momentum",
                                                            controller.runs["momentum"]
                                                            .history.snapshot())
