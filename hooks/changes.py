"""MkDocs hook: the generated "What changed" page (``changes.md``), from the git history of
the question pages (``handbook.changes``). Listed after ``hooks/questions.py``, whose bank gives
the current title and page of every question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import questions  # the sibling hook: the parsed bank
from handbook.changes import changes_page, git_log, parse_log

PAGE = "changes.md"


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    current = {q.id: (q.page, q.title) for q in bank.questions}
    log = git_log(Path(config["config_file_path"]).parent)
    text = changes_page(parse_log(log or ""), current, history=log is not None)
    files.append(File.generated(config, PAGE, content=text))
    return files
