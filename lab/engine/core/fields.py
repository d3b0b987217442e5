"""Config fields declared once: type, range, default and help, in dataclass field metadata.

Every configuration of the labs (a training run, its data and model, the hyperparameters of
an optimizer, schedule or initializer, a trajectory run, a probe, a search and its space)
declares its fields with the helpers below. From those declarations alone come: validation
that lists *every* problem (:func:`problems`), plain (TOML/JSON) round-trip (:func:`to_plain`,
:func:`from_plain`), typed text read for a field (:func:`from_text`: the CLI's options, the
editors' fields), and the editors' forms (lab.ui.common.config_form). Adding an option is one
line in one dataclass.

One convention for every config: the fields' own problems, then the class's cross-field rules
(an optional ``rules(self, bad)`` method, told which fields already failed), all in one
:class:`ConfigError` (:func:`check_config`, :func:`config_from_plain`). A renamed field keeps
reading its old name through the class's ``RENAMED`` map. One value's checks are
:mod:`lab.engine.core.field_values`.

    @dataclass(frozen=True)
    class DataConfig:
        train_size: int = integer(0, low=0, help="0: all training images")
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lab.engine.core import field_values as V
from lab.engine.core.field_values import from_text  # noqa: F401 (part of this API)
from lab.io.nesting import MAX_DEPTH, depth

KINDS = ("int", "float", "bool", "text", "choice", "ints", "floats", "spec", "specs", "table",
         "values", "tables")
REQUIRED = dataclasses.MISSING  # as a default: the field must be given


class ConfigError(ValueError):
    """A configuration that cannot be used: ``problems`` holds every one, the message joins
    them in one line (the CLI prints it, a session lists it, a lab's status line shows it)."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


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
            return (f"lie in {'(' if self.low_open else '['}{V.num_text(low)}, {V.num_text(high)}"
                    f"{')' if self.high_open else ']'}")  # fmt: skip
        if low == 0:
            return "be positive" if self.low_open else "not be negative"
        if low is not None:
            return f"be {'>' if self.low_open else '≥'} {V.num_text(low)}"
        if high is not None:
            return f"be {'<' if self.high_open else '≤'} {V.num_text(high)}"
        return ""

    def tooltip(self) -> str:
        parts = [self.help] if self.help else []
        if self.kind in ("int", "float", "ints", "floats") and self.range_text():
            parts.append(("each must " if self.kind in ("ints", "floats") else "must ")
                         + self.range_text())
        return "; ".join(parts)



def _field(default, decl: Decl, factory=None):  # default MISSING: every config gives it
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
    return _field(default, Decl("ints", help, low, high, min_items=min_items, max_items=max_items))


def numbers(default=dataclasses.MISSING, low: float | None = None, high: float | None = None, *,
            min_items: int = 0, max_items: int | None = None, help: str = ""):  # fmt: skip
    """A tuple of finite floats (e.g. a start point: exactly two)."""
    return _field(default, Decl("floats", help, low, high, min_items=min_items,
                                max_items=max_items))


def spec(factory: Callable[[], Any], parse: Callable[[str], Any], format: Callable[[Any], str],
         help: str = ""):  # fmt: skip
    """A field holding a registry config written as ``name:key=value`` text."""
    decl = Decl("spec", help, parse=parse, format=format, table=type(factory()))
    return _field(None, decl, factory)


def specs(item: type, parse: Callable[[str], Any], format: Callable[[Any], str], *,
          min_items: int = 0, max_items: int | None = None, help: str = ""):  # fmt: skip
    """A tuple of registry configs (``item``), each written as ``name:key=value`` text; no
    default: every config gives its own."""
    decl = Decl("specs", help, parse=parse, format=format, table=item, min_items=min_items,
                max_items=max_items)
    return _field(dataclasses.MISSING, decl)


def table(cls: type, help: str = "", optional: bool = False,
          factory: Callable[[], Any] | None = None):  # fmt: skip
    """A field holding a nested config dataclass (a TOML table); ``optional``: None by
    default (and then left out of plain data); ``factory`` makes the default (else ``cls()``)."""
    decl = Decl("table", help, table=cls, optional=optional)
    return _field(None, decl) if optional else _field(None, decl, factory or cls)


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
            return None, [f"{key} must be {V.either(decl.choices)} (not {V.shown(value)})"]
        return value, []
    if kind in ("int", "float"):
        converted, problem = V.scalar(decl, key, value, kind == "int")
        return converted, [problem] if problem else []
    checks = {"ints": V.sequence, "floats": V.sequence, "values": V.values, "spec": V.spec,
              "specs": V.specs, "tables": _tables}
    if kind in checks:
        return checks[kind](decl, key, value)
    if kind == "table":
        if isinstance(value, decl.table):  # its fields only: its rules are problems()'s
            return value, [f"{key}: {p}" for p in problems(value, rules=False)]
        if not isinstance(value, dict):
            return None, [f"{key} must be a table"]
        found: list[str] = []
        built = from_plain(decl.table, value, found)
        return built, [f"{key}: {p}" for p in found]
    raise ValueError(f"unknown field kind {kind}")


def _tables(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """Each item an instance of a variant or plain data for one; problems name the item
    by its ``name`` when it has one (``lr: low must be ...``), else by its place."""
    problem = V.count_problem(decl, key, value, "tables")
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


def problems(obj, rules: bool = True) -> list[str]:
    """Every problem of a config instance: each field's (types, ranges, nested tables with
    their own rules), then the class's cross-field ``rules(bad)``, told the names of the
    fields that failed (a rule over a failed field has nothing to say)."""
    found: list[str] = []
    bad: set[str] = set()
    for key, decl in declarations(obj).items():
        value = getattr(obj, key)
        nested = rules and decl.kind == "table" and isinstance(value, decl.table)
        issues = ([f"{key}: {p}" for p in problems(value)] if nested
                  else check(decl, key, value)[1])  # fmt: skip
        bad.update([key] * bool(issues))
        found += issues
    if rules and callable(getattr(obj, "rules", None)):
        found += obj.rules(frozenset(bad))
    return found


def check_config(obj, error: type[ConfigError] = ConfigError):
    """``obj`` when it has no problem; else ``error`` listing every one."""
    found = problems(obj)
    if found:
        raise error(found)
    return obj


def config_from_plain(cls: type, data, base=None, allow_derived: bool = False,
                      error: type[ConfigError] = ConfigError):  # fmt: skip
    """``cls`` built from plain data (a file, a session section, saved settings, CLI options)
    and checked in full, rules included; else ``error`` listing every problem."""
    found: list[str] = []
    obj = from_plain(cls, data, found, base, allow_derived)
    if obj is not None:
        found += problems(obj)
    if found:
        raise error(found)
    return obj


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
        elif decl.kind == "specs":
            value = [decl.format(v) for v in value]
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
