"""Math without JavaScript: LaTeX rendered to MathML at build time.

``pymdownx.arithmatex`` (generic mode) finds ``$...$`` and ``$$...$$`` in Markdown and keeps
them away from other extensions; this hook turns its placeholders into MathML, which current
browsers and print render natively, offline.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from pathlib import Path
from typing import Any

from latex2mathml.converter import convert

INLINE_RE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.DOTALL)
BLOCK_RE = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.DOTALL)
# latex2mathml keeps a command it does not know as literal text, e.g. <mi>\foo</mi>, and an
# alignment "&" it cannot place as a visible "&" (<mi>&</mi>).
UNKNOWN_COMMAND_RE = re.compile(r"<m[io]>(\\[A-Za-z]+|&)</m[io]>")
# What latex2mathml 3.81 gets wrong, rewritten to LaTeX it renders right (tests/test_hooks/
# test_mathml.py shows each): \arg is missing; \sim comes out as an ASCII "~" identifier
# (\thicksim is the same U+223C relation); `aligned` comes out as one line showing its "&"s
# (`split` is the same right/left table without equation numbers).
REWRITES = {
    r"\arg": r"\operatorname{arg}",
    r"\not\sim": r"\nsim",
    r"\sim": r"\thicksim",
    r"\begin{aligned}": r"\begin{split}",
    r"\end{aligned}": r"\end{split}",
}
# Made from REWRITES' keys, longest first (\not\sim before \sim); never after a backslash
# (``\\sim`` is a line break followed by the letters "sim"), and a command only as a whole
# word (``\similar`` is not ``\sim``).
REWRITE_RE = re.compile(
    "|".join(
        r"(?<!\\)" + re.escape(key) + (r"(?![A-Za-z])" if key[-1].isalpha() else "")
        for key in sorted(REWRITES, key=len, reverse=True)
    )
)
# Operators and fences it emits as identifiers (<mi>), which get no operator spacing:
# ± • ∖ ⟺ ⟹ ⟂ ‖ ⌊ ⌋ ⌈ ⌉ ⟨ ⟩ ¬ become <mo>.
OPERATOR_CODES = (
    *("000B1", "02022", "029F5", "027FA", "027F9", "027C2", "02016"),
    *("0230A", "0230B", "02308", "02309", "027E8", "027E9", "000AC"),
)
MI_OPERATOR_RE = re.compile(r"<mi>(&#x(?:" + "|".join(OPERATOR_CODES) + r");)</mi>")
# Of those, the fences (‖ ⌊ ⌋ ⌈ ⌉ ⟨ ⟩) stay their text size, as in TeX outside \left…\right
# (MathML's operator dictionary would stretch them around tall content).
FENCE_CODES = frozenset({"02016", "0230A", "0230B", "02308", "02309", "027E8", "027E9"})
# \mathcal L (no braces), \mathbb E, \mathbb{1}, \mathbf x: latex2mathml writes
# mathvariant="script" and the like, which Chromium ignores (an italic L); the Unicode
# letter (ℒ, 𝔼, 𝟙, 𝐱) renders anywhere.
VARIANT_RE = re.compile(r'<(mi|mn) mathvariant="(script|double-struck|fraktur|bold)">(\w)</\1>')
VARIANT_NAMES = {
    "bold": ("MATHEMATICAL BOLD",),  # \mathbf x: a vector
    "script": ("MATHEMATICAL SCRIPT", "SCRIPT"),
    "double-struck": ("MATHEMATICAL DOUBLE-STRUCK", "DOUBLE-STRUCK"),
    "fraktur": ("MATHEMATICAL FRAKTUR", "BLACK-LETTER"),
}
LEAF_MROW_RE = re.compile(r"<mrow>(<(mi|mn|mo|mtext)(?: [^>]*)?>[^<]*</\2>)</mrow>")
OUTER_MROW_RE = re.compile(r"(<math [^>]*>)<mrow>(.*)</mrow>(</math>)$", re.DOTALL)
MROW_TAG_RE = re.compile(r"</?mrow>")


class MathError(ValueError):
    """A formula that cannot be rendered; the message says which and why."""


# ----------------------------------------------------------------------------------------
# MkDocs event
# ----------------------------------------------------------------------------------------


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    from mkdocs.exceptions import PluginError

    try:
        return render_math(html_text)
    except MathError as exc:
        latex = str(exc.args[1]) if len(exc.args) > 1 else ""
        if page.file.generated_by:  # a generated page: point at the file the formula came from
            root = Path(config["config_file_path"]).parent
            where = locate(latex, root) or f"docs/{page.file.src_uri} (generated)"
        else:
            where = f"docs/{page.file.src_uri}:{_find_line(page.file.content_string, latex)}"
        raise PluginError(f"{where}: {exc.args[0]}") from None


# ----------------------------------------------------------------------------------------
# Pure functions
# ----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def latex_to_mathml(latex: str, display: bool, lean: bool = True) -> str:
    """Convert one formula; raise :class:`MathError` for anything it cannot render.

    Memoised: cheat sheets, drills and the flashcard pages repeat the answers' formulas, and
    conversion is most of this hook's time (a formula that fails is not cached; it fails
    again, with its page). ``lean=False`` leaves out :func:`lean_mathml` (tests compare)."""
    source = REWRITE_RE.sub(lambda m: REWRITES[m.group(0)], latex.strip())
    try:
        mathml = convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many private exception types
        raise MathError(
            f"cannot render the formula '{latex.strip()}' "
            f"({exc.__class__.__name__}); check its braces and commands",
            latex,
        ) from None
    if (m := UNKNOWN_COMMAND_RE.search(mathml)) is not None:
        what = (
            "an '&' outside an environment that aligns (use bmatrix, cases or aligned)"
            if m.group(1) == "&"
            else f"'{m.group(1)}', which the MathML converter does not know; use a standard "
            "LaTeX command"
        )
        raise MathError(f"the formula '{latex.strip()}' uses {what}", latex)
    mathml = VARIANT_RE.sub(_styled_letter, MI_OPERATOR_RE.sub(_operator, mathml))
    return lean_mathml(mathml) if lean else mathml


def _operator(m: re.Match[str]) -> str:
    code = m.group(1)[3:-1]
    return (
        f'<mo stretchy="false">{m.group(1)}</mo>'
        if code in FENCE_CODES
        else f"<mo>{m.group(1)}</mo>"
    )


def _styled_letter(m: re.Match[str]) -> str:
    """``<mi mathvariant="script">L</mi>`` → ``<mi>&#x02112;</mi>`` (ℒ); unchanged when Unicode
    has no such letter."""
    tag, variant, char = m.groups()
    what = unicodedata.name(char, "")
    what = what.replace("LATIN ", "").replace(" LETTER", "")  # "CAPITAL L", "DIGIT ONE"
    for prefix in VARIANT_NAMES[variant]:
        try:
            styled = unicodedata.lookup(f"{prefix} {what}")
        except KeyError:
            continue
        return f"<{tag}>&#x{ord(styled):05X};</{tag}>"
    return m.group(0)


def lean_mathml(mathml: str) -> str:
    """The same formula with fewer elements (the browser styles and lays out each one).

    latex2mathml wraps the whole formula in an ``<mrow>``, which ``<math>`` already is, and
    many single tokens in one (``<mrow><mi>x</mi></mrow>``). An ``<mrow>`` around one token
    lays out as that token; an operator in one is still the same operator (MathML's
    "embellished operator" rule), so ``a {+} b`` is spaced as ``a + b`` either way.
    ``tests/browser/test_math_browser.py`` checks, for every formula in the handbook, that
    Chromium places every token exactly where it placed the converter's own output."""
    previous = None
    while previous != mathml:
        previous, mathml = mathml, LEAF_MROW_RE.sub(r"\1", mathml)
    m = OUTER_MROW_RE.match(mathml)
    if m is not None and _balanced(m.group(2)):
        mathml = m.group(1) + m.group(2) + m.group(3)
    return mathml


