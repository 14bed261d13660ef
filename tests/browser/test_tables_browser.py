"""Tables wrapped at build time (hooks/lean_markup.py) look and lay out exactly as the tables
Material's script wraps at load: the same page is loaded as built and with its tables put back
as Python-Markdown wrote them, and every table, wrapper, row, cell, link and code element is
compared (computed style, all properties, and box), on a phone and a desktop, light and dark."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from support import wait_laid_out

PAGES = ("questions/image-processing/", "changes/")  # the most tables; the widest table
PREWRAPPED_RE = re.compile(
    r'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
    r'<table class="hb-table">(.*?)</table></div></div>',
    re.DOTALL,
)
SNAPSHOT = """() => Array.from(document.querySelectorAll('article table:not(.highlighttable)'))
  .map(t => [t.closest('.md-typeset__scrollwrap'), t.parentElement, t,
             ...t.querySelectorAll('tr, th, td, a, code')])
  .flat().map(e => {
    const r = e.getBoundingClientRect(), cs = getComputedStyle(e), style = {};
    for (const p of cs) style[p] = cs.getPropertyValue(p);
    return {what: e && (e.tagName + '.' + e.className), box: [r.x, r.y, r.width, r.height], style};
  })"""


def _snapshot(context: Any, url: str, body: str | None = None) -> list[dict[str, Any]]:
    page = context.new_page()
    if body is not None:
        page.route(
            url, lambda route: route.fulfill(status=200, content_type="text/html", body=body)
        )
    page.goto(url)
    page.wait_for_function("() => typeof window.component$ !== 'undefined'")
    page.wait_for_timeout(200)  # Material mounts its components at DOMContentLoaded
    wait_laid_out(page)  # every answer of a category page, not only the first screen's
    snap = page.evaluate(SNAPSHOT)
    page.close()
    return snap


@pytest.mark.parametrize("path", PAGES)
def test_prewrapped_tables_render_as_material_wraps_them(
    path: str, built_site: Path, server: str, chromium
) -> None:
    built = (built_site / path / "index.html").read_text(encoding="utf-8")
    tables = len(PREWRAPPED_RE.findall(built))
    assert tables >= 2 and "<table>" not in built
    as_markdown_wrote_it = PREWRAPPED_RE.sub(r"<table>\1</table>", built)
    for width, scheme in ((390, "light"), (1280, "dark")):
        context = chromium.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        try:
            ours = _snapshot(context, server + path)
            material = _snapshot(context, server + path, as_markdown_wrote_it)
        finally:
            context.close()
        assert len(ours) == len(material) > tables * 4  # Material wrapped every table, too
        for a, b in zip(ours, material, strict=True):
            assert a["what"] == b["what"].replace("TABLE.", "TABLE.hb-table"), (
                a["what"],
                b["what"],
            )
            style = {
                k: (v, b["style"].get(k)) for k, v in a["style"].items() if v != b["style"].get(k)
            }
            assert not style, (width, scheme, a["what"], style)
            # boxes to 1 px: a link's line box has once differed by a pixel between two loads
            assert all(abs(x - y) <= 1 for x, y in zip(a["box"], b["box"], strict=True)), (a, b)


COLUMNS = """([selector, keep]) => {
  const table = document.querySelector(selector);
  const before = Array.from(table.rows[1].cells).map(c => c.getBoundingClientRect().x);
  const rows = Array.from(table.tBodies[0].rows).slice(keep);
  rows.forEach(r => r.remove());  // the table as the first paint saw it: its first rows only
  const after = Array.from(table.rows[1].cells).map(c => c.getBoundingClientRect().x);
  rows.forEach(r => table.tBodies[0].append(r));
  return [before, after];
}"""


def test_change_log_columns_do_not_move_as_rows_arrive(server: str, chromium) -> None:
    """The change log's columns are as wide with its first rows as with all of them, so the
    rows parsed after the first paint shift nothing (Lighthouse measured a layout shift of
    0.11 on a phone when the widths came from every row). The control: the same table laid
    out by content (the class removed) does move, so the check can fail."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(server + "changes/")
        assert page.locator(".hb-log table tbody tr").count() > 20
        before, after = page.evaluate(COLUMNS, [".hb-log table", 3])
        assert before == after, (before, after)
        page.evaluate("document.querySelector('.hb-log').classList.remove('hb-log')")
        control = page.evaluate(COLUMNS, ["table.hb-table", 3])
        assert control[0] != control[1]
    finally:
        context.close()
