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


def test_aligned_equations_are_a_table_not_a_line_showing_ampersands() -> None:
    out = mathml.latex_to_mathml(r"\begin{aligned} x_d &= x + 1 \\ y_d &= y \end{aligned}", True)
    assert "<mtable" in out and out.count("<mtr>") == 2
    assert "&<" not in out and "<mi>&" not in out  # latex2mathml alone shows the "&"s
    assert "(1)" not in out  # no equation numbers


def test_sim_is_the_tilde_operator_not_an_ascii_tilde() -> None:
    out = mathml.latex_to_mathml(r"\tilde{x} \sim K[R \mid t]\tilde{X}", False)
    assert "<mo>&#x0223C;</mo>" in out and "<mi>&#x0007E;</mi>" not in out
    assert "&#x02243;" in mathml.latex_to_mathml(r"a \simeq b", False)  # \simeq untouched


@pytest.mark.parametrize(
    "command",
    [r"\pm", r"\bullet", r"\setminus", r"\iff", r"\implies", r"\perp", r"\Vert", r"\lfloor",
     r"\rfloor", r"\lceil", r"\rceil", r"\langle", r"\rangle", r"\neg"],
)  # fmt: skip
def test_operators_and_fences_are_operators(command: str) -> None:
    out = mathml.latex_to_mathml(f"a {command} b", False)
    assert "<mo" in out and out.count("<mi>") == 2, out  # a and b, nothing else
    fence = command in {r"\Vert", r"\lfloor", r"\rfloor", r"\lceil", r"\rceil", r"\langle"}
    assert ('stretchy="false"' in out) is (fence or command == r"\rangle")  # as in TeX


def test_styled_letters_are_unicode_letters_chromium_can_draw() -> None:
    """Chromium ignores mathvariant="script" (an italic L); ℒ, 𝔼, ℝ and 𝟙 render anywhere."""
    for latex, code in [(r"\mathcal L", "02112"), (r"\mathbb E", "1D53C"), (r"\mathbb R", "0211D"),
                        (r"\mathbb{1}", "1D7D9"), (r"\mathcal{L}", "02112"),
                        (r"\mathbf x", "1D431")]:  # fmt: skip
        out = mathml.latex_to_mathml(latex, False)
        assert f"&#x{code};" in out and "mathvariant" not in out, (latex, out)


def test_not_sim_and_a_line_break_before_sim_are_left_right() -> None:
    assert "&#x02241;" in mathml.latex_to_mathml(r"a \not\sim b", False)  # ≁, no overlay
    out = mathml.latex_to_mathml(r"a \\sim b", True)  # a line break, then the letters s i m
    assert "thicksim" not in out and "<mi>s</mi><mi>i</mi><mi>m</mi>" in out


def test_an_ampersand_that_cannot_align_stops_the_build() -> None:
    with pytest.raises(mathml.MathError, match="'&' outside an environment"):
        mathml.latex_to_mathml(r"x &= 1", display=True)
