"""Worked notebooks: stored without outputs, executed at build time without errors, light pages.

The unit tests drive ``hooks/notebooks.py`` on small inputs; the build tests read the real
site (``built_site`` executes every notebook) and fail if a notebook was not executed, has an
error or stderr output, lost a figure's alt text, or pulls in mkdocs-jupyter's CSS again.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs_jupyter.plugin import NotebookFile

import notebooks
from support import ROOT

NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(path: Path) -> list[dict]:
    return [c for c in load(path)["cells"] if c["cell_type"] == "code" and "".join(c["source"])]


# --- the notebooks as stored -----------------------------------------------------------------


def test_there_are_at_least_four_notebooks_and_all_are_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert len(NOTEBOOKS) >= 4
    for nb in NOTEBOOKS:
        assert f"notebooks/{nb.name}" in nav, f"{nb.name} is not in the nav"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    for cell in code_cells(path):
        assert cell["outputs"] == [], f"{path.name}: clear the outputs before committing"
        assert cell["execution_count"] is None, f"{path.name}: clear the execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_import_snippets_and_link_their_questions(path: Path) -> None:
    text = "".join("".join(c["source"]) for c in load(path)["cells"])
    assert re.search(r"^from snippets\.\w+ import", text, re.M), "use the tested snippets"
    assert re.search(r"\]\(\.\./questions/[\w-]+\.md#[\w-]+\)", text), "link a question"
    assert re.search(r"(default_rng|manual_seed|seed=)\(?\d", text), "fix the random seeds"


# --- the hook, unit by unit ------------------------------------------------------------------

RAW = """
<script src="clipboard.umd.js"></script><style type="text/css">.jp-Cell{color:red}</style>
<!-- Load mathjax --><script src="https://cdn.example/mathjax.js"></script>
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell" id="cell-id=c0">
<h1 id="title">Title<a class="anchor-link" href="#title">¶</a></h1>
<a href="../questions/metrics.md#ap">AP</a> <a href="https://example.org/x.md">out</a>
</div>
<div class="jp-Cell jp-CodeCell jp-Notebook-cell" id="cell-id=c1">
<div class="zeroclipboard-container"><clipboard-copy for="cell-1"><div>x</div></clipboard-copy>
</div>
<div class="highlight-ipynb hl-python "><pre><span></span><span class="n">x</span> = 1

