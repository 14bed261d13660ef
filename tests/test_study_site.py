"""Study mode in the built site: the decks (one note per question in scope, the same bytes as
the package computes from the pages), the CSV/TSV, the drills page (every printed answer is
the snippets' result for its inputs; answers behind <details>), the drill sheet's PDFs within
two pages, and the download links on the home page, each category page and the sheet index."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import handbook
from drill_check import check_printed
from handbook.bank import site_bank
from handbook.cards import bank_cards
from handbook.config import load_site_config
from handbook.decks import WHOLE, build_packages, deck_timestamp, package_name
from support import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def bank() -> handbook.Bank:
    """The bank in the site's (nav) order, as the build reads it."""
    cfg = load_site_config(ROOT)
    bank, problems = site_bank(cfg.docs_dir, cfg.snippet_root, cfg.nav)
    assert problems == []
    return bank


def note_ids(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        collection = archive.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(collection)
    try:
        rows = conn.execute("SELECT flds FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()
    return [flds.split("\x1f")[0] for (flds,) in rows]


def test_decks_hold_every_question_and_equal_a_fresh_computation(built_site: Path, bank) -> None:
    study = built_site / "study"
    built = {p.name: p.read_bytes() for p in study.glob("*.apkg")}
    site_url = load_site_config(ROOT).site_url  # as MkDocs reads it (!ENV SITE_URL)
    expected = build_packages(bank_cards(bank, site_url), deck_timestamp(ROOT))
    assert built.keys() == expected.keys()
    for c in bank.categories:
        assert note_ids(built[package_name(c.slug)]) == [q.id for q in c.questions]
    assert note_ids(built[package_name(WHOLE)]) == [q.id for q in bank.questions]
    assert built == expected  # the same pages give the same bytes


def test_csv_and_tsv_have_one_row_per_question(built_site: Path, bank) -> None:
    for name, delimiter in (("flashcards.csv", ","), ("flashcards.tsv", "\t")):
        text = (built_site / "study" / name).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        assert [r[0] for r in rows[1:]] == [q.id for q in bank.questions]


class DrillParser(HTMLParser):
    """Each drill's kind, inputs and printed values; whether answers sit in <details>."""

    def __init__(self) -> None:
        super().__init__()
        self.drills: list[dict] = []
        self.value: str | None = None
        self.in_details = False
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and "hb-drill" in (a.get("class") or ""):
            inputs = json.loads(a["data-inputs"] or "{}")
            self.drills.append({"kind": a["data-kind"], "inputs": inputs, "shown": {}})
        elif tag == "details":
            self.in_details = True
        elif tag == "span" and a.get("class") == "hb-value":
            self.value = a["data-name"]
            self.drills[-1]["shown"][self.value] = ""
            if not self.in_details:
                self.outside.append(self.value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.in_details = False
        elif tag == "span":
            self.value = None

    def handle_data(self, data: str) -> None:
        if self.value is not None:
            self.drills[-1]["shown"][self.value] += data


def test_every_printed_drill_answer_is_the_snippets_result(built_site: Path) -> None:
    parser = DrillParser()
    parser.feed((built_site / "study" / "drills" / "index.html").read_text(encoding="utf-8"))
    kinds = {d["kind"] for d in parser.drills}
    assert len(parser.drills) >= 8 and len(kinds) == 8
    assert parser.outside == []  # every answer is hidden until revealed
    for d in parser.drills:
        check_printed(d["kind"], d["inputs"], d["shown"])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_drill_sheet_pdf_within_two_pages(built_site: Path, paper: str) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.fail("poppler-utils is missing (pdfinfo): apt-get install poppler-utils")
    pdf = built_site / "study" / f"drills-{paper}.pdf"
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", out.stdout, flags=re.M).group(1))
    assert 1 <= pages <= 2, f"{pdf.name}: {pages} pages (budget 2)"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Answers" in text and "Show the answer" not in text


def test_download_links_on_home_category_pages_and_sheet_index(built_site: Path, bank) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="study/cv-interview-handbook.apkg"' in home
    assert 'href="study/flashcards.csv"' in home and 'href="study/drills/"' in home
    for c in bank.categories:
        page = (built_site / "questions" / c.slug / "index.html").read_text(encoding="utf-8")
        assert f'href="../../study/{c.slug}.apkg"' in page, c.slug
    sheets = (built_site / "cheatsheets" / "index.html").read_text(encoding="utf-8")
    assert 'href="../study/cv-interview-handbook.apkg"' in sheets
    index = (built_site / "study" / "index.html").read_text(encoding="utf-8")
    for name in [package_name(c.slug) for c in bank.categories] + ["flashcards.tsv"]:
        assert f'href="{name}"' in index
