"""The cheat-sheet builder on a small in-memory bank (no MkDocs, no browser)."""

from __future__ import annotations

from handbook import cheatsheets
from handbook.model import Bank
from handbook.parse import parse_page
from handbook.pdf import find_chromium, pdf_browser, running_header
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


def test_master_sheet_has_only_night_before_blocks_under_titles() -> None:
    tagged = GOOD.replace("**Difficulty:** mid\n", "**Difficulty:** mid · **Tags:** night-before\n")
    category, problems = parse_page(tagged, "questions/metrics.md", ROOT)
    assert problems == [] and category is not None
    b = Bank([category])
    md = cheatsheets.master_sheet(b, "2026-11-23")
    on_sheet = [q for q in b.questions if f'id="sheet-{q.id}"' in md]
    assert [q.id for q in on_sheet] == [q.id for q in cheatsheets.night_before(category)] != []
    for q in b.questions:
        assert q.short_answer not in md
        assert (q in on_sheet) == (bool(q.cheatsheet) and "night-before" in q.tags), q.id
    assert "$F_1 = 2PR/(P+R)$" in md
    untagged = cheatsheets.master_sheet(bank(), "2026-11-23")
    assert 'id="sheet-' not in untagged  # nothing tagged: only the list of category sheets
    assert "| [Evaluation metrics](metrics.md) | 2 |" in md


def test_build_date_is_reproducible(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    assert cheatsheets.build_date() == "2026-11-23"


def test_missing_chromium_is_reported_as_none(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    assert find_chromium() is None


def test_which_builds_print_pdfs(monkeypatch, tmp_path) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM", str(browser))
    monkeypatch.delenv("HANDBOOK_PDF", raising=False)
    assert pdf_browser("build", "Drill sheet") == (str(browser), "")
    assert pdf_browser("serve", "Drill sheet") == (None, "")  # serve never prints
    monkeypatch.setenv("HANDBOOK_PDF", "0")
    assert pdf_browser("build", "Drill sheet") == (None, "")  # skipped on purpose: silent
    monkeypatch.setenv("HANDBOOK_PDF", "1")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-browser"))
    chromium, why_not = pdf_browser("build", "Drill sheet")
    assert chromium is None
    assert why_not.startswith("Drill sheet PDFs skipped: Chromium was not found")
    assert ".ci/run" in why_not


def test_chromium_from_the_environment_and_the_running_header(monkeypatch, tmp_path) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM", str(browser))
    assert find_chromium() == str(browser)
    header = running_header("Cheat sheet: A & B", "2026-11-23")
    assert (
        "Computer Vision Interview Handbook · Cheat sheet: A &amp; B · built 2026-11-23" in header
    )


def test_night_before_tag_needs_a_block_and_a_small_quota() -> None:
    from handbook.bank import night_before_problems

    category, _ = parse_page(GOOD, "questions/metrics.md", ROOT)
    assert category is not None
    for q in category.questions:
        q.tags.append("night-before")
    problems = night_before_problems(Bank([category]))
    no_block = [q for q in category.questions if not q.cheatsheet]
    assert len(problems) == len(no_block) and no_block
    assert all('has no "Cheat sheet" block' in p.message for p in problems)
    many = Bank([category.__class__(**{**category.__dict__, "questions": category.questions * 3})])
    over = [p for p in night_before_problems(many) if "at most 4" in p.message]
    assert len(over) == len(category.questions) * 3 - 4
