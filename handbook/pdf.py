"""The cheat sheets and the drill sheet printed to PDF (A4 and US Letter) by the system
Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import time
from html import escape as html_escape
from pathlib import Path

from handbook.cheatsheets import HANDBOOK, PAPERS, SHEETS_DIR, build_date, pdf_name

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
RUNNING_FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#555">'
    'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def find_chromium() -> str | None:
    """``$CHROMIUM`` if set (None when it does not exist), else the first browser on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


def running_header(title: str, built: str) -> str:
    """The header Chromium prints at the top of every PDF page (8 pt, plain HTML)."""
    text = html_escape(f"{HANDBOOK} · {title} · built {built}")
    return f'<div style="font-size:8pt;width:100%;margin:0 8mm;color:#555">{text}</div>'


def sheet_pages(site: Path) -> list[Path]:
    """The built HTML of every sheet: the categories' first, then the master sheet."""
    return [*sorted((site / SHEETS_DIR).glob("*/index.html")), site / SHEETS_DIR / "index.html"]


def render_pdfs(
    chromium: str, site: Path, sheets: list[Path], built: str | None = None
) -> dict[str, float]:
    """Print each sheet's HTML to ``<name>-a4.pdf`` and ``<name>-letter.pdf`` beside the
    sheets; return seconds per sheet (both sizes)."""
    jobs = [
        ("index" if html.parent.name == SHEETS_DIR else html.parent.name, html, site / SHEETS_DIR)
        for html in sheets
    ]
    return print_pdfs(chromium, jobs, built)


def print_pdfs(
    chromium: str, jobs: list[tuple[str, Path, Path]], built: str | None = None
) -> dict[str, float]:
    """Print each ``(name, html, folder)`` to ``folder/<name>-a4.pdf`` and ``-letter.pdf``
    with the running header and footer; return seconds per job (both sizes)."""
    from playwright.sync_api import sync_playwright

    built = built or build_date()
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.emulate_media(media="print")
            for name, html, folder in jobs:
                start = time.perf_counter()
                page.goto(html.as_uri(), wait_until="load")
                title = page.locator("h1").first.inner_text().strip()
                for key, paper in PAPERS.items():
                    page.pdf(
                        path=str(folder / pdf_name(name, key)),
                        format=paper,
                        print_background=True,
                        display_header_footer=True,
                        header_template=running_header(title, built),
                        footer_template=RUNNING_FOOTER,
                        margin={"top": "11mm", "bottom": "10mm", "left": "8mm", "right": "8mm"},
                    )
                timings[name] = time.perf_counter() - start
        finally:
            browser.close()
    return timings
