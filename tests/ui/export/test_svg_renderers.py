"""Issue 16: every plot kind's SVG drawn alike by Qt and librsvg, and like its PNG; every
figure exported at the same scale (the 2x2 maps were at screen size, single plots at 2x).

Measured before the fix (ink agreement with the PNG, Qt / librsvg; renderers' colour
agreement): see tests/ui/export/rasters.py for the measures and the report for the numbers.
"""

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.export import rasters
from tests.ui.export.figures import FIGURES


@pytest.mark.parametrize("build", FIGURES, ids=lambda f: f.__name__)
def test_each_plot_kind_draws_alike_in_qt_librsvg_and_the_png(qtbot, tmp_path, build):
    widget = build()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()  # the layout at the widget's size, before painting
    rasters.assert_portable(widget, tmp_path, build.__name__)
    rasters.skip_if_qt_only()
