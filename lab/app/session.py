"""Session files (TOML): every lab's settings in one file a teacher can hand to a class.

    [session]
    format = "descent-lab-session"
    version = 1
    app = "0.4.0"                  # the Descent Lab that wrote it (for humans)

    [optimizer]                    # one table per lab; what each holds is the lab's business
    function = "book"
    optimizers = ["sgd:lr=0.95", "adam:lr=0.3"]

    [[train.runs]]
    name = "adam"
    optimizer = "adam:lr=0.001"

This module knows the envelope (header, version, sections, size and nesting limits) and each
section's schema: the keys it may hold, refused by name otherwise with the rule experiment files
follow (:func:`lab.engine.core.fields.unknown_keys`), and how many items each list may hold (a
file of 3 000 runs would be read, checked and shown for half a minute). It writes plain data
(tables, arrays of tables, scalars, lists) as TOML; each section's values are checked by the
validator of its :class:`Section`, so that the whole file is checked before any lab changes, and
every problem of every section reaches the user in one message. Results are not part of a
session: they stay in their run folders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lab.engine.core.fields import ConfigError, unknown_keys
from lab.io.toml_files import load_toml, toml_key, toml_value

FORMAT = "descent-lab-session"
VERSION = 1  # raise when a section changes incompatibly; older files keep opening
WHAT = "a session file"
MAX_BYTES = 4 * 2**20  # a session is a few kB; a larger file is not one

Validator = Callable[[dict], list[str]]  # a section's problems, [] when it can be applied
# what a validator's slip on odd data raises; Section.problems turns each into one line
SLIPS = (KeyError, TypeError, ValueError, AttributeError, RecursionError)


@dataclass(frozen=True)
class Section:
    """A lab's section: the keys it may hold, the most items each list may hold, and the
    check of its values (run only when the counts are within bounds)."""

    check: Validator
    keys: tuple[str, ...]
    counts: Mapping[str, int] = field(default_factory=dict)

    def problems(self, section: dict) -> list[str]:
        found = unknown_keys(section, self.keys)
        too_many = [f"{key}: {len(section[key]):,} items; a session holds at most {most:,}"
                    for key, most in self.counts.items()
                    if isinstance(section.get(key), list) and len(section[key]) > most]
        if too_many:
            return found + too_many  # not worth reading item by item
        try:
            return found + self.check(section)
        except SLIPS as err:
            return [*found, str(err) or type(err).__name__]  # a validator's slip, one line


# ---- what the labs' validators share (each lab's section lives in its own folder) --------------
def preset_problems(section: dict, presets: Mapping) -> list[str]:
    """The section's ``preset``, if any, must be one of ``presets``."""
    key = section.get("preset")
    if key is None or key in presets:
        return []
    return [f"unknown preset {key!r} (known: {', '.join(presets)})"]


def without_preset(section: dict) -> dict:
    """A section as the lab's saved settings (the preset shown is the session's)."""
    return {k: v for k, v in section.items() if k != "preset"}


def reader_problems(read: Callable[[dict], object], section: dict) -> list[str]:
    """The problems the lab's own reader of saved settings finds in the section (the same
    declarations, the same messages as its saved settings and the command line)."""
    try:
        read(without_preset(section))
    except ConfigError as err:
        return err.problems
    return []


def error_text(err: BaseException) -> str:
    """An error's message on one line (a session message lists one problem a line)."""
    return " ".join(str(err).split()) or type(err).__name__


class SessionError(ValueError):
    """Every problem of a session file, one per line (the file changed nothing)."""


def format_session(sections: Mapping[str, dict], app_version: str = "") -> str:
    """The sections as a session file that :func:`parse_session` reads back equal (values of
    None are left out: TOML has no null, and readers treat a missing key as None)."""
    header = {"format": FORMAT, "version": VERSION}
    if app_version:
        header["app"] = app_version
    lines = ["# Descent Lab session: open it with File > Open session… (Ctrl+O)", ""]
    for name, table in {"session": header, **sections}.items():
        if not isinstance(table, dict):
            raise TypeError(f"section {name} must be a dict")
        _table(lines, [name], table, array=False)
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(lines: list[str], path: list[str], table: dict, array: bool) -> None:
    """``[path]`` (``[[path]]`` in an array of tables): plain keys first, then sub-tables,
    since TOML puts every key after a table header into that table."""
    head = ".".join(toml_key(p) for p in path)
    lines.append(f"[[{head}]]" if array else f"[{head}]")
    nested = []
    for key, value in table.items():
        if value is None:
            continue
        if isinstance(value, dict) or (isinstance(value, list) and value
                                       and all(isinstance(v, dict) for v in value)):
            nested.append((key, value))
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value, WHAT)}")
    lines.append("")
    for key, value in nested:
        if isinstance(value, dict):
            _table(lines, [*path, key], value, array=False)
        else:
            for item in value:
                _table(lines, [*path, key], item, array=True)


def parse_session(text: str | bytes, validators: Mapping[str, Section],
                  source: str = "session") -> dict[str, dict]:
    """The file's lab sections, each accepted by its :class:`Section`; SessionError (one
    message listing every problem) otherwise. Sections the file leaves out are not returned:
    those labs keep their settings."""
    doc = load_toml(text, source, WHAT, MAX_BYTES, SessionError)
    header = doc.get("session")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SessionError(f"{source}: not a Descent Lab session file (it has no [session] "
                           f"table with format = \"{FORMAT}\")")
    version = header.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SessionError(f"{source}: the session version must be a whole number ≥ 1, "
                           f"not {version!r}")
    if version > VERSION:
        app = header.get("app")
        by = f" (Descent Lab {app})" if isinstance(app, str) and app else ""
        raise SessionError(f"{source}: written by a newer Descent Lab{by} in session format "
                           f"version {version}; this one reads version {VERSION} and older. "
                           "Nothing was changed.")
    problems: list[str] = []
    unknown = sorted(set(doc) - {"session", *validators})
    if unknown:
        problems.append(f"unknown section(s): {', '.join(unknown)} (known: "
                        f"{', '.join(validators)})")
    sections = {}
    for name, schema in validators.items():
        if name not in doc:
            continue
        section = doc[name]
        if not isinstance(section, dict):
            problems.append(f"[{name}] must be a table")
            continue
        problems += [f"[{name}] {p}" for p in schema.problems(section)]
        sections[name] = section
    if not sections and not problems:
        problems.append("no lab sections (expected one or more of: "
                        f"{', '.join(validators)})")
    if problems:
        raise SessionError(f"{source}: {len(problems)} problem(s), nothing was changed:\n  - "
                           + "\n  - ".join(problems))
    return sections


