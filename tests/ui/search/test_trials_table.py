"""The trials table: numbers sort as numbers, an update keeps the selection and adds rows
without a reset, and a picked row names its trial."""

from PySide6.QtCore import Qt

from lab.ui.search.trials_table import TrialsTable
from lab.ui.search.views.snapshot import TrialsSnapshot


def snapshot(rows):
    return TrialsSnapshot(params=("lr",), log_params=frozenset({"lr"}), rows=tuple(rows))


def row(number, lr, acc, state="complete"):
    return {"number": number, "lr": lr, "state": state, "val_acc": acc, "epochs": 3}


def shown_numbers(table):
    proxy = table.proxy
    return [int(proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)) for r in
            range(proxy.rowCount())]


def test_numbers_sort_as_numbers_and_missing_values_last(qtbot):
    table = TrialsTable()
    qtbot.addWidget(table)
    table.show_trials(snapshot([row(0, 0.5, 0.1), row(1, 0.05, 0.9), row(2, 5e-3, None,
                                                                          "running"),
                                row(3, 0.2, 0.25)]))  # fmt: skip
    column = table.trials.columns.index("val_acc")
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert shown_numbers(table) == [1, 3, 0, 2]  # 0.9 > 0.25 > 0.1 (not "0.9" < "0.25")
    table.sortByColumn(table.trials.columns.index("lr"), Qt.SortOrder.AscendingOrder)
    assert shown_numbers(table) == [2, 1, 3, 0]


def test_an_update_keeps_the_selection_and_adds_rows(qtbot):
    table = TrialsTable()
    qtbot.addWidget(table)
    table.show_trials(snapshot([row(0, 0.5, 0.1), row(1, 0.05, None, "running")]))
    with qtbot.waitSignal(table.trial_clicked) as clicked:
        table.click_row(1)
    assert clicked.args == [1]
    resets = []
    table.trials.modelReset.connect(lambda: resets.append(1))
    table.show_trials(snapshot([row(0, 0.5, 0.1), row(1, 0.05, 0.8), row(2, 0.01, None,
                                                                          "running")]))
    assert resets == [] and table.proxy.rowCount() == 3
    current = table.selectionModel().currentIndex()
    assert table.trials.number_at(table.proxy.mapToSource(current).row()) == 1
    assert table.proxy.index(current.row(), table.trials.columns.index("val_acc")).data() == \
        "0.8000"
    # other parameters: the columns change, the model is reset
    table.show_trials(TrialsSnapshot(params=("lr", "optimizer"), rows=(
        {**row(0, 0.5, 0.1), "optimizer": "adam"},)))
    assert resets == [1] and "optimizer" in table.trials.columns
