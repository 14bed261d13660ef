"""Study pages: download lines, the study index, the drills page (answers behind <details>,
an answer key for paper, inputs kept as data)."""

from __future__ import annotations

import html
import json
import re

from handbook.drills import drill_set
from handbook.model import Bank
from handbook.parse import parse_page
from handbook.study import (
    DRILL_SOURCES,
    downloads_line,
    drills_page,
    place_downloads,
    study_index,
    study_path,
)
from support import ROOT

GOOD = (ROOT / "tests/data/good_page.md").read_text(encoding="utf-8")


def bank() -> Bank:
    category, problems = parse_page(GOOD, "questions/metrics.md", ROOT)
    assert problems == [] and category is not None
    return Bank([category])


def test_downloads_line_links_relative_to_the_page() -> None:
    c = bank().categories[0]
    line = downloads_line("questions/metrics.md", c)
    assert "[Anki deck, Evaluation metrics](../study/metrics.apkg)" in line
    assert "[CSV](../study/flashcards.csv)" in line and "(../study/drills.md)" in line
    home = downloads_line("index.md")
    assert "[Anki deck, all questions](study/cv-interview-handbook.apkg)" in home
    assert study_path("x.csv") == "study/x.csv"


def test_place_downloads_at_the_marker_after_the_h1_or_nowhere() -> None:
    b = bank()
    marked = place_downloads("# Home\n\n<!-- handbook: study-downloads -->\n", b, "index.md")
    assert "<!--" not in marked and "study/cv-interview-handbook.apkg" in marked
    page = place_downloads(
        "```\n# not a heading\n```\n# Metrics\n\nText\n", b, "questions/metrics.md"
    )
    assert page.split("\n")[3:6] == [
        "# Metrics",
        "",
        downloads_line("questions/metrics.md", b.categories[0]),
    ]
    sheet = place_downloads("# Cheat sheets\n", b, "cheatsheets/index.md")
    assert "../study/cv-interview-handbook.apkg" in sheet
    assert place_downloads("# About\n", b, "about.md") == "# About\n"
    assert place_downloads("No heading\n", b, "questions/metrics.md") == "No heading\n"


def test_study_index_lists_every_deck_with_its_count() -> None:
    b = bank()
    md = study_index(b, {"cv-interview-handbook.apkg": 2, "metrics.apkg": 2})
    assert "| [All questions](cv-interview-handbook.apkg) | 2 |" in md
    assert "| [Evaluation metrics](metrics.apkg) | 2 |" in md
    assert "[CSV](flashcards.csv)" in md and "(drills.md)" in md


def test_drills_page_hides_answers_and_keeps_inputs() -> None:
    drills = drill_set(3, per_kind=1)
    md = drills_page(drills, 3, "2026-11-30")
    assert md.count("<details") == len(drills) == md.count("<summary>Show the answer</summary>")
    inputs = [json.loads(html.unescape(m)) for m in re.findall(r'data-inputs="([^"]*)"', md)]
    assert inputs == [d.inputs for d in drills]
    key = md[md.index('class="hb-answer-key"') :]
    assert key.count("<li>") == len(drills)
    assert 'href="../drills-a4.pdf"' in md and 'href="../drills-letter.pdf"' in md
    for fn, ref in DRILL_SOURCES.values():
        assert f"[`{fn}`](../{ref})" in md
    assert 'set <span class="hb-seed">3</span> · built 2026-11-30' in md
    assert 'data-per-kind="1"' in md and 'class="md-button hb-new-set" hidden' in md
