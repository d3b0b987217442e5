"""The maps' bands, coloured in the surface worker, draw the same pixels as pyqtgraph's own
level scaling and colour lookup on the GUI thread (what the map did before)."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage

from lab.ui.optimize.contour_map import BandImage, ContourMap
from lab.ui.optimize.surface_loader import COLORMAP, prepare_surface


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width() * 4].copy()


@pytest.mark.parametrize("spec", ["book", "sin(x)*cos(y) + 0.05*(x**2 + y**2)"])
def test_coloured_bands_draw_what_pyqtgraphs_lookup_drew(qtbot, spec):
    prepared = prepare_surface(spec)
    assert prepared.rgba.dtype == np.uint8 and prepared.rgba.shape == (*prepared.bands.shape, 4)
    reference = pg.ImageItem(axisOrder="row-major")
    reference.setLookupTable(COLORMAP.getLookupTable(0.0, 1.0, 256))
    reference.setImage(prepared.bands, levels=(0.0, 1.0), autoLevels=False)
    reference.render()
    ours = BandImage(axisOrder="row-major")
    ours.setImage(prepared.rgba, autoLevels=False)
    ours.render()
    assert ours.qimage.format() == QImage.Format.Format_RGB32  # a plain copy on each paint
    np.testing.assert_array_equal(pixels(ours.qimage), pixels(reference.qimage))
    assert len(np.unique(prepared.rgba.reshape(-1, 4), axis=0)) > 10  # the bands, not one colour


def test_the_map_widget_looks_the_same(qtbot):
    prepared = prepare_surface("book")
    view = ContourMap()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.set_surface(prepared)
    view.show()
    ours = pixels(view.grab().toImage())
    # the old way: float bands, scaled and looked up by pyqtgraph on the GUI thread
    view.image.setLookupTable(COLORMAP.getLookupTable(0.0, 1.0, 256))
    view.image.setImage(prepared.bands, levels=(0.0, 1.0), autoLevels=False)
    np.testing.assert_array_equal(ours, pixels(view.grab().toImage()))
