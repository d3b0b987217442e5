"""The Inside tab: measurement on or off for new runs and its cadence, the run (and a second
one to compare), the layer and kind, the iteration cursor, the symptoms in words, what the
measurements cost, and the views (histograms over time, outlines, per-layer curves, side by
side). A view of :class:`~lab.ui.train.inside.controller.InsideController`.

Redraws follow the controller's ``measured`` (throttled with the training curves) and touch
only the view on screen; the cursor moves the line in every view and redraws the histograms
it picks. A cursor left at the latest measurement follows new ones as they arrive.
"""

from __future__ import annotations

import math
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lab.engine.core.schedules import MAX_STEPS
from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.files import diagnostics_csv
from lab.engine.train.diagnostics.symptoms import symptoms
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget
from lab.ui.train.inside.common import at_or_before, kind_title
from lab.ui.train.inside.heatmap import HistogramHeatmap
from lab.ui.train.inside.layer_curves import LayerCurves
from lab.ui.train.inside.outlines import HistogramOutlines
from lab.ui.train.inside.side_by_side import SideBySide


class InsideTab(QWidget):
    def __init__(self, inside, parent=None):
        super().__init__(parent)
        self.inside = inside
        self.measure = QCheckBox(tr("Measure inside new runs, every"))
        self.every = QSpinBox()
        self.every.setRange(1, MAX_STEPS)
        self.every.setValue(inside.every)
        self.cost = QLabel()
        self.run = QComboBox()
        self.other = QComboBox()
        self.layer = QComboBox()
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_title(kind), kind)
        self.kind.setCurrentIndex(KINDS.index("activation"))
        self.pin = QPushButton(tr("Pin iteration"))
        self.unpin = QPushButton(tr("Clear pins"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.at = QLabel()
        self.symptoms = QLabel()
        self.symptoms.setWordWrap(True)
        self.symptoms.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heatmap, self.outlines = HistogramHeatmap(), HistogramOutlines()
        self.curves, self.side = LayerCurves(), SideBySide()
        self.views = QTabWidget()
        self.pinned: list[int] = []
        self._compared = False  # a second run was chosen once (then "(none)" stays a choice)
        self._stale = False  # measurements arrived while the tab was hidden
        self._iterations: list[int] = []
        self._lay_out()
        self._connect()
        self.show_setting(inside.measuring, inside.every)
        self.refresh_runs()

    def _lay_out(self) -> None:
        rows = QVBoxLayout(self)
        top = QHBoxLayout()
        for widget in (self.measure, self.every, QLabel(tr("iterations"))):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.cost)
        pick = QHBoxLayout()
        for label, widget in (
            (tr("Run"), self.run),
            (tr("compare with"), self.other),
            (tr("Layer"), self.layer),
            (tr("Kind"), self.kind),
        ):
            pick.addWidget(QLabel(label))
            pick.addWidget(widget, 1)
        cursor = QHBoxLayout()
        cursor.addWidget(QLabel(tr("Iteration")))
        cursor.addWidget(self.slider, 1)
        cursor.addWidget(self.at)
        cursor.addWidget(self.pin)
        cursor.addWidget(self.unpin)
        histograms = QSplitter(Qt.Orientation.Vertical)
        histograms.addWidget(self.heatmap)
        histograms.addWidget(self.outlines)
        histograms.setChildrenCollapsible(False)
        self.views.addTab(histograms, tr("Histograms"))
        self.views.addTab(self.curves, tr("Per layer"))
        self.views.addTab(self.side, tr("Side by side"))
        for layout in (top, pick, cursor):
            rows.addLayout(layout)
        rows.addWidget(self.symptoms)
        rows.addWidget(self.views, 1)

    def _connect(self) -> None:
        i = self.inside
        self.measure.toggled.connect(lambda on: i.set_measuring(on, self.every.value()))
        self.every.valueChanged.connect(lambda every: i.set_measuring(i.measuring, every))
        i.setting_changed.connect(self.show_setting)
        i.measured.connect(self._measured)
        i.cursor_moved.connect(self._cursor_moved)
        i.train.selection_changed.connect(self._follow_selection)
        for combo in (self.run, self.other, self.layer, self.kind):
            combo.activated.connect(lambda _=0: self.redraw())
        self.run.activated.connect(lambda _=0: self.refresh_runs())
        self.views.currentChanged.connect(lambda _: self.redraw())
        self.slider.valueChanged.connect(self._slid)
        self.pin.clicked.connect(self._pin)
        self.unpin.clicked.connect(self._unpin)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.redraw()

    # ---- what the controller says -------------------------------------------------------------
    def show_setting(self, measuring: bool, every: int) -> None:
        for widget, value in ((self.measure, measuring), (self.every, every)):
            widget.blockSignals(True)
            (widget.setChecked if widget is self.measure else widget.setValue)(value)
            widget.blockSignals(False)

    def _measured(self, names: list) -> None:
        shown = {self.run.currentData(), self.other.currentData()}
        listed = set(self.inside.measured_runs())
        if listed != {self.run.itemData(k) for k in range(self.run.count())} or shown & set(names):
            self.refresh_runs()

    def _follow_selection(self, name) -> None:
        index = self.run.findData(name)
        if index >= 0 and index != self.run.currentIndex():
            self.run.setCurrentIndex(index)
            self.refresh_runs()

    # ---- the choices ----------------------------------------------------------------------------
    def refresh_runs(self) -> None:
        """The runs with measurements in both combos, the layers of the chosen run, then a
        redraw (the cursor follows the latest measurement if it was there)."""
        names = self.inside.measured_runs()
        chosen = self.run.currentData() or self.inside.train.selected
        other = self.other.currentData()
        _fill(self.run, [(n, n) for n in names], chosen)
        others = [n for n in names if n != self.run.currentData()]
        if other not in others and not self._compared:  # a first pair: the next run
            other = next(iter(others), None)
            self._compared = other is not None
        _fill(self.other, [(tr("(none)"), None)] + [(n, n) for n in others], other)
        snap = self.inside.snapshot(self.run.currentData())
        layers = (
            []
            if snap is None
            else [(tr("layer {n}").format(n=n), k) for k, n in enumerate(snap.layers)]
        )
        _fill(self.layer, layers, self.layer.currentData())
        following = not self._iterations or self.inside.iteration >= self._iterations[-1]
        self._iterations = [] if snap is None else snap.iterations.tolist()
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(self._iterations) - 1, 0))
        self.slider.blockSignals(False)
        if following and self._iterations:
            self.inside.set_iteration(self._iterations[-1])
        self._cursor_moved(self.inside.iteration, redraw=False)
        self.redraw()

    def _slid(self, index: int) -> None:
        if 0 <= index < len(self._iterations):
            self.inside.set_iteration(self._iterations[index])

    def _cursor_moved(self, iteration: int, redraw: bool = True) -> None:
        if self._iterations:
            self.slider.blockSignals(True)
            self.slider.setValue(at_or_before(self._iterations, iteration))
            self.slider.blockSignals(False)
        self.at.setText(tr("iteration {n}").format(n=iteration))
        self.heatmap.set_iteration(iteration)
        self.curves.set_iteration(iteration)
        if redraw and self.views.currentIndex() != 1:
            self.redraw()

    def _pin(self) -> None:
        if self.inside.iteration not in self.pinned:
            self.pinned.append(self.inside.iteration)
        self.redraw()

    def _unpin(self) -> None:
        self.pinned = []
        self.redraw()

    # ---- drawing --------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the view on screen; while the tab is hidden, only note that it is stale (the
        runs' measurements arrive all the time, painting them unseen costs the runs' GIL)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        name = self.run.currentData()
        snap = self.inside.snapshot(name)
        layer = self.layer.currentData() or 0
        kind = self.kind.currentData()
        it = self.inside.iteration
        self._show_words(name, snap)
        view = self.views.currentIndex()
        if view == 0:
            self.heatmap.draw(snap, layer, kind, it)
            self.outlines.draw(snap, layer, kind, it, self.pinned)
        elif view == 1:
            self.curves.draw(snap, kind, it)
        else:
            runs = [(n, self.inside.snapshot(n), self._color(n))
                    for n in (name, self.other.currentData()) if n]  # fmt: skip
            self.side.draw(runs, layer, kind, it)

    def _color(self, name: str) -> str:
        entry = self.inside.train.runs.get(name)
        return entry.color if entry else "#888888"

    def _show_words(self, name, snap) -> None:
        if snap is None:
            self.cost.setText("")
            self.symptoms.setText(
                tr(
                    "Nothing measured yet: tick “Measure inside new runs” and start a run (or "
                    "choose the preset “Book: initializers over time”)."
                )
                if not self.inside.measured_runs()
                else ""
            )
            return
        found = [symptom_text(s) for s in symptoms(snap)]
        self.symptoms.setText(
            "\n".join(f"⚠ {line}" for line in found)
            if found
            else tr("{name}: no symptom stands out at iteration {n}").format(
                name=name, n=int(snap.iterations[-1])
            )
        )
        self.cost.setText(cost_text(snap, self.inside.train.runs[name].history.snapshot()))

    # ---- exports (File > Export) ---------------------------------------------------------------
    def export_targets(self) -> list:
        return [
            ExportTarget(N_("Inside: histograms over time"), self.heatmap),
            ExportTarget(N_("Inside: histograms at chosen iterations"), self.outlines),
            ExportTarget(N_("Inside: per-layer curves"), self.curves),
            ExportTarget(N_("Inside: two runs side by side"), self.side),
        ]

    def csv_exports(self) -> list:
        """Every measured run's figures, in the CLI's diagnostics.csv format."""
        runs = [(name, self.inside.snapshot(name)) for name in self.inside.measured_runs()]
        return [CsvExport(N_("Inside-training diagnostics"),
                          partial(diagnostics_csv, runs))] if runs else []  # fmt: skip

    # ---- saved settings -------------------------------------------------------------------------
    def save_state(self) -> dict:
        return {
            **self.inside.save_state(),
            "kind": self.kind.currentData(),
            "layer": self.layer.currentData() or 0,
            "view": self.views.currentIndex(),
        }

    def restore_state(self, state) -> None:
        if not isinstance(state, dict):
            return
        self.inside.restore_state(state)
        if state.get("kind") in KINDS:
            self.kind.setCurrentIndex(KINDS.index(state["kind"]))
        if isinstance(state.get("view"), int) and 0 <= state["view"] < self.views.count():
            self.views.setCurrentIndex(state["view"])
        if isinstance(state.get("layer"), int):
            index = self.layer.findData(state["layer"])
            if index >= 0:
                self.layer.setCurrentIndex(index)


def symptom_text(symptom) -> str:
    """A symptom in the interface language (a kind named as the Kind list names it)."""
    values = dict(symptom.values)
    if "kind" in values:
        values["kind"] = kind_title(values["kind"])
    return tr(symptom.template).format(**values)


def cost_text(snap, history) -> str:
    """What the measurements cost per iteration, in ms and as a share of the training step
    without them (the step time is the run's wall time per iteration, measurements included)."""
    cost = snap.cost_ms_per_iteration()
    done = int(history.iterations[-1]) if history.n else 0
    if not math.isfinite(cost) or done <= 0 or history.elapsed_s <= 0:
        return (
            tr("Cost: not known for this run (read from its run folder)")
            if snap.measurements and math.isnan(snap.measurements[-1].cost_s)
            else ""
        )
    step = 1e3 * history.elapsed_s / done
    share = cost / max(step - cost, 1e-9)
    return tr("Cost: {ms:.3g} ms per iteration, {share:.1%} of the training step").format(
        ms=cost, share=share
    )


def _fill(combo: QComboBox, items: list, keep) -> None:
    """Replace ``combo``'s items, keeping ``keep`` chosen where it is still there."""
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep)
    combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
    combo.blockSignals(False)
