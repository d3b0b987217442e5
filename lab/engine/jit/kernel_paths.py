"""Where the compiled numba kernels are kept (numba-free, so the GUI thread may ask cheaply).

``$DESCENT_LAB_KERNEL_CACHE`` if set, else the user cache directory
(``$XDG_CACHE_HOME/descent-lab/kernels``, XDG Base Directory spec); a frozen bundle carries a
cache compiled by ``make package`` and seeds the user's folder from it. The locator that puts
the kernels there is :mod:`lab.engine.jit.kernel_cache`.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from lab.io.files import atomic_write

CACHE_ENV = "DESCENT_LAB_KERNEL_CACHE"
BUNDLED_CACHE = "kernel-cache"  # folder inside a frozen bundle's data (sys._MEIPASS)


def cache_root() -> Path:
    """The folder of every compiled kernel (one subfolder per module)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "")
    base_path = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return base_path / "descent-lab" / "kernels"


def index_file(module: str, qualname: str) -> Path:
    """numba's index file of one kernel under our locator (``<file>.<qualname>-lab.pyXY.nbi``)."""
    stem = module.rsplit(".", 1)[-1]
    version = f"py{sys.version_info[0]}{sys.version_info[1]}{getattr(sys, 'abiflags', '')}"
    return cache_root() / module / f"{stem}.{qualname}-lab.{version}.nbi"


def looks_compiled(module: str, qualname: str) -> bool:
    """Whether a kernel was compiled into the cache (or the bundle's seed) at some point: a
    cheap guess for the UI, which then says "compiling" only on a truly cold start."""
    if index_file(module, qualname).is_file():
        return True
    seed = bundled_cache()
    return seed is not None and (seed / module).is_dir()


def bundled_cache() -> Path | None:
    """The cache compiled into a frozen bundle by ``make package``, if this is one."""
    root = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or root is None:
        return None
    folder = Path(root) / BUNDLED_CACHE
    return folder if folder.is_dir() else None


def seed_from_bundle(target: Path) -> None:
    """Copy the bundle's precompiled kernels into ``target`` where it has none or older ones
    (the bundle may be read-only; numba writes new signatures beside the seeded ones, and a
    newer bundle's kernels replace an older bundle's)."""
    source = bundled_cache()
    if source is None or (target.exists() and source.resolve() == target.resolve()):
        return
    for item in source.rglob("*"):
        dest = target / item.relative_to(source)
        if item.is_file() and (not dest.exists()
                               or dest.stat().st_mtime < item.stat().st_mtime):
            dest.parent.mkdir(parents=True, exist_ok=True)
            # copy2 keeps the bundle's time: a later launch copies nothing
            atomic_write(dest, lambda tmp, item=item: shutil.copy2(item, tmp))
