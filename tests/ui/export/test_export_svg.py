"""SVG export draws the same picture as PNG export, in every lab (issue 7, "SVG vs PNG").

The SVG is rasterised with Qt's own renderer at the PNG's size and both images are reduced to
"ink" (pixels that differ from the background). Each image's ink must lie within a few pixels of
the other's. When the axes were drawn at 72/96 of the curves' scale (and the PNG's legends at
half size) 7-48 % of the ink fell outside that band; fixed, under 4 % does (anti-aliasing).
"""

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from lab.ui.export import images as export


def _array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    buffer = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = buffer.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4)[..., :3].astype(int)


def _ink(pixels: np.ndarray, background: QColor) -> np.ndarray:
    bg = np.array([background.blue(), background.green(), background.red()])  # BGRA order
    return np.abs(pixels - bg).max(axis=2) > 60


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    out = mask.copy()
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            out |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    return out


def _agreement(png_path, svg_path, background: QColor) -> float:
    """The smaller of the two fractions of ink that lies near the other image's ink."""
    png = QImage(str(png_path))
    assert not png.isNull()
    renderer = QSvgRenderer(str(svg_path))
    assert renderer.isValid()
    raster = QImage(png.size(), QImage.Format.Format_RGB32)
    raster.fill(background)
    painter = QPainter(raster)
    renderer.render(painter)
    painter.end()
    a, b = _ink(_array(png), background), _ink(_array(raster), background)
    assert a.sum() > 500 and b.sum() > 500, "nothing drawn"
    radius = max(2, png.width() // 400)  # anti-aliasing and font hinting differ by a pixel or two
    return min((a & _dilate(b, radius)).sum() / a.sum(), (b & _dilate(a, radius)).sum() / b.sum())


def _targets(qtbot, window, index):
    lab = window.labs[index]
    window.show_lab(lab)
    if getattr(lab, "result", None) is None and index < 2:
        with qtbot.waitSignal(lab.computed, timeout=30000):
            pass
    return [(target.label, target.widget) for target in lab.export_targets()]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["optimizer", "init", "training"])
def test_svg_draws_what_png_draws(qtbot, window, tmp_path, index):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    compared = 0
    for label, widget in _targets(qtbot, window, index):
        if not widget.isVisible():  # e.g. the schedule preview of a constant lr
            continue
        compared += 1
        png, svg = tmp_path / f"{label}.png", tmp_path / f"{label}.svg"
        export.export_image(widget, png)
        export.export_image(widget, svg)
        assert _agreement(png, svg, export.background(widget)) > 0.96, label
    assert compared >= 2
