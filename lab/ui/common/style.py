"""One look for every plot: the theme's text on its background, antialiased, row-major images."""

import pyqtgraph as pg

from lab.ui.common.theme import plot_colors


def apply_plot_style() -> None:
    """Call before any plot widget is built (pyqtgraph reads these at construction)."""
    colors = plot_colors()  # light unless the theme (lab.ui.common.theme) chose dark
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major",
                        background=colors.background, foreground=colors.foreground)


class _OutsideLegend(pg.LegendItem):
    """A legend laid out beside the view box: its size is a layout hint, not a geometry."""

    def updateSize(self) -> None:
        from PySide6.QtCore import Qt

        hint = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)  # the entries' text
        self.setMinimumSize(hint)
        self.setMaximumSize(hint)
        self.updateGeometry()

    def mouseDragEvent(self, event) -> None:  # its place is the layout's, not the user's
        event.ignore()


def legend_outside(plot: pg.PlotItem, size: str = "8pt") -> pg.LegendItem:
    """A legend in its own column right of the data, so it never covers a curve.

    ``plot.plot(name=...)`` adds entries to it as to pyqtgraph's own (which floats over the
    data)."""
    from PySide6.QtCore import Qt

    legend = _OutsideLegend(labelTextSize=size)
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    plot.layout.addItem(legend, 2, 3)
    plot.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    plot.legend = legend
    return legend
