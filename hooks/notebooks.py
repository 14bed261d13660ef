"""Worked notebooks: executed by mkdocs-jupyter at build time, made light and linked here.

mkdocs-jupyter renders a notebook into ~600 KB of inline JupyterLab CSS, a clipboard script,
a MathJax loader from a CDN and every figure as a base64 string in the HTML. This hook keeps
the notebook's content and drops the rest:

* the inline ``<style>`` and ``<script>`` blocks go; notebook pages use Material's own code
  styles (code cells become ``div.highlight > pre > code``, so Material's copy button and
  colours apply) plus the 1 KB of ``docs/stylesheets/notebooks.css``, inlined into the head
  of notebook pages only (no extra render-blocking request, nothing on other pages);
* figures become PNG files next to the page (palette PNGs when smaller), with their size,
  ``loading="lazy"`` and the ``alt`` text the notebook gives in the code cell's metadata
  (``"alt": "..."``);
* links to ``.md`` and ``.ipynb`` sources (written relative to the notebook, so they also
  work in Jupyter) become the built pages' URLs; an unknown page or a missing anchor fails
  the build.

``HANDBOOK_NOTEBOOKS=0`` (or ``false``) turns execution off, for a fast ``make serve``; the
build then shows the notebooks without outputs, and the tests fail on such a site. The kernel
imports ``snippets`` from this checkout: the repository root is put first on its
``PYTHONPATH`` (the kernel runs in the notebook's folder, not in the repository root).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import posixpath
import re
import struct
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

PLUGIN = "mkdocs-jupyter"
NOTEBOOK_CSS = "stylesheets/notebooks.css"
_STATE: dict[str, Any] = {"anchors": [], "images": {}}

STYLE_RE = re.compile(r"<style\b[^>]*>.*?</style>", re.S | re.I)
SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
CLIPBOARD_RE = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>', re.S
)
COPY_TEXT_RE = re.compile(
    r'<div (?:id="cell-\d+" class="clipboard-copy-txt"|class="clipboard-copy-txt" id="cell-\d+")>'
    r".*?</div>",
    re.S,
)
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
CODE_RE = re.compile(
    r'<div class="highlight-ipynb hl-(?P<lang>[\w-]+)\s*"><pre>(?:<span></span>)?(?P<code>.*?)'
    r"</pre></div>",
    re.S,
)
IMG_RE = re.compile(r'<img [^>]*?src="data:image/png;base64,(?P<data>[^"]+)"[^>]*>')
HREF_RE = re.compile(r'href="(?P<href>[^"#:]*\.(?:md|ipynb))(?P<frag>#[^"]*)?"')
CELL_ID_RE = re.compile(r'<div class="jp-Cell [^"]*" id="cell-id=([^"]+)"')


def _jupyter(config: Any) -> Any:
    return config.plugins.get(PLUGIN)


def on_config(config: Any) -> Any:
    plugin = _jupyter(config)
    if plugin is None:
        return config
    if os.environ.get("HANDBOOK_NOTEBOOKS", "1").strip().lower() in {"0", "false", "no", "off"}:
        plugin.config["execute"] = False
    root = str(Path(config.config_file_path or ".").resolve().parent)
    path = os.environ.get("PYTHONPATH", "")
    if root not in path.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, path) if p)
    return config


def on_pre_build(config: Any) -> None:
    _STATE["anchors"] = []
    _STATE["images"] = {}
    css = Path(config.docs_dir) / NOTEBOOK_CSS
    _STATE["css"] = css.read_text(encoding="utf-8") if css.exists() else ""


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Inline the notebook stylesheet (minified) into a notebook page's head."""
    if not is_notebook(page) or not _STATE.get("css"):
        return output
    css = re.sub(r"/\*.*?\*/", "", _STATE["css"], flags=re.S)
    css = re.sub(r"\s*([{}:;,])\s*", r"\1", " ".join(css.split()))
    return output.replace("</head>", f"<style>{css}</style></head>", 1)


def is_notebook(page: Any) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    if not is_notebook(page):
        return html_text
    text = slim(html_text)
    text = resolve_links(text, page, files)
    return extract_images(text, page)


