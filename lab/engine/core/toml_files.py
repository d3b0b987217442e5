"""Reading a user's TOML file (experiment, session) with every bound checked first.

Why one function: size, encoding, syntax and nesting are refused the same way for every kind of
file a user hands the app, each with a message naming the file, never a traceback.
"""

from __future__ import annotations

import tomllib

from lab.engine.core import fields as F


def load_toml(text: str | bytes, source: str, what: str, max_bytes: int,
              error: type[Exception]) -> dict:
    """The TOML document in ``text``; ``error(message)`` for anything that is not one of
    ``what`` (e.g. "a session file"): too large, not UTF-8, not TOML, nested too deeply."""
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise error(f"{source}: {len(text):,} bytes is too large for {what} "
                        f"(at most {max_bytes:,})")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise error(f"{source}: not UTF-8 text (byte 0x{text[err.start]:02x} at "
                        f"offset {err.start})") from None
    if len(text) > max_bytes:
        raise error(f"{source}: too large for {what}")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{source}: not valid TOML ({err})") from None
    except RecursionError:
        raise error(f"{source}: nested too deeply to be {what}") from None
    if F.depth(doc) > F.MAX_DEPTH:
        raise error(f"{source}: nested more than {F.MAX_DEPTH} levels deep")
    return doc
