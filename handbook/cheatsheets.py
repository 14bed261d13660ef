"""Printable cheat sheets as Markdown, generated from the bank (never written into docs/).

- one sheet per category: every question's 30-second answer plus its ``Cheat sheet`` block
  (key formulas and numbers), linking back to the full answer;
- one master "night before" sheet (``cheatsheets/index.md``): every question's title and its
  ``Cheat sheet`` block, grouped by category.

:mod:`handbook.pdf` prints them.
"""

from __future__ import annotations

import datetime as dt
import os

from handbook.model import Bank, Category, Question

SHEETS_DIR = "cheatsheets"
PAPERS = {"a4": "A4", "letter": "Letter"}
HANDBOOK = "Computer Vision Interview Handbook"


def build_date() -> str:
    """The build date (UTC); ``SOURCE_DATE_EPOCH`` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def pdf_name(slug: str, paper: str) -> str:
    return f"{slug}-{paper}.pdf"


def _downloads(slug: str, prefix: str = "") -> str:
    links = " · ".join(
        f'<a href="{prefix}{pdf_name(slug, key)}" download>PDF, {label}</a>'
        for key, label in PAPERS.items()
    )
    return f'<p class="hb-downloads">{links}</p>'


def _card(q: Question, with_answer: bool, link_prefix: str) -> str:
    link = f"{link_prefix}{q.page}#{q.id}"
    parts = [
        f'<div class="hb-card" id="sheet-{q.id}" markdown>',
        "",
        f'<span class="hb-level hb-level--{q.difficulty}">{q.difficulty}</span> '
        f"**[{q.title}]({link})**",
        "",
    ]
    if with_answer:
        parts += [q.short_answer, ""]
    if q.cheatsheet:
        parts += ['<div class="hb-key" markdown>', "", q.cheatsheet, "", "</div>", ""]
    parts += ["</div>", ""]
    return "\n".join(parts)


def _sheet(title: str, description: str, h1: str, header: str, slug: str, prefix: str) -> list[str]:
    """Front matter, heading, the printed header line and the PDF links of a sheet."""
    return [
        "---",
        f"title: {title}",
        f"description: {description}",
        "---",
        "",
        f"# {h1}",
        "",
        f'<p class="hb-sheet-header">{HANDBOOK} · {header}</p>',
        "",
        _downloads(slug, prefix),
        "",
        '<div class="hb-sheet" markdown>',
        "",
    ]


def category_sheet(category: Category, built: str) -> str:
    """One category: every question's 30-second answer and key formulas/numbers."""
    n = len(category.questions)
    head = _sheet(
        f"Cheat sheet — {category.title}",
        f"The {n} questions of {category.title} on one or two printed pages.",
        f"Cheat sheet: {category.title}",
        f"{category.title} · {n} questions · built {built}",
        category.slug,
        "../",
    )
    cards = "\n".join(_card(q, True, "../") for q in category.questions)
    return "\n".join([*head, cards, "</div>", ""])


def master_sheet(bank: Bank, built: str) -> str:
    """The night-before sheet: the key formulas and numbers (every ``Cheat sheet`` block,
    under its question's title), by category. Questions without one are on their category's
    sheet: at 250+ questions, every title would not fit the sheet's four pages."""
    blocks = []
    for c in bank.categories:
        keyed = [q for q in c.questions if q.cheatsheet]
        if not keyed:
            continue
        blocks += [
            '<div class="hb-sheet-category" markdown>',
            "",
            f'<p class="hb-sheet-cat"><a href="{c.slug}/">{c.title}</a></p>',
            "",
            "\n".join(_card(q, False, "../") for q in keyed),
            "</div>",
            "",
        ]
    rows = [
        f"| [{c.title}]({c.slug}.md) | {len(c.questions)} | "
        f'<a href="{pdf_name(c.slug, "a4")}" download>A4</a> · '
        f'<a href="{pdf_name(c.slug, "letter")}" download>Letter</a> |'
        for c in bank.categories
    ]
    head = _sheet(
        "Cheat sheets",
        "Printable cheat sheets generated from the answers, in A4 and US Letter.",
        "Cheat sheets",
        f"the night before · {len(bank.questions)} questions · built {built}",
        "index",
        "",
    )
    intro = [
        "Generated from the same pages as the site, so they never drift from the answers. "
        "Each category sheet holds every 30-second answer of its category with the key "
        "formulas and numbers (at most two printed pages); this night-before sheet holds "
        "the key formulas and numbers of the whole handbook, each under its question "
        "(at most four pages).",
        "",
        '<div class="hb-sheet-list" markdown>',
        "",
        "| Category sheet | Questions | PDF |",
        "|---|---:|---|",
        *rows,
        "",
        "</div>",
        "",
    ]
    return "\n".join([*head[:7], *intro, *head[7:], *blocks, "</div>", ""])
