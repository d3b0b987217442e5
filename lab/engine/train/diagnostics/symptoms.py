"""Symptoms in plain words, named only where the measurements leave no doubt.

Why thresholds this wide: a learner reads the sentence, not the curve, so a sentence must not
cry wolf. Each rule below fires only far from the healthy range (a ReLU layer with half its
units off on every probe example, a hundredfold shrink of the backward signal), and says since
when (the first measurement of the unbroken stretch that ends at the latest one).

Each symptom carries its English template and its values; the window translates the template
(``tr(template).format(**values)``) and the engine's text is the English one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from lab.engine.train.diagnostics.config import KINDS
from lab.engine.train.diagnostics.record import DiagnosticsSnapshot

DEAD_SHARE = 0.5  # units <= 0 on every probe example
SATURATED_SHARE = 0.5  # sigmoid < 0.01 or > 0.99, tanh |a| > 0.99
SHRINK = 100.0  # the backward signal or the activations change this much across the depth
UPDATE_HIGH, UPDATE_LOW = 0.1, 1e-6  # ||dW||/||W|| per step (CS231n's guide: about 1e-3)

TEMPLATES = {
    "dead": "layer {layer}: {share} of units dead since iteration {since}",
    "saturated": "layer {layer}: {share} of units saturated since iteration {since}",
    "vanishing": "gradients shrink ×{factor} from layer {top} to layer 1",
    "exploding": "gradients grow ×{factor} from layer {top} to layer 1",
    "collapsing": "activations shrink ×{factor} from layer 1 to layer {top}",
    "update_high": "layer {layer}: each step changes the weights by {ratio} of their size "
    "(guide ≈ 1e-3): the learning rate looks too high",
    "update_low": "layer {layer}: each step changes the weights by only {ratio} of their size "
    "(guide ≈ 1e-3): the learning rate looks too low",
    "update_high_layers": "layers {layers}: each step changes the weights by {low} to {high} "
    "of their size (guide ≈ 1e-3): the learning rate looks too high",
    "update_low_layers": "layers {layers}: each step changes the weights by only {low} to "
    "{high} of their size (guide ≈ 1e-3): the learning rate looks too low",
    "nonfinite": "layer {layer}: NaN or inf in the {kind} at iteration {since}",
}


@dataclass(frozen=True)
class Symptom:
    key: str  # one of TEMPLATES
    values: dict = field(default_factory=dict)  # what the template names, formatted

    @property
    def template(self) -> str:
        return TEMPLATES[self.key]

    @property
    def text(self) -> str:
        """In English; a ``kind`` (one of KINDS, a code the window translates) read as words."""
        values = dict(self.values)
        if "kind" in values:
            values["kind"] = values["kind"].replace("_", " ")
        return self.template.format(**values)


def symptoms(snap: DiagnosticsSnapshot) -> list[Symptom]:
    """What is unambiguously wrong at the latest measurement, deepest cause first."""
    if not snap.measurements:
        return []
    found = _nonfinite(snap)
    found += _shares(snap, "dead_probe", "dead", DEAD_SHARE)
    found += _shares(snap, "saturated", "saturated", SATURATED_SHARE)
    found += _across_depth(snap)
    found += _updates(snap)
    return found


def _since(snap: DiagnosticsSnapshot, series: np.ndarray, bad) -> int | None:
    """The iteration that starts the unbroken stretch of ``bad`` values ending at the latest
    measurement (None when the latest is not bad)."""
    iterations = snap.iterations
    start = None
    for k in range(len(series) - 1, -1, -1):
        if not bad(series[k]):
            break
        start = int(iterations[k])
    return start


def _shares(snap, series_name: str, key: str, threshold: float) -> list[Symptom]:
    series = snap.series(series_name)
    found = []
    for layer, label in enumerate(snap.layers):
        column = series[:, layer]
        since = _since(snap, column, lambda v: math.isfinite(v) and v >= threshold)
        if since is not None:
            found.append(
                Symptom(key, {"layer": label, "share": f"{column[-1]:.0%}", "since": since})
            )
    return found


def _std(snap, kind: str) -> np.ndarray:
    """(layers,) the latest measurement's std of ``kind`` per layer (NaN where none)."""
    latest = snap.measurements[-1]
    return np.array([latest.stat(layer, kind, "std") for layer in range(len(snap.layers))])


def _across_depth(snap) -> list[Symptom]:
    """The backward signal dL/da from the top layer down to layer 1, and the hidden
    activations from layer 1 up to the last hidden layer."""
    found = []
    grads = _std(snap, "gradient")
    top = len(snap.layers)
    if top > 1 and grads[0] > 0 and grads[-1] > 0 and np.all(np.isfinite(grads[[0, -1]])):
        ratio = grads[-1] / grads[0]
        if ratio >= SHRINK:
            found.append(Symptom("vanishing", {"factor": _factor(ratio), "top": top}))
        elif 1 / ratio >= SHRINK:
            found.append(Symptom("exploding", {"factor": _factor(1 / ratio), "top": top}))
    acts = _std(snap, "activation")[:-1]  # the output layer has no activation
    if len(acts) > 1 and acts[0] > 0 and np.all(np.isfinite(acts[[0, -1]])):
        ratio = acts[0] / max(acts[-1], 1e-300)
        if ratio >= SHRINK:
            found.append(Symptom("collapsing", {"factor": _factor(ratio), "top": len(acts)}))
    return found


def _updates(snap) -> list[Symptom]:
    """Layers whose latest step was far off the guide, in one sentence per direction."""
    latest = snap.measurements[-1].update_ratio
    found = []
    for key, off in (("update_high", lambda r: r >= UPDATE_HIGH),
                     ("update_low", lambda r: r <= UPDATE_LOW)):  # fmt: skip
        layers = [(label, float(latest[k])) for k, label in enumerate(snap.layers)
                  if math.isfinite(latest[k]) and off(float(latest[k]))]  # fmt: skip
        if len(layers) == 1:
            ((label, ratio),) = layers
            found.append(Symptom(key, {"layer": label, "ratio": f"{ratio:.2g}"}))
        elif layers:
            ratios = [r for _, r in layers]
            found.append(
                Symptom(
                    f"{key}_layers",
                    {
                        "layers": _layer_list([n for n, _ in layers]),
                        "low": f"{min(ratios):.2g}",
                        "high": f"{max(ratios):.2g}",
                    },
                )
            )
    return found


def _layer_list(labels: list[str]) -> str:
    """ "1–4" for consecutive layers, "1, 3" otherwise."""
    numbers = [int(n) for n in labels]
    if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(labels)


def _nonfinite(snap) -> list[Symptom]:
    """The first layer and kind where NaN or inf appeared, at the first such measurement."""
    for m in snap.measurements:
        for layer, label in enumerate(snap.layers):
            for k, kind in enumerate(KINDS):
                hist = m.histograms[layer][k]
                if hist is not None and hist.nonfinite:
                    return [
                        Symptom(
                            "nonfinite",
                            {"layer": label, "kind": kind, "since": m.iteration},
                        )
                    ]
    return []


def _factor(ratio: float) -> str:
    """×1000 rather than ×1.03e+03: rounded to one significant figure's power of ten when
    large, to two figures otherwise."""
    if ratio >= 1000:
        return f"{10 ** round(math.log10(ratio)):,}".replace(",", " ")
    return f"{ratio:.2g}"
