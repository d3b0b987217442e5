"""Number of steps, gradient noise (scale and seed), gradient clipping, and the tolerance the
readout uses. Each field is built from its declaration (the trajectory config's, the view's):
its range is the declaration's, a bad value is red with its problem and is never used."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QWidget

from lab.engine.core import fields as F
from lab.engine.optimize.trajectories import TrajectoryConfig
from lab.ui.common.config_form import number_field
from lab.ui.common.fields import NumberField
from lab.ui.common.i18n import N_, tr
from lab.ui.optimize.state import OptimizerView

# the trajectory's fields edited here, with their labels
FIELDS = {"steps": N_("Steps"), "noise": N_("Gradient noise σ"), "noise_seed": N_("Noise seed"),
          "clip_norm": N_("Clip gradient norm")}  # fmt: skip


class RunSettings(QWidget):
    """``changed`` fires when a field is committed, valid or not (:meth:`problems` says)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        config = TrajectoryConfig("book", (), (0.0, 0.0))
        decls = F.declarations(TrajectoryConfig)
        self.fields: dict[str, NumberField] = {
            key: number_field(decls[key], key, getattr(config, key)) for key in FIELDS}
        self.steps, self.noise = self.fields["steps"], self.fields["noise"]
        self.seed, self.clip = self.fields["noise_seed"], self.fields["clip_norm"]
        self.tolerance = number_field(F.declarations(OptimizerView)["tolerance"], "tolerance",
                                      OptimizerView().tolerance)  # fmt: skip
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for key, label in FIELDS.items():
            form.addRow(tr(label), self.fields[key])
        form.addRow(tr("Minimum tolerance"), self.tolerance)
        for field in (*self.fields.values(), self.tolerance):
            field.committed.connect(self.changed)
            field.rejected.connect(self.changed)

    def plain(self) -> dict:
        """The trajectory's fields as typed (what is saved)."""
        return {key: field.plain() for key, field in self.fields.items()}

    def problems(self) -> list[str]:
        """Every red field's problem (each field checked now)."""
        return [p for field in (*self.fields.values(), self.tolerance) for p in field.read()[1]]

    def load(self, config: TrajectoryConfig) -> None:
        for key, field in self.fields.items():
            field.set_value(getattr(config, key))
