"""The per-layer statistics of one kind (activations, pre-activations or gradients)."""

from __future__ import annotations

import math

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem

from lab.engine.init.probe import ProbeResult
from lab.ui.common.i18n import N_, tr
from lab.ui.common.tables import ReadOnlyTable

HEADERS = (N_("Layer"), N_("Mean"), N_("Std"), N_("Min"), N_("Max"), N_("Saturated"),
           N_("Dead"), N_("Non-finite"), "|∇W|", N_("W std (theory)"))  # fmt: skip
TOOLTIP = N_("Saturated: sigmoid < 0.01 or > 0.99, |tanh| > 0.99. Dead: ReLU units that output "
             "0 for every sample. Statistics use finite values only.")


def _fmt(value) -> str:
    """A figure, or "—" where it is undefined (None, or NaN/inf such as |∇W| after overflow)."""
    return "—" if value is None or not math.isfinite(value) else f"{value:.3g}"


def stats_rows(result: ProbeResult, kind: str) -> list[tuple[str, ...]]:
    rows = []
    for layer in result.layers:
        s = layer.stats(kind)
        rows.append((str(layer.index), _fmt(s.mean), _fmt(s.std), _fmt(s.min), _fmt(s.max),
                     _fmt(s.saturated_frac), _fmt(s.dead_frac), str(s.nonfinite),
                     _fmt(layer.weight_grad_norm),
                     f"{layer.weight_std:.3g} ({layer.theoretical_std:.3g})"))
    return rows


class StatsTable(ReadOnlyTable):
    def __init__(self, parent=None):
        super().__init__([tr(h) for h in HEADERS], stretch_last=False, parent=parent)
        self.setToolTip(tr(TOOLTIP))

    def set_stale(self, reason: str = "") -> None:
        """Grey out while a new configuration computes (or cannot: ``reason``): never the old
        rows as if current."""
        self.setEnabled(False)
        self.setToolTip(reason or tr("Computing the new configuration…"))

    def show_result(self, result: ProbeResult, kind: str) -> None:
        self.setEnabled(True)
        self.setToolTip(tr(TOOLTIP) + ("" if result.gradients_defined else " " + tr(
            "The loss is not finite (the forward pass overflowed), so no gradient is defined: "
            "|∇W| shows —.")))
        rows = stats_rows(result, kind)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 7 and text != "0":
                    item.setForeground(QColor("#d62728"))
                self.setItem(r, c, item)
