"""The one registry of the app's background threads: where they start and where they are joined.

Why it exists: a thread nobody joins outlives its window (Qt then warns "QThread destroyed" or a
worker emits into deleted objects), and three owners with three protocols each joined their own,
or not at all. Here, every thread is started by :func:`start_thread`, and every object that owns
one (a :class:`~lab.ui.concurrency.worker.Worker`, a
:class:`~lab.ui.concurrency.runner.GeneratorRunner`) registers itself, so quitting the app
(:func:`shutdown_all`) or closing one lab (:func:`shutdown_within`) joins them all: first every
owner is asked to stop, then each is joined against one shared deadline, so owners wind down
together instead of one after another. Nothing in ``lab/ui`` outside this package starts a thread
(a test reads the sources).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Protocol

from shiboken6 import isValid


class ThreadOwner(Protocol):
    """What the registry asks of an owner: stop soon, then wait (True: ended in time)."""

    def request_stop(self) -> None: ...

    def join(self, timeout: float) -> bool: ...

    def parent(self): ...


_owners: weakref.WeakSet = weakref.WeakSet()


def register(owner: ThreadOwner) -> None:
    """Known until it is garbage-collected (its thread, if any, is joined before then)."""
    _owners.add(owner)


def owners() -> list[ThreadOwner]:
    return list(_owners)


def start_thread(name: str, target: Callable[[], None]) -> threading.Thread:
    """The only place the UI starts a thread. Daemon, so a crash elsewhere cannot hang the
    process at exit; the owner's ``join`` (through this registry) still ends it."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


def join_thread(thread: threading.Thread | None, timeout: float) -> bool:
    """True when ``thread`` is None or ended within ``timeout`` seconds."""
    if thread is not None:
        thread.join(max(0.0, timeout))
        return not thread.is_alive()
    return True


def shutdown_all(timeout: float = 2.0) -> bool:
    """Stop and join every registered owner (the app quits); True if all ended in time."""
    return _shutdown(owners(), timeout)


def shutdown_within(ancestor, timeout: float = 2.0) -> bool:
    """Stop and join the owners that are ``ancestor`` or among its Qt descendants (a lab
    closing joins its own workers and runner, whatever the module that made them)."""
    return _shutdown([o for o in owners() if _is_within(o, ancestor)], timeout)


def _shutdown(chosen: list[ThreadOwner], timeout: float) -> bool:
    for owner in chosen:
        owner.request_stop()
    deadline = time.monotonic() + timeout
    return all([owner.join(deadline - time.monotonic()) for owner in chosen])


def _is_within(owner, ancestor) -> bool:
    """An owner whose Qt object is gone (its window deleted without closing) belongs to no
    one any more; only :func:`shutdown_all` joins its thread (which needs no Qt object)."""
    node = owner
    while node is not None:
        if not isValid(node):
            return False
        if node is ancestor:
            return True
        node = node.parent()
    return False
