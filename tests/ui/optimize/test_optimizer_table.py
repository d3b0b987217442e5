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


def test_each_field_takes_its_optimizers_own_range(qtbot):
    """Adafactor's beta2_decay is at most 0: -0.5 is taken, 0.5 is red. Schedule-Free's
    momentum must be above 0 (x is found by dividing by it), where Momentum's may be 0."""
    table = OptimizerTable()
    qtbot.addWidget(table)
    row = table.rows["adafactor"]
    field = row.fields["beta2_decay"]
    field.setText("-0.5")
    field.editingFinished.emit()
    config, problems = row.build()
    assert not problems and config.params["beta2_decay"] == -0.5
    field.setText("0.5")
    field.editingFinished.emit()
    assert field.problem and row.build()[0] is None
    for name, taken in (("schedulefree_sgd", False), ("momentum", True)):
        momentum = table.rows[name].fields["momentum"]
        momentum.setText("0")
        momentum.editingFinished.emit()
        assert (table.rows[name].build()[0] is not None) == taken, name
        assert bool(momentum.problem) != taken, name
