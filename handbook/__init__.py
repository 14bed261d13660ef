"""The question bank of the handbook, as a library.

Markdown pages in, data and Markdown out; no MkDocs import here (the hooks in ``hooks/`` wire
these functions to MkDocs' events). Modules, by concern:

- :mod:`handbook.model`: ``Question``, ``Category``, ``Bank``, ``Problem``, the format's rules;
- :mod:`handbook.markdown`: line-level Markdown helpers (code fences, front matter, links);
- :mod:`handbook.checks`: checks for every page (markers, raw HTML, includes, stubs);
- :mod:`handbook.parse`: one category page → a ``Category`` and its problems;
- :mod:`handbook.bank`: every page → the ``Bank``, cross-page checks, nav order;
- :mod:`handbook.render`: badges, indexes and ``[[id]]`` links written into pages;
- :mod:`handbook.export`: ``questions.json``;
- :mod:`handbook.glossary`, :mod:`handbook.terms`, :mod:`handbook.glossary_usage`,
  :mod:`handbook.glossary_page`: the glossary's model, matcher, lint and A–Z page;
- :mod:`handbook.cheatsheets`, :mod:`handbook.pdf`: printable sheets and their PDFs;
- :mod:`handbook.cards`, :mod:`handbook.decks`, :mod:`handbook.drills`, :mod:`handbook.study`:
  study mode — flashcards (Anki, CSV, TSV), numeric drills and their pages;
- :mod:`handbook.config`, :mod:`handbook.scaffold`, :mod:`handbook.cli`: ``python -m handbook``.
"""

from handbook.bank import load_bank, validate_bank
from handbook.model import Bank, Category, Include, Problem, Question, format_problems
from handbook.parse import parse_page

__all__ = [
    "Bank",
    "Category",
    "Include",
    "Problem",
    "Question",
    "format_problems",
    "load_bank",
    "parse_page",
    "validate_bank",
]
