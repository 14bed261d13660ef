"""State that lives as long as the MkDocs process (not a hook: no entry in mkdocs.yml).

MkDocs imports the hooks listed in mkdocs.yml afresh for every ``mkdocs serve`` rebuild and
calls ``on_startup`` only once, on the first copies; a module they import stays loaded. The
hooks keep here what must outlive one rebuild: the command, and the search records of pages
that a dirty rebuild does not render again.
"""

from __future__ import annotations

from typing import Any

STATE: dict[str, Any] = {"command": "build", "dirty": False, "search_records": {}}


def start(command: str, dirty: bool) -> None:
    STATE.update(command=command, dirty=dirty, search_records={})


def dirty_serve() -> bool:
    return STATE["command"] == "serve" and STATE["dirty"]
