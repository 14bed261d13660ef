"""Same rendering, less work in the reader's browser: a page's style, layout and parse time grow
with its element count and with the DOM changes scripts make at load, and category pages are
the handbook's heaviest (benchmarks/lighthouse.py).

- **Highlighted code.** Pygments wraps every token in a ``<span>``: a quarter to a third of a
  category page's elements. Two kinds of span change nothing on screen and go, their text
  staying: names (``class="n"``), which Material colours ``--md-code-hl-name-color``, defined
  as the plain code colour, and whitespace (``class="w"``), which it does not colour at all.
  Copying code is unaffected (the text is the same).
- **Tables.** At load, Material's JavaScript replaces every class-less ``<table>`` of the
  article by the same table in two wrappers (``md-typeset__scrollwrap`` > ``md-typeset__table``,
  so that a wide table scrolls); on the largest category page (15 tables) those DOM changes
  and the style and layout they force were over half of the work Material's script does at
  DOMContentLoaded (484 -> 200 ms at 4x CPU, ``benchmarks/trace.py``, median of 4). The build
  now writes the wrappers itself and marks the table ``hb-table`` so that Material's script
  (``table:not([class])``) leaves it alone. Material styles tables with the same selector, so
  its table rules are copied from the installed theme's stylesheet at build time, with
  ``table:not([class])`` read as ``table.hb-table`` (same specificity), and appended to
  ``stylesheets/extra.css``: nothing to keep in step by hand when Material changes.

``tests/test_hooks/test_lean_markup.py`` checks the facts these rest on against Material's
installed stylesheet and script, and a browser test compares a pre-wrapped table's computed
style and layout with a table Material wrapped, so a Material release that changes either
makes a test fail instead of silently changing the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# A name or whitespace token's span: Pygments escapes its text, so it never holds a tag.
PLAIN_SPAN_RE = re.compile(r'<span class="[nw]">([^<]*)</span>')

TABLE_CLASS = "hb-table"
# Material's selector for the tables it wraps at load and styles (the same in its CSS and JS).
MATERIAL_TABLE = "table:not([class])"
# A table as Python-Markdown writes it: no attribute at all. Tables cannot nest in Markdown.
PLAIN_TABLE_RE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
WRAPPED = (
    '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    f'<table class="{TABLE_CLASS}">\\1</table></div></div>'
)
EXTRA_CSS = "stylesheets/extra.css"
CSS_MARK = "/* hooks/lean_markup.py: Material's table rules for pre-wrapped tables */"


_STATE: dict[str, str] = {}  # Material's table rules as copied at the start of this build


def on_config(config: Any) -> None:
    """Copy Material's table rules before any page is built: if they cannot be found, the
    build stops here, not after writing a site whose tables lost their style."""
    from mkdocs.exceptions import PluginError

    _STATE.clear()
    sheets = [
        css
        for folder in config["theme"].dirs
        for css in sorted((Path(folder) / "assets" / "stylesheets").glob("main.*.min.css"))
    ]
    if not sheets:
        return  # not the Material theme: no table is pre-wrapped (see on_page_content)
    rules = table_rules(sheets[0].read_text(encoding="utf-8"))
    if not rules:
        raise PluginError(
            f"hooks/lean_markup.py: no '{MATERIAL_TABLE}' rule in {sheets[0]}: this Material "
            "release styles tables another way. Make table_rules follow its stylesheet, or "
            "stop pre-wrapping tables (remove prewrap_tables from on_page_content)."
        )
    if EXTRA_CSS not in [str(css) for css in config["extra_css"]]:
        raise PluginError(
            f"{_where(config.get('config_file_path'), 'extra_css')}: hooks/lean_markup.py "
            f"appends Material's table rules to {EXTRA_CSS}, which extra_css does not list: "
            f"list '- {EXTRA_CSS}' under it again, or the tables lose their style."
        )
    _STATE["rules"] = rules


def _where(config_file: str | None, key: str) -> str:
    """``mkdocs.yml:LINE`` of the top-level ``key:`` in the configuration file (the file
    alone when the key is not written there)."""
    if not config_file:
        return "mkdocs.yml"
    lines = Path(config_file).read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), None)
    return f"{config_file}:{line}" if line else config_file


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    html_text = unwrap_plain_spans(html_text)
    return prewrap_tables(html_text) if "rules" in _STATE else html_text


def on_post_build(config: Any) -> None:
    if "rules" not in _STATE:
        return
    extra = Path(config["site_dir"]) / EXTRA_CSS
    text = extra.read_text(encoding="utf-8").split(CSS_MARK)[0].rstrip("\n")
    extra.write_text(f"{text}\n\n{CSS_MARK}\n{_STATE['rules']}\n", encoding="utf-8")


def unwrap_plain_spans(html_text: str) -> str:
    """Highlighted code without the spans of names and whitespace (same text, same colours)."""
    return PLAIN_SPAN_RE.sub(r"\1", html_text)


def prewrap_tables(html_text: str) -> str:
    """Each attribute-less ``<table>`` in Material's two scroll wrappers, marked ``hb-table``."""
    return PLAIN_TABLE_RE.sub(WRAPPED, html_text)


SPECIAL_RE = re.compile(r"""["'{};]|/\*""")


def _blocks(css: str) -> list[tuple[str, str]]:
    """``(prelude, body)`` of each top-level block of minified CSS (comments and strings kept
    whole; a body is the text between the block's braces)."""
    out: list[tuple[str, str]] = []
    depth, start, open_at, i = 0, 0, 0, 0
    while (m := SPECIAL_RE.search(css, i)) is not None:
        c, i = m.group(), m.start()
        if c in "\"'":
            i = css.index(c, i + 1)
        elif c == "/*":
            i = css.index("*/", i) + 1
        elif c == "{":
            if depth == 0:
                open_at = i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                out.append((css[start:open_at].strip(), css[open_at + 1 : i]))
                start = i + 1
        elif depth == 0:  # ";" ends a statement at-rule (@charset, @import)
            start = i + 1
        i += 1
    return out


def table_rules(css: str) -> str:
    """Every rule of ``css`` with a selector naming ``table:not([class])``, that selector read
    as ``table.hb-table`` (the others in the list dropped), inside the same at-rules."""
    out = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@"):
            if "{" in body:  # a grouping rule (@media, @supports): its rules, recursively
                inner = table_rules(body)
                if inner:
                    out.append(f"{prelude}{{{inner}}}")
            continue
        selectors = [s for s in prelude.split(",") if MATERIAL_TABLE in s]
        if selectors:
            ours = ",".join(s.replace(MATERIAL_TABLE, f"table.{TABLE_CLASS}") for s in selectors)
            out.append(f"{ours}{{{body}}}")
    return "".join(out)
