"""The only place in the UI that owns threads: the latest-wins :mod:`.worker`, the generator
:mod:`.runner` (training runs and the search) and the :mod:`.registry` that joins them all."""

from threading import Lock  # noqa: E402  (for data a job and the GUI thread share; no thread)

__all__ = ["Lock"]
