"""MkDocs hook: the generated "What changed" page (``changes.md``), from the git history of
the question pages (``handbook.changes``). Listed after ``hooks/questions.py``, whose bank gives
the current title and page of every question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import questions  # the sibling hook: the parsed bank
import session  # process-wide state (serve re-imports this hook for every rebuild)
from handbook.cache import reuse
from handbook.changes import Change, changes_page, git_head, git_log, parse_log

PAGE = "changes.md"


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    current = {q.id: (q.page, q.title) for q in bank.questions}
    root = Path(config["config_file_path"]).parent
    cache = session.cache()  # make serve: the history is read again only after a commit
    head = git_head(root) if cache is not None else None

    def history() -> tuple[list[Change], bool]:
        log = git_log(root)
        return parse_log(log or ""), log is not None

    changes, has_history = reuse(cache, "changes", head, history)
    text = changes_page(changes, current, history=has_history)
    files.append(File.generated(config, PAGE, content=text))
    return files
