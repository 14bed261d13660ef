"""Finding glossary terms in text: one compiled matcher, and tooltips in a page's HTML."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from handbook.glossary import Glossary, Term

# Elements whose text is never linked.
SKIP_TAGS = frozenset(
    {
        *("a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "math", "svg"),
        *("button", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "label", "textarea"),
        "title",
    }
)
SKIP_CLASSES = ("hb-meta", "hb-index", "filename", "admonition-title", "headerlink", "arithmatex")
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
TOKEN_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
# Whole elements that never nest and are never linked: passed through in one piece, so the
# thousands of tags in highlighted code cost nothing.
OPAQUE_RE = re.compile(
    r"(<pre\b.*?</pre>|<code\b.*?</code>|<math\b.*?</math>|<svg\b.*?</svg>"
    r"|<script\b.*?</script>|<style\b.*?</style>)",
    re.DOTALL | re.IGNORECASE,
)
TAG_RE = re.compile(r"<\s*(/)?\s*([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/)?\s*>", re.DOTALL)


def _is_case_sensitive(form: str) -> bool:
    """Abbreviations and names with inner capitals (IoU, ReLU, mAP) match exactly."""
    return any(c.isupper() for c in form[1:]) or (len(form) <= 4 and form.isupper())


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` factored as a trie: it fails fast at each position
    instead of trying every word, and greedy optional groups prefer the longest word."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return emit(trie)


def compile_matcher(glossary: Glossary) -> None:
    """One compiled pattern over every form: exact forms (IoU, mAP) in one trie, the others
    case-insensitively in another, both whole-word with an optional plural."""
    forms: list[tuple[str, Term]] = [(f, t) for t in glossary.terms for f in t.forms]
    glossary.lookup = {}
    exact, folded = [], []
    for form, term in forms:
        if _is_case_sensitive(form):
            glossary.lookup[form] = term
            exact.append(form)
        else:  # keyed casefolded behind a NUL prefix, so the two kinds never collide
            glossary.lookup["\0" + form.casefold()] = term
            folded.append(form.casefold())
    groups = []
    if exact:
        groups.append(f"(?-i:{trie_pattern(exact)}s?)")
    if folded:
        groups.append(f"(?i:{trie_pattern(folded)}(?:e?s)?)")
    glossary.matcher = (
        re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])") if groups else None
    )


def term_for_match(glossary: Glossary, text: str) -> Term | None:
    """The term a matched piece of text names (undoing a plural 's'/'es')."""
    candidates = [text]
    if text[-1:] in "sS":
        candidates.append(text[:-1])
    if text[-2:].lower() == "es":
        candidates.append(text[:-2])
    for candidate in candidates:
        term = glossary.lookup.get(candidate) or glossary.lookup.get("\0" + candidate.casefold())
        if term is not None:
            return term
    return None


def terms_in(glossary: Glossary, text: str) -> set[str]:
    """Slugs of the terms that occur in a piece of prose."""
    if glossary.matcher is None:
        return set()
    found = set()
    for m in glossary.matcher.finditer(text):
        t = term_for_match(glossary, m.group(0))
        if t is not None:
            found.add(t.slug)
    return found


class _Skipper:
    """The open elements of an HTML page, and whether the text at this point is skipped."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.skipping = 0

    def feed(self, token: str) -> str:
        """Track one tag; return its name when it opens an element ("" otherwise)."""
        tm = TAG_RE.match(token)
        if tm is None or token.startswith("<!"):
            return ""
        closing, name, attrs, selfclose = tm.groups()
        name = name.lower()
        if closing:
            while self.stack:
                tag, skipped = self.stack.pop()
                self.skipping -= skipped
                if tag == name:
                    break
            return ""
        if name in VOID_TAGS or selfclose:
            return ""
        skipped = name in SKIP_TAGS or ("class" in attrs and any(c in attrs for c in SKIP_CLASSES))
        self.stack.append((name, skipped))
        self.skipping += skipped
        return name


# Marks stay readable on a phone (a 390 px screen shows roughly 1,500 characters of text):
# at most this many marked terms per paragraph, list item or table cell, and a term marked
# again only this many characters of text after its last mark, even in a new section.
MAX_MARKS_PER_BLOCK = 2
SCREEN_CHARS = 1_800
BLOCK_TAGS = frozenset({"p", "li", "td", "th", "dd", "dt", "blockquote", "figcaption"})


def link_terms(html_text: str, glossary: Glossary, glossary_url: str) -> str:
    """Wrap the first use of each term per section in a link to its entry; the tooltip is in
    ``data-tip``, shown by ``docs/javascripts/reader.js`` on hover, focus or tap (not a
    ``title``: Material would mount a tooltip component for each one on every page load).

    ``glossary_url`` is the glossary page's URL relative to the page being rendered (this
    runs on HTML, after MkDocs has turned Markdown links into URLs).

    One pass over the page's HTML with one compiled matcher; text inside code, headings,
    links, math and badges is left alone. A new ``<h2>`` starts a new section. Marks are
    capped: at most :data:`MAX_MARKS_PER_BLOCK` per paragraph (or list item, or cell), and
    never the same term twice within :data:`SCREEN_CHARS` characters of text.
    """
    if glossary.matcher is None:
        return html_text
    out: list[str] = []
    skipper = _Skipper()
    seen: set[str] = set()
    last_mark: dict[str, int] = {}
    state = {"pos": 0, "block": 0}  # characters of text so far; marks in this block
    matcher = glossary.matcher

    def wrap(m: re.Match[str]) -> str:
        t = term_for_match(glossary, m.group(0))
        pos = state["pos"] + m.start()
        if (
            t is None
            or t.slug in seen
            or state["block"] >= MAX_MARKS_PER_BLOCK
            or pos - last_mark.get(t.slug, -SCREEN_CHARS) < SCREEN_CHARS
        ):
            return m.group(0)
        seen.add(t.slug)
        last_mark[t.slug] = pos
        state["block"] += 1
        title = html.escape(t.tooltip, quote=True)
        href = f"{glossary_url}#{t.slug}"
        return f'<a class="hb-term" href="{href}" data-tip="{title}"><abbr>{m.group(0)}</abbr></a>'

    for n, chunk in enumerate(OPAQUE_RE.split(html_text)):
        if n % 2:  # a whole <pre>, <code>, <math>, <svg>, ... element: never linked
            out.append(chunk)
            state["pos"] += 40 * chunk.count("\n") + min(len(chunk), 40)  # its screen space
            continue
        for token in TOKEN_RE.split(chunk):
            if not token.startswith("<"):
                plain = skipper.skipping or not token or token.isspace()
                out.append(token if plain else matcher.sub(wrap, token))
                state["pos"] += len(token)
                continue
            out.append(token)
            opened = skipper.feed(token)
            if opened == "h2":
                seen.clear()
            if opened in BLOCK_TAGS:
                state["block"] = 0
    return "".join(out)
