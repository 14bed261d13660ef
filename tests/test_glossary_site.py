"""The glossary in the built site: tooltips on question pages, every term on the A–Z page,
every alias in the search index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handbook import glossary
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


def test_search_index_holds_every_term_and_alias(built_site: Path, terms) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    glossary_docs = [d for d in index["docs"] if d["location"].startswith("glossary/")]
    text = " ".join(d["title"] + " " + d["text"] for d in glossary_docs)
    for t in terms.terms:
        for form in t.forms:
            assert form in text or form.replace("&", "&amp;") in text, form
    entry = {d["location"] for d in glossary_docs}
    assert all(f"glossary/#{t.slug}" in entry for t in terms.terms)
