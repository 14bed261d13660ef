"""Flashcards from the bank: one card per question (front: the question; back: the 30-second
answer and a link to the full answer), as HTML for Anki and as plain text for CSV/TSV.

Formulas: Anki renders MathJax natively (desktop, AnkiDroid, AnkiMobile), so ``$…$`` becomes
``\\(…\\)`` and ``$$…$$`` becomes ``\\[…\\]``. The LaTeX stays readable and editable in Anki's
editor, and the package needs no MathML converter. The plain text keeps ``$…$`` as written.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import re
from dataclasses import dataclass

import markdown as md

from handbook.markdown import FOLLOWUP_RE, strip_markup
from handbook.model import Bank, Question

MATH_RE = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)(.+?)(?<![\\\s])\$", re.DOTALL)
TERM_RE = re.compile(r"\[\[term:([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
PLACEHOLDER = "hbmath{}x"
PLACEHOLDER_RE = re.compile(r"hbmath(\d+)x")
TAG_RE = re.compile(r"<[^>]+>")
TABLE_COLUMNS = ("id", "question", "answer", "category", "level", "url")
# One converter, reset between texts (building one per call costs more than converting).
_MARKDOWN = md.Markdown(output_format="html")


@dataclass(frozen=True)
class Card:
    """One question as a flashcard; ``*_html`` for Anki, ``*_text`` for CSV."""

    id: str
    category: str  # the category's slug
    category_title: str
    level: str
    url: str  # absolute when the site has a ``site_url``
    question_html: str
    question_text: str
    answer_html: str
    answer_text: str


def _plain_links(text: str, titles: dict[str, str]) -> str:
    """``[[term:X]]`` → X and ``[[id]]`` → the question's title (the card has no site links)."""
    text = TERM_RE.sub(lambda m: m.group(2) or m.group(1), text)
    return FOLLOWUP_RE.sub(lambda m: titles.get(m.group(1), m.group(1)), text)


def _protect_math(text: str) -> tuple[str, list[tuple[str, bool]]]:
    """Replace each formula with a placeholder Markdown leaves alone: (text, [(latex, display)])."""
    found: list[tuple[str, bool]] = []

    def keep(m: re.Match[str]) -> str:
        found.append((m.group(1) or m.group(2), m.group(1) is not None))
        return PLACEHOLDER.format(len(found) - 1)

    return MATH_RE.sub(keep, text), found


def _markdown_html(text: str, titles: dict[str, str] | None) -> tuple[str, list[tuple[str, bool]]]:
    """Markdown → HTML with formulas left as placeholders (Markdown never sees their ``_``)."""
    source, maths = _protect_math(_plain_links(text, titles or {}))
    return _convert(source), maths


@functools.lru_cache(maxsize=1024)
def _convert(source: str) -> str:
    """Markdown → HTML (cached: each card's text is converted for Anki and for CSV)."""
    return _MARKDOWN.reset().convert(source)


def to_anki_html(text: str, titles: dict[str, str] | None = None, inline: bool = False) -> str:
    """Markdown with ``$math$`` → HTML with MathJax delimiters, as Anki renders it."""
    out, maths = _markdown_html(text, titles)
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]

    def restore(m: re.Match[str]) -> str:
        latex, display = maths[int(m.group(1))]
        return html.escape(f"\\[{latex}\\]" if display else f"\\({latex}\\)", quote=False)

    return PLACEHOLDER_RE.sub(restore, out)


def to_plain_text(text: str, titles: dict[str, str] | None = None) -> str:
    """Markdown → one line of plain text; formulas stay as ``$LaTeX$`` source."""
    out, maths = _markdown_html(text, titles)
    plain = " ".join(html.unescape(TAG_RE.sub("", out)).split())

    def restore(m: re.Match[str]) -> str:
        latex, display = maths[int(m.group(1))]
        latex = " ".join(latex.split())
        return f"$${latex}$$" if display else f"${latex}$"

    return PLACEHOLDER_RE.sub(restore, plain)


def question_url(q: Question, site_url: str, urls: dict[str, str]) -> str:
    """The full answer's URL: ``site_url`` + the page's URL + ``#id`` (relative without one)."""
    page = urls.get(q.page) or q.page.removesuffix(".md") + "/"
    base = site_url.rstrip("/") + "/" if site_url else ""
    return f"{base}{page.lstrip('/')}#{q.id}"


def bank_cards(bank: Bank, site_url: str = "", urls: dict[str, str] | None = None) -> list[Card]:
    """Every question of the bank as a card, in the site's order."""
    titles = {q.id: strip_markup(q.title) for q in bank.questions}
    return [
        Card(
            id=q.id,
            category=q.category,
            category_title=q.category_title,
            level=q.difficulty,
            url=question_url(q, site_url, urls or {}),
            question_html=to_anki_html(q.title, titles, inline=True),
            question_text=to_plain_text(q.title, titles),
            answer_html=to_anki_html(q.short_answer, titles),
            answer_text=to_plain_text(q.short_answer, titles),
        )
        for q in bank.questions
    ]


def cards_table(cards: list[Card], delimiter: str = ",") -> str:
    """The cards as CSV (``delimiter=","``) or TSV (``"\\t"``): a header row, one row a card."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(TABLE_COLUMNS)
    for c in cards:
        writer.writerow((c.id, c.question_text, c.answer_text, c.category_title, c.level, c.url))
    return buffer.getvalue()
