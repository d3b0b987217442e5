"""The freedesktop launcher for the current user: `descent-lab --install-desktop-entry`.

A wheel or a bundle has no root-owned install step, so the user asks for the launcher: the
``.desktop`` file (its ``Exec`` pointing at the very command that was run), the icon in the
hicolor theme at every size, and the AppStream metainfo, all under ``$XDG_DATA_HOME``
(``~/.local/share`` by default; Desktop Entry and Icon Theme specifications). Uninstalling
removes exactly those files and nothing else. Qt-free, so the CLI can do it without a display.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

APP_ID = "io.github.descentlab.DescentLab"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class DesktopEntryError(Exception):
    """The launcher could not be written or removed (message names the path)."""


def package_dir() -> Path:
    """The folder of the shipped desktop files (a real folder in a wheel or a bundle)."""
    return Path(str(resources.files("lab.desktop")))


def icon_dir() -> Path:
    return package_dir() / "icons"


def icon_png(size: int) -> Path:
    """The shipped PNG of the application icon at ``size`` pixels."""
    return icon_dir() / f"{size}x{size}" / f"{APP_ID}.png"


def data_home() -> Path:
    """``$XDG_DATA_HOME`` if set to an absolute path, else ``~/.local/share`` (XDG spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this installation of the app: the frozen executable, the
    ``descent-lab`` script beside this Python, or ``python -m lab``."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.executable).with_name("descent-lab")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "lab"]


def _exec_quote(arg: str) -> str:
    """Quote one Exec argument (Desktop Entry spec, "The Exec key")."""
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg.replace("%", "%%")
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
    # the .desktop string-value escaping doubles the backslashes once more
    return '"' + escaped.replace("\\", "\\\\") + '"'


def desktop_entry_text(command: list[str] | None = None) -> str:
    """The shipped ``.desktop`` file with ``Exec``/``TryExec`` pointing at ``command``."""
    command = command or launch_command()
    lines = []
    for line in (package_dir() / f"{APP_ID}.desktop").read_text().splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(_exec_quote(a) for a in command)
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        lines.append(line)
    return "\n".join(lines) + "\n"


def installed_paths(home: Path | None = None) -> list[Path]:
    """Every file ``install_desktop_entry`` writes, for ``uninstall`` to remove."""
    home = home or data_home()
    icons = home / "icons" / "hicolor"
    return [home / "applications" / f"{APP_ID}.desktop",
            home / "metainfo" / f"{APP_ID}.metainfo.xml",
            icons / "scalable" / "apps" / f"{APP_ID}.svg",
            *(icons / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES)]  # fmt: skip


def install_desktop_entry(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the launcher, metainfo and icons under ``home``; return the files written."""
    home = home or data_home()
    sources = [None, package_dir() / f"{APP_ID}.metainfo.xml", icon_dir() / f"{APP_ID}.svg",
               *(icon_png(s) for s in ICON_SIZES)]  # fmt: skip
    targets = installed_paths(home)
    from lab.io.files import ExportError, atomic_write, atomic_write_text

    try:  # through the one atomic writer: a link planted in the menu folder is refused
        for source, target in zip(sources, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            if source is None:
                atomic_write_text(target, desktop_entry_text(command))
            else:
                atomic_write(target, lambda tmp, source=source: shutil.copyfile(source, tmp))
    except ExportError as err:
        raise DesktopEntryError(str(err)) from None
    except OSError as err:
        raise DesktopEntryError(f"cannot write {err.filename or home}: "
                                f"{err.strerror or err}") from None  # fmt: skip
    _refresh_caches(home)
    return targets


def uninstall_desktop_entry(home: Path | None = None) -> list[Path]:
    """Remove what ``install_desktop_entry`` wrote under ``home``; return the files removed."""
    home = home or data_home()
    removed = []
    for path in installed_paths(home):
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
        except OSError as err:
            raise DesktopEntryError(f"cannot remove {path}: {err.strerror or err}") from None
    _refresh_caches(home)
    return removed


def _refresh_caches(home: Path) -> None:
    """Best effort: menus pick up the change at once where the tool exists."""
    tool = shutil.which("update-desktop-database")
    if tool and (home / "applications").is_dir():
        subprocess.run([tool, "-q", str(home / "applications")], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
