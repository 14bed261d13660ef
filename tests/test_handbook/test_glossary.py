"""The glossary in the package: parsing and lint, matching, exclusions, back-links."""

from __future__ import annotations

import pytest

from handbook import glossary_page as page_mod
from handbook import glossary_usage as uses
from handbook import terms as matching
from handbook.bank import load_bank
from handbook.glossary import GLOSSARY_FILE, Glossary, Term, load_glossary, parse_glossary
from handbook.model import Bank
from handbook.parse import parse_page
from support import ROOT

GOOD_PAGE = (ROOT / "tests/data/good_page.md").read_text(encoding="utf-8")

YAML = """\
- term: Intersection over Union
  abbr: IoU
  aliases: [Jaccard index]
  tooltip: Overlap divided by union.
  definition: The ratio of the areas.
  related: [F1 score]
- term: F1 score
  abbr: F1
  tooltip: Harmonic mean of precision and recall.
  definition: 2PR/(P+R).
- term: Receptive field
  tooltip: The input region that can affect one output.
  definition: Grows with depth.
"""


def make(text: str = YAML) -> Glossary:
    g, problems = parse_glossary(text, "data/glossary.yml")
    assert problems == []
    return g


def bank() -> Bank:
    category, problems = parse_page(GOOD_PAGE, "questions/metrics.md", ROOT)
    assert problems == [] and category is not None
    return Bank([category])


# --- matching -----------------------------------------------------------------------------


def test_abbreviations_match_case_sensitively_and_phrases_do_not() -> None:
    g = make()
    assert matching.terms_in(g, "The IoU of two boxes") == {"intersection-over-union"}
    assert matching.terms_in(g, "the iou of two boxes") == set()  # 'iou' is not the abbreviation
    assert matching.terms_in(g, "RECEPTIVE FIELDS grow") == {"receptive-field"}
    assert matching.terms_in(g, "a jaccard index") == {"intersection-over-union"}


def test_whole_words_only() -> None:
    g = make()
    assert matching.terms_in(g, "IoUs and F1-like") == {"intersection-over-union"}
    assert matching.terms_in(g, "xIoU F1x") == set()


def test_link_terms_wraps_first_use_per_section_only() -> None:
    g = make()
    far = "<p>" + "filler text " * 200 + "</p>"  # more than a phone screen of text
    html = f"<h2 id='a'>A</h2><p>IoU and IoU</p>{far}<h2 id='b'>B</h2><p>then IoU</p>"
    out = matching.link_terms(html, g, "../../glossary/")
    assert out.count("<abbr") == 2
    assert '<a class="hb-term" href="../../glossary/#intersection-over-union" ' in out
    assert 'data-tip="Overlap divided by union."' in out


def test_a_term_is_not_marked_twice_on_one_screen_even_in_a_new_section() -> None:
    html = "<h2 id='a'>A</h2><p>IoU here.</p><h2 id='b'>B</h2><p>IoU again, close by.</p>"
    assert matching.link_terms(html, make(), "g/").count("<abbr") == 1


def test_marks_are_capped_per_paragraph() -> None:
    html = "<p>IoU, F1 and the receptive field</p><ul><li>F1 and receptive fields</li></ul>"
    out = matching.link_terms(html, make(), "g/")
    first, second = out.split("<ul>")
    assert first.count("<abbr") == matching.MAX_MARKS_PER_BLOCK == 2
    assert second.count("<abbr") == 1  # F1 was marked just above; the receptive field was not


@pytest.mark.parametrize(
    "html",
    [
        "<p><code>IoU</code></p>",
        "<pre><code>IoU = inter / union</code></pre>",
        "<h2 id='x'>IoU<a class='headerlink' href='#x'>¶</a></h2>",
        "<h3>IoU</h3>",
        "<p><a href='x'>IoU</a></p>",
        "<p><math><mi>IoU</mi></math></p>",
        '<p><span class="arithmatex">\\(IoU = 1\\)</span></p>',
        "<p class='hb-meta'><span class='hb-tag'>IoU</span></p>",
        "<div class='admonition'><p class='admonition-title'>IoU</p></div>",
    ],
)
def test_never_inside_code_headings_links_math_or_badges(html: str) -> None:
    assert "<abbr" not in matching.link_terms(html, make(), "glossary/")


def test_text_after_an_excluded_element_is_linked_again() -> None:
    out = matching.link_terms("<p><code>IoU</code> then IoU</p>", make(), "glossary/")
    assert out.count("<abbr") == 1 and "<code>IoU</code>" in out


