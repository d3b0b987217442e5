"""Render the application icon's PNG sizes from its SVG source (run after editing the SVG).

    .venv/bin/python packaging/make_icons.py

The PNGs are committed: the window, the desktop entry and the bundle use them without QtSvg
at run time, and the hicolor theme wants one file per size.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lab.desktop.entry import ICON_SIZES, icon_dir  # noqa: E402


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn into a transparent size x size ARGB image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication.instance() or QGuiApplication([])
    folder = icon_dir()
    svg = folder / "io.github.descentlab.DescentLab.svg"
    for size in ICON_SIZES:
        out = folder / f"{size}x{size}" / "io.github.descentlab.DescentLab.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(out)):
            raise SystemExit(f"cannot write {out}")
        print(out)


if __name__ == "__main__":
    main()