def _balanced(body: str) -> bool:
    """Whether ``body`` closes every ``<mrow>`` it opens, never closing one it did not open
    (so that the ``<mrow>`` around it is one element, not two siblings)."""
    depth = 0
    for tag in MROW_TAG_RE.findall(body):
        depth += -1 if tag.startswith("</") else 1
        if depth < 0:
            return False
    return depth == 0


def render_math(html_text: str) -> str:
    """Replace every arithmatex placeholder in a page's HTML with MathML."""

    def block(m: re.Match[str]) -> str:
        return f'<div class="hb-math">{latex_to_mathml(html.unescape(m.group(1)), True)}</div>'

    def inline(m: re.Match[str]) -> str:
        return latex_to_mathml(html.unescape(m.group(1)), False)

    return INLINE_RE.sub(inline, BLOCK_RE.sub(block, html_text))


def locate(latex: str, root: Path) -> str | None:
    """``path:line`` of the first source file (docs/, data/) holding the formula, if any."""
    needle = latex.strip().split("\n")[0].strip()
    if not needle:
        return None
    for path in sorted([*root.glob("docs/**/*.md"), *root.glob("data/**/*.yml")]):
        text = path.read_text(encoding="utf-8")
        if needle in text:
            return f"{path.relative_to(root).as_posix()}:{_find_line(text, latex)}"
    return None


def _find_line(markdown: str, latex: str) -> int:
    """Best-effort line of a formula in the page's Markdown (1 if not found)."""
    needle = latex.strip().split("\n")[0].strip()
    if needle:
        for n, line in enumerate(markdown.split("\n"), 1):
            if needle in line:
                return n
    return 1
