"""Printable cheat sheets, generated from the question bank (never written into docs/).

- one sheet per category: every question's 30-second answer plus its ``Cheat sheet`` block
  (key formulas and numbers), linking back to the full answer;
- one master "night before" sheet (``cheatsheets/index.md``): every question's title and its
  ``Cheat sheet`` block, grouped by category;
- on ``mkdocs build`` (not ``serve``), every sheet is printed to PDF in A4 and US Letter by
  headless Chromium, into ``site/cheatsheets/``. Without Chromium the build says so and skips
  the PDFs; ``HANDBOOK_PDF=0`` skips them on purpose.

MkDocs events first, pure functions below.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from html import escape as html_escape
from pathlib import Path
from typing import Any

import questions  # the sibling hook: the parsed bank

SHEETS_DIR = "cheatsheets"
PAPERS = {"a4": "A4", "letter": "Letter"}
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
log = logging.getLogger("mkdocs.hooks.cheatsheets")

# ----------------------------------------------------------------------------------------
# MkDocs events
# ----------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {"command": "build", "timings": {}}


def on_startup(command: str, dirty: bool) -> None:
    _STATE["command"] = command


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    built = build_date()
    files.append(
        File.generated(config, f"{SHEETS_DIR}/index.md", content=master_sheet(bank, built))
    )
    for category in bank.categories:
        files.append(
            File.generated(
                config, f"{SHEETS_DIR}/{category.slug}.md", content=category_sheet(category, built)
            )
        )
    return files


def on_post_build(config: Any) -> None:
    from mkdocs.exceptions import PluginError

    _STATE["timings"] = {}
    if _STATE["command"] == "serve" or os.environ.get("HANDBOOK_PDF", "1") == "0":
        return
    chromium = find_chromium()
    if chromium is None:
        log.info(
            "Cheat-sheet PDFs skipped: Chromium was not found (install Debian's "
            "'chromium' package; .ci/run does this on CI)."
        )
        return
    site = Path(config["site_dir"])
    sheets = [*sorted((site / SHEETS_DIR).glob("*/index.html")), site / SHEETS_DIR / "index.html"]
    try:
        _STATE["timings"] = render_pdfs(chromium, site, sheets)
    except Exception as exc:  # a browser crash must fail the build, with what and where
        raise PluginError(f"Printing the cheat sheets to PDF failed: {exc}") from None


# ----------------------------------------------------------------------------------------
# Pure functions: the sheets as Markdown
# ----------------------------------------------------------------------------------------


def build_date() -> str:
    """The build date (UTC); ``SOURCE_DATE_EPOCH`` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def pdf_name(slug: str, paper: str) -> str:
    return f"{slug}-{paper}.pdf"


def _downloads(slug: str, prefix: str = "") -> str:
    links = " · ".join(
        f'<a href="{prefix}{pdf_name(slug, key)}" download>PDF, {label}</a>'
        for key, label in PAPERS.items()
    )
    return f'<p class="hb-downloads">{links}</p>'


def _indent(text: str) -> str:
    return "\n".join(("    " + ln) if ln.strip() else "" for ln in text.split("\n"))


def _card(q: Any, with_answer: bool, link_prefix: str) -> str:
    link = f"{link_prefix}{q.page}#{q.id}"
    parts = [
        f'<div class="hb-card" id="sheet-{q.id}" markdown>',
        "",
        f'<span class="hb-level hb-level--{q.difficulty}">{q.difficulty}</span> '
        f"**[{q.title}]({link})**",
        "",
    ]
    if with_answer:
        parts += [q.short_answer, ""]
    if q.cheatsheet:
        parts += ['<div class="hb-key" markdown>', "", q.cheatsheet, "", "</div>", ""]
    parts += ["</div>", ""]
    return "\n".join(parts)


