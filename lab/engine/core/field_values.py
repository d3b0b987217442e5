"""One declared field's value checked and converted: numbers, lists of numbers or values, and
registry specs; and typed text read as the value a field wants. The helpers of
:mod:`lab.engine.core.fields`, which dispatches on the field's kind (tables are its own: they
recurse into whole configs).

Why apart: the rules for one value (a whole number, a finite float in range, at most N items)
are the same for every config and every source (a file, a session, an editor's field, a CLI
option), and each message names the field the same way ("steps must be a whole number (not
'x')").
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lab.engine.core.fields import Decl


def num_text(value: float) -> str:
    """A bound or value as messages show it: ``0.5``, ``4,294,967,295``."""
    if float(value).is_integer() and abs(value) >= 1e6:
        return f"{int(value):,}"
    return f"{value:g}"


def shown(value) -> str:
    """A value a user gave, short, in a message."""
    if isinstance(value, str):
        return repr(value[:40])
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)[:40]


def either(choices) -> str:
    if len(choices) == 2:
        return f"{choices[0]} or {choices[1]}"
    return f"one of {', '.join(choices)}"


def in_range(decl: Decl, value: float) -> bool:
    if decl.low is not None and (value < decl.low or (decl.low_open and value == decl.low)):
        return False
    return decl.high is None or not (value > decl.high or (decl.high_open and value == decl.high))


def scalar(decl: Decl, key: str, value, whole: bool) -> tuple[Any, str]:
    """(the number, "") or (None, the problem): a bool is not a number, NaN is refused."""
    wanted = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"{key} must be {wanted} (not {shown(value)})"
    if isinstance(value, float) and not math.isfinite(value):
        return None, f"{key} must be a finite number (not {value})"
    if whole:
        if isinstance(value, float) and not value.is_integer():
            return None, f"{key} must be a whole number (not {value:g})"
        value = int(value)
    else:
        value = float(value)
    if not in_range(decl, value):
        return None, f"{key} must {decl.range_text()} (not {num_text(value)})"
    return value, ""


def count_problem(decl: Decl, key: str, value, what: str) -> str:
    """Not a list, or too few or too many items: the problem, else ''."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        return f"{key} must be {what} (not {shown(value)})"
    count, least, most = len(value), decl.min_items, decl.max_items
    if least <= count and (most is None or count <= most):
        return ""
    if least == most:
        return f"{key} must have {least} items (it has {count:,})"
    if most is None:
        return f"{key} must have at least {least} item{'s' * (least != 1)} (it has {count:,})"
    return f"{key} must have at least {least} and at most {most:,} items (it has {count:,})"


def sequence(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """A tuple of numbers ("ints", "floats"); at most three problems named."""
    count = count_problem(decl, key, value, "a list of numbers")
    if count:
        return None, [count]
    out, found = [], []
    for i, item in enumerate(value):
        converted, problem = scalar(decl, f"{key}[{i}]", item, decl.kind == "ints")
        if problem:
            found.append(problem)
            if len(found) == 3:
                break
        out.append(converted)
    return (None, found) if found else (tuple(out), [])


def values(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """Text or numbers (booleans too: whether one fits is the owner's rule); not NaN."""
    count = count_problem(decl, key, value, "a list of values")
    if count:
        return None, [count]
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, str | int | float):
            found.append(f"{key}[{i}] must be text or a number (not {shown(item)})")
        elif isinstance(item, float) and not math.isfinite(item):
            found.append(f"{key}[{i}] must be a finite number (not {item})")
        if len(found) == 3:
            break
    return (None, found) if found else (tuple(value), [])


def spec(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    """A registry config from its ``name:key=value`` text, or one built already, checked
    through its text (one built by hand, not by make_*, may hold anything)."""
    if isinstance(value, str):
        try:
            return decl.parse(value), []
        except ValueError as err:
            message = str(err)
            return None, [message if message.startswith(key) else f"{key}: {message}"]
    if isinstance(value, dict | list | int | float | bool):
        return None, [f"{key} must be text such as 'name:key=value,...' (not {shown(value)})"]
    if decl.table is not None and not isinstance(value, decl.table):
        return None, [f"{key} must be a {decl.table.__name__} (not {shown(value)})"]
    return value, spec(decl, key, decl.format(value))[1]


def specs(decl: Decl, key: str, value) -> tuple[Any, list[str]]:
    count = count_problem(decl, key, value, "a list of texts such as ['name:key=value']")
    if count:
        return None, [count]
    items = [spec(decl, f"{key}[{i}]", item) for i, item in enumerate(value)]
    found = [p for _, issues in items for p in issues]
    return (None, found) if found else (tuple(v for v, _ in items), [])


def from_text(decl: Decl, text: str):
    """Typed text as the plain value ``decl`` checks (a CLI option, an editor's field):
    numbers for number kinds, lists split at ',' (or '/'), true/false for flags, '' for an
    optional field: None. What cannot be read stays text, so the field's check refuses it with
    its own message ("steps must be a whole number (not 'x')")."""
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
