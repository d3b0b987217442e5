"""SVG that every renderer draws alike: Qt's SVG output rewritten into page coordinates.

Why (issue 16): ``QSvgGenerator`` writes each painter state as ``<g transform="matrix(...)">``
and marks cosmetic pens (all of pyqtgraph's) ``vector-effect="non-scaling-stroke"``. Under a
plot's stretched data-to-page matrix only Qt and browsers honour that; librsvg, ImageMagick and
the tools built on them drew 1 px curves as bands tens of pixels wide and markers as discs. So
the points are transformed, not the pen: geometry goes to page coordinates, a cosmetic pen keeps
its width (already in page pixels), a scaling pen's width is multiplied by the matrix's scale.
What has no stroke to distort (text, embedded images) keeps its matrix, which every renderer
applies the same way; so does a scaling pen under a stretched matrix (exact as it is) and a
gradient-painted shape (the gradient is in the shape's own units).
Qt also names the family it was asked for ("Sans Serif", a fontconfig alias browsers do not
know: they fell back to a serif face); the caller supplies a portable family list instead.

pyqtgraph's SVGExporter does a similar rewrite per item, but it raises on Qt 6's path data and
cannot export composite widgets; this works on the output of the same painting as the PNG.
Qt-free: XML in, XML out.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
PREFIXES = {SVG: "", XLINK: "xlink:", "http://www.w3.org/XML/1998/namespace": "xml:"}

Matrix = tuple[float, float, float, float, float, float]  # (a, b, c, d, e, f) as SVG's matrix()
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
GEOMETRY = {"path", "polyline", "polygon", "rect", "line", "ellipse", "circle"}
PAINT = ("fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-dashoffset")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"([MmLlHhVvCcSsQqTtZzAa])|({_NUMBER})|([\s,]+)|(.)")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}
_KAPPA = 0.5522847498  # cubic Bezier control distance for a quarter ellipse
# control characters XML 1.0 forbids: Qt copies them from text (a run name) and no SVG reader
# accepts the file; the PNG draws nothing for them (one byte each in UTF-8, never inside another)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def portable_svg(data: bytes, font_family: Callable[[str], str]) -> bytes:
    """Qt's SVG ``data`` with geometry in page coordinates and portable font families.

    ``font_family`` maps a family attribute as Qt wrote it to a CSS family list (e.g.
    ``'DejaVu Sans', sans-serif``). Raises ValueError on content Qt does not write (arcs, other
    transforms), so a picture is never silently distorted."""
    root = ET.fromstring(_CONTROL.sub(b"", data))
    if root.tag != f"{{{SVG}}}svg":
        raise ValueError("not an SVG document")
    for element in root.iter():
        _plain_names(element)
    root.set("xmlns", SVG)
    root.set("xmlns:xlink", XLINK)
    _rewrite_group(root, IDENTITY, {})
    families: dict[str, str] = {}
    for element in root.iter():
        family = element.get("font-family")
        if family is not None:
            element.set("font-family", families.setdefault(family, font_family(family)))
    _whole_font_sizes(root)
    root.set("version", "1.1")  # nothing from SVG Tiny 1.2 (vector-effect) is left
    root.attrib.pop("baseProfile", None)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _plain_names(element: ET.Element) -> None:
    """Names as Qt wrote them (``g``, ``xlink:href``): ElementTree would otherwise invent
    prefixes (``ns0:g``), and its default-namespace option refuses unprefixed attributes."""
    element.tag = _plain(element.tag)
    for key in [k for k in element.attrib if k.startswith("{")]:
        element.set(_plain(key), element.attrib.pop(key))


def _plain(name: str) -> str:
    if not name.startswith("{"):
        return name
    uri, _, local = name[1:].partition("}")
    if uri not in PREFIXES:
        raise ValueError(f"unexpected namespace {uri[:60]!r}")
    return PREFIXES[uri] + local


# ---- the tree --------------------------------------------------------------------------------
def _rewrite_group(group: ET.Element, ctm: Matrix, inherited: dict[str, str]) -> None:
    """Move ``group``'s geometry into page coordinates; wrap what must keep its matrix."""
    ctm = compose(ctm, parse_transform(group.attrib.pop("transform", "")))
    inherited = inherited | {k: group.attrib[k] for k in PAINT if k in group.attrib}
    scale = uniform_scale(ctm)
    children = []
    for child in list(group):
        name = child.tag
        if name == "g":
            _rewrite_group(child, ctm, inherited)
        elif name in GEOMETRY and _movable(child, scale, inherited):
            _move(child, name, ctm, scale, inherited)
        elif ctm != IDENTITY:  # text, images, gradient paint: the matrix is drawn alike
            _cosmetic_in_local_units(child, scale, inherited)
            wrapper = ET.Element("g", {"transform": format_matrix(ctm)})
            wrapper.append(child)
            child = wrapper
        children.append(child)
    group[:] = children


def _paint(element: ET.Element, inherited: dict[str, str], key: str, default: str) -> str:
    return element.get(key, inherited.get(key, default))


