"""Exports of the bank: ``questions.json`` (open data), the flashcards as CSV/TSV and Anki."""

from __future__ import annotations

import json
from typing import Any

from handbook.cards import bank_cards, cards_table
from handbook.decks import WHOLE, build_packages, package_name
from handbook.markdown import strip_markup
from handbook.model import LEVELS, Bank

TEXT_FORMATS = ("json", "csv", "tsv")
FORMATS = (*TEXT_FORMATS, "apkg")


def bank_to_json(bank: Bank, urls: dict[str, str]) -> dict[str, Any]:
    """The open-data export: one record per question, URLs relative to the site root.

    ``urls`` maps a page (relative to docs/) to its URL; a page not in it gets the URL
    MkDocs gives it with directory URLs (``questions/data.md`` → ``questions/data/``).
    """
    questions = []
    for q in bank.questions:
        base = urls.get(q.page) or q.page.removesuffix(".md") + "/"
        questions.append(
            {
                "id": q.id,
                "title": strip_markup(q.title),
                "category": q.category,
                "category_title": q.category_title,
                "difficulty": q.difficulty,
                "tags": q.tags,
                "roles": q.roles,
                "short_answer": q.short_answer,
                "url": f"{base}#{q.id}",
                "source": f"docs/{q.page}:{q.line}",
            }
        )
    return {
        "schema": 1,
        "count": len(questions),
        "levels": list(LEVELS),
        "categories": [
            {"slug": c.slug, "title": c.title, "count": len(c.questions)} for c in bank.categories
        ],
        "questions": questions,
    }


def export_text(
    bank: Bank, fmt: str = "json", urls: dict[str, str] | None = None, site_url: str = ""
) -> str:
    """The bank as the text of one export format (the build writes ``questions.json`` and the
    flashcards' ``.csv`` and ``.tsv``; their URLs are absolute when ``site_url`` is given)."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"unknown text export format '{fmt}'; known: {', '.join(TEXT_FORMATS)}")
    if fmt in ("csv", "tsv"):
        cards = bank_cards(bank, site_url, urls)
        return cards_table(cards, "," if fmt == "csv" else "\t")
    data = bank_to_json(bank, urls or {})
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def export_bytes(
    bank: Bank, fmt: str, timestamp: int, urls: dict[str, str] | None = None, site_url: str = ""
) -> bytes:
    """Any export format as bytes: UTF-8 text, or the whole handbook's Anki package."""
    if fmt != "apkg":
        return export_text(bank, fmt, urls, site_url).encode("utf-8")
    return build_packages(bank_cards(bank, site_url, urls), timestamp)[package_name(WHOLE)]
