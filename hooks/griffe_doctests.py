"""Griffe extension: show doctest examples in API pages as code, not as Markdown prose.

The snippets' docstrings hold doctests in their description (they are the code shown on
question pages). Rendered as Markdown, ``>>>`` lines would become block quotes and outputs
like ``[[0], [1]]`` would look like reference links. This wraps each run of doctest lines in
a ``pycon`` fence for mkdocstrings; the source and the doctests themselves are untouched.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap every block of doctest lines (prompt, continuation, output) in a pycon fence."""
    out: list[str] = []
    block: list[str] = []
    in_fence = False

    def flush() -> None:
        if block:
            out.extend(["```pycon", *block, "```"])
            block.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence:
            out.append(line)
        elif stripped.startswith(">>>") or (block and stripped):
            block.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
