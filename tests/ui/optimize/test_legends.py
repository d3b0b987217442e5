"""Legends sit beside the data, never over it (issue 7), in the optimizer and init labs."""

from PySide6.QtWidgets import QApplication


def _beside_the_data(plot_widget, entries: int) -> None:
    item = plot_widget.getPlotItem()
    QApplication.processEvents()
    legend, view = item.legend, item.vb
    assert len(legend.items) == entries
    legend_rect, view_rect = legend.sceneBoundingRect(), view.sceneBoundingRect()
    assert legend_rect.width() > 40 and legend_rect.height() > 10 * entries
    assert legend_rect.left() >= view_rect.right() - 1  # to the right of the data
    assert legend_rect.right() <= item.sceneBoundingRect().right() + 1  # not cut off


def test_legends_do_not_cover_data(qtbot, window, lab):
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    _beside_the_data(lab.loss, 4)
    lab.tabs.setCurrentWidget(lab.sweep)
    with qtbot.waitSignal(lab.sweep_computed, timeout=30000):
        lab.sweep.run.click()
    _beside_the_data(lab.sweep.plot, 4)
    init = window.labs[1]
    window.show_lab(init)
    if init.result is None:
        with qtbot.waitSignal(init.computed, timeout=60000):
            pass
    _beside_the_data(init.curves, 2)
