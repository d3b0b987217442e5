"""The initialization lab: how activations and gradients spread, layer by layer, under each
initializer and activation; optionally against a pinned configuration B."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lab.app.session import without_preset
from lab.engine.core import fields as F
from lab.engine.init.presets import INIT_PRESETS
from lab.engine.init.probe import KINDS, run_probe
from lab.engine.init.probe_io import histogram_csv, stats_csv
from lab.ui.common.i18n import N_, tr
from lab.ui.common.lab import CsvExport, ExportTarget, Lab, SessionSection
from lab.ui.common.latest_wins import LatestWins
from lab.ui.common.panel import group_box, side_panel
from lab.ui.common.preset_bar import PresetBar
from lab.ui.concurrency.worker import one_line
from lab.ui.init import session_io
from lab.ui.init.depth_curves import DepthCurves
from lab.ui.init.histogram_grid import COLOR_B, KIND_TITLES, HistogramGrid, scrolling
from lab.ui.init.probe_controls import ProbeControls
from lab.ui.init.state import state_from_plain
from lab.ui.init.stats_table import StatsTable
from lab.ui.init.train_action import TRAINING_LAB, TrainAction

DEFAULT_PRESET = "book-sigmoid-std1"


def probe_pair(config_a, config_b):
    """The worker's job: A always, B only when it is not cached already."""
    return run_probe(config_a), (run_probe(config_b) if config_b is not None else None)


