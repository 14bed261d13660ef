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


def pdf_browser(command: str, what: str) -> tuple[str | None, str]:
    """The Chromium that prints ``what`` in this build, or ``None`` and why not: never under
    ``mkdocs serve`` or with ``HANDBOOK_PDF=0`` (on purpose, no message), and not without a
    browser (a message saying how to get one)."""
    if command == "serve" or os.environ.get("HANDBOOK_PDF", "1") == "0":
        return None, ""
    chromium = find_chromium()
    if chromium is None:
        return None, (
            f"{what} PDFs skipped: Chromium was not found (install Debian's 'chromium' "
            "package; .ci/run does this on CI)."
        )
    return chromium, ""


def running_header(title: str, built: str) -> str:
    """The header Chromium prints at the top of every PDF page (8 pt, plain HTML)."""
    text = html_escape(f"{HANDBOOK} · {title} · built {built}")
    return f'<div style="font-size:8pt;width:100%;margin:0 8mm;color:#555">{text}</div>'


def sheet_pages(site: Path) -> list[Path]:
    """The built HTML of every sheet: the categories' first, then the master sheet."""
    return [*sorted((site / SHEETS_DIR).glob("*/index.html")), site / SHEETS_DIR / "index.html"]


def site_link(uri: str, site: Path, site_url: str) -> str:
    """A link Chromium resolved against the local build (``file:///…/site/x/index.html#a``)
    as the published page (``site_url`` + ``x/#a``); other links unchanged."""
    local = site.resolve().as_uri() + "/"
    if not uri.startswith(local):
        return uri
    path, hash_, fragment = uri[len(local) :].partition("#")
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return site_url.rstrip("/") + "/" + path + hash_ + fragment


def finalize_pdf(path: Path, site: Path, site_url: str) -> None:
    """Make a printed PDF publishable and reproducible: links point at the published site
    instead of the build folder, and the creation/modification dates and the random document
    id Chromium writes are replaced (the id by a digest of the content), so two builds of one
    commit give identical bytes."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    action.URI = pikepdf.String(site_link(str(action.URI), site, site_url))
        for key in ("/CreationDate", "/ModDate"):
            if key in pdf.docinfo:
                del pdf.docinfo[key]
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata
        if "/ID" in pdf.trailer:  # qpdf keeps the first half of an existing id
            del pdf.trailer.ID
        pdf.save(path, deterministic_id=True)


def render_pdfs(
    chromium: str,
    site: Path,
    sheets: list[Path],
    built: str | None = None,
    site_url: str = "http://127.0.0.1:8000/",
) -> dict[str, float]:
    """Print each sheet's HTML to ``<name>-a4.pdf`` and ``<name>-letter.pdf`` beside the
    sheets (see :func:`finalize_pdf`); return seconds per sheet (both sizes)."""
    jobs = [
        ("index" if html.parent.name == SHEETS_DIR else html.parent.name, html, site / SHEETS_DIR)
        for html in sheets
    ]
    return print_pdfs(chromium, jobs, site, built, site_url)


def print_pdfs(
    chromium: str,
    jobs: list[tuple[str, Path, Path]],
    site: Path,
    built: str | None = None,
    site_url: str = "http://127.0.0.1:8000/",
) -> dict[str, float]:
    """Print each ``(name, html, folder)`` of the built ``site`` to ``folder/<name>-a4.pdf``
    and ``-letter.pdf`` with the running header and footer, then :func:`finalize_pdf` them;
    return seconds per job (both sizes)."""
    from playwright.sync_api import sync_playwright

    built = built or build_date()
    timings: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            # No scripts on paper: the sheets are static HTML, and the site's scripts (term
            # marks that depend on layout, lazy search) would make two prints differ.
            page = browser.new_page(java_script_enabled=False)
            page.emulate_media(media="print")
            for name, html, folder in jobs:
                start = time.perf_counter()
                page.goto(html.as_uri(), wait_until="load")
                title = page.locator("h1").first.inner_text().strip()
                for key, paper in PAPERS.items():
                    out = folder / pdf_name(name, key)
                    page.pdf(
                        path=str(out),
                        format=paper,
                        print_background=True,
                        display_header_footer=True,
                        header_template=running_header(title, built),
                        footer_template=RUNNING_FOOTER,
                        margin={"top": "11mm", "bottom": "10mm", "left": "8mm", "right": "8mm"},
                    )
                    finalize_pdf(out, site, site_url)
                timings[name] = time.perf_counter() - start
        finally:
            browser.close()
    return timings
