"""Cheat sheets in the built site: a sheet per category, every question on it, PDFs in A4 and
Letter within the page budget, and each PDF's text naming every question."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import handbook
from handbook.markdown import strip_markup
from support import ROOT

pytestmark = pytest.mark.build
BUDGET = {"index": 4}  # the master sheet; every category sheet: 2
PAPERS = ("a4", "letter")


@pytest.fixture(scope="module")
def bank() -> handbook.Bank:
    bank, problems = handbook.load_bank(ROOT / "docs", ROOT)
    assert problems == []
    return bank


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, flags=re.M).group(1))


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_every_category_has_a_sheet_with_every_question(built_site: Path, bank) -> None:
    master = (built_site / "cheatsheets" / "index.html").read_text(encoding="utf-8")
    for c in bank.categories:
        html = (built_site / "cheatsheets" / c.slug / "index.html").read_text(encoding="utf-8")
        for q in c.questions:
            assert f'id="sheet-{q.id}"' in html, (c.slug, q.id)
            assert (f'id="sheet-{q.id}"' in master) == bool(q.cheatsheet), q.id
            assert f"questions/{c.slug}/#{q.id}" in html


@pytest.fixture(scope="module")
def pdfs(built_site: Path) -> Path:
    if shutil.which("pdfinfo") is None:
        pytest.fail(
            "poppler-utils is missing (pdfinfo, pdftotext): apt-get install "
            "poppler-utils; .ci/run does this on CI"
        )
    return built_site / "cheatsheets"


@pytest.mark.parametrize("paper", PAPERS)
def test_pdfs_exist_within_budget_and_name_every_question(pdfs: Path, bank, paper: str) -> None:
    keyed = [q for q in bank.questions if q.cheatsheet]
    sheets = {c.slug: c.questions for c in bank.categories} | {"index": keyed}
    over = []
    for slug, qs in sheets.items():
        pdf = pdfs / f"{slug}-{paper}.pdf"
        assert pdf.is_file(), f"missing {pdf.name}"
        pages = pdf_pages(pdf)
        if pages > BUDGET.get(slug, 2):
            over.append(f"{pdf.name}: {pages} pages (budget {BUDGET.get(slug, 2)})")
        text = squash(pdf_text(pdf))
        for q in qs:
            assert squash(strip_markup(q.title))[:60] in text, (pdf.name, q.id)
    assert over == [], "cheat sheets over their page budget: " + "; ".join(over)


def test_paper_sizes_are_a4_and_letter(pdfs: Path) -> None:
    a4 = subprocess.run(
        ["pdfinfo", str(pdfs / "index-a4.pdf")], capture_output=True, text=True, check=True
    ).stdout
    letter = subprocess.run(
        ["pdfinfo", str(pdfs / "index-letter.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "595.92 x 842.88" in a4 or "595 x 842" in a4 or "(A4)" in a4
    assert "612 x 792" in letter or "(letter)" in letter
