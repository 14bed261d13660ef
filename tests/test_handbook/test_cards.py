"""Flashcards from the bank: Anki HTML with MathJax delimiters, plain text, URLs, CSV/TSV."""

from __future__ import annotations

import csv
import io

import pytest

from handbook import load_bank
from handbook.cards import bank_cards, cards_table, question_url, to_anki_html, to_plain_text
from handbook.model import Bank
from handbook.parse import parse_page
from support import ROOT

GOOD = (ROOT / "tests/data/good_page.md").read_text(encoding="utf-8")


def small_bank() -> Bank:
    category, problems = parse_page(GOOD, "questions/metrics.md", ROOT)
    assert problems == [] and category is not None
    return Bank([category])


@pytest.fixture(scope="module")
def real_bank() -> Bank:
    bank, problems = load_bank(ROOT / "docs", ROOT)
    assert problems == []
    return bank


def test_inline_and_display_math_become_mathjax_delimiters() -> None:
    out = to_anki_html("Recall is $TP / (TP + FN)$ and\n\n$$\\prod_{i<l} s_i$$\n")
    assert "\\(TP / (TP + FN)\\)" in out
    assert "\\[\\prod_{i&lt;l} s_i\\]" in out  # HTML-escaped; MathJax reads the text


def test_underscores_in_formulas_are_not_emphasis() -> None:
    out = to_anki_html("$F_1 = a_b$ and *this* and `code_x`")
    assert "\\(F_1 = a_b\\)" in out and "<em>this</em>" in out and "<code>code_x</code>" in out
    assert to_plain_text("$F_1 = a_b$, c_FP / (c_FP + c_FN), **bold**") == (
        "$F_1 = a_b$, c_FP / (c_FP + c_FN), bold"
    )


def test_links_become_text_without_site_markup() -> None:
    titles = {"iou-vs-dice": "IoU or Dice?"}
    text = "See [[iou-vs-dice]], [[term:Receptive field]], [[term:IoU|the overlap]], [[nope]]."
    assert to_plain_text(text, titles) == "See IoU or Dice?, Receptive field, the overlap, nope."
    assert to_anki_html("A *b*", inline=True) == "A <em>b</em>"
    assert to_anki_html("One.\n\nTwo.", inline=True) == "<p>One.</p>\n<p>Two.</p>"


def test_display_math_stays_display_in_plain_text() -> None:
    assert to_plain_text("Area:\n\n$$\n a\n  b \n$$\n") == "Area: $$a b$$"


def test_question_url_absolute_with_a_site_url_and_relative_without() -> None:
    q = small_bank().questions[0]
    assert (
        question_url(q, "https://ex.org/hb", {}) == f"https://ex.org/hb/questions/metrics/#{q.id}"
    )
    assert question_url(q, "", {"questions/metrics.md": "m/"}) == f"m/#{q.id}"


def test_cards_table_has_one_row_per_question_and_parses(real_bank: Bank) -> None:
    cards = bank_cards(real_bank, "https://example.org/")
    for delimiter in (",", "\t"):
        text = cards_table(cards, delimiter)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert rows[0] == ["id", "question", "answer", "category", "level", "url"]
        assert [r[0] for r in rows[1:]] == [q.id for q in real_bank.questions]
        assert all(len(r) == 6 and all(cell.strip() for cell in r) for r in rows[1:])
        assert all("<" not in r[2] or "<p>" not in r[2] for r in rows[1:])  # plain text
        assert all(r[5].startswith("https://example.org/questions/") for r in rows[1:])


def test_every_card_field_is_filled(real_bank: Bank) -> None:
    for card in bank_cards(real_bank, "https://example.org/"):
        assert all(str(value).strip() for value in vars(card).values()), card.id
        assert "$" not in card.answer_html.replace("\\$", "")  # every formula converted
