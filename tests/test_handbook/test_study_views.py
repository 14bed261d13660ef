"""Study views in a category page's HTML: sections, answers behind a button, the toolbar."""

from __future__ import annotations

import re

from handbook.model import Category, Question
from handbook.study_views import EAGER, study_page, toolbar


def category() -> Category:
    qs = [
        Question("q-one", "One?", "m", "Metrics", "questions/m.md", 1, "junior", ["a", "b"]),
        Question("q-two", "Two?", "m", "Metrics", "questions/m.md", 9, "senior", ["b"]),
    ]
    return Category("m", "Metrics", "questions/m.md", "", qs)


PAGE = (
    '<h1 id="m">Metrics</h1><p>Intro</p><h2 id="other">Not a question</h2><p>x</p>'
    '<h2 id="q-one">One?</h2><p class="hb-meta"><span>junior</span></p><p>Answer one</p>'
    '<h2 id="q-two">Two?</h2><p>Answer two</p>'
)


def test_each_question_is_a_section_with_its_answer_behind_a_button() -> None:
    out = study_page(PAGE, category())
    assert '<section class="hb-q" data-level="junior" data-tags="a|b"><h2 id="q-one">' in out
    assert (
        '<p class="hb-meta"><span>junior</span></p><button type="button" '
        'class="md-button hb-reveal" aria-expanded="false" aria-controls="q-one--answer">'
    ) in out
    assert '<div class="hb-answer" id="q-one--answer"><p>Answer one</p></div></section>' in out
    # no badges: the answer starts after the heading
    assert '<h2 id="q-two">Two?</h2><button' in out
    assert out.endswith(
        '<div class="hb-answer" id="q-two--answer"><p>Answer two</p></div></section>'
    )
    assert '<h2 id="other">Not a question</h2><p>x</p><section' in out
    assert out.index("hb-study") > out.index("</h1>") and out.count('hb-study"') == 1


def test_toolbar_lists_the_levels_and_tags_in_use() -> None:
    bar = toolbar(category())
    assert '<option value="junior">junior</option><option value="senior">senior</option>' in bar
    assert "mid" not in bar
    assert '<option value="a">a</option><option value="b">b</option>' in bar
    assert "data-hb-random" in bar and 'aria-pressed="false"' in bar


def test_a_page_without_questions_is_unchanged() -> None:
    assert study_page("<h1>x</h1><p>y</p>", category()) == "<h1>x</h1><p>y</p>"


def test_questions_after_the_eager_ones_are_marked_for_layout_after_load() -> None:
    qs = [
        Question(f"q{i}", f"Q{i}?", "m", "Metrics", "questions/m.md", i, "mid", ["a"])
        for i in range(5)
    ]
    page = "<h1>M</h1>" + "".join(f'<h2 id="q{i}">Q{i}?</h2><p>A{i}</p>' for i in range(5))
    out = study_page(page, Category("m", "Metrics", "questions/m.md", "", qs))
    classes = re.findall(r'<section class="([^"]+)"', out)
    assert EAGER == 2  # the browser test measures that two answers fill the first screen
    assert classes == ["hb-q"] * EAGER + ["hb-q hb-later"] * (5 - EAGER)
