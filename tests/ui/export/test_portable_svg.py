"""Issue 16: the rewrite that makes Qt's SVG portable (lab.ui.export.portable_svg), checked on
small documents: geometry in page coordinates, real stroke widths, markers at their size, what
must keep its matrix kept, portable font families, and what Qt never writes refused.
Whole figures through Qt and librsvg: test_svg_renderers.py."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

from lab.ui.export import images as export
from lab.ui.export.portable_svg import (
    absolute_segments,
    compose,
    portable_svg,
    transform_path,
    uniform_scale,
)

HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'version="1.2" baseProfile="tiny" viewBox="0 0 100 100">')  # fmt: skip


def rewrite(body: str, family=lambda f: f"'Face', {f}") -> ET.Element:
    out = portable_svg(f"{HEAD}{body}</svg>".encode(), family)
    return ET.fromstring(out)


def only(root: ET.Element, tag: str) -> ET.Element:
    [element] = root.iter(f"{{http://www.w3.org/2000/svg}}{tag}")
    return element


def points_of(d: str) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", d)]


# ---- the rewrite, on small documents ----------------------------------------------------------
def test_a_cosmetic_curve_moves_to_page_coordinates_and_keeps_its_width():
    root = rewrite('<g stroke="#f00" stroke-width="2" transform="matrix(40,0,0,-5,10,90)">'
                   '<path vector-effect="non-scaling-stroke" d="M0,0 L1,2 C1,3 2,3 2,2 Z"/></g>')
    path = only(root, "path")
    assert "vector-effect" not in path.attrib and path.get("stroke-width") is None
    assert only(root, "g").get("transform") is None
    assert path.get("d") == "M10,90 L50,80 C50,75 90,75 90,80 Z"


def test_a_marker_is_its_size_with_a_one_pixel_outline():
    """A scatter symbol: a unit path under matrix(8,...) with a cosmetic 1 px pen."""
    root = rewrite('<g stroke="#000" stroke-width="1" fill="#0a0" '
                   'transform="matrix(8,0,0,8,50,50)"><polygon vector-effect="non-scaling-stroke" '
                   'points="-0.5,-0.5 0.5,-0.5 0.5,0.5 -0.5,0.5"/></g>')  # fmt: skip
    polygon = only(root, "polygon")
    assert polygon.get("points") == "46,46 54,46 54,54 46,54"
    assert polygon.get("stroke-width") is None  # the group's 1 px, now in page pixels


def test_a_scaling_pen_scales_with_a_uniform_matrix_and_stays_exact_under_a_stretched_one():
    root = rewrite('<g stroke="#000" stroke-width="0.5" stroke-dasharray="2,1" '
                   'transform="matrix(0,4,-4,0,0,0)"><polyline points="0,0 1,1"/></g>'
                   '<g stroke="#000" stroke-width="0.5" transform="matrix(4,0,0,1,0,0)">'
                   '<polyline points="0,0 1,1"/></g>')  # fmt: skip
    uniform, stretched = root.iter("{http://www.w3.org/2000/svg}polyline")
    assert uniform.get("points") == "0,0 -4,4"
    assert uniform.get("stroke-width") == "2" and uniform.get("stroke-dasharray") == "8,4"
    holder = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if stretched in list(g)]
    assert holder[0].get("transform") == "matrix(4,0,0,1,0,0)"
    assert stretched.get("points") == "0,0 1,1"


def test_rects_and_ellipses_become_paths_through_any_matrix():
    root = rewrite('<g fill="#00f" transform="matrix(2,0,0,3,1,1)">'
                   '<rect vector-effect="non-scaling-stroke" x="1" y="1" width="2" height="1"/>'
                   '<ellipse cx="0" cy="0" rx="1" ry="1"/></g>')  # fmt: skip
    rect, ellipse = root.iter("{http://www.w3.org/2000/svg}path")
    assert rect.get("d") == "M3,4 L7,4 L7,7 L3,7 Z" and "x" not in rect.attrib
    corners = points_of(ellipse.get("d"))
    assert (3.0, 1.0) in corners and (1.0, 4.0) in corners and (-1.0, 1.0) in corners


def test_text_and_images_keep_their_matrix_and_fonts_become_portable():
    root = rewrite('<g font-family="Sans Serif" transform="matrix(0,-1,1,0,5,50)">'
                   '<text font-family="Sans Serif" x="0" y="0">y</text>'
                   '<image x="0" y="0" width="2" height="2" xlink:href="data:image/png;base64,'
                   'iVBORw0KGgo="/></g>',
                   family=lambda f: "'DejaVu Sans', sans-serif")  # fmt: skip
    text, image = only(root, "text"), only(root, "image")
    for element in (text, image):
        holders = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if element in list(g)]
        assert holders[0].get("transform") == "matrix(0,-1,1,0,5,50)"
    assert image.get("{http://www.w3.org/1999/xlink}href").startswith("data:image/png")
    assert {e.get("font-family") for e in root.iter() if e.get("font-family")} == {
        "'DejaVu Sans', sans-serif"}
    assert root.get("version") == "1.1" and "baseProfile" not in root.attrib


def test_path_commands_relative_and_shorthand_resolve_to_absolute_points():
    segments = list(absolute_segments("m1,1 2,0 h1 v2 H0 V0 c1,0 1,1 2,1 s1,1 2,0 "
                                      "q1,1 2,0 t2,0 Q9,9 8,8 T6,6 z L1e1,-1.5e0"))
    assert segments == [
        ("M", [(1, 1)]), ("L", [(3, 1)]), ("L", [(4, 1)]), ("L", [(4, 3)]), ("L", [(0, 3)]),
        ("L", [(0, 0)]), ("C", [(1, 0), (1, 1), (2, 1)]), ("C", [(3, 1), (3, 2), (4, 1)]),
        ("Q", [(5, 2), (6, 1)]), ("Q", [(7, 0), (8, 1)]), ("Q", [(9, 9), (8, 8)]),
        ("Q", [(7, 7), (6, 6)]), ("Z", []), ("L", [(10, -1.5)])]


def test_transformed_paths_match_the_matrix_applied_point_by_point():
    rng = np.random.default_rng(0)
    m = tuple(rng.normal(size=6))
    d = "M1,2 L3,4 C5,6 7,8 9,10 Q1,1 2,2 Z"
    a, b, c, dd, e, f = m
    expected = [(a * x + c * y + e, b * x + dd * y + f) for x, y in points_of(d)]
    np.testing.assert_allclose(points_of(transform_path(d, m)), expected, atol=1e-3)
    assert compose(m, (1, 0, 0, 1, 0, 0)) == m and uniform_scale((0, 3, -3, 0, 1, 1)) == 3
    assert uniform_scale((3, 0, 0, 2, 0, 0)) is None


@pytest.mark.parametrize("body, message", [
    ('<path d="M0,0 A1,1 0 0 1 2,2"/>', "arcs"),
    ('<g transform="rotate(30)"><path d="M0,0 L1,1"/></g>', "transform"),
    ('<path d="M0,0 L1"/>', "numbers"),
    ('<path d="M0,0 L1,1e999"/>', "non-finite"),
    ('<path d="M0,0 L1,x"/>', "unexpected"),
])
def test_what_qt_never_writes_is_refused_not_distorted(body, message):
    with pytest.raises(ValueError, match=message):
        rewrite(f'<g stroke="#000">{body}</g>')


def test_font_families_name_the_face_drawn_then_a_generic_family(qapp):
    drawn = QFontInfo(QApplication.font()).family()
    assert export.css_font_family("Sans Serif") == f"'{drawn}', sans-serif"
    assert export.css_font_family(QApplication.font().family()).startswith(f"'{drawn}'")
    assert export.css_font_family("Monospace").endswith(", monospace")
    assert export.css_font_family("Serif").endswith(", serif")
    assert QFont("Sans Serif").family() == "Sans Serif"  # what Qt writes into its SVG


def test_a_gradient_painted_shape_keeps_its_matrix_and_its_pen_width():
    root = rewrite('<defs><linearGradient id="g1" gradientUnits="userSpaceOnUse" x1="0" y1="0" '
                   'x2="1" y2="0"/></defs><g fill="url(#g1)" stroke="#000" stroke-width="2" '
                   'transform="matrix(1000,0,0,1000,5,5)"><path vector-effect="non-scaling-stroke" '
                   'd="M0,0 L0.01,0.01"/></g>')  # fmt: skip
    path = only(root, "path")
    assert path.get("d") == "M0,0 L0.01,0.01" and "vector-effect" not in path.attrib
    assert path.get("stroke-width") == "0.002"  # 2 page pixels at 1000 page pixels a unit


def test_control_characters_from_a_run_name_do_not_make_the_file_unreadable():
    """Qt copies them into the text; XML 1.0 forbids them, so no reader opened the file."""
    root = rewrite('<g><text x="0" y="0">run\x1b[2J\x00\x07 \u202ex</text></g>')
    assert only(root, "text").text == "run[2J \u202ex"


def test_fractional_font_sizes_are_drawn_whole_in_a_scaled_group():
    """Qt's SVG renderer truncated 10.667 px (8 pt) to 10: legends 6 % narrower than the PNG."""
    root = rewrite('<g transform="matrix(1,0,0,1,20,30)"><text font-size="10.6667" x="4" '
                   'y="14.2031">A: activation std</text><text font-size="12" x="1" y="2">0.1'
                   '</text></g>')  # fmt: skip
    scaled, whole = root.iter("{http://www.w3.org/2000/svg}text")
    assert scaled.get("font-size") == "32" and (scaled.get("x"), scaled.get("y")) == (
        "12", "42.609")
    holder = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if scaled in list(g)][0]
    assert holder.get("transform") == "matrix(0.333333333,0,0,0.333333333,0,0)"
    assert whole.get("font-size") == "12" and whole.get("x") == "1"
