"""Config fields declared once: type, range, default and help, in dataclass field metadata.

Every configuration of the labs (a training run, its data and model, the hyperparameters of
an optimizer, schedule or initializer, a search and its space) declares its fields with the
helpers below. From those declarations alone come: validation that lists *every* problem
(:func:`problems`), plain (TOML/JSON) round-trip (:func:`to_plain`, :func:`from_plain`), and
the editors' forms (lab.ui.common.config_form). Adding an option is one line in one dataclass.
The convention: a config's ``problems()`` is its field problems, then its rules across fields
(run on the fields that are fine: :func:`problems_by_field`); a renamed field keeps reading
its old name through the class's ``RENAMED`` map.

    @dataclass(frozen=True)
    class DataConfig:
        train_size: int = integer(0, low=0, help="0: all training images")
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lab.io.nesting import MAX_DEPTH, depth

KINDS = ("int", "float", "bool", "text", "choice", "ints", "floats", "spec", "table", "values",
         "tables")
REQUIRED = dataclasses.MISSING  # as a default: the field must be given


@dataclass(frozen=True)
class Decl:
    """One field: its kind, bounds, choices and help; ``parse``/``format`` for spec fields
    (text such as ``adam:lr=0.1``), ``table`` for a nested config dataclass, ``variants`` for
    a list of them ("tables")."""

    kind: str
    help: str = ""
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # low itself excluded
    high_open: bool = False
    choices: tuple = ()
    optional: bool = False  # None allowed (and omitted from plain data)
    min_items: int = 0
    max_items: int | None = None
    parse: Callable[[str], Any] | None = None
    format: Callable[[Any], str] | None = None
    table: type | None = None
    variants: tuple[type, ...] = ()  # "tables": the config classes an item may be
    label: str = ""
    plain: bool = True  # False: derived from the data, not written to files nor edited

    def range_text(self) -> str:
        """``lie in [0, 1)``, ``be positive``, ``be ≥ 1``: the bounds in words, for messages
        ("x must ...") and tooltips."""
        low, high = self.low, self.high
        if low is not None and high is not None:
            return (f"lie in {'(' if self.low_open else '['}{_num(low)}, {_num(high)}"
                    f"{')' if self.high_open else ']'}")  # fmt: skip
        if low == 0:
            return "be positive" if self.low_open else "not be negative"
        if low is not None:
            return f"be {'>' if self.low_open else '≥'} {_num(low)}"
        if high is not None:
            return f"be {'<' if self.high_open else '≤'} {_num(high)}"
        return ""

    def tooltip(self) -> str:
        parts = [self.help] if self.help else []
        if self.kind in ("int", "float", "ints", "floats") and self.range_text():
            parts.append(("each must " if self.kind in ("ints", "floats") else "must ")
                         + self.range_text())
        return "; ".join(parts)


def _num(value: float) -> str:
    if float(value).is_integer() and abs(value) >= 1e6:
        return f"{int(value):,}"
    return f"{value:g}"


def _field(default, decl: Decl, factory=None):
    meta = {"decl": decl}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def integer(default: int, low: int | None = None, high: int | None = None, help: str = ""):
    return _field(default, Decl("int", help, low, high))


def number(default: float, low: float | None = None, high: float | None = None, *,
           low_open: bool = False, high_open: bool = False, help: str = "",
           optional: bool = False):  # fmt: skip
    return _field(default, Decl("float", help, low, high, low_open, high_open, optional=optional))


def flag(default: bool, help: str = ""):
    return _field(default, Decl("bool", help))


def text(default: str | None = dataclasses.MISSING, help: str = "", optional: bool = False):
    return _field(default, Decl("text", help, optional=optional))


def choice(default: str, choices: Iterable[str], help: str = ""):
    return _field(default, Decl("choice", help, choices=tuple(choices)))


def integers(default: tuple[int, ...], low: int | None = None, high: int | None = None, *,
             min_items: int = 0, max_items: int | None = None, help: str = ""):
    return _field(default, Decl("ints", help, low, high, min_items=min_items,
                                max_items=max_items))


def spec(factory: Callable[[], Any], parse: Callable[[str], Any], format: Callable[[Any], str],
         help: str = ""):  # fmt: skip
    """A field holding a registry config written as ``name:key=value`` text."""
    decl = Decl("spec", help, parse=parse, format=format, table=type(factory()))
    return _field(None, decl, factory)


def table(cls: type, help: str = "", factory: Callable[[], Any] | None = None):
    """A field holding a nested config dataclass (a TOML table); ``factory`` makes its
    default (else ``cls()``)."""
    return _field(None, Decl("table", help, table=cls), factory or cls)


def values(default=REQUIRED, *, min_items: int = 0, max_items: int | None = None,
           help: str = ""):  # fmt: skip
    """A list of plain values, each text or a number (e.g. a search's choices)."""
    return _field(default, Decl("values", help, min_items=min_items, max_items=max_items))


def tables(variants: tuple[type, ...], default=REQUIRED, *, max_items: int | None = None,
           help: str = ""):  # fmt: skip
    """A list of tables, each one of the config classes ``variants`` (told apart by their
    keys: an item is the first variant that declares every key it has)."""
    decl = Decl("tables", help, variants=tuple(variants), max_items=max_items)
    return _field(default, decl)


def derived(default, kind: str, low=None, high=None, help: str = ""):
    """A field the data sets (e.g. the model's input size): checked, but not in files or forms."""
    return _field(default, Decl(kind, help, low, high, plain=False))


def declarations(cls_or_obj) -> dict[str, Decl]:
    """The declared fields of a config dataclass, in order."""
    return {f.name: f.metadata["decl"] for f in dataclasses.fields(cls_or_obj)
            if "decl" in f.metadata}  # fmt: skip


def check(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """Convert a plain or Python value for ``decl``: (converted value, problems)."""
    if value is None:
        return (None, []) if decl.optional else (None, [f"{key} must be given"])
    kind = decl.kind
    if kind == "bool":
        return (value, []) if isinstance(value, bool) else (None, [f"{key} must be true or false"])
    if kind in ("text", "choice"):
        if not isinstance(value, str):
            return None, [f"{key} must be text"]
        if kind == "choice" and value not in decl.choices:
            return None, [f"{key} must be {_either(decl.choices)} (not {_shown(value)})"]
        return value, []
    if kind in ("int", "float"):
        converted, problem = _scalar(decl, key, value, kind == "int")
        return converted, [problem] if problem else []
    if kind in ("ints", "floats"):
        return _sequence(decl, key, value)
    if kind == "spec":
        if isinstance(value, str):
            try:
                return decl.parse(value), []
            except ValueError as err:
                message = str(err)
                return None, [message if message.startswith(key) else f"{key}: {message}"]
        if isinstance(value, dict | list | int | float | bool):
            return None, [f"{key} must be text such as 'name:key=value,...' (not {_shown(value)})"]
        if decl.table is not None and not isinstance(value, decl.table):
            return None, [f"{key} must be a {decl.table.__name__} (not {_shown(value)})"]
        return value, check(decl, key, decl.format(value))[1]  # checked through its text
    if kind == "table":
        if isinstance(value, decl.table):
            return value, [f"{key}: {p}" for p in problems(value)]
        if not isinstance(value, dict):
            return None, [f"{key} must be a table"]
        found: list[str] = []
        built = from_plain(decl.table, value, found)
        return built, [f"{key}: {p}" for p in found]
    if kind == "values":
        return _values(decl, key, value)
    if kind == "tables":
        return _tables(decl, key, value)
    raise ValueError(f"unknown field kind {kind}")


def _scalar(decl: Decl, key: str, value, whole: bool) -> tuple[Any, str]:
    wanted = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{key} must be {wanted} (not {_shown(value)})"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{key} must be a finite number (not {value})"
    if whole:
        if isinstance(value, float) and not value.is_integer():
            return None, f"{key} must be a whole number (not {value:g})"
        value = int(value)
    else:
        value = float(value)
    if not _in_range(decl, value):
        return None, f"{key} must {decl.range_text()} (not {_num(value)})"
    return value, ""


def _in_range(decl: Decl, value: float) -> bool:
    if decl.low is not None and (value < decl.low or (decl.low_open and value == decl.low)):
        return False
    return decl.high is None or not (value > decl.high or (decl.high_open and value == decl.high))


def _sequence(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    problem = _count_problem(decl, key, value, "numbers")
    if problem:
        return None, [problem]
    out, found = [], []
    for i, item in enumerate(value):
        converted, problem = _scalar(decl, f"{key}[{i}]", item, decl.kind == "ints")
        if problem:
            found.append(problem)
            if len(found) == 3:
                break
        out.append(converted)
    return (None, found) if found else (tuple(out), [])


def _count_problem(decl: Decl, key: str, value, noun: str) -> str:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return f"{key} must be a list of {noun} (not {_shown(value)})"
    count = len(value)
    if count < decl.min_items or (decl.max_items is not None and count > decl.max_items):
        most = f" and at most {decl.max_items:,}" if decl.max_items is not None else ""
        return f"{key} must have at least {decl.min_items}{most} items (it has {count:,})"
    return ""


def _values(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """Text or numbers (booleans too: whether one fits is the owner's rule); not NaN."""
    problem = _count_problem(decl, key, value, "values")
    if problem:
        return None, [problem]
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, str | int | float):
            found.append(f"{key}[{i}] must be text or a number (not {_shown(item)})")
        elif isinstance(item, float) and not math.isfinite(item):
            found.append(f"{key}[{i}] must be a finite number (not {item})")
        if len(found) == 3:
            break
    return (None, found) if found else (tuple(value), [])


def _tables(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """Each item an instance of a variant or plain data for one; problems name the item
    by its ``name`` when it has one (``lr: low must be ...``), else by its place."""
    problem = _count_problem(decl, key, value, "tables")
    if problem:
        return None, [problem]
    out, found = [], []
    for i, item in enumerate(value):
        name = item.get("name") if isinstance(item, dict) else getattr(item, "name", None)
        label = name if isinstance(name, str) and name else f"{key}[{i}]"
        if isinstance(item, decl.variants):
            issues, built = problems(item), item
        elif isinstance(item, dict):
            issues = []
            built = from_plain(_variant(decl.variants, item), item, issues)
        else:
            issues, built = ["must be a table"], None
        found += [f"{label}: {p}" if not p.startswith(f"{label} ") else p for p in issues]
        out.append(built)
    return (None, found) if found else (tuple(out), [])


def _variant(variants: tuple[type, ...], data: dict) -> type:
    """The first variant that declares every key of ``data``; else the one that declares the
    most of them (its from_plain then names the keys it does not know)."""
    keys = set(data)
    for cls in variants:
        if keys <= set(declarations(cls)):
            return cls
    return max(variants, key=lambda cls: len(keys & set(declarations(cls))))


def _either(choices) -> str:
    if len(choices) == 2:
        return f"{choices[0]} or {choices[1]}"
    return f"one of {', '.join(choices)}"


def _shown(value) -> str:
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)[:40]


def problems(obj) -> list[str]:
    """Every field-level problem of a config instance (types, ranges, nested tables)."""
    return [p for found in problems_by_field(obj).values() for p in found]


def problems_by_field(obj) -> dict[str, list[str]]:
    """The field-level problems of a config instance, by field (only fields that have some):
    the rules across fields run on the others."""
    found = {}
    for key, decl in declarations(obj).items():
        issues = check(decl, key, getattr(obj, key))[1]
        if issues:
            found[key] = issues
    return found


def to_plain(obj, derived: bool = False) -> dict:
    """A config as plain data (TOML/JSON): specs as text, tuples as lists, None left out;
    ``derived`` fields (set from the data) only when asked."""
    data: dict = {}
    for key, decl in declarations(obj).items():
        value = getattr(obj, key)
        if value is None or not (decl.plain or derived):
            continue
        if decl.kind == "spec":
            value = decl.format(value)
        elif decl.kind == "table":
            value = to_plain(value, derived)
        elif decl.kind == "tables":
            value = [to_plain(item, derived) for item in value]
        elif decl.kind in ("ints", "floats", "values"):
            value = list(value)
        data[key] = value
    return data


def from_plain(cls: type, data, found: list[str], base=None, allow_derived: bool = False):
    """Build ``cls`` from plain data, adding every problem to ``found``; None if any.

    Keys not given keep ``base``'s values (or the declared defaults). Old names that
    ``cls.RENAMED`` maps to a field are read as that field (files written before a rename)."""
    if not isinstance(data, dict):
        found.append("must be a table")
        return None
    if depth(data) > MAX_DEPTH:
        found.append(f"is nested more than {MAX_DEPTH} levels deep")
        return None
    before = len(found)
    data = _renamed(cls, data, found)
    decls = declarations(cls)
    allowed = {k for k, d in decls.items() if d.plain or allow_derived}
    found += unknown_keys(data, allowed)
    values = {}
    for key, value in data.items():
        if key in allowed:
            converted, issues = check(decls[key], key, value)
            found += issues
            values[key] = converted
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and base is None and f.name not in data:
            found.append(f"{f.name} must be given")
    if len(found) > before:
        return None
    return dataclasses.replace(base, **values) if base is not None else cls(**values)


def _renamed(cls: type, data: dict, found: list[str]) -> dict:
    """``data`` with the old names of ``cls.RENAMED`` under their current ones; two names for
    one field are a problem (which one was meant?)."""
    renamed = getattr(cls, "RENAMED", {})
    if not set(data) & set(renamed):
        return data
    sources: dict[str, list[str]] = {}
    for key in data:
        sources.setdefault(renamed.get(key, key), []).append(key)
    for new, keys in sources.items():
        if len(keys) > 1:
            found.append(f"give {new} once (not as {' and '.join(keys)}; "
                         "old names are read as the new one)")
    return {renamed.get(key, key): value for key, value in data.items()}


def unknown_keys(data: dict, allowed: Iterable[str]) -> list[str]:
    """One problem per key of ``data`` outside ``allowed``, with the nearest known key: the one
    rule for every file a user hands the app (experiment files, sessions), so a typo such as
    ``step = 50`` is refused by name rather than silently dropped."""
    allowed = sorted(map(str, allowed))
    found = []
    for key in sorted(map(str, set(data) - set(allowed))):
        near = difflib.get_close_matches(key, allowed, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (known: {', '.join(allowed)})"
        found.append(f"unknown key '{key}'{hint}")
    return found
