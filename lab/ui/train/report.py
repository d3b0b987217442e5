"""Training plots as PNG files without a window (the CLI's ``train --out``)."""

from __future__ import annotations

import os
from pathlib import Path

from lab.engine.train.history import History
from lab.ui.common.palette import next_color


def write_training_plots(histories: list[History], folder: str | Path) -> list[Path]:
    """loss.png, accuracy.png and lr.png in ``folder``, drawn by the lab's own widgets."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from lab.ui.common.application import make_application
    from lab.ui.common.style import apply_plot_style
    from lab.ui.export.images import export_png
    from lab.ui.train.training_curves import AccuracyCurves, LossCurves, LrCurves

    app = make_application()
    apply_plot_style()
    written = []
    for name, widget_type in (("loss", LossCurves), ("accuracy", AccuracyCurves),
                              ("lr", LrCurves)):  # fmt: skip
        widget = widget_type()
        widget.resize(900, 520)
        colors: list[str] = []
        for history in histories:  # distinct colours however many runs
            colors.append(next_color(colors))
            widget.show_run(history.snapshot(), colors[-1])
        widget.show()  # offscreen: lays the scene out at the widget's size before painting
        app.processEvents()
        written.append(export_png(widget, Path(folder) / f"{name}.png"))
        widget.close()
        widget.deleteLater()
    return written
