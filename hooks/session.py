"""State that lives as long as the MkDocs process (not a hook: no entry in mkdocs.yml).

MkDocs imports the hooks listed in mkdocs.yml afresh for every ``mkdocs serve`` rebuild and
calls ``on_startup`` only once, on the first copies; a module they import stays loaded. The
hooks keep here what must outlive one rebuild: the command, the search records of pages that a
dirty rebuild does not render again, and (dirty serve only) the :class:`BuildCache` of parsed
pages, glossary and history.
"""

from __future__ import annotations

from typing import Any

from handbook.cache import BuildCache

STATE: dict[str, Any] = {"command": "build", "dirty": False, "search_records": {}, "cache": None}


def start(command: str, dirty: bool) -> None:
    cache = BuildCache() if command == "serve" and dirty else None
    STATE.update(command=command, dirty=dirty, search_records={}, cache=cache)
    # a search index still waiting to be written for an earlier serve is not written now
    STATE["search_turn"] = STATE.get("search_turn", 0) + 1


def cache() -> BuildCache | None:
    """The serve-long cache under ``mkdocs serve --dirty``; ``None`` in every other build."""
    return STATE["cache"]


def dirty_serve() -> bool:
    return STATE["command"] == "serve" and STATE["dirty"]
