"""Descent Lab: see and measure how neural networks are optimized and initialized."""

import os as _os
import sys as _sys

# the one place the version is written: pyproject.toml reads it (dynamic), `--version`, the
# About box, the AppStream release and the bundle's name show it
__version__ = "0.1.0"

# Compiled kernels go where lab.engine.jit.kernel_cache says and stay valid across edits that
# do not change them. numba reads this when it loads (and again before each compile); the
# standard locators follow ours for everyone else's kernels. Cheap: numba is not imported here.
_LOCATORS = ("lab.engine.jit.kernel_cache.StableLocator,UserProvidedCacheLocator,"
             "InTreeCacheLocator,UserWideCacheLocator,IPythonCacheLocator,ZipCacheLocator")
if "NUMBA_CACHE_LOCATOR_CLASSES" not in _os.environ:
    _os.environ["NUMBA_CACHE_LOCATOR_CLASSES"] = _LOCATORS
    if "numba.core.config" in _sys.modules:  # numba came first: make it read the setting now
        _sys.modules["numba.core.config"].reload_config()
if getattr(_sys, "frozen", False):
    # a bundle's kernels are compiled by `make package` on the build machine: code for a
    # generic x86-64 CPU loads on any user's machine (numba keys its cache by CPU)
    _os.environ.setdefault("NUMBA_CPU_NAME", "generic")
