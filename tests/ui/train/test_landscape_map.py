"""The landscape's picture: log-level bands from a grid, the paths drawn in their colours, and
the PNG that `descent-lab landscape --png` writes."""

import numpy as np
from PySide6.QtGui import QImage

from lab.engine.train.landscape.job import Landscape
from lab.ui.train.landscape_map import LandscapeLine, LandscapeMap, log_bands, write_landscape_png


def _plane():
    axis = np.linspace(-1, 1, 9)
    a, b = np.meshgrid(axis, axis)
    loss = np.exp(3 * (a**2 + 0.3 * b**2)) * 0.05  # a bowl over two decades
    paths = {"sgd": (np.array([0, 5, 10]), np.array([[-0.8, 0.6], [-0.3, 0.2], [0.0, 0.0]])),
             "adam": (np.array([0, 5, 10]), np.array([[-0.8, 0.6], [0.2, 0.5], [0.1, 0.1]]))}
    return Landscape("pca", ["sgd", "adam"], axis, axis, loss, np.full_like(loss, 0.5),
                     (0.7, 0.2), paths, measured=81, total=81)


def test_bands_are_levels_of_the_log_loss_and_blank_where_unmeasured():
    loss = _plane().loss
    bands = log_bands(loss, levels=6, upsample=4)
    assert bands.shape == (33, 33)
    assert bands.min() == 0 and bands.max() == 5
    assert bands[16, 16] == 0 and bands[0, 0] == 5  # the bowl's bottom and its rim
    # log levels: the band edges are evenly spaced in log loss, not in loss
    log = np.log(loss)
    assert bands[::4, ::4][log < log.min() + (log.max() - log.min()) / 6 - 1e-9].max() == 0
    partial = loss.copy()
    partial[1::2, :] = np.nan  # a coarse pass: rows not measured yet
    assert (log_bands(partial, 6, 1)[1::2] == -1).all()


def test_the_map_draws_every_path_with_its_explained_variance(qtbot):
    widget = LandscapeMap()
    qtbot.addWidget(widget)
    widget.set_landscape(_plane(), {"sgd": "#1f77b4", "adam": "#d62728"})
    assert set(widget.path_items) == {"sgd", "adam"}
    x, y = widget.path_items["adam"].getData()
    np.testing.assert_allclose(x, [-0.8, 0.2, 0.1])
    names = {item.textItem.toPlainText(): item.pos() for item in widget.name_items}
    assert set(names) == {"sgd", "adam"} and (names["adam"].x(), names["adam"].y()) == (0.1, 0.1)
    assert "70.0%" in widget.getAxis("bottom").labelText
    assert "sgd, adam" in widget.plotItem.titleLabel.text


def test_a_line_has_its_own_view(qtbot):
    ts = np.linspace(-0.5, 1.5, 5)
    result = Landscape("hessian", ["adam"], ts, None, ts**2, ts * 0, sharpness=12.5)
    widget = LandscapeLine()
    qtbot.addWidget(widget)
    widget.set_landscape(result, "#000")
    assert "12.5" in widget.plotItem.titleLabel.text


def test_the_png_is_written_and_shows_the_bands(qtbot, tmp_path):
    path = write_landscape_png(_plane(), tmp_path / "plane.png")
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 900
    colours = {image.pixel(x, y) for x in range(200, 700, 25) for y in range(150, 600, 25)}
    assert len(colours) > 4  # bands, not a blank plot
