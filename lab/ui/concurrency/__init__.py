"""The only place in the UI that owns threads: the latest-wins :mod:`.worker`, the generator
:mod:`.runner` (training runs and the search) and the :mod:`.registry` that joins them all.
``Lock`` guards data a job and the GUI thread share (it starts no thread)."""

from threading import Lock

__all__ = ["Lock"]
