"""The Landscape tab's side column: what runs keep while they train (snapshots, sharpness), the
runs a landscape is drawn around, and the landscape's settings, with Compute / Cancel.

Why the forms come from the declarations (ProbeConfig, LandscapeConfig): the CLI's options,
these widgets and the session's values are the same fields, checked the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core import fields as F
from lab.engine.train.landscape.job import LandscapeConfig
from lab.engine.train.landscape.probes import ProbeConfig
from lab.ui.common.config_form import ConfigForm
from lab.ui.common.i18n import N_, tr
from lab.ui.common.panel import group_box

# the forms' row labels, translated as the other labs' settings are (the tooltips name the CLI's
# settings: every=K, samples=N, steps=S, --plane, --grid, ...)
PROBE_LABELS = {"snapshot_every": N_("Snapshots every"), "sharpness_every": N_("Sharpness every"),
                "samples": N_("Samples"), "lanczos_steps": N_("Lanczos steps")}
LANDSCAPE_LABELS = {"plane": N_("Plane"), "grid": N_("Grid"), "samples": N_("Samples"),
                    "span": N_("Span"), "seed": N_("Seed")}


class LandscapeSettings(QWidget):
    """The column's widgets; the tab reads and drives them."""

    probes_changed = Signal()  # the training probes' form was edited

    def __init__(self, parent=None):
        super().__init__(parent)
        self.probes = ConfigForm(ProbeConfig(), columns=1, labels=PROBE_LABELS)
        self.probes.changed.connect(self.probes_changed)
        self.runs = QListWidget()
        self.runs.setToolTip(tr("Runs with saved results. Tick one (or several started from "
                                "the same weights: one shared PCA plane); the first ticked "
                                "is the centre. A line between two runs takes two."))
        self.runs.setMinimumHeight(90)
        self.form = ConfigForm(LandscapeConfig(), columns=1, labels=LANDSCAPE_LABELS)
        self.compute = QPushButton(tr("Compute"))
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.status = QLabel(tr("Train runs with snapshots on, then tick them here."))
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.compute)
        buttons.addWidget(self.cancel)
        landscape = QWidget()
        column = QVBoxLayout(landscape)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.runs)
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(group_box(tr("While runs train"), self.probes))
        layout.addWidget(group_box(tr("Landscape"), landscape), 1)

    # ---- the runs to choose from --------------------------------------------------------------
    def show_runs(self, entries: list) -> None:
        """List the runs that have a run folder, keeping what was ticked (by name)."""
        ticked = set(self.ticked())
        listed = [(e.name, e.color) for e in entries if e.folder]
        if listed == [(self.runs.item(i).text(), self.runs.item(i).data(Qt.ItemDataRole.UserRole))
                      for i in range(self.runs.count())]:  # fmt: skip
            return
        self.runs.clear()
        for name, color in listed:
            item = QListWidgetItem(_swatch(color), name)
            item.setData(Qt.ItemDataRole.UserRole, color)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else
                               Qt.CheckState.Unchecked)  # fmt: skip
            self.runs.addItem(item)

    def ticked(self) -> list[str]:
        return [self.runs.item(i).text() for i in range(self.runs.count())
                if self.runs.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip

    def tick(self, names: list[str]) -> None:
        for i in range(self.runs.count()):
            item = self.runs.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else
                               Qt.CheckState.Unchecked)  # fmt: skip

    # ---- values -------------------------------------------------------------------------------
    def set_probes(self, config: ProbeConfig) -> None:
        _load(self.probes, config)

    def set_landscape(self, config: LandscapeConfig) -> None:
        _load(self.form, config)

    def busy(self, running: bool) -> None:
        self.compute.setEnabled(not running)
        self.cancel.setEnabled(running)
        if running:
            self.progress.setValue(0)


def _load(form: ConfigForm, config) -> None:
    """Show ``config``'s values in ``form`` (its widgets, without rebuilding them)."""
    for key, widget in form.widgets.items():
        value = getattr(config, key)
        if hasattr(widget, "set_value"):
            widget.set_value(value)
        elif hasattr(widget, "setCurrentText"):
            widget.setCurrentText(str(value))
    form.config = config


def plain_of(config) -> dict:
    """A config as plain data (a session's values)."""
    return {key: getattr(config, key) for key in F.declarations(config)}


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
