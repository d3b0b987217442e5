"""A vertical axis's title: rotated for Latin text, upright above the axis for CJK text (read
without tilting the head), and back again when the text changes."""

import pyqtgraph as pg

from lab.ui.common.style import axis_title


def upright(plot) -> list[str]:
    """The text of the horizontal title in the corner above the left axis, if any."""
    corner = plot.getPlotItem().layout.itemAt(1, 0)
    return [corner.text] if corner is not None else []


def test_cjk_titles_stand_above_the_axis_and_latin_ones_turn_with_it(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    axis = plot.getAxis("left")
    axis_title(plot, "left", "loss (log scale)")
    assert axis.label.isVisible() and axis.labelText == "loss (log scale)"
    assert axis.label.rotation() == -90 and upright(plot) == []

    axis_title(plot, "left", "损失（对数刻度）")
    assert not axis.label.isVisible()
    assert upright(plot) == ["损失（对数刻度）"]
    corner = plot.getPlotItem().layout.itemAt(1, 0)
    assert corner.rotation() == 0 and corner.item.sceneTransform().m12() == 0
    assert corner.minimumWidth() == 0  # the axis keeps its width; the text runs on

    axis_title(plot, "left", "准确率")  # a new text reuses the one title
    assert upright(plot) == ["准确率"]
    axis_title(plot, "left", "accuracy")
    assert upright(plot) == [] and corner.scene() is None
    assert axis.label.isVisible() and axis.labelText == "accuracy"


def test_horizontal_axes_keep_their_titles_whatever_the_script(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    axis_title(plot, "bottom", "迭代")
    assert plot.getAxis("bottom").labelText == "迭代" and upright(plot) == []
