"""Functions for the maps, prepared off the GUI thread: parsed, compiled and gridded once.

Picking or typing a function used to parse it (importing sympy on the first pick, ~0.7 s),
compile it and evaluate a 401 x 401 contour grid on the GUI thread, once per map: five times in
the 2x2 view. Here one worker does all of it; the band image is computed once per function and
view box and handed to every map, and kept in a small cache, so going back to a function is
instant. The bands also come coloured (RGBA bytes) from the worker, so a map's paint draws
them as they are: no level scaling or colour lookup per map on the GUI thread (a few ms
a map, five maps in the 2x2 view).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal

from lab.engine.optimize.functions import Surface, resolve_surface
from lab.ui.concurrency.worker import Worker

GRID = 401
BANDS = 18
CACHE_SIZE = 16
# light valleys, deeper blue walls: coloured trajectories stay readable everywhere
COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], ["#fdfdfd", "#b9d3ea", "#4a7fb5"])
_LUT = COLORMAP.getLookupTable(0.0, 1.0, 256, alpha=True)  # (256, 4) uint8


@dataclass(frozen=True, eq=False)
class PreparedSurface:
    """A resolved function with its contour bands over its view box (what every map draws)."""

    spec: str
    surface: Surface
    bands: np.ndarray  # (GRID, GRID) in [0, 1], rows are y
    rgba: np.ndarray  # (GRID, GRID, 4) uint8: the bands in COLORMAP's colours
    f_star: float | None  # the value at the known minima, for the loss plot's f - f*


def band_image(z: np.ndarray) -> np.ndarray:
    """Map values to BANDS discrete levels, log-spaced above the minimum, in [0, 1].

    Log spacing gives the valleys, where optimizers spend their time, as many bands as the
    walls."""
    finite = np.isfinite(z)
    if not finite.any():
        return np.zeros_like(z)
    low, high = np.min(z[finite]), np.max(z[finite])
    span = max(high - low, 1e-12)
    t = np.log10((np.where(finite, z, high) - low) / span + 1e-4)  # in [-4, 0]
    return np.floor((t + 4) / 4 * BANDS).clip(0, BANDS - 1) / (BANDS - 1)


def band_colors(bands: np.ndarray) -> np.ndarray:
    """The bands in colour, as pyqtgraph would draw them with levels (0, 1) and the 256-entry
    table: entry floor(256 v), clipped to 255."""
    return _LUT[np.clip((bands * 256).astype(np.intp), 0, 255)]


def prepare_surface(spec: str) -> PreparedSurface:
    """The worker's job: resolve ``spec`` (raises ExpressionError) and grid its view box."""
    surface = resolve_surface(spec)
    xmin, xmax, ymin, ymax = surface.box
    xs, ys = np.linspace(xmin, xmax, GRID), np.linspace(ymin, ymax, GRID)
    with np.errstate(all="ignore"):  # overflow far from the minimum is a band like any other
        z = surface.value(*np.meshgrid(xs, ys))
        f_star = surface.min_value()
    bands = band_image(np.asarray(z, dtype=float))
    return PreparedSurface(spec, surface, bands, band_colors(bands), f_star)


class SurfaceLoader(QObject):
    """Prepares the latest requested function in a worker; ``ready`` or ``failed`` answers.

    ``origin`` travels with each request ("user", "preset", "restore") so the lab can tell a
    typed expression the user must fix from saved settings that no longer validate."""

    ready = Signal(object, str)  # PreparedSurface, origin
    failed = Signal(str, str, str)  # spec, one-line message, origin

    def __init__(self, parent: QObject | None = None, needs: tuple[str, ...] = ()):
        super().__init__(parent)
        self.worker = Worker("surface", self, needs)
        self.worker.done.connect(self._finished)
        self.worker.failed.connect(self._failed)
        self._cache: OrderedDict[str, PreparedSurface] = OrderedDict()
        self._pending: tuple[str, str] | None = None  # (spec, origin) of the job in flight

    def request(self, spec: str, origin: str = "user") -> None:
        """Prepare ``spec``; a cached one answers at once (still through ``ready``)."""
        if spec in self._cache:
            self._cache.move_to_end(spec)
            if self._pending is not None:  # supersedes the job in flight: it says nothing
                self._pending = None
                self.worker.cancel()
            self.ready.emit(self._cache[spec], origin)
            return
        self.worker.submit(lambda: prepare_surface(spec))
        self._pending = (spec, origin)

    def is_busy(self) -> bool:
        return self._pending is not None

    def _finished(self, prepared) -> None:
        _, origin = self._pending
        self._pending = None
        self._cache[prepared.spec] = prepared
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.ready.emit(prepared, origin)

    def _failed(self, message: str) -> None:
        spec, origin = self._pending
        self._pending = None
        self.failed.emit(spec, message, origin)
