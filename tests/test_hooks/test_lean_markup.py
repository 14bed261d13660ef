"""hooks/lean_markup.py: highlighted code loses only spans that change nothing on screen."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import lean_markup
import pytest

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


def _material_asset(folder: str, pattern: str) -> str:
    """The installed Material theme's assets of one kind, concatenated."""
    import material

    path = Path(material.__file__).parent / "templates" / "assets" / folder
    return "\n".join(p.read_text(encoding="utf-8") for p in path.glob(pattern))


def _material_css() -> str:
    return _material_asset("stylesheets", "*.css")


def _selectors(css: str) -> list[str]:
    """Every selector of ``css``, one per comma-separated part (a rough split, enough here)."""
    return [s for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]


def test_material_colours_names_as_plain_code_and_whitespace_not_at_all() -> None:
    """The reason the spans can go; if a Material release changes it, this fails first."""
    css = _material_css() + (ROOT / "docs" / "stylesheets" / "extra.css").read_text("utf-8")
    definitions = set(re.findall(r"--md-code-hl-name-color:\s*([^;}]+)", css))
    assert definitions == {"var(--md-code-fg-color)"}
    selectors = _selectors(css)
    assert any(s.strip() == ".highlight .n" for s in selectors)  # styled: name colour only
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    for selector, body in rules:
        if ".highlight .n" in [s.strip() for s in selector.split(",")]:
            assert body.strip() == "color:var(--md-code-hl-name-color)", body
        assert ".highlight .w" not in [s.strip() for s in selector.split(",")], selector


# --- tables: wrapped at build time, not by Material's script at load -------------------------

TABLE = (
    "<table>\n<thead>\n<tr><th>a</th></tr>\n</thead>\n<tbody><tr><td>1</td></tr></tbody>\n</table>"
)


def test_plain_tables_get_materials_wrappers_and_a_class_other_tables_do_not() -> None:
    html = (
        f"<p>x</p>{TABLE}<p>y</p>{TABLE}"
        + '<table class="highlighttable"><tr><td>c</td></tr></table>'
    )
    out = lean_markup.prewrap_tables(html)
    wrapped = (
        '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
        '<table class="hb-table">'
    )
    assert out.count(wrapped) == 2
    assert _text(out) == _text(html)
    assert '<table class="highlighttable">' in out and "<table>" not in out
    assert lean_markup.prewrap_tables(out) == out  # a marked table is not wrapped again
    assert out.count("<div") == out.count("</div>") == 4


def test_material_wraps_and_styles_exactly_the_class_less_tables() -> None:
    """Why a class keeps Material's script away and the copied rules style the table."""
    js = _material_asset("javascripts", "bundle.*.js")
    assert '"table:not([class])"' in js
    for wrapper in ('"md-typeset__scrollwrap"', '"md-typeset__table"'):
        assert wrapper in js
    css = _material_css()
    selectors = _selectors(css)
    assert not any("table.hb-table" in s for s in selectors)  # ours, not Material's
    assert sum("table:not([class])" in s for s in selectors) >= 10


def test_table_rules_copies_every_material_table_rule_with_our_class() -> None:
    css = _material_css()
    rules = lean_markup.table_rules(css)
    ours = _selectors(rules)
    theirs = _selectors(css)
    expected = [
        s.replace("table:not([class])", "table.hb-table")
        for s in theirs
        if "table:not([class])" in s
    ]
    assert [s for s in ours if not s.startswith("@")] == expected
    assert "@media print{.md-typeset table.hb-table{display:table}}" in rules  # kept in its @media


def test_table_rules_reads_nested_at_rules_comments_and_strings() -> None:
    css = (
        '/* a { } */@charset "utf-8";.x{content:"}{"}'
        "@media screen{@supports (display:grid){.md-typeset table:not([class]) td,.y{color:red}}}"
        ".md-typeset table:not([class])>b{margin:0}@font-face{font-family:z}"
    )
    assert lean_markup.table_rules(css) == (
        "@media screen{@supports (display:grid){.md-typeset table.hb-table td{color:red}}}"
        ".md-typeset table.hb-table>b{margin:0}"
    )


def _config(
    tmp_path: Path, material_css: str, extra_css: tuple[str, ...] = ("stylesheets/extra.css",)
) -> dict:
    theme = tmp_path / "material"
    (theme / "assets" / "stylesheets").mkdir(parents=True)
    (theme / "assets" / "stylesheets" / "main.0123abcd.min.css").write_text(material_css)
    site = tmp_path / "site"
    (site / "stylesheets").mkdir(parents=True)
    (site / "stylesheets" / "extra.css").write_text(".ours{color:red}\n")
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    return {
        "theme": SimpleNamespace(dirs=[str(overrides), str(theme)]),
        "extra_css": list(extra_css),
        "site_dir": str(site),
    }


def test_the_rules_are_read_at_config_and_appended_to_extra_css_once(tmp_path: Path) -> None:
    config = _config(tmp_path, ".md-typeset table:not([class]) th{padding:1em}.z{margin:0}")
    lean_markup.on_config(config)
    assert 'class="hb-table"' in lean_markup.on_page_content(TABLE, None, config, None)
    lean_markup.on_post_build(config)
    lean_markup.on_post_build(config)  # `make serve` rebuilds into the same folder
    text = (tmp_path / "site" / "stylesheets" / "extra.css").read_text()
    assert text.startswith(".ours{color:red}\n")
    assert text.count(".md-typeset table.hb-table th{padding:1em}") == 1
    assert ".z" not in text


def test_another_theme_gets_its_tables_untouched(tmp_path: Path) -> None:
    config = _config(tmp_path, "")
    config["theme"].dirs = [str(tmp_path / "overrides")]
    lean_markup.on_config(config)
    assert lean_markup.on_page_content(TABLE, None, config, None) == TABLE
    lean_markup.on_post_build(config)
    assert (tmp_path / "site" / "stylesheets" / "extra.css").read_text() == ".ours{color:red}\n"


def test_the_build_stops_before_any_page_without_materials_table_rules(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"no 'table:not\(\[class\]\)' rule in .*main"):
        lean_markup.on_config(_config(tmp_path, ".md-typeset table{padding:1em}"))
    rule = ".md-typeset table:not([class]) th{padding:1em}"
    config = _config(tmp_path / "b", rule, extra_css=())
    config_file = tmp_path / "b" / "mkdocs.yml"
    config_file.write_text("site_name: x\nextra_css:\n  - other.css\n")
    config["config_file_path"] = str(config_file)
    with pytest.raises(PluginError, match=r"mkdocs\.yml:2: .*extra_css does not list"):
        lean_markup.on_config(config)
