"""The whole bank: read every page of docs/, parse the category pages, check across pages."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from handbook.checks import check_other_page
from handbook.markdown import INCLUDE_RE, is_question_page, page_links
from handbook.model import (
    NIGHT_BEFORE_PER_CATEGORY,
    NIGHT_BEFORE_TAG,
    Bank,
    Category,
    Problem,
    Question,
)
from handbook.parse import parse_page


def validate_bank(bank: Bank) -> list[Problem]:
    """Cross-page checks: ids unique everywhere, follow-ups point at known ids."""
    problems: list[Problem] = []
    first: dict[str, Question] = {}
    for q in bank.questions:
        if q.id in first:
            other = first[q.id]
            problems.append(
                Problem(
                    f"docs/{q.page}",
                    q.line,
                    f"duplicate id '{q.id}' (first used at {other.location}); "
                    "ids are unique across the handbook — choose another",
                )
            )
        else:
            first[q.id] = q
    problems.extend(night_before_problems(bank))
    for q in bank.questions:
        for fid, line in q.links:
            if fid not in first:
                problems.append(
                    Problem(
                        f"docs/{q.page}",
                        line,
                        f"question '{q.id}' links to unknown id '[[{fid}]]'; "
                        "use an existing question id or write the follow-up "
                        "as plain text",
                    )
                )
    return problems


def night_before_problems(bank: Bank) -> list[Problem]:
    """The master sheet's selection: a tagged question needs a ``Cheat sheet`` block, and a
    category tags at most ``NIGHT_BEFORE_PER_CATEGORY`` questions."""
    problems: list[Problem] = []
    for c in bank.categories:
        tagged = [q for q in c.questions if NIGHT_BEFORE_TAG in q.tags]
        problems += [
            Problem(
                f"docs/{q.page}",
                q.line,
                f"question '{q.id}' is tagged '{NIGHT_BEFORE_TAG}' but has no "
                '"Cheat sheet" block; add one or remove the tag',
            )
            for q in tagged
            if not q.cheatsheet
        ]
        problems += [
            Problem(
                f"docs/{q.page}",
                q.line,
                f"'{c.title}' tags {len(tagged)} questions '{NIGHT_BEFORE_TAG}' (at most "
                f"{NIGHT_BEFORE_PER_CATEGORY}: the master cheat sheet must fit four pages); "
                "remove the tag from the least essential",
            )
            for q in tagged[NIGHT_BEFORE_PER_CATEGORY:]
        ]
    return problems


def read_pages(docs_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Every Markdown page below ``docs_dir`` (docs-relative path → text), sorted by path."""
    pages: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        try:
            pages[page] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(f"docs/{page}", 1, "the file is not UTF-8; save it as UTF-8"))
    return pages, problems


# What parsing one page gave: its category (``None`` for other pages), its problems and, for
# other pages, the [[id]] links it makes (checked against the whole bank each time).
PageResult = tuple[Category | None, list[Problem], list[tuple[int, str]]]


class PageCache:
    """Parsed pages kept between the rebuilds of one ``mkdocs serve`` (``hooks/questions.py``).

    A page is parsed again when its text changes or when a file it includes with ``--8<--``
    changes (the include checks read those files); otherwise its earlier result is reused.
    Parsing is a pure function of exactly these inputs, so a cached bank equals a fresh one
    (``tests/test_handbook/test_bank_cache.py`` checks it). Results are never mutated after
    parsing, which makes sharing them between rebuilds safe.
    """

    def __init__(self) -> None:
        self.results: dict[str, tuple[tuple[str, ...], PageResult]] = {}
        self.parsed = 0  # pages parsed (not reused) over the cache's life, for tests and logs

    def result(self, page: str, text: str, repo_root: Path | None) -> PageResult:
        key = page_key(text, repo_root)
        cached = self.results.get(page)
        if cached is not None and cached[0] == key:
            return cached[1]
        result = parse_any_page(page, text, repo_root)
        self.results[page] = (key, result)
        self.parsed += 1
        return result


