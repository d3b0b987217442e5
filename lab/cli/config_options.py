"""Command-line options generated from a config's field declarations (lab.engine.core.fields).

Each declared field becomes ``--field-name`` with the field's help and range; a value is read
as text by the declaration (:func:`lab.engine.core.fields.from_text`) and the whole config is
built by :func:`lab.engine.core.fields.config_from_plain`, so a bad option gets the same
message a session file or saved settings get for the same value ("steps must lie in [1, 5000]
(not 0)"), all problems in one line. Options not given keep the ``base`` config's values.
"""

from __future__ import annotations

import argparse

from lab.engine.core import fields as F


def add_config_options(parser: argparse.ArgumentParser, cls: type, base,
                       aliases: dict[str, tuple[str, ...]] | None = None,
                       skip: tuple[str, ...] = ()) -> None:  # fmt: skip
    """An option per declared field of ``cls`` (``aliases``: older names kept working);
    ``base``'s values are the defaults shown in the help."""
    aliases = aliases or {}
    for key, decl in F.declarations(cls).items():
        if not decl.plain or key in skip or decl.kind == "table":
            continue
        names = [f"--{key.replace('_', '-')}", *aliases.get(key, ())]
        default = F.to_plain(base).get(key)
        shown = ",".join(map(str, default)) if isinstance(default, list) else default
        tip = decl.tooltip().replace("%", "%%")
        if decl.kind == "bool":
            parser.add_argument(*names, dest=key, action=argparse.BooleanOptionalAction,
                                default=None, help=f"{tip} (default: {shown})")
        elif decl.kind == "specs":
            parser.add_argument(*names, dest=key, action="append", default=None,
                                metavar="NAME[:k=v,...]",
                                help=f"{tip}; repeatable (default: "
                                     f"{' '.join(d.partition(':')[0] for d in default)})")
        else:
            metavar = {"spec": "NAME[:k=v,...]", "choice": "{" + ",".join(decl.choices) + "}",
                       "floats": "X,Y", "ints": "N,N"}.get(decl.kind, key.upper())
            parser.add_argument(*names, dest=key, default=None, metavar=metavar,
                                help=f"{tip} (default: {shown})")


def config_from_args(cls: type, args: argparse.Namespace, base, error: type[Exception]):
    """``base`` with the options given, checked by the declarations; ``error`` with every
    problem in one line otherwise."""
    data = {}
    for key, decl in F.declarations(cls).items():
        value = getattr(args, key, None)
        if value is None or not decl.plain:
            continue
        data[key] = F.from_text(decl, value) if isinstance(value, str) else value
    try:
        return F.config_from_plain(cls, data, base=base)
    except F.ConfigError as err:
        raise error(str(err)) from None
