"""Open-data exports of the bank: ``questions.json`` (decks and CSV can join it here)."""

from __future__ import annotations

import json
from typing import Any

from handbook.markdown import strip_markup
from handbook.model import LEVELS, Bank

FORMATS = ("json",)


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


def export_text(bank: Bank, fmt: str = "json", urls: dict[str, str] | None = None) -> str:
    """The bank as the text of one export format (the build writes ``questions.json``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}'; known: {', '.join(FORMATS)}")
    data = bank_to_json(bank, urls or {})
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
