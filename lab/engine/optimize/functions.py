"""Built-in 2-D test functions and typed ones, as one :class:`Surface` type.

Every surface, built-in or typed, goes through the same path: a formula, parsed by the allow-list
parser, differentiated symbolically (so gradients are analytic), compiled to stack programs in
the compiler process, with a time and memory budget whoever asked (the function field, a session,
saved settings, the CLI: :mod:`lab.engine.optimize.surface_compiler`); the programs are kept on
disk (:mod:`lab.engine.optimize.surface_cache`), so a later launch draws a formula it has seen
without starting the compiler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from lab.engine.core.specs import check_known, parse_spec
from lab.engine.optimize import surface_cache
from lab.engine.optimize.expression_syntax import ExpressionError
from lab.engine.optimize.programs import CompiledSurface
from lab.engine.optimize.surface_compiler import compile_formula

Box = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax


@dataclass(frozen=True)
class FunctionSpec:
    """A built-in function: its formula (with {parameters}), view box and known minima."""

    name: str
    title: str
    formula: str
    box: Box
    minima: tuple[tuple[float, float], ...]
    params: dict[str, float] = field(default_factory=dict)
    note: str = ""


BUILTIN_FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        FunctionSpec("book", "x²/20 + y² (Deep Learning from Scratch)", "x**2/20 + y**2",
                     (-10, 10, -5, 5), ((0.0, 0.0),),
                     note="Elongated bowl: steep in y, shallow in x; SGD zig-zags."),
        FunctionSpec("rosenbrock", "Rosenbrock valley", "({a} - x)**2 + {b}*(y - x**2)**2",
                     (-2, 2, -1, 3), ((1.0, 1.0),), {"a": 1.0, "b": 100.0},
                     note="A curved, flat-bottomed valley: easy to find, slow to follow."),
        FunctionSpec("beale", "Beale",
                     "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
                     (-4.5, 4.5, -4.5, 4.5), ((3.0, 0.5),),
                     note="Sharp ridges and flat plateaus around the minimum at (3, 0.5)."),
        FunctionSpec("himmelblau", "Himmelblau", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                     (-5, 5, -5, 5),
                     ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                      (3.584428, -1.848126)),
                     note="Four equal minima: the start point decides which one is found."),
        FunctionSpec("rastrigin", "Rastrigin",
                     "2*{A} + x**2 - {A}*cos(2*pi*x) + y**2 - {A}*cos(2*pi*y)",
                     (-5.12, 5.12, -5.12, 5.12), ((0.0, 0.0),), {"A": 10.0},
                     note="A grid of local minima around one global minimum."),
        FunctionSpec("saddle", "Saddle x² − y²", "x**2 - y**2", (-2, 2, -2, 2), (),
                     note="No minimum: (0, 0) is a saddle point; runs escape along y."),
        FunctionSpec("booth", "Booth", "(x + 2*y - 7)**2 + (2*x + y - 5)**2",
                     (-10, 10, -10, 10), ((1.0, 3.0),),
                     note="A tilted bowl with its minimum at (1, 3)."),
        FunctionSpec("quadratic", "Ill-conditioned quadratic", "(x**2 + {kappa}*y**2)/2",
                     (-10, 10, -10, 10), ((0.0, 0.0),), {"kappa": 10.0},
                     note="kappa: the ratio of the largest to the smallest curvature."),
    )
}  # fmt: skip


@dataclass(frozen=True, eq=False)
class Surface:
    """A function ready to optimize: formula, compiled programs, view box and minima."""

    name: str
    title: str
    formula: str
    box: Box
    minima: tuple[tuple[float, float], ...]
    compiled: CompiledSurface
    note: str = ""

    def value(self, x, y) -> np.ndarray:
        return self.compiled.value(x, y)

    def gradient(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return self.compiled.gradient(x, y)

    @property
    def divergence_bound(self) -> float:
        """|x| or |y| beyond this counts as diverged: far outside any sensible view."""
        return 1e3 * max(abs(v) for v in self.box)

    def min_value(self) -> float | None:
        if not self.minima:
            return None
        xs, ys = np.array(self.minima).T
        return float(np.min(self.value(xs, ys)))


def builtin_surface(name: str, **params: float) -> Surface:
    """A built-in function by name, with optional parameter overrides."""
    if name not in BUILTIN_FUNCTIONS:
        known = ", ".join(BUILTIN_FUNCTIONS)
        raise ExpressionError(f"unknown function '{name}'; built-ins: {known}")
    spec = BUILTIN_FUNCTIONS[name]
    check_known(f"function '{name}'", params, spec.params, ExpressionError)
    values = {**spec.params, **params}
    return _build(spec.name, spec.title, spec.formula.format(**values), spec.box, spec.minima,
                  spec.note)  # fmt: skip


def typed_surface(text: str, box: Box = (-5, 5, -5, 5)) -> Surface:
    """A user-typed f(x, y); raises ExpressionError with a one-line message."""
    return _build("custom", f"f(x, y) = {text.strip()}", text, box, (), "")


def resolve_surface(spec: str) -> Surface:
    """``book``, ``quadratic:kappa=100`` or a typed expression such as ``x**2 + 3*y**2``."""
    if spec.partition(":")[0].strip() in BUILTIN_FUNCTIONS:
        name, params = parse_spec(spec, ExpressionError)
        return builtin_surface(name, **params)
    return typed_surface(spec)


@lru_cache(maxsize=64)
def _build(name, title, formula, box, minima, note) -> Surface:
    text = formula.strip() if isinstance(formula, str) else formula
    compiled = surface_cache.load(text) if isinstance(text, str) else None
    if compiled is None:  # parse, differentiate (SymPy) and compile; kept for later launches
        compiled = compile_formula(formula)
        surface_cache.store(text, compiled)
    box = tuple(float(v) for v in box)
    return Surface(name, title, text, box, tuple(minima), compiled, note)
