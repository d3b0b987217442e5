"""User-given names (run names from an experiment file) turned into safe, distinct file stems.

Why: a run name goes into file names (``<stem>.safetensors``, ``<stem>.json``...). Unchecked,
``../../x``, an absolute path, ``""`` or ``.`` wrote outside the output folder, and names that
differ only after a dot (``v1.0``/``v1.5``) or only in case (on case-insensitive file systems)
shared files. A stem from :func:`safe_stem` is a single path component on POSIX and Windows;
:func:`unique_stems` refuses a set of names whose stems would collide. Callers append their
suffix to the stem as text (``f"{stem}.json"``) and never strip one (``Path.with_suffix``
would turn ``v1.0`` into ``v1``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

MAX_STEM_BYTES = 96
"""Bound on a stem's UTF-8 size: 255-byte file-name limit minus room for a suffix and the
``.<name>.<random>.part`` temp name of an atomic write."""

# Windows refuses these as a file name, with or without an extension ("CON.txt", "com1.json").
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{c}" for c in "0123456789¹²³"), *(f"LPT{c}" for c in "0123456789¹²³")}
# separators and characters Windows forbids in a file name
_FORBIDDEN = set('/\\<>:"|?*')
_DOTS = re.compile(r"\.{2,}")


class NameCollisionError(ValueError):
    """Names that would share a file name; the message lists every collision."""


def _safe_char(ch: str) -> str:
    if ch in _FORBIDDEN:
        return "_"
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):  # NUL, controls, bidi marks...
        return "_"
    if category == "Zs":  # every kind of space becomes a plain one
        return " "
    return ch


def safe_stem(name: str) -> str:
    """A file stem for ``name``: one path component, safe on POSIX and Windows.

    Separators, Windows-forbidden characters, NUL, control and format characters become
    ``_``; runs of dots become one dot (no ``..``); leading and trailing dots and spaces go;
    a reserved Windows device name gets a ``_`` prefix; an empty result becomes ``unnamed``;
    a stem longer than :data:`MAX_STEM_BYTES` is cut and given a hash of the full name so
    that long names stay distinct. Dots inside the name are kept (``v1.0`` stays ``v1.0``).
    """
    if not isinstance(name, str):
        raise TypeError(f"a name must be text, not {type(name).__name__}")
    text = unicodedata.normalize("NFC", name)
    stem = "".join(_safe_char(ch) for ch in text)
    stem = _DOTS.sub(".", stem).strip(". ")
    if not stem:
        stem = "unnamed"
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        room = MAX_STEM_BYTES - len(digest) - 1
        cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
        stem = f"{cut}-{digest}"
    return stem


def stem_key(stem: str) -> str:
    """The form in which two stems name the same file on a case-insensitive file system."""
    return unicodedata.normalize("NFKC", stem).casefold()


def unique_stems(names: Iterable[str]) -> dict[str, str]:
    """``{name: safe_stem(name)}``, or :class:`NameCollisionError` listing every collision.

    Two names collide when their stems are equal ignoring case and Unicode compatibility
    forms (``Run``/``run``, ``a/b``/``a_b``); a name given twice collides with itself.
    """
    stems: dict[str, str] = {}
    by_key: dict[str, list[str]] = {}
    for name in names:
        stem = safe_stem(name)
        if name not in stems:
            stems[name] = stem
        by_key.setdefault(stem_key(stem), []).append(name)
    clashes = [group for group in by_key.values() if len(group) > 1]
    if clashes:
        lines = [" and ".join(repr(n) for n in group) + f" would share the file name "
                 f"'{safe_stem(group[0])}'" for group in clashes]
        raise NameCollisionError("run names must give distinct file names: "
                                 + "; ".join(lines))
    return stems


_UNPRINTABLE = ("Cc", "Cf", "Cs", "Zl", "Zp")  # controls (ESC, NUL, CR), bidi and format marks


def printable(text: object, keep_newlines: bool = False) -> str:
    """``text`` safe to print to a terminal or a log: every control, format (bidi overrides,
    zero-width), surrogate and line/paragraph-separator character becomes a visible escape
    (``\\x1b``, ``\\u202e``), so a run name, a study name or a path can neither send escape
    sequences (clear the screen, set the window title), reorder the line, cut it short nor
    start a new one. ``keep_newlines`` keeps ``\\n`` (multi-line text of our own, such as
    argparse's usage). Everything else, non-ASCII letters included, is kept as it is."""
    out = []
    for ch in str(text):
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif unicodedata.category(ch) in _UNPRINTABLE:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)
