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
