"""The map's markers (one scatter item for every optimizer) sit where each trajectory is at the
shown step, in its colour, and a diverged trajectory keeps its last finite point."""

import numpy as np

from lab.engine.optimize.trajectories import TrajectoryResult
from lab.ui.optimize.contour_map import ContourMap


def test_each_marker_at_its_trajectorys_step_in_its_colour(qtbot):
    paths = np.stack([np.column_stack([np.arange(6.0), np.arange(6.0) * k]) for k in (1, 2, 3)])
    paths[2, 3:] = np.nan  # the third diverged after step 2
    result = TrajectoryResult(("a", "b", "c"), paths, np.zeros((3, 6)), np.zeros((3, 6)),
                              np.array([-1, -1, 3]), ())
    view = ContourMap()
    qtbot.addWidget(view)
    colors = ["#ff0000", "#00ff00", "#0000ff"]
    view.set_result(result, colors)
    for step in (1, 4):
        view.set_step(step)
        points = view.markers.data
        expected = [paths[0, step], paths[1, step], paths[2, min(step, 2)]]
        np.testing.assert_allclose(np.column_stack([points["x"], points["y"]]), expected)
        assert [b.color().name() for b in points["brush"]] == colors
