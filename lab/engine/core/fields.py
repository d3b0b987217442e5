"""Config fields declared once: type, range, default and help, in dataclass field metadata.

Every configuration of the labs (a training run, its data and model, the hyperparameters of
an optimizer, schedule or initializer) declares its fields with the helpers below. From those
declarations alone come: validation that lists *every* problem (:func:`problems`), plain
(TOML/JSON) round-trip (:func:`to_plain`, :func:`from_plain`), typed text read for a field
(:func:`from_text`: the CLI's options, the editors' fields), and the editors' forms
(lab.ui.common.config_form). Adding an option is one line in one dataclass.

One convention for every config: the fields' own problems, then the class's cross-field rules
(an optional ``rules(self, bad)`` method, told which fields already failed), all in one
:class:`ConfigError` (:func:`check_config`, :func:`config_from_plain`).

    @dataclass(frozen=True)
    class DataConfig:
        train_size: int = integer(0, low=0, help="0: all training images")
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lab.io.nesting import MAX_DEPTH, depth

KINDS = ("int", "float", "bool", "text", "choice", "ints", "floats", "spec", "specs", "table")


class ConfigError(ValueError):
    """A configuration that cannot be used: ``problems`` holds every one, the message joins
    them in one line (the CLI prints it, a session lists it, a lab's status line shows it)."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Decl:
    """One field: its kind, bounds, choices and help; ``parse``/``format`` for spec fields
    (text such as ``adam:lr=0.1``), ``table`` for a nested config dataclass."""

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


def table(cls: type, help: str = "", optional: bool = False):
    """A field holding a nested config dataclass (a TOML table); ``optional``: None by
    default (and then left out of plain data)."""
    decl = Decl("table", help, table=cls, optional=optional)
    return _field(None, decl) if optional else _field(None, decl, cls)


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
        return _spec(decl, key, value)
    if kind == "specs":
        count = _count_problem(decl, key, value, "a list of texts such as ['name:key=value']")
        if count:
            return None, [count]
        items = [_spec(decl, f"{key}[{i}]", item) for i, item in enumerate(value)]
        found = [p for _, issues in items for p in issues]
        return (None, found) if found else (tuple(v for v, _ in items), [])
    if kind == "table":
        if isinstance(value, decl.table):  # its fields only: its rules are problems()'s
            return value, [f"{key}: {p}" for p in problems(value, rules=False)]
        if not isinstance(value, dict):
            return None, [f"{key} must be a table"]
        found: list[str] = []
        built = from_plain(decl.table, value, found)
        return built, [f"{key}: {p}" for p in found]
    raise ValueError(f"unknown field kind {kind}")


def _spec(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
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
    return value, []  # a config object built by make_* (already validated)


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


def _count_problem(decl: Decl, key: str, value, what: str) -> str:
    """Not a list, or too few or too many items: the problem, else ''."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return f"{key} must be {what} (not {_shown(value)})"
    count, least, most = len(value), decl.min_items, decl.max_items
    if least <= count and (most is None or count <= most):
        return ""
    if least == most:
        return f"{key} must have {least} items (it has {count:,})"
    if most is None:
        return f"{key} must have at least {least} item{'s' * (least != 1)} (it has {count:,})"
    return f"{key} must have at least {least} and at most {most:,} items (it has {count:,})"


def _sequence(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    count = _count_problem(decl, key, value, "a list of numbers")
    if count:
        return None, [count]
    out, found = [], []
    for i, item in enumerate(value):
        converted, problem = _scalar(decl, f"{key}[{i}]", item, decl.kind == "ints")
        if problem:
            found.append(problem)
            if len(found) == 3:
                break
        out.append(converted)
    return (None, found) if found else (tuple(out), [])


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


def from_text(decl: Decl, text: str):
    """Typed text as the plain value ``decl`` checks (a CLI option, an editor's field):
    numbers for number kinds, lists split at ',' (or '/'), true/false for flags, '' for an
    optional field: None. What cannot be read stays text, so :func:`check` refuses it with the
    field's own message ("steps must be a whole number (not 'x')")."""
    text = text.strip()
    if decl.optional and not text:
        return None
    if decl.kind in ("int", "float"):
        return _read_number(text)
    if decl.kind in ("ints", "floats"):
        return [_read_number(v) for v in text.replace("/", ",").split(",") if v.strip()]
    if decl.kind == "bool":
        return {"true": True, "false": False}.get(text.lower(), text)
    return text


def _read_number(text: str):
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


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
        elif decl.kind in ("ints", "floats"):
            value = list(value)
        data[key] = value
    return data


def from_plain(cls: type, data, found: list[str], base=None, allow_derived: bool = False):
    """Build ``cls`` from plain data, adding every problem to ``found``; None if any.

    Keys not given keep ``base``'s values (or the declared defaults)."""
    if not isinstance(data, dict):
        found.append("must be a table")
        return None
    if depth(data) > MAX_DEPTH:
        found.append(f"is nested more than {MAX_DEPTH} levels deep")
        return None
    decls = declarations(cls)
    allowed = {k for k, d in decls.items() if d.plain or allow_derived}
    unknown = sorted(map(str, set(data) - allowed))
    before = len(found)
    found += [f"unknown key '{key}'" for key in unknown]
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