def _movable(element: ET.Element, scale: float | None, inherited: dict[str, str]) -> bool:
    """False for what is exact only under its matrix: gradient paint (its coordinates are the
    element's user space) and a scaling pen under a stretched matrix."""
    if any(_paint(element, inherited, k, "").startswith("url(") for k in ("fill", "stroke")):
        return False
    cosmetic = element.get("vector-effect") == "non-scaling-stroke"
    stroked = _paint(element, inherited, "stroke", "none") != "none"
    return cosmetic or not stroked or scale is not None


def _move(element: ET.Element, name: str, ctm: Matrix, scale: float | None,
          inherited: dict[str, str]) -> None:  # fmt: skip
    cosmetic = element.attrib.pop("vector-effect", None) == "non-scaling-stroke"
    _transform_geometry(element, name, ctm)
    if not cosmetic and scale is not None:  # a cosmetic width is in page pixels already
        _scale_stroke(element, inherited, scale)


def _cosmetic_in_local_units(element: ET.Element, scale: float | None,
                             inherited: dict[str, str]) -> None:  # fmt: skip
    """A cosmetic pen on a shape that keeps its matrix: its width in the matrix's units (exact
    for a uniform matrix; under a stretched one the vector-effect stays, Qt's plots draw none)."""
    if element.get("vector-effect") == "non-scaling-stroke" and scale:
        del element.attrib["vector-effect"]
        _scale_stroke(element, inherited, 1.0 / scale)


def _scale_stroke(element: ET.Element, inherited: dict[str, str], factor: float) -> None:
    if factor == 1.0 or _paint(element, inherited, "stroke", "none") == "none":
        return
    width = float(_paint(element, inherited, "stroke-width", "1"))
    element.set("stroke-width", f"{width * factor:.6g}")  # in a matrix's units: may be tiny
    dashes = _paint(element, inherited, "stroke-dasharray", "none")
    if dashes != "none":
        element.set("stroke-dasharray", ",".join(f"{v * factor:.6g}" for v in _numbers(dashes)))
    offset = _paint(element, inherited, "stroke-dashoffset", "")
    if offset:
        element.set("stroke-dashoffset", f"{float(offset) * factor:.6g}")


def _transform_geometry(element: ET.Element, name: str, m: Matrix) -> None:
    """Rewrite one shape in page coordinates (rects and ellipses become paths: a matrix may
    rotate or shear them)."""
    if name == "path":
        element.set("d", transform_path(element.get("d", ""), m))
    elif name in ("polyline", "polygon"):
        values = _numbers(element.get("points", ""))
        if len(values) % 2:
            raise ValueError(f"odd number of coordinates in a {name}")
        points = [apply(m, x, y) for x, y in zip(values[::2], values[1::2], strict=True)]
        element.set("points", " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points))
    elif name == "line":
        for x_key, y_key in (("x1", "y1"), ("x2", "y2")):
            x, y = apply(m, _float(element, x_key), _float(element, y_key))
            element.set(x_key, _fmt(x))
            element.set(y_key, _fmt(y))
    else:
        d = _rect_path(element) if name == "rect" else _ellipse_path(element, name)
        for key in ("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r"):
            element.attrib.pop(key, None)
        element.tag = "path"
        element.set("d", transform_path(d, m))


def _float(element: ET.Element, key: str, default: str = "0") -> float:
    return float(element.get(key, default))


def _rect_path(element: ET.Element) -> str:
    if _float(element, "rx") or _float(element, "ry"):
        raise ValueError("rounded rectangles are not supported")
    x, y = _float(element, "x"), _float(element, "y")
    w, h = _float(element, "width"), _float(element, "height")
    return f"M{x},{y} L{x + w},{y} L{x + w},{y + h} L{x},{y + h} Z"


def _ellipse_path(element: ET.Element, name: str) -> str:
    cx, cy = _float(element, "cx"), _float(element, "cy")
    rx = _float(element, "r") if name == "circle" else _float(element, "rx")
    ry = _float(element, "r") if name == "circle" else _float(element, "ry")
    kx, ky = _KAPPA * rx, _KAPPA * ry
    return (f"M{cx + rx},{cy} C{cx + rx},{cy + ky} {cx + kx},{cy + ry} {cx},{cy + ry} "
            f"C{cx - kx},{cy + ry} {cx - rx},{cy + ky} {cx - rx},{cy} "
            f"C{cx - rx},{cy - ky} {cx - kx},{cy - ry} {cx},{cy - ry} "
            f"C{cx + kx},{cy - ry} {cx + rx},{cy - ky} {cx + rx},{cy} Z")


def _whole_font_sizes(root: ET.Element) -> None:
    """Text at a fractional size (8 pt is 10.667 px) drawn k times larger in a group scaled by
    1/k: Qt's SVG renderer truncates font sizes to whole pixels (10.667 drew as 10: legends 6 %
    narrower than in the PNG, librsvg and browsers), and every renderer draws this alike."""
    for parent in list(root.iter()):
        for index, text in enumerate(list(parent)):
            if text.tag != "text" or "font-size" not in text.attrib:
                continue
            size = float(text.get("font-size"))
            k = next((k for k in range(1, 13) if abs(size * k - round(size * k)) < 0.01), 1)
            if k == 1:
                continue
            text.set("font-size", str(round(size * k)))
            for key in ("x", "y"):
                if key in text.attrib:
                    text.set(key, " ".join(_fmt(v * k) for v in _numbers(text.get(key))))
            holder = ET.Element("g", {"transform": f"matrix({1 / k:.9g},0,0,{1 / k:.9g},0,0)"})
            holder.append(text)
            parent[index] = holder


# ---- matrices --------------------------------------------------------------------------------
def parse_transform(text: str) -> Matrix:
    """The ``matrix(a,b,c,d,e,f)`` Qt writes (or none); anything else is refused."""
    text = text.strip()
    if not text:
        return IDENTITY
    match = re.fullmatch(r"matrix\s*\(([^)]*)\)", text)
    values = _numbers(match.group(1)) if match else []
    if len(values) != 6:
        raise ValueError(f"unsupported transform {text[:60]!r}")
    return tuple(values)  # type: ignore[return-value]


def compose(outer: Matrix, inner: Matrix) -> Matrix:
    """``outer`` after ``inner`` (a child's matrix inside its parent's)."""
    a1, b1, c1, d1, e1, f1 = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2,
            a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1)  # fmt: skip


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def uniform_scale(m: Matrix, tolerance: float = 1e-3) -> float | None:
    """How much ``m`` scales lengths when it scales all directions alike (rotations and flips
    allowed), else None: the singular values of its linear part, compared."""
    a, b, c, d = m[:4]
    half_trace = (a * a + b * b + c * c + d * d) / 2
    spread = math.hypot((a * a + b * b - c * c - d * d) / 2, a * c + b * d)
    largest = math.sqrt(half_trace + spread)
    smallest = math.sqrt(max(half_trace - spread, 0.0))
    return largest if largest - smallest <= tolerance * largest else None


