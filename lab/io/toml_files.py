"""Reading and writing the TOML files a user hands the app (experiments, sessions).

Why one module: size, encoding, syntax and nesting are refused the same way for every kind of
file, each with a message naming the file, never a traceback; and values are written one way
(tomllib reads but does not write).
"""

from __future__ import annotations

import json
import math
import tomllib

from lab.io.nesting import MAX_DEPTH, depth


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
    # a byte-order mark, as Windows editors save "UTF-8": text, not "Invalid statement" at 1:1
    text = text.removeprefix("\ufeff")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(f"{source}: not valid TOML ({err})") from None
    except RecursionError:
        raise error(f"{source}: nested too deeply to be {what}") from None
    if depth(doc) > MAX_DEPTH:
        raise error(f"{source}: nested more than {MAX_DEPTH} levels deep")
    return doc


def toml_key(key: str) -> str:
    """A key as TOML writes it: bare when it can be, quoted otherwise."""
    if not isinstance(key, str):
        raise TypeError(f"a key must be text, not {type(key).__name__}")
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else toml_value(key)


def toml_value(value, what: str = "a TOML file") -> str:
    """A value as TOML text (inline tables for dicts; None entries of a table are left out)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written to {what}")
        return repr(value)
    if isinstance(value, str):
        # a TOML basic string takes JSON's escapes; DEL must be escaped too, and astral
        # characters stay literal (TOML's \u takes no surrogate pairs)
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v, what) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v, what)}"
                                for k, v in value.items() if v is not None) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to {what}")
