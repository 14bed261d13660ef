"""The glossary in pages: ``[[term:Name]]`` links and the generated A–Z page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from handbook.glossary import GLOSSARY_PAGE, Glossary, Term, slugify
from handbook.glossary_usage import TERM_REF_RE
from handbook.markdown import relative_link, sub_outside_code
from handbook.model import Bank, Question

OTHER = "0–9"
USED_IN_FILE = "glossary/used-in.json"  # beside the glossary page's URL (glossary/)
PAGE_HEAD = [
    "---",
    "title: Glossary",
    "description: Every computer-vision term used in the handbook, with a one-line "
    "definition, a fuller explanation and the questions that use it.",
    "search:",
    "  boost: 2",
    "---",
    "",
    "# Glossary",
    "",
]


def glossary_href(from_page: str, slug: str) -> str:
    return relative_link(from_page, GLOSSARY_PAGE, slug)


def resolve_term_refs(markdown: str, glossary: Glossary, page: str) -> str:
    """``[[term:IoU]]`` → a link to the entry whose title is the tooltip."""

    def sub(m: re.Match[str]) -> str:
        t = glossary.by_name(m.group(1))
        if t is None:  # lint has failed the build already; keep the text
            return m.group(0)
        title = t.tooltip.replace('"', "&quot;")
        return f'[{m.group(1)}]({glossary_href(page, t.slug)} "{title}")'

    return sub_outside_code(markdown, TERM_REF_RE, sub)


LETTER_RE = re.compile(r'<h2 id="letter-')
TAG_RE = re.compile(r"<[^>]+>")


TERM_HEADING_RE = re.compile(r"<h3 id=\"[^\"]+\">(.*?)<a class=\"headerlink\"", re.DOTALL)


def wrap_letters(html_text: str) -> str:
    """The rendered glossary with each letter's entries in a closed ``<details
    class="hb-letter">`` under the letter's heading, its summary naming the letter's terms.
    A closed letter is neither styled nor laid out, so the page's first load costs the main
    thread little however many terms it holds; unlike ``content-visibility: auto``, which did
    the same, it leaves nothing for an accessibility checker to mismeasure, and one ``details``
    per letter (not per term) keeps Material's per-element work at load small. Following a
    link to a term, or finding it in the page, opens its letter (the browser; reader.js)."""
    parts = LETTER_RE.split(html_text)
    if len(parts) == 1:
        return html_text
    letters = []
    for part in parts[1:]:
        heading, _, entries = part.partition("</h2>")
        names = [TAG_RE.sub("", n).strip() for n in TERM_HEADING_RE.findall(entries)]
        noun = "term" if len(names) == 1 else "terms"
        summary = f"{len(names)} {noun}: {', '.join(names)}"
        # The letter's heading stays outside: the table of contents and the A–Z bar point at it.
        letters.append(
            f'<h2 id="letter-{heading}</h2><details class="hb-letter">'
            f"<summary>{summary}</summary>{entries}</details>"
        )
    return parts[0] + "".join(letters)


def _letter_anchor(letter: str) -> str:
    return "other" if letter == OTHER else slugify(letter)


def _entry(
    t: Term,
    glossary: Glossary,
    used_in: list[str],
    by_id: dict[str, Question],
    categories: dict[str, str],
) -> list[str]:
    """The Markdown lines of one term's entry."""
    lines = [f"### {t.label} {{#{t.slug}}}", "", f"*{t.tooltip}*", "", t.definition, ""]
    if t.aliases:
        lines += [f"**Also called:** {', '.join(t.aliases)}", ""]
    if t.related:
        rel = [glossary.by_name(r) for r in t.related]
        links = [f"[{r.term}](#{r.slug})" for r in rel if r is not None]
        lines += [f"**Related:** {', '.join(links)}", ""]
    used = [by_id[qid] for qid in used_in if qid in by_id]
    if used:
        lines += [_used_in_line(t, used, categories), ""]
    return lines


def _used_in_line(t: Term, used: list[Question], categories: dict[str, str]) -> str:
    """The "Used in" line: how many questions, in which categories. The questions themselves,
    titles and links, are in ``glossary/used-in.json`` (:func:`used_in_data`); reader.js lists
    them when the entry is opened. Listed here, they were half the page's bytes (86 of 200 KB
    compressed at 276 questions) and grew with every question added."""
    per_page: dict[str, int] = {}
    for q in used:
        per_page[q.page] = per_page.get(q.page, 0) + 1
    # Plain text, not links: each link on the page is work for Material's script at load.
    where = ", ".join(f"{categories.get(page, page)} ({n})" for page, n in per_page.items())
    noun = "question" if len(used) == 1 else "questions"
    return f'**Used in:** {len(used)} {noun}: {where}\n{{: .hb-used data-hb-used="{t.slug}" }}'


def used_in_data(
    glossary: Glossary, usage: dict[str, list[str]], bank: Bank, url_of: Callable[[str], str]
) -> dict[str, Any]:
    """``{"questions": [[url, title], …], "terms": {slug: [index, …]}}``: every question that
    uses a term, each question once (``url`` from the site root; ``url_of`` maps a docs page,
    ``questions/data.md``, to its URL) and, per term, indexes into that list in the glossary
    page's order."""
    by_id = bank.by_id()
    rows: list[list[str]] = []
    index: dict[str, int] = {}
    terms: dict[str, list[int]] = {}
    for t in glossary.terms:
        used = [by_id[qid] for qid in usage.get(t.slug, []) if qid in by_id]
        for q in used:
            if q.id not in index:
                index[q.id] = len(rows)
                rows.append([f"{url_of(q.page)}#{q.id}", q.title])
        if used:
            terms[t.slug] = [index[q.id] for q in used]
    return {"questions": rows, "terms": terms}


def glossary_page(glossary: Glossary, usage: dict[str, list[str]], bank: Bank) -> str:
    """The Markdown of the generated A–Z glossary page."""
    by_id = bank.by_id()
    categories = {c.page: c.title for c in bank.categories}
    terms = sorted(glossary.terms, key=lambda t: t.term.casefold())
    letters: dict[str, list[Term]] = {}
    for t in terms:
        first = t.term[0].upper()
        # Terms that start with a digit or symbol go under "0–9" (a heading of "#" alone
        # would be read as an empty Markdown heading).
        letters.setdefault(first if first.isalpha() else OTHER, []).append(t)
    jump = " · ".join(f"[{k}](#letter-{_letter_anchor(k)})" for k in letters)
    lines = [
        *PAGE_HEAD,
        f"{len(terms)} terms. Hover a term anywhere in the handbook for its one-line "
        "definition; click it to come here.",
        "",
        f'<p class="hb-az" markdown>{jump}</p>',
        "",
    ]
    for letter, group in letters.items():
        lines += [f"## {letter} {{#letter-{_letter_anchor(letter)}}}", ""]
        for t in group:
            lines += _entry(t, glossary, usage.get(t.slug, []), by_id, categories)
    return "\n".join(lines)