class InitLab(Lab):
    key = "init"
    title = N_("Initialization lab")
    guide = "initialization"  # lab/guides/<language>/initialization.md
    needs = ("torch", "lab.engine.init.histograms")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.compute = LatestWins(self, self.make_job, self.show_result, self.needs)
        self.result = self.result_b = None
        self.config_b = None
        self._notice = ""  # shown with the next result's summary (e.g. dropped settings)
        self._build()
        self.presets.chosen.connect(self.apply_preset)
        self.controls.changed.connect(self.compute.request)
        self.kind_group.idToggled.connect(lambda _id, on: on and self._redraw())
        self.shared.toggled.connect(self._redraw)
        self.log_counts.toggled.connect(self._redraw)
        self.pin.clicked.connect(self.pin_b)
        self.controls.changed.connect(lambda: self.train.show_config(self.controls.build()[0]))
        self.train.train_requested.connect(lambda run: self.handed_off.emit(TRAINING_LAB, run))
        self.unpin.clicked.connect(lambda: self.set_compare(None))

    def _build(self) -> None:
        # the box names the preset that networks A and B match, whatever set the controls
        self.presets = PresetBar(INIT_PRESETS, current=lambda: (self.controls.build()[0],
                                                                self.config_b),
                                 state_of=lambda preset: (preset.config, preset.compare))
        self.kind_group = QButtonGroup(self)
        for i, kind in enumerate(KINDS):
            button = QRadioButton(tr(KIND_TITLES[kind]).capitalize())
            button.setChecked(kind == "activation")
            self.kind_group.addButton(button, i)
            self.presets.row.addWidget(button)
        self.shared = QCheckBox(tr("shared axes"))
        self.shared.setChecked(True)
        self.shared.setToolTip(tr("the same x and y range in every layer's histogram"))
        self.log_counts = QCheckBox(tr("log counts"))
        self.presets.row.addWidget(self.shared)
        self.presets.row.addWidget(self.log_counts)
        self.presets.row.addStretch(1)

        self.controls = ProbeControls()
        self.pin = QPushButton(tr("Pin as B"))
        self.pin.setToolTip(tr("keep the current network as configuration B (orange), then "
                               "change the controls: both are drawn together"))
        self.unpin = QPushButton(tr("Clear B"))
        self.compare_label = QLabel(tr("No comparison."))
        self.compare_label.setWordWrap(True)
        compare = QWidget()
        row = QHBoxLayout()
        row.addWidget(self.pin)
        row.addWidget(self.unpin)
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        compare_layout.addLayout(row)
        compare_layout.addWidget(self.compare_label)
        self.train = TrainAction()
        scroll = side_panel([group_box(tr("Network (A)"), self.controls),
                             group_box(tr("Compare"), compare),
                             group_box(tr("Training"), self.train)], min_width=330)

        self.histograms = HistogramGrid()
        self.curves = DepthCurves()
        self.table = StatsTable()
        bottom = QSplitter()
        bottom.addWidget(self.curves)
        bottom.addWidget(self.table)
        bottom.setSizes([420, 740])  # the table's columns show fully on a 1366×768 screen
        center = QSplitter(Qt.Orientation.Vertical)
        center.addWidget(scrolling(self.histograms))  # deep networks' rows scroll
        center.addWidget(bottom)
        center.setSizes([540, 310])
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(center)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 1160])
        layout = QVBoxLayout(self)
        layout.addWidget(self.presets)
        layout.addWidget(split, 1)

    def kind(self) -> str:
        return KINDS[self.kind_group.checkedId()]

    # ---- presets, comparison, settings ------------------------------------------------------
    def load_default(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def apply_preset(self, key: str) -> None:
        preset = INIT_PRESETS[key]
        self.set_compare(preset.compare, recompute=False)
        self.controls.load(preset.config)
        self.presets.show_preset(key)  # after load: its ``changed`` is not a user edit

    def pin_b(self) -> None:
        config, problems = self.controls.build()
        if config is None:
            self.status_message.emit(tr("Not pinned: {problems}").format(
                problems="; ".join(problems)))
            return
        self.set_compare(config)

    def set_compare(self, config, recompute: bool = True) -> None:
        self.config_b, self.result_b = config, None
        self.compare_label.setText(
            tr("No comparison.") if config is None else
            f"<span style='color:{COLOR_B}'>■</span> "  # notr
            + tr("B: {activation} · {init}<br>{depth} layers × {width} · norm {norm}").format(
                activation=config.activation, init=config.init.name, depth=config.depth,
                width=config.width, norm=config.norm))
        if recompute:
            self.compute.request()

    def save_state(self) -> dict:
        """InitLabState's plain form (lab.ui.init.state), network A as typed, and the preset
        chosen last (the box says "modified" after a restart too)."""
        b = {} if self.config_b is None else {"b": F.to_plain(self.config_b)}
        preset = {} if self.presets.key is None else {"preset": self.presets.key}
        return {**preset, "a": self.controls.plain(), **b, "kind": self.kind()}

    def restore_state(self, state: dict) -> bool:
        state = dict(state) if isinstance(state, dict) else state
        preset = state.pop("preset", None) if isinstance(state, dict) else None
        try:
            restored = state_from_plain(state)
        except F.ConfigError as err:
            # dropped with a message (the default preset opens), never a traceback
            self._notice = tr("Saved initialization-lab settings were dropped: {message}").format(
                message=one_line(err))
            self.status_message.emit(self._notice)
            return False
        self.kind_group.button(KINDS.index(restored.kind)).setChecked(True)
        self.set_compare(restored.b, recompute=False)
        self.controls.load(restored.a)
        if isinstance(preset, str) and preset in INIT_PRESETS:  # else the box finds one
            self.presets.show_preset(preset)
        else:
            self.presets.forget()
        return True

    # ---- computing and drawing --------------------------------------------------------------
    def make_job(self):
        self.presets.refresh()  # every change of what is shown comes through here
        config, problems = self.controls.build()
        if config is None:  # nothing is computed for a bad value: the status line says why
            message = tr("Not computed: {problems}").format(problems="; ".join(problems))
            self.table.set_stale(message)
            self.status_message.emit(message)
            return None
        pending_b = self.config_b if self.result_b is None else None
        if self.result is None or config != self.result.config:
            self.table.set_stale()  # the previous configuration's rows, greyed until replaced
        self.status_message.emit(tr("Computing…"))
        return partial(probe_pair, config, pending_b), self.config_b

    def show_result(self, results, config_b) -> None:
        result_a, result_b = results
        self.result = result_a
        if result_b is not None and config_b is self.config_b:
            self.result_b = result_b
        self._redraw()
        bad = sum(layer.activation.nonfinite for layer in result_a.layers)
        no_grad = "" if result_a.gradients_defined else tr(
            "; the loss is not finite, so no gradient is defined (|∇W| —)")
        summary = (
            tr("{depth} layers × {width}: {bad} non-finite activations (overflow); histograms "
               "show the finite values").format(depth=len(result_a.layers),
                                                width=result_a.config.width, bad=bad)
            if bad else
            tr("{depth} layers × {width}, {samples} samples").format(
                depth=len(result_a.layers), width=result_a.config.width,
                samples=result_a.config.samples)) + no_grad
        self.status_message.emit(f"{self._notice} — {summary}" if self._notice else summary)
        self._notice = ""

    def _redraw(self, *_args) -> None:
        if self.result is None:
            return
        b = self.result_b if self.config_b is not None else None
        self.histograms.show_results(self.result, b, self.kind(), self.shared.isChecked(),
                                     self.log_counts.isChecked())  # fmt: skip
        self.curves.show_results(self.result, b)
        self.table.show_result(self.result, self.kind())

    # ---- export ------------------------------------------------------------------------------
    def _runs(self) -> dict:
        runs = {"A": self.result}
        if self.result_b is not None and self.config_b is not None:
            runs["B"] = self.result_b
        return runs

    # ---- the lab protocol (lab.ui.common.lab) ------------------------------------------------
    def preset_shown(self):
        return self.presets.shown()

    def export_targets(self) -> list[ExportTarget]:
        return [ExportTarget(N_("Histograms"), self.histograms),
                ExportTarget(N_("Spread per layer"), self.curves)]

    def csv_exports(self) -> list[CsvExport]:
        if self.result is None:
            return []
        runs = self._runs()
        return [CsvExport(N_("Histogram counts"), partial(histogram_csv, runs)),
                CsvExport(N_("Layer statistics"), partial(stats_csv, runs))]

    def session_section(self) -> SessionSection:
        return SessionSection(session_io.SCHEMA, self._session_save, self._session_restore)

    def _session_save(self) -> dict:
        return {"preset": self.presets.combo.currentData(), **self.save_state()}

    def _session_restore(self, section: dict) -> None:
        self.restore_state({"b": None, **without_preset(section)})
        self.presets.show_known(section.get("preset"))

    def shutdown(self) -> None:
        self.compute.stop()
        super().shutdown()
