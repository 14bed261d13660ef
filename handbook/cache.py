"""What one ``mkdocs serve`` keeps between rebuilds, so an edit re-does only what it changed.

MkDocs builds the whole site again on every save; under ``make serve`` (``--dirty``) the hooks
hand it one :class:`BuildCache` for the life of the process. Everything kept is a pure function
of the key stored beside it (a page's text and includes, a file's bytes, a commit), so a
rebuild with the cache gives what a fresh build gives. A full ``mkdocs build`` (CI) never uses
one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jinja2

from handbook.bank import PageCache
from handbook.markdown import FOLLOWUP_RE, MARKER_RE, is_question_page
from handbook.model import Bank

T = TypeVar("T")


@dataclass
class BuildCache:
    pages: PageCache = field(default_factory=PageCache)
    decks: dict[Hashable, bytes] = field(default_factory=dict)  # see decks.build_packages
    values: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)
    computed: dict[str, int] = field(default_factory=dict)  # name → times computed (tests, logs)

    def keep(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or the value kept under ``name`` when it was computed for ``key``."""
        kept = self.values.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = compute()
        self.values[name] = (key, value)
        self.computed[name] = self.computed.get(name, 0) + 1
        return value


def bank_outline(bank: Bank) -> tuple[Hashable, ...]:
    """What other pages show of the bank: categories, and every question's id, title, page,
    level and tags (indexes, ``[[id]]`` link titles, filters). An edit inside an answer leaves
    it unchanged; a new, renamed or moved question changes it."""
    categories = tuple((c.page, c.title, len(c.questions)) for c in bank.categories)
    questions = tuple((q.id, q.title, q.page, q.difficulty, tuple(q.tags)) for q in bank.questions)
    return categories, questions


def shows_bank(page: str, markdown: str) -> bool:
    """Whether a page renders other pages' questions: a category page (follow-up links), or a
    page with a ``<!-- handbook: … -->`` marker or ``[[id]]`` links."""
    return (
        is_question_page(page)
        or MARKER_RE.search(markdown) is not None
        or FOLLOWUP_RE.search(markdown) is not None
    )


def reuse(cache: BuildCache | None, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``cache.keep(...)`` when there is a cache, else just ``compute()`` (a full build)."""
    return compute() if cache is None else cache.keep(name, key, compute)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory (``hooks/serve.py`` gives one to every rebuild's
    environment). Jinja compares each template source's checksum on load, so an edited
    template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
