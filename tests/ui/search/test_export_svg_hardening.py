"""Issue 7's "SVG vs PNG" class on the search lab's views (added after the fix, which covered
the other three labs), and issue 16's portable SVG: each view's SVG export, rasterised by Qt
and by librsvg, draws what its PNG export draws (tests/ui/export/rasters.py). Before issue 16's
fix librsvg's ink agreement with the PNG was 0.05 (history), 0.15 (small multiples), and its
raster's colour agreement with Qt's 0.73 (parallel coordinates), 0.93 (scatter)."""

import pytest

from tests.ui.export import rasters
from tests.ui.search.test_views import VIEWS, show  # noqa: F401 (a fixture)


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_each_search_view_svg_draws_what_its_png_draws(show, tmp_path, cls):  # noqa: F811
    view = show(cls)  # held: the export widget lives as long as its view
    rasters.assert_portable(view.export_widget(), tmp_path, cls.__name__)
    rasters.skip_if_qt_only()
