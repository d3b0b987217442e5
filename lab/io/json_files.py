"""Reading JSON the app is handed (study journals and their attributes, weights JSON, run
folders, saved settings): any failure is one message naming the file, never a traceback.

Why one function: ``json.loads`` raises three kinds of error for bad text, and a fourth,
``RecursionError``, for text nested deeper than the interpreter's stack (a journal line of
100 000 brackets), which callers catching ``ValueError`` let through as a traceback. Data that
parses but is nested past :data:`lab.io.nesting.MAX_DEPTH` is refused too, as for TOML
files: nothing the app writes comes near it, and code walking it later need not guard itself.
"""

from __future__ import annotations

import json

from lab.io.nesting import MAX_DEPTH, depth


class JsonError(ValueError):
    """JSON that cannot be read; the message names its source and the problem."""


def load_json(text: str | bytes, source: str, error: type[ValueError] = JsonError):
    """The value in ``text``; ``error(message)`` naming ``source`` when it is not JSON."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise error(f"{source}: nested too deeply to be read") from None
    except UnicodeDecodeError as err:
        raise error(f"{source}: not UTF-8 text (byte 0x{err.object[err.start]:02x} at "
                    f"offset {err.start})") from None
    except json.JSONDecodeError as err:
        raise error(f"{source}: not valid JSON ({err.msg} at line {err.lineno}, "
                    f"column {err.colno})") from None
    if depth(value) > MAX_DEPTH:
        raise error(f"{source}: nested more than {MAX_DEPTH} levels deep")
    return value
