"""The optimizer table lists every registry optimizer, each with its reference and its ranges."""

from lab.engine.core.optimizers import OPTIMIZERS
from lab.ui.optimize.optimizer_table import OptimizerTable


def test_every_optimizer_has_a_row_naming_its_reference(qtbot):
    table = OptimizerTable()
    qtbot.addWidget(table)
    assert list(table.rows) == list(OPTIMIZERS)
    assert "lion_pytorch.Lion" in table.rows["lion"].check.toolTip()
    assert "schedulefree.SGDScheduleFree" in table.rows["schedulefree_sgd"].check.toolTip()
    assert "torch.optim.Muon" in table.rows["muon"].check.toolTip()


def test_a_negative_hyperparameter_is_accepted_where_its_range_allows(qtbot):
    """Adafactor's beta2_decay is at most 0: the field takes -0.5 (and refuses 0.5)."""
    table = OptimizerTable()
    qtbot.addWidget(table)
    row = table.rows["adafactor"]
    field = row.fields["beta2_decay"]
    field.setText("-0.5")
    field.editingFinished.emit()
    assert row.config().params["beta2_decay"] == -0.5
    field.setText("0.5")
    field.editingFinished.emit()
    assert "d62728" in field.styleSheet() and row.config().params["beta2_decay"] == -0.5