def format_matrix(m: Matrix) -> str:
    return "matrix(" + ",".join(f"{v:.9g}" for v in m) + ")"  # data-space scales may be tiny


# ---- path data -------------------------------------------------------------------------------
def transform_path(d: str, m: Matrix) -> str:
    """Path data ``d`` mapped through ``m``, written as absolute M, L, C, Q and Z."""
    parts = []
    for command, points in absolute_segments(d):
        mapped = (apply(m, x, y) for x, y in points)
        parts.append(command + " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in mapped))
    return " ".join(parts)


def absolute_segments(d: str) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """Each segment of ``d`` as (M | L | C | Q | Z, its absolute points): relative commands
    resolved, H and V as lines, S and T with their reflected control points made explicit
    (a matrix maps these point by point; arcs would not, and Qt never writes them)."""
    x = y = start_x = start_y = 0.0
    previous: tuple[str, tuple[float, float]] | None = None  # last curve and its control point
    for letter, numbers in _commands(d):
        kind, relative = letter.upper(), letter.islower()
        if kind == "Z":
            yield "Z", []
            x, y, previous = start_x, start_y, None
            continue
        arity = _ARITY[kind]
        if not numbers or len(numbers) % arity:
            raise ValueError(f"path command {letter} has {len(numbers)} numbers")
        for i in range(0, len(numbers), arity):
            values = numbers[i:i + arity]
            if kind == "H":
                points = [(values[0] + x if relative else values[0], y)]
            elif kind == "V":
                points = [(x, values[0] + y if relative else values[0])]
            else:
                dx, dy = (x, y) if relative else (0.0, 0.0)
                points = [(values[j] + dx, values[j + 1] + dy) for j in range(0, arity, 2)]
            segment = {"H": "L", "V": "L", "S": "C", "T": "Q"}.get(kind, kind)
            if kind in ("S", "T"):  # the first control point mirrors the previous curve's
                px, py = previous[1] if previous and previous[0] == segment else (x, y)
                points.insert(0, (2 * x - px, 2 * y - py))
            if kind == "M" and i:
                segment = "L"  # extra pairs after a moveto are lines
            elif kind == "M":
                start_x, start_y = points[0]
            previous = (segment, points[-2]) if segment in ("C", "Q") else None
            x, y = points[-1]
            yield segment, points


def _commands(d: str) -> Iterator[tuple[str, list[float]]]:
    letter, numbers = None, []
    for match in _TOKEN.finditer(d):
        command, number, _separator, junk = match.groups()
        if junk is not None:
            raise ValueError(f"unexpected {junk!r} in path data")
        if command is not None:
            if command in "Aa":
                raise ValueError("elliptical arcs in path data are not supported")
            if letter is not None:
                yield letter, numbers
            letter, numbers = command, []
        elif number is not None:
            if letter is None:
                raise ValueError("path data must start with a command")
            numbers.append(_finite(number))
    if letter is not None:
        yield letter, numbers


# ---- numbers ---------------------------------------------------------------------------------
def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"non-finite coordinate {text!r}")
    return value


def _numbers(text: str) -> list[float]:
    return [_finite(v) for v in re.split(r"[\s,]+", text.strip()) if v]


def _fmt(value: float) -> str:
    """A page coordinate to 1/1000 of a pixel, in the shortest fixed-point text."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
