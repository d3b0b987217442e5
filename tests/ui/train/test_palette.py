"""One colour per optimizer, and distinct colours for as many runs as the lab holds."""

import itertools

from lab.engine.core.optimizers import OPTIMIZERS
from lab.ui.common.palette import distinct_colors, next_color, optimizer_color, pick_color


def test_every_optimizer_has_its_own_colour():
    colors = [optimizer_color(name) for name in OPTIMIZERS]
    assert len(set(colors)) == len(colors)


def test_distinct_colours_never_repeat():
    colors = list(itertools.islice(distinct_colors(), 200))
    assert len({c.lower() for c in colors}) == 200
    assert all(len(c) == 7 and c.startswith("#") for c in colors)


def test_a_taken_optimizer_colour_gives_way_to_a_free_one():
    sgd = optimizer_color("sgd")
    assert pick_color("sgd", []) == sgd
    other = pick_color("sgd", [sgd.upper()])
    assert other != sgd and other == next_color([sgd])
    taken = []
    for _ in range(32):
        taken.append(pick_color("sgd", taken))
    assert len(set(taken)) == 32
