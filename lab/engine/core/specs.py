"""The ``name:key=value,...`` text used by the CLI, presets, experiment files and the editors
(``adam:lr=0.3``, ``quadratic:kappa=100``, ``cosine:T_max=100``, ``he-normal:mode=fan_out``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def _number(key: str, raw: str):
    return float(raw)


def parse_spec(text: str, error: type[ValueError],
               convert: Callable[[str, str], object] = _number) -> tuple[str, dict]:
    """Split ``text`` into its name and converted parameters; bad items raise ``error``."""
    name, _, rest = text.strip().partition(":")
    params: dict = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, raw = item.partition("=")
        if not sep:
            raise error(f"expected key=value in '{item}'")
        try:
            params[key.strip()] = convert(key.strip(), raw.strip())
        except ValueError:
            raise error(f"'{raw.strip()}' is not a number (in '{item}')") from None
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
