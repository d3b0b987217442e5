"""Install-time commands: ``warmup`` and ``--install-desktop-entry`` / ``--uninstall-...``."""

from __future__ import annotations

import sys

from lab.io.names import printable


def warmup() -> int:
    """Compile the kernels into the cache and say where (``make run``/``make package`` call it)."""
    from lab.engine.jit.kernel_paths import cache_root
    from lab.engine.warmup import warm_kernels

    for module, seconds in warm_kernels().items():
        print(f"{module}: ready in {seconds:.1f} s")
    print(f"kernel cache: {printable(cache_root())}")
    return 0


def desktop_entry(install: bool) -> int:
    """Add or remove the launcher, icon and metainfo for the current user."""
    from lab.desktop.entry import DesktopEntryError, install_desktop_entry, uninstall_desktop_entry

    try:
        paths = install_desktop_entry() if install else uninstall_desktop_entry()
    except DesktopEntryError as err:
        print(f"descent-lab: error: {printable(err)}", file=sys.stderr)
        return 1
    verb = "wrote" if install else "removed"
    print(printable(f"{verb} {len(paths)} files" + (f", launcher {paths[0]}" if install else "")))
    return 0