def page_key(text: str, repo_root: Path | None) -> tuple[str, ...]:
    """A digest of everything parsing a page reads: its text and the files it includes."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16)
    if repo_root is not None:
        for path in sorted({m.group(1).partition(":")[0] for m in INCLUDE_RE.finditer(text)}):
            try:
                digest.update(path.encode("utf-8") + b"\0" + (repo_root / path).read_bytes())
            except OSError:  # missing: the include check reports it (and a new file re-parses)
                digest.update(path.encode("utf-8") + b"\0missing")
    return (str(repo_root), digest.hexdigest())


def parse_any_page(page: str, text: str, repo_root: Path | None) -> PageResult:
    """A category page's :class:`Category` and problems; another page's problems and links."""
    if not is_question_page(page):
        links = [(line, qid) for qid, line in page_links(text)]
        return None, check_other_page(text, page, repo_root), links
    category, problems = parse_page(text, page, repo_root)
    return category, problems, []


def load_bank(
    docs_dir: Path, repo_root: Path | None, cache: PageCache | None = None
) -> tuple[Bank, list[Problem]]:
    """Parse every page under ``docs/questions/`` and validate the whole bank."""
    pages, problems = read_pages(docs_dir)
    bank, more = bank_from_pages(pages, repo_root, cache)
    return bank, problems + more


def bank_from_pages(
    pages: dict[str, str], repo_root: Path | None, cache: PageCache | None = None
) -> tuple[Bank, list[Problem]]:
    """The bank of a set of pages (docs-relative path → text) and every problem in them.

    With a ``cache``, pages unchanged since its last use are not parsed again."""
    categories: list[Category] = []
    problems: list[Problem] = []
    other_links: list[tuple[str, int, str]] = []  # (page, line, id) outside question pages
    for page, text in pages.items():
        if cache is None:
            category, page_problems, links = parse_any_page(page, text, repo_root)
        else:
            category, page_problems, links = cache.result(page, text, repo_root)
        problems.extend(page_problems)
        other_links.extend((page, line, qid) for line, qid in links)
        if category is not None:
            categories.append(category)
    bank = Bank(categories, pages)
    problems.extend(validate_bank(bank))
    known = bank.by_id()
    problems.extend(
        Problem(
            f"docs/{page}",
            line,
            f"[[{qid}]] links to an unknown question id; use an "
            "existing id (see questions.json) or plain text",
        )
        for page, line, qid in other_links
        if qid not in known
    )
    return bank, problems


def nav_paths(nav: Any) -> list[str]:
    """Every page path in the ``nav:`` of mkdocs.yml, in reading order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in nav_paths(v)]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_paths(item)]
    return []


def pages_missing_from_nav(bank: Bank, paths: Sequence[str]) -> list[Problem]:
    """Category pages that the explicit ``nav:`` of mkdocs.yml does not list."""
    listed = set(paths)
    return [
        Problem(
            f"docs/{c.page}",
            1,
            f"the category page is not in the nav of mkdocs.yml; add "
            f"'- {c.title}: {c.page}' under 'Questions:'",
        )
        for c in bank.categories
        if c.page not in listed
    ]


def order_categories(bank: Bank, paths: Sequence[str]) -> None:
    """Put categories in navigation order (pages missing from the nav go last, by name)."""
    rank = {p: i for i, p in enumerate(paths)}
    bank.categories.sort(key=lambda c: (rank.get(c.page, len(rank)), c.page))


def site_bank(
    docs_dir: Path, repo_root: Path | None, nav: Any, cache: PageCache | None = None
) -> tuple[Bank, list[Problem]]:
    """The bank as the build sees it: every problem (the nav's included when ``nav`` is an
    explicit list) and categories in navigation order."""
    bank, problems = load_bank(docs_dir, repo_root, cache)
    if nav is not None:  # an explicit nav: a category page left out of it is lost
        problems += pages_missing_from_nav(bank, nav_paths(nav))
    order_categories(bank, nav_paths(nav or []))
    return bank, problems
