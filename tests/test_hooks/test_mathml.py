"""LaTeX to MathML at build time (hooks/mathml.py)."""

from __future__ import annotations

import pytest

import mathml


def test_inline_and_display_formulas_become_mathml() -> None:
    html = (
        '<p><span class="arithmatex">\\(a &lt; b\\)</span></p>'
        '<div class="arithmatex">\\[\\frac{TP}{TP + FP}\\]</div>'
    )
    out = mathml.render_math(html)
    assert "arithmatex" not in out
    assert 'display="inline"' in out and 'display="block"' in out
    assert "<mfrac>" in out and "&#x0003C;" in out  # the < survived unescaping


def test_page_without_math_is_unchanged() -> None:
    assert mathml.render_math("<p>no math</p>") == "<p>no math</p>"


@pytest.mark.parametrize("latex", ["\\frac{1}{", "\\notacommand{x}"])
def test_bad_formulas_raise_a_clear_error(latex: str) -> None:
    with pytest.raises(mathml.MathError, match="formula"):
        mathml.latex_to_mathml(latex, display=False)


def test_line_of_a_formula_is_found() -> None:
    assert mathml._find_line("a\nb $x^2$ c\n", "x^2") == 2
    assert mathml._find_line("a\n", "zzz") == 1


def test_operator_names_the_converter_lacks_are_rewritten() -> None:
    out = mathml.latex_to_mathml(r"\arg\min_x f(x)", display=True)
    assert "arg" in out and "\\arg" not in out and "<mi>\\</mi>" not in out


def test_locate_finds_the_source_file_of_a_formula(tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yml").write_text("- a\n- $x^{2}$\n", encoding="utf-8")
    assert mathml.locate("x^{2}", tmp_path) == "data/glossary.yml:2"
    assert mathml.locate("y", tmp_path) is None
