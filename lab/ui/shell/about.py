"""What the About box adds under the credits: this build's versions and the device in use.

A bug report needs them, and a GPU user wants to see that the CUDA build of torch was found.
Nothing here imports torch on the GUI thread: the labs' workers load it; until they have, the
installed version is read from the package metadata.
"""

from __future__ import annotations

import sys
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion

from lab import __version__
from lab.ui.common.i18n import tr


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return tr("not installed")


def device_in_use() -> str:
    """The device training runs pick with ``auto`` (lab.engine.core.devices), in words."""
    torch = sys.modules.get("torch")
    if torch is None:
        return tr("not known yet (torch is still loading)")
    if torch.cuda.is_available():
        return tr("CUDA GPU: {name}").format(name=torch.cuda.get_device_name(0))
    cuda = tr("; this torch build has no CUDA") if torch.version.cuda is None else ""
    return tr("CPU, {n} threads").format(n=torch.get_num_threads()) + cuda


def versions() -> list[tuple[str, str]]:
    """(component, version) rows for the About box."""
    torch = sys.modules.get("torch")
    torch_version = torch.__version__ if torch is not None else _installed("torch")
    return [("Descent Lab", __version__),
            ("Python", sys.version.split()[0]),
            ("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
            ("PyTorch", torch_version),
            ("numba", _installed("numba")),
            (tr("Device"), device_in_use())]  # fmt: skip


def about_html(credits: str) -> str:
    """The credits followed by a table of :func:`versions`."""
    rows = "".join(f"<tr><td><b>{name}</b>&nbsp;&nbsp;</td><td>{value}</td></tr>"
                   for name, value in versions())  # fmt: skip
    return f"{credits}<table>{rows}</table>"
