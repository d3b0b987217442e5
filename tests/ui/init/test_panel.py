"""The initialization lab, driven like a user: presets, controls, compare mode, export."""

import csv
import io

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from lab.engine.init.presets import INIT_PRESETS


def enter(qtbot, field, text: str) -> None:
    """Type over a field's text and press Enter, as a user does."""
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def init_lab(qtbot, window):
    lab = window.labs[1]
    window.show_lab(lab)
    if lab.result is None:
        with qtbot.waitSignal(lab.computed, timeout=30000):
            pass
    return lab


def test_opens_on_the_book_sigmoid_preset(init_lab):
    result = init_lab.result
    assert result.config.activation == "sigmoid" and len(result.layers) == 5
    assert result.layers[0].activation.saturated_frac > 0.3
    assert init_lab.table.rowCount() == 5
    assert len(init_lab.histograms._plots) == 5


def test_every_preset_computes_what_it_says(qtbot, init_lab):
    assert any(p.compare is not None for p in INIT_PRESETS.values())  # the branch below runs
    for key, preset in INIT_PRESETS.items():
        with qtbot.waitSignal(init_lab.computed, timeout=30000):
            init_lab.apply_preset(key)
        assert init_lab.result.config == preset.config, key
        assert init_lab.presets.note.text() == preset.note
        if preset.compare is not None:
            assert init_lab.result_b is not None and init_lab.result_b.config == preset.compare


def test_controls_recompute(qtbot, init_lab):
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        enter(qtbot, init_lab.controls.depth, "8")
    assert len(init_lab.result.layers) == 8 and init_lab.table.rowCount() == 8
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        init_lab.controls.activation.setCurrentIndex(
            init_lab.controls.activation.findData("relu"))
    assert init_lab.result.config.activation == "relu"
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        init_lab.controls.init.combo.setCurrentIndex(
            init_lab.controls.init.combo.findData("he-normal"))
    assert init_lab.result.config.init.name == "he-normal"
    assert "σ = 0.1414" in init_lab.controls.formula.text()


def test_initializer_parameter_edit(qtbot, init_lab):
    field = init_lab.controls.init.fields["std"]
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        enter(qtbot, field, "0.01")
    assert init_lab.result.config.init.param("std") == 0.01
    assert abs(init_lab.result.layers[2].activation.mean - 0.5) < 0.01


def test_compare_mode_overlays_a_pinned_configuration(qtbot, init_lab):
    init_lab.pin_b()
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        init_lab.controls.init.combo.setCurrentIndex(
            init_lab.controls.init.combo.findData("book-xavier"))
    assert init_lab.result_b is not None
    assert init_lab.result_b.config.init.name == "normal"
    assert init_lab.result.config.init.name == "book-xavier"
    first = init_lab.histograms._plots[0]
    assert len(first.listDataItems()) == 2  # A filled, B outlined
    assert "B:" in init_lab.compare_label.text()
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        init_lab.unpin.click()
    assert len(init_lab.histograms._plots[0].listDataItems()) == 1


def test_switching_kind_and_axes_redraws(qtbot, window, init_lab):
    window.show()
    qtbot.waitExposed(window)
    plot = init_lab.histograms._plots[0]
    before = plot.listDataItems()[0].getData()[0].copy()
    qtbot.mouseClick(init_lab.kind_group.button(2), Qt.MouseButton.LeftButton)  # gradients
    after = plot.listDataItems()[0].getData()[0]
    assert init_lab.kind() == "gradient" and not np.array_equal(before, after)
    qtbot.mouseClick(init_lab.log_counts, Qt.MouseButton.LeftButton)
    counts = plot.listDataItems()[0].getData()[1]
    assert np.nanmax(counts) < 6  # log10 of at most 100 000 + 1
    plots = init_lab.histograms._plots

    def x_ranges():
        return {tuple(np.round(p.getViewBox().viewRange()[0], 9)) for p in plots}

    assert len(x_ranges()) == 1  # shared axes: one x range for every layer
    qtbot.mouseClick(init_lab.shared, Qt.MouseButton.LeftButton)
    assert not init_lab.shared.isChecked()
    qtbot.waitUntil(lambda: len(x_ranges()) > 1, timeout=5000)  # each layer its own range


def test_overflow_preset_reports_non_finite_values(qtbot, window, init_lab):
    old_rows = init_lab.table.rowCount()
    with qtbot.waitSignal(init_lab.computed, timeout=60000):
        combo = init_lab.presets.combo
        combo.setCurrentIndex(combo.findData("overflow-linear"))
        combo.activated.emit(combo.currentIndex())  # what choosing it with the mouse emits
        qtbot.waitUntil(lambda: init_lab.compute.worker.is_busy(), timeout=5000)
        # while it computes, the previous preset's rows are greyed, never shown as current
        assert init_lab.table.rowCount() == old_rows and not init_lab.table.isEnabled()
    assert init_lab.table.isEnabled() and init_lab.table.rowCount() == 50
    message = window.statusBar().currentMessage()
    assert "non-finite" in message and "no gradient is defined" in message
    assert any(init_lab.table.item(r, 7).text() != "0" for r in range(50))
    assert len(init_lab.histograms._plots) == 20  # deep nets show 20 evenly spaced layers
    result = init_lab.result
    for r, layer in enumerate(result.layers):
        finite = layer.activation.nonfinite < 100 * 1000
        assert (init_lab.table.item(r, 2).text() != "—") == finite, r + 1  # Std
        assert init_lab.table.item(r, 8).text() == "—"  # |∇W|: undefined, not "nan"
    assert result.layers[18].activation.std is not None  # layer 19 still has finite values
    curve = init_lab.curves.listDataItems()[0].getData()[1]
    assert np.isfinite(curve[:19]).all()  # the spread curve reaches the overflow


