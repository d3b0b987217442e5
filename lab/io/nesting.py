"""How deeply plain data (parsed TOML or JSON) nests, measured without recursion: a
hostile file nested 100 000 deep must get a message, not a RecursionError."""

from __future__ import annotations

MAX_DEPTH = 32  # plain data nested deeper than this is refused before it is walked


def depth(data, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of plain data, counted without recursion (stops past ``limit``)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list | tuple):
            deepest = max(deepest, level)
            if level > limit:
                return level
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children
                         if isinstance(child, dict | list | tuple))  # fmt: skip
    return deepest
