"""MkDocs hook: the question bank (parsed, validated and rendered by the ``handbook`` package).

- ``on_pre_build``: parse and validate every page before the site directory is touched;
- ``on_files``: add ``questions.json``, the bank as open data;
- ``on_page_markdown``: badges, the question index and resolved ``[[id]]`` links.

Other hooks get this build's bank with :func:`bank_from_config`. Checking pages without a
build: ``python -m handbook check``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import session  # process-wide state (serve re-imports this hook for every rebuild)
from handbook import config as site_config
from handbook.bank import site_bank
from handbook.export import export_text
from handbook.markdown import is_question_page
from handbook.model import Bank, format_problems
from handbook.render import render_other_page, render_page

_STATE: dict[str, Any] = {"bank": None}


def on_pre_build(config: Any) -> None:
    """Parse and validate the whole bank before the site directory is touched."""
    from mkdocs.exceptions import PluginError

    _STATE["bank"] = None
    cache = session.cache()  # make serve: pages unchanged since the last rebuild are reused
    pages = cache.pages if cache is not None else None
    docs = Path(config["docs_dir"])
    bank, problems = site_bank(docs, snippet_root(config), config["nav"], pages)
    if problems:
        raise PluginError(format_problems(problems))
    _STATE["bank"] = bank


def on_files(files: Any, config: Any) -> Any:
    """Add the open-data export of the bank, ``questions.json``, as a generated file."""
    from mkdocs.structure.files import File

    bank = current_bank()
    pages = [files.get_file_from_path(c.page) for c in bank.categories]
    urls = {f.src_uri: f.url for f in pages if f is not None}
    files.append(File.generated(config, "questions.json", content=export_text(bank, "json", urls)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    src = page.file.src_uri
    render = render_page if is_question_page(src) else render_other_page
    return render(markdown, current_bank(), src)


def snippet_root(config: Any) -> Path:
    """Where ``--8<--`` paths are resolved: pymdownx.snippets' first base_path."""
    options = config["mdx_configs"].get("pymdownx.snippets", {})
    return site_config.snippet_root(options, Path.cwd())


def bank_from_config(config: Any) -> Bank:
    """The bank of the running build, for the other hooks (found through MkDocs' plugin
    collection, which holds the module instance MkDocs loaded)."""
    for name, plugin in config.plugins.items():
        if name.endswith("questions.py"):
            return plugin.current_bank()
    raise RuntimeError("mkdocs.yml must list hooks/questions.py before the hooks that use it")


def current_bank() -> Bank:
    """The bank parsed by this build (for other hooks)."""
    bank = _STATE["bank"]
    if bank is None:  # pragma: no cover - an ordering bug in mkdocs.yml, not content
        raise RuntimeError("hooks/questions.py must be listed before the hooks that use it")
    return bank


if __name__ == "__main__":  # the old spelling of `python -m handbook check [PATHS]`
    from handbook.cli import main

    sys.exit(main(["check", *sys.argv[1:]]))
