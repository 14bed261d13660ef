"""MkDocs hook: the search index (records from ``handbook.search``, written by Pagefind).

- ``on_page_content``: cut each rendered page into records (one per question, glossary term,
  code-reference object; none for cheat sheets, which repeat the answers);
- from the last page that gives records to ``on_post_build``: write a chunked static index
  into ``site/pagefind/``, in a thread while MkDocs renders the pages that give none (cheat
  sheets, the change log: ``on_files`` puts them last) and writes the HTML. The browser
  loads the index only when the reader first uses search (``docs/javascripts/search.js``),
  and then only the fragments a query needs.

Under ``make serve`` (a dirty serve) the records of pages not rendered again are kept, and
the index is rewritten only when some record changed.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

import session  # process-wide state (serve re-imports this hook for every rebuild)
from handbook.search import Record, indexed, page_records

log = logging.getLogger("mkdocs.hooks.search")
INDEX_DIR = "pagefind"
PAGEFIND_ARGS = ("--force-language", "en", "--silent")
# make serve: seconds without a new save before the index is rewritten. Writing it takes
# seconds of CPU (Python writes ~1,700 record files, then Pagefind indexes them), which a
# rebuild or the browser's reload would otherwise share; saves in quick succession write the
# index once, for the last of them.
SERVE_INDEX_DELAY = 2.5

_STATE: dict[str, Any] = {"records": {}, "seconds": 0.0}
_IN_BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")


def on_pre_build(config: Any) -> None:
    # A dirty serve renders only the pages an edit changed: keep the others' records.
    _STATE["records"] = session.STATE["search_records"] if session.dirty_serve() else {}
    _STATE["waiting_for"] = set()
    _STATE["late"] = False


def on_files(files: Any, config: Any) -> Any:
    """Pages that give no records go last (MkDocs renders pages in this order), so that a
    full build can start Pagefind as soon as the last page that gives records is rendered,
    and index on the second core while MkDocs renders the rest and writes the HTML."""
    from mkdocs.structure.files import Files

    def last(file: Any) -> bool:
        return file.is_documentation_page() and not indexed(file.src_uri)

    if not session.dirty_serve():
        _STATE["waiting_for"] = {
            f.src_uri for f in files.documentation_pages() if indexed(f.src_uri)
        }
    return Files(sorted(files, key=last))


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    src_uri = page.file.src_uri
    records = _STATE["records"][src_uri] = page_records(
        src_uri, page.url, page.title or "", html_text
    )
    if records and "writer" in _STATE:  # a page no one waited for (a draft under a plain
        _STATE["late"] = True  # `mkdocs serve`, a page a later plugin added): index again
    waiting = _STATE["waiting_for"]
    if src_uri in waiting:
        waiting.discard(src_uri)
        if not waiting:  # a full build: every record is in
            _start_writer(config)
    return html_text


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Every page's content has been rendered by now (MkDocs writes the pages after this
    event). A full build has started Pagefind already, unless a page it waited for was not
    rendered (a plugin left it out): then it starts here. ``on_post_build`` waits for it."""
    if not session.dirty_serve() and "writer" not in _STATE:
        _start_writer(config)
    return env


def _start_writer(config: Any) -> None:
    out = Path(config["site_dir"]) / INDEX_DIR
    _STATE["writer"] = _IN_BACKGROUND.submit(_timed, write_index, _all_records(), out)


def on_build_error(error: Exception) -> None:
    writer = _STATE.pop("writer", None)
    if writer is not None:  # let it finish: no index written after the build has stopped
        wait([writer])


def on_post_build(config: Any) -> None:
    writer = _STATE.pop("writer", None)
    if writer is not None:  # a full build
        _STATE["seconds"] = writer.result()  # what write_index raised is raised here
        if _STATE.pop("late", False):  # records came after Pagefind started: all of them again
            _STATE["seconds"] += _timed(
                write_index, _all_records(), Path(config["site_dir"]) / INDEX_DIR
            )
        log.debug("search index: written in %.2f s", _STATE["seconds"])
        return
    # make serve (--dirty): the browser reloads now; the index follows a moment later, and
    # only when something a reader can search for has changed
    records = _all_records()
    site = Path(config["site_dir"])
    digest = hashlib.sha256(repr([vars(r) for r in records]).encode()).hexdigest()
    if session.STATE.get("search_written") == (digest, str(site)) and (site / INDEX_DIR).is_dir():
        return
    session.STATE["search_written"] = (digest, str(site))
    lock = session.STATE.setdefault("search_lock", threading.Lock())
    turn = session.STATE["search_turn"] = session.STATE.get("search_turn", 0) + 1

    def write_in_turn() -> None:  # quick saves: one writer at a time; a stale one skips
        time.sleep(SERVE_INDEX_DELAY)  # a newer save within it takes over
        with lock:
            if turn != session.STATE["search_turn"] or not site.is_dir():
                return  # a later save writes it, or the server has stopped
            try:
                write_index(records, site / INDEX_DIR, background=True)
            except Exception as exc:  # the build has ended: say so, the next save retries
                log.error("The search index was not updated: %s", exc)
                session.STATE.pop("search_written", None)

    threading.Thread(target=write_in_turn, daemon=True).start()


def _all_records() -> list[Record]:
    return [r for _, rs in sorted(_STATE["records"].items()) for r in rs]


def _timed(target: Any, *args: Any) -> float:
    start = time.perf_counter()
    target(*args)
    return time.perf_counter() - start


def write_index(records: list[Record], out: Path, background: bool = False) -> None:
    """Write ``records`` as a Pagefind index into ``out`` (replacing what was there).

    Each record becomes a small HTML file in a temporary folder that the Pagefind binary
    (the ``pagefind-bin`` package) indexes in one run; the record's real URL, with its
    anchor, travels as metadata. The new index replaces the old one only once complete.
    ``background`` (make serve) runs Pagefind at the lowest CPU priority, so that rebuilds
    and the browser come first."""
    from mkdocs.exceptions import PluginError
    from pagefind_bin import get_executable

    nice = shutil.which("nice") if background else None
    fresh = out.with_name(out.name + ".new")
    with tempfile.TemporaryDirectory(prefix="hb-search-") as tmp:
        for n, record in enumerate(records):
            (Path(tmp) / f"{n}.html").write_text(record.to_html(), encoding="utf-8")
        shutil.rmtree(fresh, ignore_errors=True)
        command = [str(get_executable()), "--site", tmp, "--output-path", str(fresh)]
        done = subprocess.run(
            [*([nice, "-n", "19"] if nice else []), *command, *PAGEFIND_ARGS],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    if done.returncode:
        shutil.rmtree(fresh, ignore_errors=True)
        raise PluginError(f"Writing the search index failed: {done.stdout}{done.stderr}")
    shutil.rmtree(out, ignore_errors=True)
    fresh.rename(out)
    for unused in out.glob("pagefind-*ui*"):  # Pagefind's own UIs: search.js is ours
        unused.unlink()
    (out / "pagefind-highlight.js").unlink(missing_ok=True)
