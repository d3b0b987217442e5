"""Issue 7, "ETA digits vanish at the progress bar's edge" and "diverged and stopped runs keep
showing an ETA": the ETA of a training run is in the status column, whole (not clipped or
elided), the progress bar shows only its percentage, and an ended run shows no ETA."""

from PySide6.QtGui import QFontMetrics

from lab.engine.train.records import RunStatus
from lab.ui.train.run_list import RunList
from tests.engine.train.test_runs import finish, model_with, train, update


def test_the_eta_is_whole_in_the_status_column_never_on_the_bar(qtbot):
    runs = model_with("training", "ended")
    instance = runs.begin("training")
    train(runs, instance, update("training", 9))  # 90 %: the bar nearly full
    finish(runs, "ended", RunStatus.DIVERGED)
    table = RunList()
    qtbot.addWidget(table)
    table.resize(520, 200)
    table.show()
    qtbot.waitExposed(table)
    table.show_runs(list(runs))

    status = table.item(0, 2)
    assert status.text().endswith("s left")  # the ETA beside the status
    rect = table.visualItemRect(status)
    width = QFontMetrics(table.font()).horizontalAdvance(status.text())
    assert width <= rect.width(), "the status column clips the ETA"
    bar = table.cellWidget(0, 3)
    assert bar.format() == "%p%" and bar.text() == "90%"  # no ETA on the bar
    assert table.item(1, 2).text() == "diverged at iteration 1"  # ended: no ETA
