"""The ``name:key=value,...`` text used by the CLI, presets, experiment files and the editors
(``adam:lr=0.3``, ``quadratic:kappa=100``, ``cosine:T_max=100``, ``he-normal:mode=fan_out``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from lab.engine.core.fields import Decl, check


def number(key: str, raw: str) -> float:
    """A finite float from text; ``nan`` and ``inf`` are refused here, by their name."""
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{key}: '{raw}' is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{key} must be a finite number (not {raw})")
    return value


_number = number


def parse_spec(text: str, error: type[ValueError],
               convert: Callable[[str, str], object] = _number) -> tuple[str, dict]:
    """Split ``text`` into its name and converted parameters; bad items raise ``error`` (so
    does a value that is not text: a session's ``optimizers = [3]``)."""
    if not isinstance(text, str):
        shown = "a list" if isinstance(text, list | tuple) else repr(text)[:40]
        raise error(f"expected text such as \"name:key=value\", not {shown}")
    name, _, rest = text.strip().partition(":")
    params: dict = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, raw = item.partition("=")
        if not sep:
            raise error(f"expected key=value in '{item}'")
        try:
            params[key.strip()] = convert(key.strip(), raw.strip())
        except ValueError as err:
            raise error(f"{err} (in '{item}')") from None
    return name.strip(), params


def format_spec(name: str, params) -> str:
    """The inverse of :func:`parse_spec`: ``(name, [(key, value), ...])`` -> text; tuples (such
    as milestones) are joined by '/'."""
    items = ",".join(f"{k}={'/'.join(map(str, v)) if isinstance(v, tuple) else v}"
                     for k, v in params)  # fmt: skip
    return f"{name}:{items}" if items else name


def check_known(owner: str, given: Iterable[str], allowed: Iterable[str],
                error: type[ValueError], noun: str = "parameter") -> None:
    """Reject parameters ``owner`` does not take, saying which ones it does take."""
    allowed = list(allowed)
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        takes = ", ".join(allowed) or f"no {noun}s"
        raise error(f"{owner} has no {noun} {', '.join(unknown)}; it takes {takes}")


def check_params(owner: str, given: Mapping, defaults: Mapping, decls: Mapping[str, Decl],
                 error: type[ValueError], noun: str = "parameter") -> dict:
    """``defaults`` overridden by ``given``, each value checked against its declaration
    (type, range, choices); every problem goes into one ``error``."""
    check_known(owner, given, defaults, error, noun)
    merged, problems = {}, []
    for key, default in defaults.items():
        value, found = check(decls[key], key, given.get(key, default))
        problems += found
        merged[key] = value
    if problems:
        raise error(f"{owner}: " + "; ".join(problems))
    return merged
