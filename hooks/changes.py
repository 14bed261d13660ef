"""MkDocs hook: the generated "What changed" page (``changes.md``), from the git history of
the question pages (``handbook.changes``). Listed after ``hooks/questions.py``, whose bank gives
the current title and page of every question."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import questions  # the sibling hook: the parsed bank
import session  # process-wide state (serve re-imports this hook for every rebuild)
from handbook.cache import reuse
from handbook.changes import Change, changes_page, git_head, git_log, parse_log

PAGE = "changes.md"
_STATE: dict[str, Future | None] = {"history": None}
_IN_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history")


def on_config(config: Any) -> Any:
    """A full build reads the history (``git log -p``, ~0.4 s) in a thread while the bank is
    parsed; ``on_files`` takes the result."""
    root = Path(config["config_file_path"]).parent
    _STATE["history"] = (
        None if session.cache() is not None else _IN_BACKGROUND.submit(history, root)
    )
    return config


def history(root: Path) -> tuple[list[Change], bool]:
    """The question pages' changes, and whether there was a history to read."""
    log = git_log(root)
    return parse_log(log or ""), log is not None


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    current = {q.id: (q.page, q.title) for q in bank.questions}
    root = Path(config["config_file_path"]).parent
    cache = session.cache()  # make serve: the history is read again only after a commit
    pending, _STATE["history"] = _STATE["history"], None
    if pending is not None:
        changes, has_history = pending.result()
    else:
        changes, has_history = reuse(cache, "changes", git_head(root), lambda: history(root))
    text = changes_page(changes, current, history=has_history)
    files.append(File.generated(config, PAGE, content=text))
    return files
