"""End to end: the real handbook, built in-process with --strict, checked as HTML and data."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import handbook
from handbook.cli import main as handbook_main
from handbook.markdown import strip_markup
from support import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def bank() -> handbook.Bank:
    bank, problems = handbook.load_bank(ROOT / "docs", ROOT)
    assert problems == []
    return bank


def page_html(site: Path, q: handbook.Question) -> str:
    return (site / q.page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")


def test_every_question_renders_with_badge_and_short_answer(site: Path, bank) -> None:
    assert bank.questions, "the handbook has no questions"
    for q in bank.questions:
        html = page_html(site, q)
        assert f'id="{q.id}"' in html, q.id
        heading_at = html.index(f'id="{q.id}"')
        after = html[heading_at : heading_at + 3000]
        assert f'hb-level--{q.difficulty}"' in after, f"{q.id}: no difficulty badge"
        assert "30-second answer" in after, f"{q.id}: no 30-second answer block"
        assert "**Difficulty:**" not in html


def test_every_category_page_has_a_question_index(site: Path, bank) -> None:
    for c in bank.categories:
        html = (site / c.page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        index = html[html.index('class="hb-index"') :]
        for q in c.questions:
            assert f'href="#{q.id}"' in index, f"{c.slug}: {q.id} missing from the index"


def test_followups_are_resolved_links(site: Path, bank) -> None:
    for q in bank.questions:
        html = page_html(site, q)
        text = re.sub(r"<code.*?</code>", "", html, flags=re.S)
        assert "[[" not in text, f"{q.page}: an unresolved [[id]] link"
        for fid in q.followup_ids:
            target = bank.by_id()[fid]
            assert f"#{fid}" in html and target.title.split("`")[0][:20] in html


def test_math_is_mathml_without_javascript(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    joined = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert "arithmatex" not in joined, "a formula was left for a JavaScript renderer"
    assert "<math" in joined
    assert "mathjax" not in joined.lower() and "katex" not in joined.lower()


def test_formulas_hold_no_markup_from_other_hooks(site: Path) -> None:
    for page in site.rglob("*.html"):
        for formula in re.findall(r"<math.*?</math>", page.read_text(encoding="utf-8"), re.S):
            text = re.sub(r"<[^>]+>", "", formula)
            assert "href" not in text and "hb-term" not in text, (page, text[:120])


def test_questions_json_matches_the_pages(site: Path, bank) -> None:
    data = json.loads((site / "questions.json").read_text(encoding="utf-8"))
    assert data["count"] == len(bank.questions) == len(data["questions"])
    by_id = bank.by_id()
    for record in data["questions"]:
        q = by_id[record["id"]]
        assert record["title"] == strip_markup(q.title)
        assert record["difficulty"] == q.difficulty
        assert record["category"] == q.category
        assert record["short_answer"] == q.short_answer
        assert record["tags"] == q.tags
        path, anchor = record["url"].split("#")
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, record["url"]


def test_export_command_writes_the_sites_questions_json(site: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "questions.json"
    assert handbook_main(["--root", str(ROOT), "export", "--format", "json", "-o", str(out)]) == 0
    assert out.read_bytes() == (site / "questions.json").read_bytes()
    assert handbook_main(["--root", str(ROOT), "export"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and a.get("src"):
            self.refs.append(a["src"] or "")
        if tag == "link" and a.get("rel") not in {"canonical"} and a.get("href"):
            self.refs.append(a["href"] or "")


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    site_url = "http://127.0.0.1:8000/"
    for page in site.rglob("*.html"):
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            assert not re.match(r"^(https?:)?//", ref) or ref.startswith(site_url), (page, ref)
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def test_no_web_fonts(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_every_page_names_its_search_dialog(site: Path) -> None:
    # Guards the string the accessibility hook rewrites against a Material update.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'data-md-component="search"' in html:
            assert 'role="dialog" aria-label="Search"' in html, page
