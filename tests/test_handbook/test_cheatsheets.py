"""The cheat-sheet builder on a small in-memory bank (no MkDocs, no browser)."""

from __future__ import annotations

from handbook import cheatsheets
from handbook.model import Bank
from handbook.parse import parse_page
from handbook.pdf import find_chromium, running_header
from support import ROOT

GOOD = (ROOT / "tests/data/good_page.md").read_text(encoding="utf-8")


def bank() -> Bank:
    category, problems = parse_page(GOOD, "questions/metrics.md", ROOT)
    assert problems == [] and category is not None
    return Bank([category])


def test_category_sheet_holds_every_short_answer_and_key_block() -> None:
    c = bank().categories[0]
    md = cheatsheets.category_sheet(c, "2026-11-23")
    for q in c.questions:
        assert f'id="sheet-{q.id}"' in md
        assert q.short_answer in md
        assert f"[{q.title}](../questions/metrics.md#{q.id})" in md
    assert '<div class="hb-key" markdown>\n\n$F_1 = 2PR/(P+R)$' in md
    assert "Evaluation metrics · 2 questions · built 2026-11-23" in md
    assert 'href="../metrics-a4.pdf"' in md and 'href="../metrics-letter.pdf"' in md


def test_master_sheet_has_key_blocks_under_titles_but_not_short_answers() -> None:
    b = bank()
    md = cheatsheets.master_sheet(b, "2026-11-23")
    assert any(q.cheatsheet for q in b.questions) and not all(q.cheatsheet for q in b.questions)
    for q in b.questions:
        assert (f'id="sheet-{q.id}"' in md) == bool(q.cheatsheet), q.id
        assert q.short_answer not in md
    assert "$F_1 = 2PR/(P+R)$" in md
    assert "| [Evaluation metrics](metrics.md) | 2 |" in md


def test_build_date_is_reproducible(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    assert cheatsheets.build_date() == "2026-11-23"


def test_missing_chromium_is_reported_as_none(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    assert find_chromium() is None


def test_chromium_from_the_environment_and_the_running_header(monkeypatch, tmp_path) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM", str(browser))
    assert find_chromium() == str(browser)
    header = running_header("Cheat sheet: A & B", "2026-11-23")
    assert (
        "Computer Vision Interview Handbook · Cheat sheet: A &amp; B · built 2026-11-23" in header
    )