def test_explicit_reference_becomes_a_link_with_tooltip() -> None:
    md = "See [[term:receptive field]].\n\n```\n[[term:receptive field]]\n```"
    out = page_mod.resolve_term_refs(md, make(), "questions/cnn.md")
    expected = '[receptive field](../glossary.md#receptive-field "The input region'
    assert out.startswith("See " + expected)
    assert out.endswith("```\n[[term:receptive field]]\n```")


# --- back-links and the generated page ----------------------------------------------------


def test_usage_lists_the_questions_that_use_a_term() -> None:
    usage = uses.term_usage(make(), bank())
    assert usage["f1-score"] == ["f1-is-a-harmonic-mean"]  # "$F_1$" is math, not the word
    assert usage["receptive-field"] == []


def test_glossary_page_has_az_bar_anchors_aliases_related_and_backlinks() -> None:
    g = make()
    page = page_mod.glossary_page(g, uses.term_usage(g, bank()), bank())
    assert "[F](#letter-f) · [I](#letter-i) · [R](#letter-r)" in page
    g.terms.append(Term("3D vision", "3d-vision", "t", "d", 1))
    digits = page_mod.glossary_page(g, {}, bank())
    assert digits.index("## 0–9 {#letter-other}") < digits.index("### 3D vision {#3d-vision}")
    assert "[0–9](#letter-other) · [F](#letter-f)" in digits
    assert "### Intersection over Union (IoU) {#intersection-over-union}" in page
    assert "**Also called:** Jaccard index" in page
    assert "**Related:** [F1 score](#f1-score)" in page
    # "Used in": a count and the categories here; the questions in used-in.json (reader.js)
    assert "**Used in:** 1 question: Evaluation metrics (1)" in page
    assert '{: .hb-used data-hb-used="f1-score" }' in page
    assert "Why is F1 a harmonic mean?" not in page


def test_used_in_data_lists_each_question_once_and_each_term_by_index() -> None:
    g = make()
    usage = uses.term_usage(g, bank())
    data = page_mod.used_in_data(g, usage, bank(), lambda page: page.removesuffix(".md") + "/")
    assert ["questions/metrics/#f1-is-a-harmonic-mean", "Why is F1 a harmonic mean?"] in data[
        "questions"
    ]
    assert len({url for url, _ in data["questions"]}) == len(data["questions"])
    assert set(data["terms"]) == {slug for slug, ids in usage.items() if ids}
    for slug, indexes in data["terms"].items():
        urls = [data["questions"][i][0].rsplit("#", 1)[1] for i in indexes]
        assert urls == usage[slug], slug


def lint(text: str) -> list[str]:
    _, problems = parse_glossary(text, "data/glossary.yml")
    return [str(p) for p in problems]


def test_duplicate_term_is_reported_with_its_line() -> None:
    dup = YAML + "- term: f1 SCORE\n  tooltip: again\n  definition: again\n"
    msgs = lint(dup)
    assert any(
        m.startswith("data/glossary.yml:14: 'f1 SCORE' is already defined by 'F1 score' (line 7)")
        for m in msgs
    ), msgs


def test_alias_colliding_with_another_term() -> None:
    text = YAML.replace("aliases: [Jaccard index]", "aliases: [Receptive field]")
    msgs = lint(text)
    assert any(
        "data/glossary.yml:11: 'Receptive field' is already defined by "
        "'Intersection over Union' (line 1)" in m
        for m in msgs
    ), msgs


def test_form_repeated_inside_one_entry() -> None:
    msgs = lint(YAML.replace("aliases: [Jaccard index]", "aliases: [iou]"))
    assert any("'iou' appears twice in this entry" in m for m in msgs), msgs


@pytest.mark.parametrize(
    ("tooltip", "fragment"),
    [
        ('""', "empty tooltip"),
        ("x" * 161, "161 characters, over 160"),
        ("'uses `code`'", "plain text"),
    ],
)
def test_bad_tooltips(tooltip: str, fragment: str) -> None:
    msgs = lint(YAML.replace("tooltip: Overlap divided by union.", f"tooltip: {tooltip}"))
    assert any(m.startswith("data/glossary.yml:1: ") and fragment in m for m in msgs), msgs


def test_unknown_related_term() -> None:
    msgs = lint(YAML.replace("related: [F1 score]", "related: [Dice]"))
    assert any("related term 'Dice' is not in the glossary" in m for m in msgs), msgs