<span class="n">y</span> = 2
</pre></div>
<div class="clipboard-copy-txt" id="cell-1">x = 1</div>
<div class="jp-RenderedImage"><img alt="" class="" src="data:image/png;base64,{png}"/></div>
<div class="jp-RenderedImage"><img src="data:image/png;base64,{png}" class=""/></div>
</div>
"""


def tiny_png(width: int = 6, height: int = 4) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 10, 10, 255)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> SimpleNamespace:
    docs = tmp_path / "docs"
    (docs / "notebooks").mkdir(parents=True)
    (docs / "questions").mkdir()
    (docs / "questions" / "metrics.md").write_text("# M\n", encoding="utf-8")
    nb = {
        "cells": [
            {"cell_type": "markdown", "id": "c0", "metadata": {}, "source": "# Title"},
            {
                "cell_type": "code",
                "id": "c1",
                "metadata": {"alt": ["A red rectangle", 'A "second" one']},
                "source": "x = 1",
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (docs / "notebooks" / "demo.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    site = tmp_path / "site"
    nb_file = NotebookFile(
        File("notebooks/demo.ipynb", str(docs), str(site), True),
        use_directory_urls=True,
        site_dir=str(site),
    )
    md_file = File("questions/metrics.md", str(docs), str(site), True)
    page = SimpleNamespace(file=nb_file)
    (docs / "stylesheets").mkdir()
    (docs / "stylesheets" / "notebooks.css").write_text("/* c */\n.a  { color : red ; }\n")
    notebooks.on_pre_build(SimpleNamespace(docs_dir=str(docs)))
    return SimpleNamespace(docs=docs, site=site, page=page, files=Files([nb_file, md_file]))


def raw_html() -> str:
    return RAW.replace("{png}", base64.b64encode(tiny_png()).decode())


def test_slim_drops_styles_scripts_and_copy_helpers_and_keeps_code(project) -> None:
    html = notebooks.slim(raw_html())
    assert "<style" not in html and "<script" not in html and "<!--" not in html
    assert "clipboard" not in html and "mathjax" not in html
    assert '<div class="language-python highlight"><pre><code><span class="n">x</span>' in html
    assert "= 1\n\n<span" in html, "blank lines inside code survive"
    assert 'class="headerlink"' in html and "anchor-link" not in html


def test_links_to_sources_become_page_urls_and_anchors_are_checked(project) -> None:
    html = notebooks.resolve_links(raw_html(), project.page, project.files)
    assert 'href="../../questions/metrics/#ap"' in html
    assert 'href="https://example.org/x.md"' in html  # external links stay as they are
    (project.site / "questions" / "metrics").mkdir(parents=True)
    (project.site / "questions" / "metrics" / "index.html").write_text('<h2 id="other">')
    config = SimpleNamespace(site_dir=str(project.site))
    with pytest.raises(PluginError, match=r"questions/metrics\.md#ap"):
        notebooks.on_post_build(config)
    (project.site / "questions" / "metrics" / "index.html").write_text('<h2 id="ap">')
    notebooks.on_post_build(config)


def test_a_link_to_a_missing_page_fails(project) -> None:
    with pytest.raises(PluginError, match="not a page"):
        notebooks.resolve_links('<a href="../questions/nope.md">x</a>', project.page, project.files)


def test_figures_become_files_with_size_and_alt_text(project) -> None:
    html = notebooks.extract_images(raw_html(), project.page)
    imgs = re.findall(r"<img [^>]*>", html)
    assert len(imgs) == 2 and "base64" not in html
    assert 'alt="A red rectangle"' in imgs[0] and 'width="6" height="4"' in imgs[0]
    assert all('loading="lazy"' in img for img in imgs)
    assert 'alt="A &quot;second&quot; one"' in imgs[1]
    notebooks.on_post_build(SimpleNamespace(site_dir=str(project.site)))
    name = re.search(r'src="([^"]+)"', imgs[0])[1]
    written = project.site / "notebooks" / "demo" / name
    assert notebooks.png_size(written.read_bytes()) == (6, 4)


def test_a_figure_without_alt_text_fails_the_build(project) -> None:
    nb_path = project.docs / "notebooks" / "demo.ipynb"
    nb = load(nb_path)
    nb["cells"][1]["metadata"] = {"alt": "only one"}
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(PluginError, match="figure 2 of cell 'c1' has no alt text"):
        notebooks.extract_images(raw_html(), project.page)


def test_palette_png_only_when_smaller() -> None:
    import numpy as np
    from PIL import Image

    data = tiny_png(300, 200)
    assert len(notebooks.smaller_png(data)) <= len(data)
    noise = np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(noise).save(out, "PNG")
    assert notebooks.png_size(notebooks.smaller_png(out.getvalue())) == (64, 64)
    with pytest.raises(ValueError):
        notebooks.png_size(b"GIF89a" + bytes(30))


def test_notebook_css_is_inlined_in_notebook_pages_only(project) -> None:
    html = "<html><head><title>x</title></head><body></body></html>"
    out = notebooks.on_post_page(html, project.page, None)
    assert out.count("<style>") == 1 and "<style>.a{color:red;}</style></head>" in out
    other = SimpleNamespace(file=File("questions/metrics.md", str(project.docs), "s", True))
    assert notebooks.on_post_page(html, other, None) == html


def test_other_pages_are_left_alone(project) -> None:
    page = SimpleNamespace(file=File("questions/metrics.md", str(project.docs), "s", True))
    assert notebooks.on_page_content("<style>x</style>", page, None, project.files) == (
        "<style>x</style>"
    )
    html = notebooks.on_page_content(raw_html(), project.page, None, project.files)
    assert "<style" not in html and 'alt="A red rectangle"' in html


@pytest.mark.parametrize(("value", "execute"), [("0", False), ("false", False), ("1", True)])
def test_handbook_notebooks_switch_and_kernel_path(monkeypatch, value, execute) -> None:
    plugin = SimpleNamespace(config={"execute": True})
    config = SimpleNamespace(
        plugins={notebooks.PLUGIN: plugin}, config_file_path=str(ROOT / "mkdocs.yml")
    )
    monkeypatch.setenv("HANDBOOK_NOTEBOOKS", value)
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    notebooks.on_config(config)
    assert plugin.config["execute"] is execute
    assert os.environ["PYTHONPATH"].split(os.pathsep) == [str(ROOT), "/elsewhere"]
    notebooks.on_config(config)  # idempotent
    assert os.environ["PYTHONPATH"].split(os.pathsep) == [str(ROOT), "/elsewhere"]
    no_plugin = SimpleNamespace(plugins={}, config_file_path=None)
    assert notebooks.on_config(no_plugin) is no_plugin


# --- the built site --------------------------------------------------------------------------


def notebook_page(site: Path, path: Path) -> str:
    return (site / "notebooks" / path.stem / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_was_executed_in_order_without_errors(built_site, path) -> None:
    html = notebook_page(built_site, path)
    html = html[html.index('<article class="md-content__inner') : html.index("</article>")]
    prompts = re.findall(r'class="jp-InputPrompt jp-InputArea-prompt">([^<]*)<', html)
    counts = [p.replace("\xa0", " ") for p in prompts if p.strip()]
    n = len(code_cells(path))
    assert counts == [f"In [{i}]:" for i in range(1, n + 1)], (
        f"{path.name}: not executed (set HANDBOOK_NOTEBOOKS=1) or cells skipped: {counts}"
    )
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html, (
        f"{path.name}: error or stderr output"
    )
    assert "Traceback" not in html


@pytest.mark.build
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_pages_are_light(built_site, path) -> None:
    html = notebook_page(built_site, path)
    article = html[html.index('<article class="md-content__inner') : html.index("</article>")]
    assert "<style" not in article and "<script" not in article
    assert "data:image" not in html and "jp-needs" not in html
    assert len(html.encode()) < 200_000, "a notebook page over 200 KB of HTML"
    imgs = re.findall(r"<img [^>]*>", article)
    assert imgs, f"{path.name} shows no figure"
    for img in imgs:
        alt = re.search(r'alt="([^"]*)"', img)
        assert alt and len(alt[1]) > 20 and "No description" not in alt[1], img
        src = re.search(r'src="([^"]+)"', img)[1]
        assert (built_site / "notebooks" / path.stem / src).stat().st_size < 150_000, src
    head = html[: html.index("</head>")]
    assert ".jp-RenderedImage img{" in head, "the notebook CSS is inlined into the head"
    assert "stylesheets/notebooks.css" not in html


@pytest.mark.build
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_and_questions_link_both_ways(built_site, path) -> None:
    html = notebook_page(built_site, path)
    targets = set(re.findall(r'href="\.\./\.\./questions/([\w-]+)/#([\w-]+)"', html))
    assert targets, f"{path.name} links no question"
    for page, anchor in targets:
        question = (built_site / "questions" / page / "index.html").read_text(encoding="utf-8")
        start = question.index(f'id="{anchor}"')
        nxt = question.find("<h2 ", start + 1)
        section = question[start : nxt if nxt > 0 else None]
        assert f"notebooks/{path.stem}/" in section, f"{page}#{anchor} does not link back"
