"""Initialization-lab presets: the book's activation-histogram experiments, and a few more.

The book's setup (DESIGN.md): input randn(1000, 100), 5 layers of 100, no bias, 30 bins. Its
"Xavier" is std √(1/n) (our ``book-xavier``), its "He" √(2/n) (``book-he``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lab.engine.core.initializers import make_init
from lab.engine.init.probe import ProbeConfig


@dataclass(frozen=True)
class InitPreset:
    key: str
    title: str
    note: str
    config: ProbeConfig
    compare: ProbeConfig | None = None  # shown overlaid, as configuration B


BOOK = ProbeConfig()  # the book's network and input


def _book(activation: str, init) -> ProbeConfig:
    return replace(BOOK, activation=activation, init=init)


INIT_PRESETS: dict[str, InitPreset] = {
    p.key: p
    for p in (
        InitPreset("book-sigmoid-std1", "Book: sigmoid, std 1",
                   "Activations pile up at 0 and 1, where the sigmoid is flat: gradients vanish "
                   "as they flow back (look at the gradient view).",
                   _book("sigmoid", make_init("normal", std=1.0))),
        InitPreset("book-sigmoid-std001", "Book: sigmoid, std 0.01",
                   "Every activation sits near 0.5: the units all say the same thing, so the "
                   "layer's expressive power collapses.",
                   _book("sigmoid", make_init("normal", std=0.01))),
        InitPreset("book-sigmoid-xavier", "Book: sigmoid, “Xavier” √(1/n)",
                   "With std √(1/n) the activations keep a broad spread through all five "
                   "layers.", _book("sigmoid", make_init("book-xavier"))),
        InitPreset("book-tanh-xavier", "Book: tanh, “Xavier” √(1/n)",
                   "tanh is symmetric around 0: the histograms stay bell-shaped and centred, "
                   "layer after layer.", _book("tanh", make_init("book-xavier"))),
        InitPreset("book-relu-std001", "Book: ReLU, std 0.01",
                   "The activations shrink towards 0 layer by layer: almost nothing reaches "
                   "the output, and the gradients are just as small.",
                   _book("relu", make_init("normal", std=0.01))),
        InitPreset("book-relu-xavier", "Book: ReLU, “Xavier” √(1/n)",
                   "ReLU zeroes half its inputs, so √(1/n) loses about half the variance at "
                   "every layer: the spread shrinks with depth.",
                   _book("relu", make_init("book-xavier"))),
        InitPreset("book-relu-he", "Book: ReLU, He √(2/n)",
                   "He's factor 2 compensates for ReLU's zeroed half: the spread stays the same "
                   "in every layer.", _book("relu", make_init("book-he"))),
        InitPreset("compare-xavier-he-relu", "Compare: Xavier vs He under ReLU, 10 layers",
                   "A: He, B: Glorot's Xavier. Over 10 ReLU layers He holds the activation std "
                   "steady while Xavier's halves its variance at every layer.",
                   replace(BOOK, depth=10, activation="relu", init=make_init("he-normal")),
                   replace(BOOK, depth=10, activation="relu", init=make_init("xavier-normal"))),
        InitPreset("batchnorm-rescue", "Batch norm rescues std 0.01 (ReLU, 10 layers)",
                   "A: with BatchNorm after each Linear, B: without. Normalising every layer "
                   "restores the spread whatever the initial scale.",
                   replace(BOOK, depth=10, activation="relu",
                           init=make_init("normal", std=0.01), norm="batch"),
                   replace(BOOK, depth=10, activation="relu",
                           init=make_init("normal", std=0.01))),
        InitPreset("zeros-symmetry", "Zeros: the symmetry problem (tanh)",
                   "With all weights equal every unit computes the same value and receives the "
                   "same gradient: the layer behaves like a single unit.",
                   _book("tanh", make_init("zeros"))),
        InitPreset("overflow-linear", "Overflow: 50 linear layers, std 10",
                   "Each layer multiplies the scale by about 100: float32 overflows around "
                   "layer 20. The table counts the non-finite values; histograms show the rest.",
                   replace(BOOK, depth=50, activation="linear",
                           init=make_init("normal", std=10.0))),
    )
}  # fmt: skip
