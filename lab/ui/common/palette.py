"""One colour per optimizer everywhere, and as many distinct colours as there are runs.

Why: the optimizer lab and the training lab coloured the same optimizer differently, and the
training lab's 11-colour cycle repeated after 11 runs (the book's batch-norm grid has 32). An
optimizer keeps its colour in every lab (registry order over the tab10-like base palette, then
further distinct hues); when that colour is already taken in a list of runs, the next colour
from :func:`distinct_colors` that is not in use is given instead.
"""

from __future__ import annotations

import colorsys
import itertools
from collections.abc import Iterable, Iterator

from lab.engine.core.optimizers import OPTIMIZERS
from lab.ui.common.readable_style import contrast_ratio
from lab.ui.common.theme import DARK

# tab10-like; its brown and the extra navy are lighter than matplotlib's, which were 2.8:1 and
# 1.6:1 on the dark theme's plots (≥ 3:1 is WCAG's floor for lines and marks)
BASE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#a86b5a", "#e377c2",
        "#17becf", "#bcbd22", "#7f7f7f", "#6b6ecf")  # fmt: skip
MIN_CONTRAST = 3.0  # every series colour against the dark theme's plot background

_GOLDEN = 0.618033988749895  # hue steps by the golden ratio spread any number of hues evenly


def optimizer_color(name: str) -> str:
    """The colour of an optimizer (by registry name) in every lab."""
    return OPTIMIZER_COLORS.get(name, BASE[-1])


def distinct_colors() -> Iterator[str]:
    """The base palette, then endless further hues (golden-ratio steps, three lightness
    levels), none repeating an earlier one."""
    seen = set()
    for color in BASE:
        seen.add(color)
        yield color
    for k in itertools.count():
        hue = (0.11 + k * _GOLDEN) % 1.0
        value = (0.80, 0.60, 0.95)[(k // 7) % 3]
        saturation = (0.75, 0.90, 0.55)[(k // 21) % 3]
        color = _readable_on_dark(hue, saturation, value)
        if color not in seen:
            seen.add(color)
            yield color


def _readable_on_dark(hue: float, saturation: float, value: float) -> str:
    """The colour of that hue, brightened (then paled) until it reads on the dark theme's
    plots; the light theme's white keeps most of them readable too."""
    while True:
        r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
        color = f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"
        if contrast_ratio(color, DARK.background) >= MIN_CONTRAST or saturation <= 0:
            return color
        if value < 1.0:
            value = min(1.0, value + 0.05)
        else:
            saturation = max(0.0, saturation - 0.1)


# registry order over the base palette, then its further hues: no two optimizers share one
OPTIMIZER_COLORS: dict[str, str] = dict(zip(OPTIMIZERS, distinct_colors(), strict=False))  # endless


def pick_color(optimizer: str, taken: Iterable[str]) -> str:
    """The optimizer's colour if no run uses it yet, else the first distinct colour free."""
    used = {c.lower() for c in taken}
    preferred = optimizer_color(optimizer)
    return preferred if preferred.lower() not in used else next_color(used)


def next_color(taken: Iterable[str]) -> str:
    """The first colour of :func:`distinct_colors` that is not taken."""
    used = {c.lower() for c in taken}
    return next(c for c in distinct_colors() if c.lower() not in used)
