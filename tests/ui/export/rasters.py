"""An exported SVG rasterised by Qt and by librsvg, compared with the PNG export of the same
widget (issue 7, "SVG vs PNG"; issue 16, "portable SVG").

Measures:
- ink agreement (issue 7's): both images reduced to "ink" (pixels unlike the background); the
  smaller of the two fractions of one image's ink that lies within a few pixels of the other's
  (at least faint) ink. The PNG draws Qt's cosmetic pens one device pixel per pen pixel at 2x,
  the SVG as wide as the window does, so a faint line may be lighter in one than the other.
  Axes drawn at 72/96 of the curves' scale put 7-48 % of the ink outside; librsvg drawing
  non-scaling strokes as 30-60 px bands, 55-95 %.
- colour agreement, between the two renderers' rasters of the same SVG: the smaller fraction
  of one raster's ink with a pixel of about the same colour within a few pixels in the other.
  It sees what ink cannot where everything is ink: black discs over the optimizer lab's map.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from lab.ui.export import images as export

RSVG = shutil.which("rsvg-convert")
NO_RSVG = ("librsvg's rsvg-convert is not installed (Debian: apt-get install librsvg2-bin), so "
           "the SVG was rasterised by Qt only")  # fmt: skip
INK, COLOUR = 60, 60  # channel differences: ink from the background; the same colour
GENERIC = ("sans-serif", "serif", "monospace")


def pixels(image: QImage) -> np.ndarray:
    """(height, width, 3) BGR values as int16 (differences do not wrap)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    buffer = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = buffer.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4)[..., :3].astype(np.int16)


def qt_raster(svg: Path, size: QSize, background: QColor) -> np.ndarray:
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid()
    raster = QImage(size, QImage.Format.Format_RGB32)
    raster.fill(background)
    painter = QPainter(raster)
    renderer.render(painter)
    painter.end()
    return pixels(raster)


def rsvg_raster(svg: Path, size: QSize, background: QColor) -> np.ndarray:
    out = svg.with_suffix(".rsvg.png")
    subprocess.run([RSVG, "-w", str(size.width()), "-h", str(size.height()), "-b",
                    background.name(), "-o", str(out), str(svg)],
                   check=True, timeout=120, capture_output=True)  # fmt: skip
    image = QImage(str(out))
    assert image.size() == size, (image.size(), size)
    return pixels(image)


def _distance(image: np.ndarray, background: QColor) -> np.ndarray:
    """Each pixel's largest channel difference from the background."""
    bg = np.array([background.blue(), background.green(), background.red()])  # BGR order
    return np.abs(image - bg).max(axis=2)


def ink(image: np.ndarray, background: QColor, threshold: int = INK) -> np.ndarray:
    return _distance(image, background) > threshold


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """The square (2r+1)² neighbourhood's OR, as rows then columns (a square is separable:
    the same mask as every (dy, dx) shift OR-ed, in 2(2r+1) shifts instead of (2r+1)²)."""
    rows = mask.copy()
    for dx in range(-radius, radius + 1):
        rows |= np.roll(mask, dx, axis=1)
    out = rows.copy()
    for dy in range(-radius, radius + 1):
        out |= np.roll(rows, dy, axis=0)
    return out


def radius_for(image: np.ndarray) -> int:
    return max(2, image.shape[1] // 400)  # anti-aliasing and font hinting differ by a pixel or two


def ink_agreement(a: np.ndarray, b: np.ndarray, background: QColor) -> float:
    """Ink of each image near at least faint ink (half the threshold) of the other: a faint
    line anti-aliased a little lighter in one image is still there."""
    dist_a, dist_b = _distance(a, background), _distance(b, background)
    first, second = dist_a > INK, dist_b > INK
    assert first.sum() > 500 and second.sum() > 500, "nothing drawn"
    radius = radius_for(a)
    faint_first, faint_second = dist_a > INK // 2, dist_b > INK // 2
    return min((first & _dilate(faint_second, radius)).sum() / first.sum(),
               (second & _dilate(faint_first, radius)).sum() / second.sum())  # fmt: skip


def _same_colour_near(a: np.ndarray, b: np.ndarray, mask: np.ndarray, radius: int) -> float:
    """The fraction of ``mask``'s pixels of ``a`` with a pixel of about their colour in ``b``
    within ``radius``."""
    ys, xs = np.nonzero(mask)
    height, width = mask.shape
    total = len(ys)
    colours = a[ys, xs]
    # nearest shifts first, and only the pixels not matched yet: most match at (0, 0), so the
    # later shifts look at few pixels (the same fraction as testing every pixel at every shift)
    shifts = sorted(((dy, dx) for dy in range(-radius, radius + 1)
                     for dx in range(-radius, radius + 1)), key=lambda d: d[0] ** 2 + d[1] ** 2)
    for dy, dx in shifts:
        if not len(ys):
            break
        yy, xx = np.clip(ys + dy, 0, height - 1), np.clip(xs + dx, 0, width - 1)
        missing = np.abs(colours - b[yy, xx]).max(axis=1) > COLOUR
        ys, xs, colours = ys[missing], xs[missing], colours[missing]
    return float(1.0 - len(ys) / total) if total else 0.0


def colour_agreement(a: np.ndarray, b: np.ndarray, background: QColor) -> float:
    first, second = ink(a, background), ink(b, background)
    assert first.sum() > 500 and second.sum() > 500, "nothing drawn"
    radius = radius_for(a)
    return min(_same_colour_near(a, b, first, radius), _same_colour_near(b, a, second, radius))


def assert_portable_text(text: str) -> None:
    """Nothing only Qt and browsers draw right: no non-scaling strokes, and every font family
    list ends in a generic family (Qt's bare "Sans Serif" fell back to serif in browsers)."""
    assert "non-scaling-stroke" not in text
    families = re.findall(r'font-family="([^"]*)"', text)
    assert families, "no text in the SVG"
    for family in families:
        names = [n.strip(" '") for n in family.split(",")]
        assert names[-1] in GENERIC and "Sans Serif" not in names, family


def export_and_measure(widget, folder: Path, name: str = "figure") -> dict[str, float]:
    """Export ``widget`` as PNG and SVG into ``folder``; the agreement of the SVG's Qt raster
    (and librsvg's, when installed) with the PNG, and of the two rasters with each other."""
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    export.export_image(widget, png)
    export.export_image(widget, svg)
    image = QImage(str(png))
    background = export.background(widget)
    reference, by_qt = pixels(image), qt_raster(svg, image.size(), background)
    found = {"qt": ink_agreement(reference, by_qt, background)}
    if RSVG:
        by_rsvg = rsvg_raster(svg, image.size(), background)
        found["rsvg"] = ink_agreement(reference, by_rsvg, background)
        found["renderers"] = colour_agreement(by_qt, by_rsvg, background)
    return found


def assert_portable(widget, folder: Path, name: str = "figure", threshold: float = 0.96) -> None:
    """Every measure of :func:`export_and_measure` above ``threshold``, the SVG's text portable,
    the PNG at the scale of every figure (SCALE times the widget)."""
    found = export_and_measure(widget, folder, name)
    assert all(v > threshold for v in found.values()), (name, found)
    assert_portable_text((folder / f"{name}.svg").read_text(encoding="utf-8"))
    assert QImage(str(folder / f"{name}.png")).size() == widget.size() * export.SCALE


def skip_if_qt_only() -> None:
    """Call last: a test whose librsvg half could not run says so (skipped, with why)."""
    if not RSVG:
        pytest.skip(NO_RSVG)
