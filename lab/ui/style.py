"""One look for every plot: dark text on white, antialiased, row-major images."""

import pyqtgraph as pg


def apply_plot_style() -> None:
    """Call before any plot widget is built (pyqtgraph reads these at construction)."""
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major", background="w",
                        foreground="#222")
