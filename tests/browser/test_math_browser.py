"""MathML in Chromium: the build's lean MathML (hooks/mathml.py ``lean_mathml``) lays out
exactly as latex2mathml's own, for every formula in the handbook."""

from __future__ import annotations

import mathml
from handbook.cards import MATH_RE  # the one formula finder (flashcards use it)
from support import ROOT

LAYOUT_JS = """() => Array.from(document.querySelectorAll('.pair')).map(pair =>
  Array.from(pair.children).map(side => {
    const math = side.querySelector('math'), o = math.getBoundingClientRect();
    const r2 = x => Math.round(x * 100) / 100;
    return [r2(o.width), r2(o.height)].concat(
      Array.from(math.querySelectorAll('mi, mn, mo, mtext')).map(e => {
        const r = e.getBoundingClientRect();
        return [e.textContent, r2(r.left - o.left), r2(r.top - o.top), r2(r.width), r2(r.height)];
      }));
  }))"""


def handbook_formulas() -> list[tuple[str, bool]]:
    """(LaTeX, display) of every ``$…$`` and ``$$…$$`` in docs/ and data/ (a few matches are
    not formulas, e.g. prices; those that do not convert are left out)."""
    paths = [*ROOT.glob("docs/**/*.md"), *ROOT.glob("data/**/*.yml")]
    found = {
        ((m.group(1) or m.group(2)).strip(), m.group(1) is not None)
        for path in paths
        for m in MATH_RE.finditer(path.read_text(encoding="utf-8"))
    }
    return sorted(found)


def test_lean_mathml_lays_out_exactly_as_the_converter_output(chromium) -> None:
    pairs = []
    for latex, display in handbook_formulas():
        try:
            pairs.append(
                (mathml.latex_to_mathml(latex, display, lean=False),
                 mathml.latex_to_mathml(latex, display))
            )  # fmt: skip
        except mathml.MathError:
            continue
    assert len(pairs) > 1000
    assert sum(a != b for a, b in pairs) > 0.9 * len(pairs)  # most formulas do get leaner
    page = chromium.new_page(viewport={"width": 1200, "height": 800})
    page.set_content(
        "<!doctype html><body>"
        + "".join(f"<div class='pair'><div>{a}</div><div>{b}</div></div>" for a, b in pairs)
    )
    layouts = page.evaluate(LAYOUT_JS)
    page.close()
    differ = [pairs[n][0] for n, (full, lean) in enumerate(layouts) if full != lean]
    assert not differ, f"{len(differ)} formulas lay out differently, e.g. {differ[0][:300]}"
