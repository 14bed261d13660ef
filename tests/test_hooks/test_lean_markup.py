"""hooks/lean_markup.py: highlighted code loses only spans that change nothing on screen."""

from __future__ import annotations

import re
from pathlib import Path

import lean_markup

from support import ROOT

CODE = (
    '<pre><code><span class="n">boxes</span><span class="w"> </span><span class="o">=</span>'
    '<span class="w"> </span><span class="n">np</span><span class="o">.</span>'
    '<span class="n">asarray</span><span class="p">(</span><span class="mi">1</span>'
    '<span class="p">)</span><span class="w">\n</span><span class="c1"># a &lt;b&gt;</span>'
    "</code></pre>"
)


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_names_and_whitespace_lose_their_spans_and_keep_their_text() -> None:
    out = lean_markup.unwrap_plain_spans(CODE)
    assert _text(out) == _text(CODE)  # what a reader sees and copies
    assert 'class="n"' not in out and 'class="w"' not in out
    for kept in ('class="o"', 'class="p"', 'class="mi"', 'class="c1"'):  # coloured: kept
        assert out.count(kept) == CODE.count(kept), kept
    assert lean_markup.unwrap_plain_spans(out) == out


def _material_css() -> str:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.css"))


def test_material_colours_names_as_plain_code_and_whitespace_not_at_all() -> None:
    """The reason the spans can go; if a Material release changes it, this fails first."""
    css = _material_css() + (ROOT / "docs" / "stylesheets" / "extra.css").read_text("utf-8")
    definitions = set(re.findall(r"--md-code-hl-name-color:\s*([^;}]+)", css))
    assert definitions == {"var(--md-code-fg-color)"}
    selectors = [s for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    assert any(s.strip() == ".highlight .n" for s in selectors)  # styled: name colour only
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    for selector, body in rules:
        if ".highlight .n" in [s.strip() for s in selector.split(",")]:
            assert body.strip() == "color:var(--md-code-hl-name-color)", body
        assert ".highlight .w" not in [s.strip() for s in selector.split(",")], selector
