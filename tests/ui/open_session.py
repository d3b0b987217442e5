"""File > Open session answers through a signal: reading and checking run in a worker."""


def open_session(qtbot, sessions, path) -> bool:
    """Open ``path`` and wait for the answer: True when it was applied."""
    with qtbot.waitSignal(sessions.opened, timeout=120_000) as opened:
        sessions.open(str(path))
    return opened.args[0]
