"""After training, for the selected run: test accuracy, the confusion matrix and a gallery of
misclassified test digits with their predicted and true labels."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

GALLERY = 24


class ConfusionMatrix(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("confusion-matrix")
        self.setBackground("w")
        self.setTitle("Confusion matrix (test set)", size="10pt")
        self.setLabel("left", "true label")
        self.setLabel("bottom", "predicted label")
        self.setAspectLocked(True)
        self.invertY(True)
        for axis in ("left", "bottom"):
            self.getAxis(axis).enableAutoSIPrefix(False)
        self.setRange(xRange=(-0.5, 9.5), yRange=(-0.5, 9.5), padding=0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(pg.ColorMap([0, 1], ["#ffffff", "#1f4e99"])
                                  .getLookupTable(0, 1, 256))  # fmt: skip
        self.addItem(self.image)
        self._labels: list[pg.TextItem] = []

    def show_matrix(self, confusion: np.ndarray) -> None:
        k = len(confusion)
        rows = confusion.sum(1, keepdims=True).clip(min=1)
        share = confusion / rows  # colour by the row's share: mistakes stay visible
        self.image.setImage(share, levels=(0, 1), autoLevels=False)
        self.image.setRect(QRectF(-0.5, -0.5, k, k))
        for label in self._labels:
            self.removeItem(label)
        self._labels = []
        for t in range(k):
            for p in range(k):
                if confusion[t, p]:
                    text = pg.TextItem(str(confusion[t, p]), anchor=(0.5, 0.5),
                                       color="#fff" if share[t, p] > 0.5 else "#222")
                    text.setPos(p, t)
                    self.addItem(text)
                    self._labels.append(text)
        ticks = [[(i, str(i)) for i in range(k)]]
        self.getAxis("bottom").setTicks(ticks)
        self.getAxis("left").setTicks(ticks)


def digit_pixmap(image: np.ndarray, scale: int = 2) -> QPixmap:
    """A uint8 (h, w) image as a pixmap, dark ink on white."""
    ink = np.ascontiguousarray(255 - image)
    h, w = ink.shape
    qimage = QImage(ink.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(w * scale, h * scale)


class EvaluationView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary = QLabel("Select a finished run to see its test results.")
        self.summary.setWordWrap(True)
        self.matrix = ConfusionMatrix()
        self.gallery = QWidget()
        self.grid = QGridLayout(self.gallery)
        self.grid.setSpacing(2)
        gallery_box = QVBoxLayout()
        gallery_box.addWidget(QLabel("<b>Misclassified test digits</b> (predicted / true)"))
        gallery_box.addWidget(self.gallery)
        gallery_box.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.matrix, 1)
        row.addLayout(gallery_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row, 1)

    def clear(self, message: str) -> None:
        self.summary.setText(message)
        self.matrix.image.clear()
        for label in self.matrix._labels:
            self.matrix.removeItem(label)
        self.matrix._labels = []
        self._fill_gallery([], [], [], None)

    def show_evaluation(self, name: str, evaluation, images: np.ndarray, labels: np.ndarray):
        wrong = len(evaluation.wrong_index)
        self.summary.setText(f"<b>{name}</b>: test accuracy <b>{evaluation.test_acc:.2%}</b> "
                             f"({wrong} of {len(labels)} test digits misclassified)")
        self.matrix.show_matrix(evaluation.confusion)
        shown = evaluation.wrong_index[:GALLERY]
        self._fill_gallery(images[shown], evaluation.wrong_pred[:GALLERY], labels[shown], name)

    def _fill_gallery(self, images, preds, truth, name) -> None:
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        for k, (image, pred, true) in enumerate(zip(images, preds, truth, strict=True)):
            cell = QLabel()
            cell.setPixmap(digit_pixmap(image))
            cell.setToolTip(f"predicted {pred}, true {true}")
            caption = QLabel(f"{pred} / {true}")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(0)
            v.addWidget(cell)
            v.addWidget(caption)
            self.grid.addWidget(box, k // 6, k % 6)
