"""Fewer elements for the same rendering: a page's style, layout and parse time grow with its
element count, and category pages are the handbook's heaviest (benchmarks/lighthouse.py).

Pygments wraps every token of highlighted code in a ``<span>``: a quarter to a third of a
category page's elements. Two kinds of span change nothing on screen and go, their text
staying: names (``class="n"``), which Material colours ``--md-code-hl-name-color``, defined
as the plain code colour, and whitespace (``class="w"``), which it does not colour at all.
Copying code is unaffected (the text is the same). ``tests/test_hooks/test_lean_markup.py``
checks both facts against Material's stylesheet, so a Material release that starts
colouring either makes the test fail instead of silently changing the code's colours.
"""

from __future__ import annotations

import re
from typing import Any

# A name or whitespace token's span: Pygments escapes its text, so it never holds a tag.
PLAIN_SPAN_RE = re.compile(r'<span class="[nw]">([^<]*)</span>')


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    return unwrap_plain_spans(html_text)


def unwrap_plain_spans(html_text: str) -> str:
    """Highlighted code without the spans of names and whitespace (same text, same colours)."""
    return PLAIN_SPAN_RE.sub(r"\1", html_text)
