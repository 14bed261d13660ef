"""Rendering, export and navigation order of the bank, without MkDocs."""

from __future__ import annotations

import json

import pytest

from handbook import bank as bank_mod
from handbook import markdown, render
from handbook.export import bank_to_json, export_bytes, export_text
from handbook.model import Bank, Category, Include
from handbook.parse import parse_page
from support import ROOT

GOOD = (ROOT / "tests/data/good_page.md").read_text(encoding="utf-8")
PAGE = "questions/metrics.md"


def bank() -> Bank:
    category, problems = parse_page(GOOD, PAGE, ROOT)
    assert problems == [] and category is not None
    return Bank([category])


def test_model_holds_every_part() -> None:
    q = bank().by_id()["precision-vs-recall"]
    assert q.title == "What is the difference between precision and recall?"
    assert (q.category, q.category_title, q.difficulty) == (
        "metrics",
        "Evaluation metrics",
        "junior",
    )
    assert q.tags == ["metrics", "classification"]
    assert q.short_answer.startswith("Precision is the fraction")
    assert "harmonic mean" in q.full_answer and "30-second" not in q.full_answer
    assert q.listens_for and q.mistakes and q.sources
    assert q.followup_ids == ["f1-is-a-harmonic-mean"]
    assert q.includes == [Include("snippets/boxes.py", "box_iou", q.includes[0].line)]
    assert q.location == "docs/questions/metrics.md:10"
    assert bank().by_id()["f1-is-a-harmonic-mean"].cheatsheet == "$F_1 = 2PR/(P+R)$"


def test_code_blocks_are_not_parsed_as_questions() -> None:
    text = GOOD.replace("Questions about metrics.", "```markdown\n## Not a question\n```")
    category, problems = parse_page(text, PAGE, ROOT)
    assert problems == [] and category is not None
    assert len(category.questions) == 2


def test_render_replaces_metadata_with_badges_and_adds_an_index() -> None:
    _, body, _ = markdown.split_front_matter(GOOD)
    html = render.render_page(body, bank(), PAGE)
    assert "**Difficulty:**" not in html
    assert '<span class="hb-level hb-level--junior"' in html
    assert html.index('class="hb-index"') < html.index("## What is the difference")
    assert "[Why is F1 a harmonic mean?](#f1-is-a-harmonic-mean)" in html


def test_index_marker_places_the_index() -> None:
    text = GOOD.replace("Questions about metrics.", "<!-- handbook: question-index -->\n\nIntro.")
    category, problems = parse_page(text, PAGE, ROOT)
    assert problems == []
    _, body, _ = markdown.split_front_matter(text)
    html = render.render_page(body, Bank([category]), PAGE)
    assert html.count('class="hb-index"') == 1
    assert html.index('class="hb-index"') < html.index("Intro.")


def test_links_across_pages_are_relative() -> None:
    assert markdown.relative_link("questions/a.md", "questions/b.md", "x") == "b.md#x"
    assert markdown.relative_link("index.md", "questions/b.md", "x") == "questions/b.md#x"
    assert markdown.relative_link("questions/a.md", "questions/a.md", "x") == "#x"


def test_links_inside_code_are_left_alone() -> None:
    md = "See [[precision-vs-recall]].\n\n```text\n[[precision-vs-recall]]\n```\n"
    out = render.resolve_links(md, bank(), "index.md")
    assert out.startswith(
        "See [What is the difference between precision and recall?]"
        "(questions/metrics.md#precision-vs-recall)."
    )
    assert "```text\n[[precision-vs-recall]]\n```" in out


def test_category_index_counts_levels() -> None:
    md = render.render_other_page("<!-- handbook: category-index -->", bank(), "index.md")
    assert "**2 questions in 1 categories.**" in md
    assert "| [Evaluation metrics](questions/metrics.md) | 2 | 1 junior · 1 mid · 0 senior |" in md


def test_word_count_ignores_markup() -> None:
    assert markdown.count_words("**Bold** `code` [a link](x.md) and *more*") == 6


def test_json_export_has_one_record_per_question() -> None:
    data = bank_to_json(bank(), {PAGE: "questions/metrics/"})
    assert data["count"] == 2
    first = data["questions"][0]
    assert first["url"] == "questions/metrics/#precision-vs-recall"
    assert set(first) >= {"id", "title", "category", "difficulty", "tags", "short_answer", "url"}


def test_categories_follow_the_navigation_order() -> None:
    nav = [
        {"Home": "index.md"},
        {"Questions": ["questions/index.md", {"B": "questions/b.md"}, {"A": "questions/a.md"}]},
    ]
    assert bank_mod.nav_paths(nav) == [
        "index.md",
        "questions/index.md",
        "questions/b.md",
        "questions/a.md",
    ]
    b = Bank([Category(s, s, f"questions/{s}.md", "", []) for s in "acb"])
    bank_mod.order_categories(b, bank_mod.nav_paths(nav))
    assert [c.slug for c in b.categories] == ["b", "a", "c"]


def test_a_category_page_missing_from_the_nav_is_reported() -> None:
    b = bank()
    assert bank_mod.pages_missing_from_nav(b, ["questions/metrics.md"]) == []
    (problem,) = bank_mod.pages_missing_from_nav(b, ["index.md"])
    assert str(problem).startswith("docs/questions/metrics.md:1: the category page is not in")
    assert "- Evaluation metrics: questions/metrics.md" in problem.message


def test_json_text_is_the_export_and_unknown_formats_are_refused() -> None:
    text = export_text(bank(), "json")
    assert text.endswith("}\n") and json.loads(text)["questions"][0]["url"] == (
        "questions/metrics/#precision-vs-recall"
    )
    with pytest.raises(ValueError, match="unknown text export format 'apkg'"):
        export_text(bank(), "apkg")  # binary: export_bytes
    assert export_bytes(bank(), "json", 0) == text.encode("utf-8")


def test_unknown_links_on_other_pages_stay_text() -> None:
    assert render.resolve_links("See [[nope]].", bank(), "index.md") == "See [[nope]]."
