"""The glossary in the built site: tooltips on question pages, every term on the A–Z page,
every alias in the search index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook import glossary, search
from support import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def terms() -> glossary.Glossary:
    g, problems = glossary.load_glossary(ROOT / glossary.GLOSSARY_FILE, glossary.GLOSSARY_FILE)
    assert problems == []
    return g


def test_question_pages_carry_tooltips(built_site: Path) -> None:
    pages = sorted((built_site / "questions").glob("*/index.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tips = re.findall(
            r'<a class="hb-term" href="[^"]*glossary/#[a-z0-9-]+" data-tip="[^"]+"><abbr>', html
        )
        assert tips, f"{page}: no glossary tooltip"
        # never inside headings or code
        for block in re.findall(r"<h[1-6].*?</h[1-6]>|<code.*?</code>", html, flags=re.S):
            assert "hb-term" not in block, block[:200]


def test_glossary_page_has_every_term_with_backlinks(built_site: Path, terms) -> None:
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    for t in terms.terms:
        assert f'id="{t.slug}"' in html, t.term
    assert html.count("Used in:") == len(terms.terms), "every term links back to a question"
    for letter in {t.term[0].upper() for t in terms.terms if t.term[0].isalpha()}:
        assert f'href="#letter-{letter.lower()}"' in html


def test_search_records_hold_every_term_and_alias(built_site: Path, terms) -> None:
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    records = {r.url: r for r in search.glossary_records(html, "glossary/")}
    for t in terms.terms:
        record = records[f"glossary/#{t.slug}"]
        text = " ".join([record.title, record.lead, record.text, *record.aliases])
        for form in t.forms:  # the index splits "1,000" into "1 000"
            assert form in text or form.replace(",", " ") in text, form
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert not (built_site / "search" / "search_index.json").exists()  # no index on page load