def test_exports(qtbot, window, init_lab, tmp_path):
    init_lab.pin_b()
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        enter(qtbot, init_lab.controls.bins, "12")
    for label, widget in ((t.label, t.widget) for t in init_lab.export_targets()):
        png, svg = tmp_path / f"{label}.png", tmp_path / f"{label}.svg"
        assert window.export_image(widget, str(png)), window.last_error
        assert not QImage(str(png)).isNull()
        assert window.export_image(widget, str(svg)), window.last_error
        assert "</svg>" in svg.read_text()
    exports = {export.label: export.text for export in init_lab.csv_exports()}
    path = tmp_path / "hist.csv"
    assert window.export_csv(exports["Histogram counts"](), str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    assert {"layer", "bin_left", "bin_right", "count"} <= set(rows[0])
    a_act = [r for r in rows if r["run"] == "A" and r["kind"] == "activation"
             and r["layer"] == "1"]
    assert len(a_act) == 12 and sum(int(r["count"]) for r in a_act) == 100_000
    assert {r["run"] for r in rows} == {"A", "B"}
    stats = exports["Layer statistics"]()
    assert stats.splitlines()[0].startswith("run,kind,layer,mean,std")


def test_settings_persist(qtbot, settings, window, init_lab):
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        enter(qtbot, init_lab.controls.width, "64")
    init_lab.pin_b()
    window.close()
    from lab.ui.shell.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    lab = again.labs[1]
    with qtbot.waitSignal(lab.computed, timeout=30000):
        pass
    assert lab.controls.width.value() == 64 and lab.config_b is not None
    again.close()


def test_status_bar_follows_the_current_lab(qtbot, window, init_lab):
    optimizer_lab = window.labs[0]
    optimizer_lab.status_message.emit("from the optimizer lab")
    assert window.statusBar().currentMessage() != "from the optimizer lab"
    window.show_lab(optimizer_lab)
    assert window.statusBar().currentMessage() == "from the optimizer lab"


INVALID_STATES = [
    {"a": {"depth": 500}, "kind": "activation"},
    {"a": {"width": "wide"}},
    {"a": {"init": "nosuch:std=1"}},
    {"a": {"depth": 50, "width": 1000, "samples": 10000}},  # over the memory bound
    {"b": 5},
]


def test_invalid_saved_settings_are_dropped_with_a_message(qtbot):
    """Each invalid state is refused with a message, on the lab alone (the window then opens
    the default preset: the next test)."""
    import json

    from lab.ui.init.panel import InitLab

    lab = InitLab()
    qtbot.addWidget(lab)
    try:
        for state in INVALID_STATES:
            with qtbot.waitSignal(lab.status_message, timeout=5000) as blocker:
                assert not lab.restore_state(json.loads(json.dumps(state))), state
            assert "were dropped" in blocker.args[0], state
    finally:
        lab.shutdown()


def test_the_window_opens_the_default_when_saved_settings_are_dropped(qtbot, settings):
    import json

    from lab.ui.shell.main_window import MainWindow

    settings.setValue("init/state", json.dumps(INVALID_STATES[0]))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    lab = window.labs[1]
    messages = []
    lab.status_message.connect(messages.append)
    with qtbot.waitSignal(lab.computed, timeout=60000):
        pass
    assert lab.result.config == INIT_PRESETS["book-sigmoid-std1"].config  # the default
    assert any("were dropped" in m for m in messages), messages
    window.close()


def test_preset_hint_marks_itself_modified(qtbot, window, init_lab):
    window.show()
    qtbot.waitExposed(window)
    assert not init_lab.presets.note.text().startswith("(modified)")
    depth = init_lab.controls.depth
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        depth.selectAll()
        qtbot.keyClicks(depth, "7")
        qtbot.keyClick(depth, Qt.Key.Key_Return)
    assert len(init_lab.result.layers) == 7
    assert init_lab.presets.note.text().startswith("(modified)")
    with qtbot.waitSignal(init_lab.computed, timeout=30000):
        init_lab.apply_preset("book-sigmoid-std1")
    assert not init_lab.presets.note.text().startswith("(modified)")


def test_train_this_network_adds_a_run_and_shows_the_training_lab(qtbot, window, init_lab):
    from lab.app.init_run import train_config

    runs_before = len(window.lab("train").controller.configs)
    qtbot.mouseClick(init_lab.train.button, Qt.MouseButton.LeftButton)
    assert window.current_lab() is window.lab("train")
    configs = window.lab("train").controller.configs
    assert len(configs) == runs_before + 1
    expected = train_config(init_lab.controls.build()[0])
    assert configs[expected.name].model == expected.model
    assert configs[expected.name].seed == expected.seed
