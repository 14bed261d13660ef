"""Markdown examples in docs/ are tests too (Sybil).

Python code blocks and ``>>>`` examples on a page run in one namespace per page. Include
fences (```` ```python title="snippets/x.py" ```` holding a ``--8<--`` line) are skipped here:
the included code is tested where it lives, by its doctests and tests/test_snippets/.
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.rest import DocTestParser

pytest_collect_file = Sybil(
    parsers=[
        DocTestParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        PythonCodeBlockParser(),
    ],
    patterns=["*.md"],
    path="docs",
).pytest()
