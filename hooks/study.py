"""MkDocs hook: study mode (built by ``handbook.cards``, ``handbook.decks``, ``handbook.drills``
and ``handbook.study``), generated from the bank and never written into docs/.

- ``on_files``: the Anki packages (one per category and one for the whole handbook), the
  flashcards as CSV and TSV, the study page and the drills page, all below ``study/``;
- ``on_page_markdown``: the study download line on the home page (marker), each category
  page and the cheat-sheet index;
- ``on_post_build``: the drill sheet printed to PDF in A4 and Letter (skipped by
  ``mkdocs serve`` and ``HANDBOOK_PDF=0``, like the cheat sheets).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import questions  # the sibling hook: this build's bank
import session  # process-wide state (serve re-imports this hook for every rebuild)
from handbook.cards import bank_cards, cards_table
from handbook.cheatsheets import build_date
from handbook.decks import build_packages, deck_counts, deck_timestamp
from handbook.drills import DEFAULT_SEED, drill_set
from handbook.pdf import pdf_browser, print_pdfs
from handbook.study import (
    CSV_NAME,
    DRILLS,
    STUDY_DIR,
    TSV_NAME,
    drills_page,
    place_downloads,
    study_index,
    study_path,
)

log = logging.getLogger("mkdocs.hooks.study")
_STATE: dict[str, Any] = {"command": "build", "timings": {}, "cards": {}}


def on_startup(command: str, dirty: bool) -> None:
    _STATE["command"] = command


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    pages = [files.get_file_from_path(c.page) for c in bank.categories]
    urls = {f.src_uri: f.url for f in pages if f is not None}
    cards = bank_cards(bank, config["site_url"] or "", urls)
    root = Path(config["config_file_path"]).parent
    cache = session.cache()  # make serve: unchanged categories keep their packages
    packages = build_packages(cards, deck_timestamp(root), cache.decks if cache else None)
    counts = _STATE["cards"] = deck_counts(cards)
    generated: dict[str, str | bytes] = dict(packages)
    generated[CSV_NAME] = cards_table(cards, ",")
    generated[TSV_NAME] = cards_table(cards, "\t")
    generated["index.md"] = study_index(bank, counts)
    generated[f"{DRILLS}.md"] = drills_page(drill_set(DEFAULT_SEED), DEFAULT_SEED, build_date())
    for name, content in generated.items():
        files.append(File.generated(config, study_path(name), content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return place_downloads(markdown, questions.bank_from_config(config), page.file.src_uri)


def on_post_build(config: Any) -> None:
    from mkdocs.exceptions import PluginError

    _STATE["timings"] = {}
    chromium, why_not = pdf_browser(_STATE["command"], "Drill sheet")
    if chromium is None:
        if why_not:
            log.info(why_not)
        return
    site = Path(config["site_dir"])
    folder = site / STUDY_DIR
    url = config["site_url"] or "http://127.0.0.1:8000/"
    jobs = [(DRILLS, folder / DRILLS / "index.html", folder)]
    try:
        _STATE["timings"] = print_pdfs(chromium, jobs, site, site_url=url)
    except Exception as exc:  # a browser crash must fail the build, with what and where
        raise PluginError(f"Printing the drill sheet to PDF failed: {exc}") from None