def slim(text: str) -> str:
    """Drop inline CSS and scripts; turn code cells into Material code blocks."""
    text = STYLE_RE.sub("", text)
    text = SCRIPT_RE.sub("", text)
    text = CLIPBOARD_RE.sub("", text)
    text = COPY_TEXT_RE.sub("", text)
    text = COMMENT_RE.sub("", text)
    text = CODE_RE.sub(
        lambda m: (
            f'<div class="language-{m["lang"]} highlight"><pre><code>{m["code"]}</code></pre></div>'
        ),
        text,
    )
    text = text.replace('class="anchor-link"', 'class="headerlink" title="Link to this section"')
    return text


def resolve_links(text: str, page: Any, files: Any) -> str:
    """``.md``/``.ipynb`` links relative to the notebook -> the built page's relative URL."""
    base = posixpath.dirname(page.file.src_uri)

    def replace(m: re.Match[str]) -> str:
        target_uri = posixpath.normpath(posixpath.join(base, html.unescape(m["href"])))
        target = files.get_file_from_path(target_uri)
        if target is None:
            raise PluginError(
                f"{page.file.src_uri}: link to {m['href']!r}, which is not a page of the "
                "handbook — link to the Markdown or notebook file relative to the notebook"
            )
        frag = m["frag"] or ""
        if frag:
            _STATE["anchors"].append((page.file.src_uri, target, frag[1:]))
        return f'href="{target.url_relative_to(page.file)}{frag}"'

    return HREF_RE.sub(replace, text)


def smaller_png(data: bytes) -> bytes:
    """The figure as a 256-colour palette PNG when that is smaller (plots and grey images lose
    nothing visible); otherwise unchanged. Deterministic, so two builds write the same bytes."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        palette = image.convert("RGB").quantize(256, dither=Image.Dither.NONE)
        out = io.BytesIO()
        palette.save(out, "PNG", optimize=True)
    return out.getvalue() if len(out.getvalue()) < len(data) else data


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def figure_alt_texts(path: str) -> dict[str, list[str]]:
    """``{cell id: [alt text, ...]}`` from each code cell's ``"alt"`` metadata (str or list)."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    alts = {}
    for cell in nb.get("cells", []):
        alt = cell.get("metadata", {}).get("alt")
        if alt:
            alts[cell.get("id", "")] = [alt] if isinstance(alt, str) else list(alt)
    return alts


def extract_images(text: str, page: Any) -> str:
    """Inline base64 PNGs -> files next to the page, with size, alt text and lazy loading.

    All figures load lazily: a notebook opens with text and code, never with a figure in the
    first screen, so none of them is the largest paint.

    The alt text of a code cell's figures is the cell's ``"alt"`` metadata (a string, or a
    list for several figures); a figure without one fails the build.
    """
    alts = figure_alt_texts(page.file.abs_src_path)
    cell_starts = [(m.start(), m[1]) for m in CELL_ID_RE.finditer(text)]
    used: dict[str, int] = {}

    def replace(m: re.Match[str]) -> str:
        cell = next((cid for pos, cid in reversed(cell_starts) if pos < m.start()), "")
        k = used.get(cell, 0)
        used[cell] = k + 1
        if k >= len(alts.get(cell, [])):
            raise PluginError(
                f"{page.file.src_uri}: figure {k + 1} of cell {cell!r} has no alt text — add "
                '"alt": "what the figure shows" to that cell\'s metadata (a list for several)'
            )
        data = smaller_png(base64.b64decode(m["data"]))
        width, height = png_size(data)
        name = f"fig-{hashlib.sha256(data).hexdigest()[:12]}.png"
        _STATE["images"][posixpath.join(posixpath.dirname(page.file.dest_uri), name)] = data
        alt = html.escape(alts[cell][k], quote=True)
        size = f'width="{width}" height="{height}"'
        return f'<img src="{name}" alt="{alt}" {size} loading="lazy" decoding="async">'

    return IMG_RE.sub(replace, text)


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    for rel, data in _STATE["images"].items():
        out = site / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    missing = []
    for src, target, anchor in _STATE["anchors"]:
        built = site / target.dest_uri
        if not built.exists() or f'id="{anchor}"' not in built.read_text(encoding="utf-8"):
            missing.append(f"{src}: link to {target.src_uri}#{anchor}, an anchor that page lacks")
    if missing:
        raise PluginError("\n".join(missing))
