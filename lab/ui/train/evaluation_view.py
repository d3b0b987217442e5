"""After training, for the selected run: test accuracy, the confusion matrix and a gallery of
misclassified test digits with their predicted and true labels.

The matrix is coloured by each true label's share (row-normalised) or by raw counts, on a linear
or a log scale: on a linear scale a 1 % confusion is nearly white, so log is the default, where
a single mistake still shows. A click on a cell off the diagonal shows only the digits of that
(true, predicted) pair in the gallery; a click on the same cell, or on the diagonal, shows all.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lab.ui.common.i18n import tr
from lab.ui.common.style import axis_title

GALLERY = 24


class CellCounts(pg.GraphicsObject):
    """The counts of a k x k matrix, drawn by one item at a fixed font size.

    Why one item: a pyqtgraph TextItem per cell costs ~3 ms to create and place, so a 10 x 10
    matrix held the GUI thread for a third of a second each time a run was selected.
    """

    def __init__(self):
        super().__init__()
        self._counts = np.zeros((0, 0), dtype=np.int64)
        self._dark = np.zeros((0, 0), dtype=bool)

    def set_counts(self, counts: np.ndarray, dark: np.ndarray) -> None:
        self.prepareGeometryChange()
        self._counts, self._dark = counts, dark
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        k = len(self._counts)
        return QRectF(-0.5, -0.5, k, k)

    def paint(self, painter, *_args) -> None:
        k = len(self._counts)
        if not k:
            return
        to_device = painter.transform()
        cell = to_device.mapRect(QRectF(0, 0, 1, 1))
        painter.save()
        painter.resetTransform()
        font = painter.font()
        font.setPointSizeF(max(5.0, min(9.0, abs(cell.height()) * 0.35)))
        painter.setFont(font)
        for t in range(k):
            for p in range(k):
                if self._counts[t, p]:
                    center = to_device.map(QPointF(p, t))
                    box = QRectF(center.x() - abs(cell.width()) / 2,
                                 center.y() - abs(cell.height()) / 2,
                                 abs(cell.width()), abs(cell.height()))  # fmt: skip
                    painter.setPen(QColor("#ffffff" if self._dark[t, p] else "#222222"))
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(self._counts[t, p]))
        painter.restore()


def cell_colors(confusion: np.ndarray, row_normalised: bool, log: bool) -> np.ndarray:
    """Each cell's colour value in [0, 1]: its row's share (or its count over the largest),
    on a linear scale or log10(1 + 999 v) / 3 (0.1 % -> 0.1, 1 % -> 0.35, 100 % -> 1; an empty
    cell stays 0)."""
    confusion = np.asarray(confusion, dtype=float)
    if row_normalised:
        value = confusion / confusion.sum(1, keepdims=True).clip(min=1)
    else:
        value = confusion / max(confusion.max(initial=0.0), 1.0)
    return np.log10(1 + 999 * value) / 3 if log else value


class ConfusionMatrix(pg.PlotWidget):
    cell_clicked = Signal(int, int)  # true label, predicted label

    def __init__(self, parent=None):
        super().__init__(parent)
        self.row_normalised, self.log = True, True
        self._confusion = np.zeros((0, 0), dtype=np.int64)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setObjectName("confusion-matrix")
        self.setBackground("w")
        self.setTitle(tr("Confusion matrix (test set)"), size="10pt")
        axis_title(self, "left", tr("true label"))
        self.setLabel("bottom", tr("predicted label"))
        self.setAspectLocked(True)
        self.invertY(True)
        for axis in ("left", "bottom"):
            self.getAxis(axis).enableAutoSIPrefix(False)
        self.setRange(xRange=(-0.5, 9.5), yRange=(-0.5, 9.5), padding=0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(pg.ColorMap([0, 1], ["#ffffff", "#1f4e99"])
                                  .getLookupTable(0, 1, 256))  # fmt: skip
        self.addItem(self.image)
        self.counts = CellCounts()
        self.addItem(self.counts)

    def set_scale(self, row_normalised: bool, log: bool) -> None:
        self.row_normalised, self.log = row_normalised, log
        if len(self._confusion):
            self.show_matrix(self._confusion)

    def show_matrix(self, confusion: np.ndarray) -> None:
        k = len(confusion)
        self._confusion = np.asarray(confusion)
        value = cell_colors(confusion, self.row_normalised, self.log)
        self.image.setImage(value, levels=(0, 1), autoLevels=False)
        self.image.setRect(QRectF(-0.5, -0.5, k, k))
        self.counts.set_counts(self._confusion, value > 0.5)
        ticks = [[(i, str(i)) for i in range(k)]]
        self.getAxis("bottom").setTicks(ticks)
        self.getAxis("left").setTicks(ticks)

    def cell_center(self, true: int, predicted: int) -> QPoint:
        """Where cell (true, predicted) is on the widget (for a click)."""
        scene = self.getViewBox().mapViewToScene(QPointF(predicted, true))
        return self.mapFromScene(scene)

    def _clicked(self, event) -> None:
        k = len(self._confusion)
        at = self.getViewBox().mapSceneToView(event.scenePos())
        true, predicted = int(round(at.y())), int(round(at.x()))
        if k and 0 <= true < k and 0 <= predicted < k:
            self.cell_clicked.emit(true, predicted)

    def clear_matrix(self) -> None:
        self._confusion = np.zeros((0, 0), dtype=np.int64)
        self.image.clear()
        self.counts.set_counts(np.zeros((0, 0), dtype=np.int64), np.zeros((0, 0), dtype=bool))


def digit_pixmap(image: np.ndarray, scale: int = 2) -> QPixmap:
    """A uint8 (h, w) image as a pixmap, dark ink on white."""
    ink = np.ascontiguousarray(255 - image)
    h, w = ink.shape
    qimage = QImage(ink.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(w * scale, h * scale)


class EvaluationView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel(tr("Select a finished run to see its test results."))
        self.summary.setWordWrap(True)
        self.matrix = ConfusionMatrix()
        self.matrix.cell_clicked.connect(self.filter_pair)
        self.row_normalised = QCheckBox(tr("Share of each true label"))
        self.row_normalised.setToolTip(tr("Colour each cell by its share of the true label's "
                                          "test digits (otherwise by its count)"))
        self.log_colours = QCheckBox(tr("Log colours"))
        self.log_colours.setToolTip(tr("A log colour scale: a few mistakes still show"))
        for box in (self.row_normalised, self.log_colours):
            box.setChecked(True)
            box.toggled.connect(lambda _: self.matrix.set_scale(
                self.row_normalised.isChecked(), self.log_colours.isChecked()))
        self.gallery_title = QLabel()
        self._shown = None  # (name, evaluation, images, labels) of the results shown
        self.pair: tuple[int, int] | None = None  # the (true, predicted) pair the gallery shows
        self.gallery = QWidget()
        self.grid = QGridLayout(self.gallery)
        self.grid.setSpacing(2)
        self._cells: list[tuple[QWidget, QLabel, QLabel]] = []
        gallery_box = QVBoxLayout()
        gallery_box.addWidget(self.gallery_title)
        gallery_box.addWidget(self.gallery)
        gallery_box.addStretch(1)
        matrix_box = QVBoxLayout()
        options = QHBoxLayout()
        options.addWidget(self.row_normalised)
        options.addWidget(self.log_colours)
        options.addStretch(1)
        matrix_box.addLayout(options)
        matrix_box.addWidget(self.matrix, 1)
        row = QHBoxLayout()
        row.addLayout(matrix_box, 1)
        row.addLayout(gallery_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row, 1)

    def clear(self, message: str) -> None:
        self.summary.setText(message)
        self.matrix.clear_matrix()
        self._shown, self.pair = None, None
        self._show_gallery()

    def show_evaluation(self, name: str, evaluation, images: np.ndarray, labels: np.ndarray):
        wrong = len(evaluation.wrong_index)
        self.summary.setText(tr("<b>{name}</b>: test accuracy <b>{accuracy}</b> ({wrong} of "
                                "{total} test digits misclassified)").format(
            name=name, accuracy=f"{evaluation.test_acc:.2%}", wrong=wrong, total=len(labels)))
        self.matrix.show_matrix(evaluation.confusion)
        self._shown, self.pair = (name, evaluation, images, labels), None
        self._show_gallery()

    def filter_pair(self, true: int, predicted: int) -> None:
        """Show only the digits of label ``true`` predicted as ``predicted``; the same pair
        again, or a cell on the diagonal (no mistakes there), shows every mistake."""
        pair = (true, predicted)
        self.pair = None if true == predicted or pair == self.pair else pair
        self._show_gallery()

    def _show_gallery(self) -> None:
        if self._shown is None:
            self.gallery_title.setText(tr("<b>Misclassified test digits</b> (predicted / true)"))
            self._fill_gallery([], [], [], None)
            return
        name, evaluation, images, labels = self._shown
        wrong, preds = np.asarray(evaluation.wrong_index), np.asarray(evaluation.wrong_pred)
        if self.pair is not None:
            keep = (labels[wrong] == self.pair[0]) & (preds == self.pair[1])
            wrong, preds = wrong[keep], preds[keep]
            self.gallery_title.setText(tr(
                "<b>{true} predicted as {predicted}</b>: {n} test digits (click the cell again "
                "for every mistake)").format(true=self.pair[0], predicted=self.pair[1],
                                             n=len(wrong)))
        else:
            self.gallery_title.setText(tr("<b>Misclassified test digits</b> (predicted / true); "
                                          "click a cell to see one pair"))
        shown = wrong[:GALLERY]
        self._fill_gallery(images[shown], preds[:GALLERY], labels[shown], name)

    def _fill_gallery(self, images, preds, truth, name) -> None:
        """Fill the gallery's cells (made once, then reused: creating widgets is slow)."""
        if not self._cells:
            for k in range(GALLERY):
                box, cell, caption = QWidget(), QLabel(), QLabel()
                caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
                v = QVBoxLayout(box)
                v.setContentsMargins(0, 0, 0, 0)
                v.setSpacing(0)
                v.addWidget(cell)
                v.addWidget(caption)
                self.grid.addWidget(box, k // 6, k % 6)
                self._cells.append((box, cell, caption))
        shown = list(zip(images, preds, truth, strict=True))
        for k, (box, cell, caption) in enumerate(self._cells):
            if k < len(shown):
                image, pred, true = shown[k]
                cell.setPixmap(digit_pixmap(image))
                cell.setToolTip(tr("predicted {pred}, true {true}").format(pred=pred, true=true))
                caption.setText(f"{pred} / {true}")
            box.setVisible(k < len(shown))

    def shown_mistakes(self) -> int:
        return sum(not box.isHidden() for box, _, _ in self._cells)
