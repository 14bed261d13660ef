"""MkDocs hook: printable cheat sheets (built by ``handbook.cheatsheets``, printed to PDF by
``handbook.pdf``), generated from the bank and never written into docs/.

On ``mkdocs build`` (not ``serve``), every sheet is printed to PDF in A4 and US Letter by
headless Chromium, into ``site/cheatsheets/``. Without Chromium the build says so and skips
the PDFs; ``HANDBOOK_PDF=0`` skips them on purpose.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import questions  # the sibling hook: this build's bank
from handbook.cheatsheets import SHEETS_DIR, build_date, category_sheet, master_sheet
from handbook.pdf import pdf_browser, render_pdfs, sheet_pages

log = logging.getLogger("mkdocs.hooks.cheatsheets")
_STATE: dict[str, Any] = {"command": "build", "timings": {}}


def on_startup(command: str, dirty: bool) -> None:
    _STATE["command"] = command


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    built = build_date()
    sheets = {"index": master_sheet(bank, built)}
    sheets.update((c.slug, category_sheet(c, built)) for c in bank.categories)
    for slug, content in sheets.items():
        files.append(File.generated(config, f"{SHEETS_DIR}/{slug}.md", content=content))
    return files


def on_post_build(config: Any) -> None:
    from mkdocs.exceptions import PluginError

    _STATE["timings"] = {}
    chromium, why_not = pdf_browser(_STATE["command"], "Cheat-sheet")
    if chromium is None:
        if why_not:
            log.info(why_not)
        return
    site = Path(config["site_dir"])
    try:
        url = config["site_url"] or "http://127.0.0.1:8000/"
        _STATE["timings"] = render_pdfs(chromium, site, sheet_pages(site), site_url=url)
    except Exception as exc:  # a browser crash must fail the build, with what and where
        raise PluginError(f"Printing the cheat sheets to PDF failed: {exc}") from None
