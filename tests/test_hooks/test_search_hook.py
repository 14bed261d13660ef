"""hooks/search.py: the index is written in the background of a full build, and a failure
there still stops the build with what failed (no traceback, no silent half index)."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort, PluginError

from catalogue import project_pages
from support import build_project


@pytest.mark.build
def test_the_index_is_written_by_a_full_build(make_project, monkeypatch) -> None:
    monkeypatch.setenv("HANDBOOK_PDF", "0")  # not about PDFs (Playwright may share this process)
    site = build_project(make_project(project_pages()))
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind").glob("fragment/*.pf_fragment"))


@pytest.mark.build
def test_a_failing_pagefind_stops_the_build(make_project, monkeypatch, caplog) -> None:
    import pagefind_bin

    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: "/bin/false")
    monkeypatch.setenv("HANDBOOK_PDF", "0")
    with pytest.raises((PluginError, Abort)) as info:
        build_project(make_project(project_pages()))
    message = f"{caplog.text}\n{info.value}"
    assert "Writing the search index failed" in message
    assert "Traceback" not in message


def test_pagefind_starts_once_the_last_page_with_records_is_rendered(monkeypatch) -> None:
    """Pages without records (cheat sheets, the change log) are rendered last, and a full
    build hands the records to Pagefind before rendering them, not after every page."""
    from types import SimpleNamespace

    from mkdocs.structure.files import File, Files

    import search

    config = {"site_dir": "site"}
    names = ["index.md", "cheatsheets/a.md", "questions/q.md", "changes.md", "glossary.md"]
    names.append("study/cards.csv")
    files = Files([File(name, "docs", "site", use_directory_urls=True) for name in names])
    started: list[int] = []
    records: list[str] = []

    class Executor:  # stands in for the background thread: records when the index starts
        def submit(self, timed, write, all_records, out) -> str:
            started.append(len(rendered))
            records.extend(r.url for r in all_records)
            return "a future"

    monkeypatch.setattr(search, "_IN_BACKGROUND", Executor())
    monkeypatch.setattr(search.session, "dirty_serve", lambda: False)
    search.on_pre_build(config)
    files = search.on_files(files, config)
    ordered = [f.src_uri for f in files.documentation_pages()]  # MkDocs renders in this order
    assert ordered[-2:] == ["cheatsheets/a.md", "changes.md"]  # no records: rendered last
    rendered: list[str] = []
    try:
        for file in files.documentation_pages():
            rendered.append(file.src_uri)
            page = SimpleNamespace(file=file, url=file.url, title=file.name)
            search.on_page_content("<p>text</p>", page, config, files)
        assert started == [3]  # with the third (and last) page that gives records
        assert records == ["./", "questions/q/"]  # all of them (this glossary has no entries)
        search.on_env(None, config, files)
        assert started == [3]  # started once
        assert search._STATE["late"] is False
        # a page nobody waited for (a draft under a plain `mkdocs serve`) gives records late:
        late = File("draft.md", "docs", "site", use_directory_urls=True)
        page = SimpleNamespace(file=late, url=late.url, title="Draft")
        search.on_page_content("<p>text</p>", page, config, files)
        assert search._STATE["late"] is True  # on_post_build writes the index again
    finally:
        search._STATE.pop("writer", None)
        search._STATE["late"] = False


def test_records_that_come_late_are_indexed_again(tmp_path, monkeypatch) -> None:
    from concurrent.futures import Future

    import search

    written: list[int] = []
    monkeypatch.setattr(search, "write_index", lambda records, out: written.append(len(records)))
    search._STATE["records"] = {"a.md": [search.Record("a/", "page", "A", "text")]}
    done: Future[float] = Future()
    done.set_result(1.0)
    search._STATE.update(writer=done, late=True)
    search.on_post_build({"site_dir": str(tmp_path)})
    assert written == [1] and "late" not in search._STATE
