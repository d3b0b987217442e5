"""A model measured on data: accuracy in eval mode (during training, on the training and
validation sets) and the test-set evaluation a run ends with (confusion matrix, mistakes)."""

from __future__ import annotations

import numpy as np

from lab.engine.train.records import Evaluation

EVAL_CHUNK = 10_000


def accuracy_and_predictions(model, x, y) -> tuple[float, object]:
    """Accuracy in eval mode (BatchNorm running stats, no dropout), in chunks."""
    import torch

    was_training = model.training
    model.eval()
    with torch.no_grad():
        preds = torch.cat([model(x[i: i + EVAL_CHUNK]).argmax(1)
                           for i in range(0, len(x), EVAL_CHUNK)])  # fmt: skip
    model.train(was_training)
    return int((preds == y).sum()) / max(len(y), 1), preds  # the exact fraction


def evaluate_model(model, x, y, classes: int) -> Evaluation:
    """Test accuracy, confusion matrix (true x predicted) and the misclassified examples."""
    acc, preds = accuracy_and_predictions(model, x, y)
    truth, pred = y.cpu().numpy(), preds.cpu().numpy()
    confusion = np.bincount(truth * classes + pred, minlength=classes * classes)
    wrong = np.nonzero(truth != pred)[0]
    return Evaluation(acc, confusion.reshape(classes, classes), wrong, pred[wrong])