def test_unknown_key_and_missing_definition() -> None:
    msgs = lint(YAML.replace("  definition: Grows with depth.\n", "  colour: red\n"))
    assert any("unknown key(s) colour" in m for m in msgs)
    assert any("term 'Receptive field' has no 'definition'" in m for m in msgs)


def test_invalid_yaml_is_reported_not_raised() -> None:
    msgs = lint("- term: [unclosed\n")
    assert msgs and msgs[0].startswith("data/glossary.yml:") and "not valid YAML" in msgs[0]


def test_unknown_explicit_reference_and_unused_term() -> None:
    g = make()
    pages = {"questions/metrics.md": GOOD_PAGE + "\nSee [[term:Dice]].\n"}
    msgs = [str(p) for p in uses.lint_usage(g, pages, bank())]
    line = len(GOOD_PAGE.split("\n")) + 1
    assert f"docs/questions/metrics.md:{line}: [[term:Dice]] names a term that is not" in "\n".join(
        msgs
    )
    assert any(
        m.startswith("data/glossary.yml:11: term 'Receptive field' is not used") for m in msgs
    )
    assert not any("'F1 score' is not used" in m for m in msgs)  # the page says "F1"


def test_the_real_glossary_is_clean() -> None:
    g, problems = load_glossary(ROOT / GLOSSARY_FILE, GLOSSARY_FILE)
    assert problems == []
    real_bank, _ = load_bank(ROOT / "docs", ROOT)
    assert "index.md" in real_bank.pages and "questions/foundations.md" in real_bank.pages
    assert [str(p) for p in uses.lint_usage(g, real_bank.pages, real_bank)] == []


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("term: not a list\n", "1: the glossary must be a YAML list of entries"),
        ("- just a string\n", "1: every glossary entry must be a mapping"),
        ("- tooltip: t\n  definition: d\n", "1: entry has no 'term:'"),
        ("- term: T\n  tooltip: t\n  definition: d\n  abbr: {a: b}\n", "'abbr' must be a string"),
    ],
)
def test_malformed_entries(text: str, fragment: str) -> None:
    assert any(fragment in m for m in lint(text)), lint(text)


def test_single_strings_count_as_lists_and_a_missing_file_is_one_problem(tmp_path) -> None:
    g = make(YAML.replace("aliases: [Jaccard index]", "aliases: Jaccard index"))
    assert g.terms[0].aliases == ["Jaccard index"]
    _, problems = load_glossary(tmp_path / "none.yml", GLOSSARY_FILE)
    assert [str(p) for p in problems] == [
        "data/glossary.yml:1: the glossary file is missing; create data/glossary.yml"
    ]


def test_an_empty_glossary_links_nothing_and_unknown_references_stay_text() -> None:
    empty = make("[]\n")
    assert matching.link_terms("<p>IoU</p>", empty, "g/") == "<p>IoU</p>"
    assert matching.terms_in(empty, "IoU") == set()
    assert page_mod.resolve_term_refs("[[term:Nope]]", make(), "index.md") == "[[term:Nope]]"


def test_plurals_and_unknown_plural_forms() -> None:
    g = make()
    assert matching.term_for_match(g, "IoUs") is g.terms[0]
    assert matching.term_for_match(g, "receptive fieldes") is g.terms[2]
    assert matching.term_for_match(g, "xyzes") is None


def test_glossary_letters_are_closed_under_their_headings_and_name_their_terms() -> None:
    link = '<a class="headerlink" href="#x" title="Link to this section">&para;</a>'
    html = (
        f'<p>bar</p><h2 id="letter-a">A</h2><h3 id="anchor">Anchor{link}</h3><p>a</p>'
        f'<h3 id="apex">Apex &amp; <code>top</code>{link}</h3>'
        f'<h2 id="letter-b">B</h2><h3 id="b1">B1{link}</h3>'
    )
    out = page_mod.wrap_letters(html)
    assert out == (
        '<p>bar</p><h2 id="letter-a">A</h2><details class="hb-letter">'
        "<summary>2 terms: Anchor, Apex &amp; top</summary>"
        f'<h3 id="anchor">Anchor{link}</h3><p>a</p>'
        f'<h3 id="apex">Apex &amp; <code>top</code>{link}</h3>'
        '</details><h2 id="letter-b">B</h2><details class="hb-letter">'
        f'<summary>1 term: B1</summary><h3 id="b1">B1{link}</h3></details>'
    )
    assert page_mod.wrap_letters("<p>no letters</p>") == "<p>no letters</p>"
