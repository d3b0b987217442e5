"""Issue 7's "SVG vs PNG" class on the search lab's views (added after the fix, which covered
the other three labs): each view's SVG export, rasterised by Qt's SVG renderer, draws what its
PNG export draws (the same agreement measure and threshold as tests/ui/test_export_svg.py)."""

import pytest

from lab.ui.export import images as export
from tests.ui.export.test_export_svg import _agreement
from tests.ui.search.test_views import VIEWS, show  # noqa: F401 (a fixture)


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_each_search_view_svg_draws_what_its_png_draws(show, tmp_path, cls):  # noqa: F811
    view = show(cls)  # held: the export widget lives as long as its view
    widget = view.export_widget()
    png, svg = tmp_path / "view.png", tmp_path / "view.svg"
    export.export_png(widget, png)
    export.export_svg(widget, svg)
    assert _agreement(png, svg, export.background(widget)) > 0.96