def category_sheet(category: Any, built: str) -> str:
    """One category: every question's 30-second answer and key formulas/numbers."""
    cards = "\n".join(_card(q, True, "../") for q in category.questions)
    return "\n".join(
        [
            "---",
            f"title: Cheat sheet — {category.title}",
            f"description: The {len(category.questions)} questions of {category.title} on one or "
            "two printed pages.",
            "---",
            "",
            f"# Cheat sheet: {category.title}",
            "",
            f'<p class="hb-sheet-header">Computer Vision Interview Handbook · {category.title} · '
            f"{len(category.questions)} questions · built {built}</p>",
            "",
            _downloads(category.slug, "../"),
            "",
            '<div class="hb-sheet" markdown>',
            "",
            cards,
            "</div>",
            "",
        ]
    )


def master_sheet(bank: Any, built: str) -> str:
    """The night-before sheet: every question's title and key formulas, by category."""
    blocks = []
    for c in bank.categories:
        blocks += [
            '<div class="hb-sheet-category" markdown>',
            "",
            f'<p class="hb-sheet-cat"><a href="{c.slug}/">{c.title}</a></p>',
            "",
            "\n".join(_card(q, False, "../") for q in c.questions),
            "</div>",
            "",
        ]
    total = len(bank.questions)
    rows = [
        f"| [{c.title}]({c.slug}.md) | {len(c.questions)} | "
        f'<a href="{pdf_name(c.slug, "a4")}" download>A4</a> · '
        f'<a href="{pdf_name(c.slug, "letter")}" download>Letter</a> |'
        for c in bank.categories
    ]
    return "\n".join(
        [
            "---",
            "title: Cheat sheets",
            "description: Printable cheat sheets generated from the answers, in A4 and US Letter.",
            "---",
            "",
            "# Cheat sheets",
            "",
            "Generated from the same pages as the site, so they never drift from the answers. "
            "Each category sheet holds every 30-second answer of its category with the key "
            "formulas and numbers (at most two printed pages); this night-before sheet holds "
            "every question's title with its key formulas (at most four pages).",
            "",
            '<div class="hb-sheet-list" markdown>',
            "",
            "| Category sheet | Questions | PDF |",
            "|---|---:|---|",
            *rows,
            "",
            "</div>",
            "",
            f'<p class="hb-sheet-header">Computer Vision Interview Handbook · the night before · '
            f"{total} questions · built {built}</p>",
            "",
            _downloads("index"),
            "",
            '<div class="hb-sheet" markdown>',
            "",
            *blocks,
            "</div>",
            "",
        ]
    )


# ----------------------------------------------------------------------------------------
# PDFs (Chromium through Playwright, the system browser only)
# ----------------------------------------------------------------------------------------


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


RUNNING_FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#555">'
    'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def running_header(title: str, built: str) -> str:
    """The header Chromium prints at the top of every PDF page (8 pt, plain HTML)."""
    text = html_escape(f"Computer Vision Interview Handbook · {title} · built {built}")
    return f'<div style="font-size:8pt;width:100%;margin:0 8mm;color:#555">{text}</div>'


def render_pdfs(
    chromium: str, site: Path, sheets: list[Path], built: str | None = None
) -> dict[str, float]:
    """Print each sheet's HTML to ``<name>-a4.pdf`` and ``<name>-letter.pdf`` beside the
    sheets; return seconds per sheet (both sizes)."""
    from playwright.sync_api import sync_playwright

    built = built or build_date()
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.emulate_media(media="print")
            for html in sheets:
                slug = "index" if html.parent.name == SHEETS_DIR else html.parent.name
                start = time.perf_counter()
                page.goto(html.as_uri(), wait_until="load")
                title = page.locator("h1").first.inner_text().strip()
                for key, paper in PAPERS.items():
                    page.pdf(
                        path=str(site / SHEETS_DIR / pdf_name(slug, key)),
                        format=paper,
                        print_background=True,
                        display_header_footer=True,
                        header_template=running_header(title, built),
                        footer_template=RUNNING_FOOTER,
                        margin={"top": "11mm", "bottom": "10mm", "left": "8mm", "right": "8mm"},
                    )
                timings[slug] = time.perf_counter() - start
        finally:
            browser.close()
    return timings
