"""``make serve`` (``mkdocs serve --dirty``): a rebuild shows the edit, re-does only what the edit
changed, and stays exactly as strict as a full build. Rebuilds run in-process, the way
MkDocs' live-reload server runs them (a fresh config per rebuild, ``on_startup`` once)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from catalogue import GOOD, OTHER, PAGE, project_pages

URL = "http://127.0.0.1:8000/"


class DirtyServe:
    """The builds of one ``mkdocs serve --dirty`` process."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.site = config_file.parent / "served"
        self.started = False

    def build(self) -> None:
        config = load_config(str(self.config_file), site_dir=str(self.site))
        if not self.started:
            config.plugins.on_startup(command="serve", dirty=True)
            self.started = True
        config.site_url = URL
        build(config, serve_url=URL, dirty=True)

    def html(self, page: str) -> str:
        return (self.site / page.removesuffix(".md") / "index.html").read_text(encoding="utf-8")

    @property
    def session(self) -> Any:
        return sys.modules["session"]  # the hooks' process-wide state


@pytest.fixture
def served(make_project) -> Iterator[DirtyServe]:
    serve = DirtyServe(make_project(project_pages()))
    serve.build()
    yield serve
    serve.session.start("build", dirty=False)  # a search index still to be written: skipped


@pytest.mark.build
def test_the_search_index_follows_a_dirty_rebuild(served: DirtyServe) -> None:
    index = served.site / "pagefind" / "pagefind.js"
    deadline = time.monotonic() + 60
    while not index.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert index.is_file()


@pytest.mark.build
def test_an_edit_is_shown_and_only_its_page_is_parsed_again(served: DirtyServe) -> None:
    cache = served.session.cache()
    assert cache is not None and cache.pages.parsed >= 4  # home, tags, two question pages
    parsed, glossaries = cache.pages.parsed, cache.computed["glossary"]
    page = served.config_file.parent / "docs" / PAGE
    page.write_text(GOOD.replace("how often is it right", "how often is it zqxright"))
    served.build()
    assert "zqxright" in served.html(PAGE)
    assert cache.pages.parsed == parsed + 1  # the edited page, nothing else
    assert cache.computed["glossary"] == glossaries  # glossary file unchanged: kept
    # a page MkDocs did not render again keeps its earlier output
    assert "zqxright" not in served.html(OTHER)


@pytest.mark.build
def test_a_renamed_question_is_renamed_where_other_pages_link_to_it(served: DirtyServe) -> None:
    home = served.site / "index.html"
    page = served.config_file.parent / "docs" / PAGE
    page.write_text(GOOD.replace("how often is it right", "how often is it zqxright"))
    built = home.stat().st_mtime_ns
    served.build()
    assert home.stat().st_mtime_ns == built  # an answer edit: the home page is not rendered
    renamed = GOOD.replace(
        "What is the difference between precision and recall?", "Precision or recall: which?"
    )
    page.write_text(renamed)
    served.build()
    assert "Precision or recall: which?" in home.read_text(encoding="utf-8")


@pytest.mark.build
def test_a_dirty_rebuild_stays_strict(served: DirtyServe, caplog) -> None:
    page = served.config_file.parent / "docs" / OTHER
    good = page.read_text()
    page.write_text(good.replace("{#other-precision-vs-recall}", "{#precision-vs-recall}"))
    with pytest.raises((PluginError, Abort)) as info:
        served.build()
    message = f"{caplog.text}\n{info.value}"
    assert f"docs/{OTHER}:" in message and "duplicate id 'precision-vs-recall'" in message
    page.write_text(good)  # the writer fixes it: the next save builds again
    served.build()
    assert "another-question" in served.html(OTHER)


@pytest.mark.build
def test_a_glossary_edit_is_seen(served: DirtyServe) -> None:
    cache = served.session.cache()
    before = cache.computed["glossary"]
    glossary = served.config_file.parent / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text() + "\n# a comment\n")
    served.build()
    assert cache.computed["glossary"] == before + 1


@pytest.mark.build
def test_a_full_build_keeps_no_cache(make_project, monkeypatch) -> None:
    from support import build_project

    monkeypatch.setenv("HANDBOOK_PDF", "0")  # not about PDFs (Playwright may share this process)

    build_project(make_project(project_pages()))
    assert sys.modules["session"].cache() is None


def test_saves_are_polled_every_tenth_of_a_second(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    import serve as serve_hook
    import session

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    server.watch(str(tmp_path))  # watched twice: still one emitter, count kept
    try:
        session.start("serve", dirty=True)
        assert serve_hook.on_serve(server, config=None, builder=None) is server
        assert server.observer.timeout == serve_hook.POLL_SECONDS == 0.1
        assert server._watched_paths == {str(tmp_path): 2}
        assert [e.watch.path for e in server.observer.emitters] == [str(tmp_path)]
        session.start("build", dirty=False)  # a plain build: MkDocs' watcher is left alone
        observer = server.observer
        serve_hook.on_serve(server, config=None, builder=None)
        assert server.observer is observer
    finally:
        session.start("build", dirty=False)
        server.server_close()


def test_the_theme_is_listed_once_unless_the_project_folder_changes(tmp_path: Path) -> None:
    from types import SimpleNamespace

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
    import material

    import serve as serve_hook
    import session

    custom = tmp_path / "overrides"
    custom.mkdir()
    (custom / "main.html").write_text("{% extends 'base.html' %}")
    installed = Path(material.__file__).parent / "templates"
    theme = SimpleNamespace(dirs=[str(custom), str(installed)], static_templates=["404.html"])
    calls: list[int] = []

    def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
        calls.append(1)
        return sorted(p.name for d in theme.dirs for p in Path(d).iterdir())

    session.start("serve", dirty=True)
    try:
        listed = serve_hook._listing(list_templates, theme)
        first = listed()
        assert listed() == first and len(calls) == 1  # kept between rebuilds
        (custom / "extra.css").write_text("p {}")  # a new file in the project's theme folder
        assert "extra.css" in listed() and len(calls) == 2
        assert listed(extensions=["html"]) and len(calls) == 3  # other calls are not kept
    finally:
        session.start("build", dirty=False)
