"""MkDocs hook: the glossary (model, lint and rendering live in the ``handbook`` package).

- ``on_pre_build``: load ``data/glossary.yml`` and lint it against every page;
- ``on_files``: add the generated A–Z ``glossary.md`` with "Used in" counts per category, and
  ``glossary/used-in.json``, the questions behind them (listed when an entry is opened);
- ``on_page_markdown``: resolve ``[[term:Name]]`` references;
- ``on_page_content``: wrap the first use of a term per section in a tooltip link; on the
  glossary itself, put each letter's entries in a section;
- ``on_page_context``: the glossary's table of contents lists letters only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import questions  # the sibling hook: this build's bank
import session  # process-wide state (serve re-imports this hook for every rebuild)
from handbook.cache import reuse
from handbook.glossary import GLOSSARY_FILE, GLOSSARY_PAGE, Glossary, load_glossary
from handbook.glossary_page import (
    USED_IN_FILE,
    glossary_page,
    resolve_term_refs,
    used_in_data,
    wrap_letters,
)
from handbook.glossary_usage import lint_usage, term_usage
from handbook.model import format_problems
from handbook.terms import link_terms

_STATE: dict[str, Any] = {"glossary": None, "usage": {}}


def on_pre_build(config: Any) -> None:
    """Load and lint the glossary against the whole site before anything is written."""
    from mkdocs.exceptions import PluginError

    _STATE["glossary"], _STATE["usage"] = None, {}
    path = Path(config["config_file_path"]).parent / GLOSSARY_FILE
    # make serve keeps the glossary (and what it memoised) while the file's bytes are the same
    key = path.read_bytes() if path.is_file() else None
    glossary, problems = reuse(
        session.cache(), "glossary", key, lambda: load_glossary(path, GLOSSARY_FILE)
    )
    if not problems:
        bank = questions.bank_from_config(config)
        problems = lint_usage(glossary, bank.pages, bank)
        _STATE["usage"] = term_usage(glossary, bank)
    if problems:
        raise PluginError(format_problems(problems).replace("question bank", "glossary"))
    _STATE["glossary"] = glossary


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    content = glossary_page(_glossary(), _STATE["usage"], bank)
    files.append(File.generated(config, GLOSSARY_PAGE, content=content))
    # The questions each term is used in, listed by reader.js when an entry is opened.
    used = used_in_data(
        _glossary(), _STATE["usage"], bank, lambda p: files.get_file_from_path(p).url
    )
    files.append(
        File.generated(
            config,
            USED_IN_FILE,
            content=json.dumps(used, ensure_ascii=False, separators=(",", ":")),
        )
    )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return resolve_term_refs(markdown, _glossary(), page.file.src_uri)


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri == GLOSSARY_PAGE:
        return wrap_letters(html_text)
    from mkdocs.utils import get_relative_url

    target = files.get_file_from_path(GLOSSARY_PAGE)
    return link_terms(html_text, _glossary(), get_relative_url(target.url, page.url))


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """The glossary's table of contents lists letters, not every term: the A–Z bar and the
    letters are enough to move around, and hundreds of entries would weigh on every load."""
    if page.file.src_uri == GLOSSARY_PAGE:
        for top in page.toc:
            for letter in top.children:
                letter.children = []
    return context


def _glossary() -> Glossary:
    glossary = _STATE["glossary"]
    if glossary is None:  # pragma: no cover - an ordering bug in mkdocs.yml
        raise RuntimeError("hooks/glossary.py needs its on_pre_build to run first")
    return glossary
