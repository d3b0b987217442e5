"""Prove that code given a FIFO never waits for a writer: opening one for reading blocks until
a writer comes, so a thread offers itself as a writer and records whether anyone was waiting."""

import os
import threading
from contextlib import contextmanager


@contextmanager
def no_reader_waits(fifo):
    """Run the ``with`` body; fail if it opened ``fifo`` for reading and waited for a writer."""
    stop, connected = threading.Event(), []

    def writer() -> None:  # connects only if a reader is waiting in open()
        while not stop.wait(0.02):
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader has the pipe open
                continue
            connected.append(True)
            os.close(fd)
            return

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    assert not connected, "the reader blocked on the FIFO until a writer came"


@contextmanager
def no_writer_waits(fifo):
    """Run the ``with`` body; fail if it opened ``fifo`` for writing (it then waits for a
    reader): a thread offers itself as a reader now and then and records any byte written."""
    stop, received = threading.Event(), []

    def reader() -> None:
        while not stop.wait(0.02):
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            try:
                stop.wait(0.02)  # a writer blocked in open() gets through and writes now
                try:
                    received.append(os.read(fd, 1 << 16))
                except BlockingIOError:
                    pass
            finally:
                os.close(fd)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    assert not any(received), f"bytes were written into the FIFO: {received!r}"


@contextmanager
def nothing_written_into(fifo):
    """Run the ``with`` body with a reader holding ``fifo`` open (so a writer would not block
    the test for good); fail if anything was written into it."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        yield
        try:
            received = os.read(fd, 1 << 16)
        except BlockingIOError:  # no writer ever: nothing to read
            received = b""
    finally:
        os.close(fd)
    assert not received, f"{len(received)} bytes were written into the FIFO"
