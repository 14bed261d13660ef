"""Markdown helpers shared by the parser, the renderers and the glossary (text in, text out)."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Sequence

from handbook.model import QUESTIONS_DIR

FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})")
H1_RE = re.compile(r"^#\s+(.+?)\s*$")
H2_RE = re.compile(r"^##\s+(.*?)\s*$")
HEADING_ATTRS_RE = re.compile(r"^(.*?)\s*\{([^{}]*)\}\s*$")
HEADING_ID_RE = re.compile(r"#([^\s}]+)")
ADMONITION_RE = re.compile(r'^(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$')
MARKER_RE = re.compile(r"<!--\s*handbook:\s*([^\s>]*)\s*-->")
INCLUDE_RE = re.compile(r'--8<--\s+"([^"]+)"')
FOLLOWUP_RE = re.compile(r"\[\[(?!term:)([^\[\]\s]+)\]\]")
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


def is_question_page(src_uri: str) -> bool:
    """Whether a docs-relative path is a category page of the question bank."""
    return (
        src_uri.startswith(QUESTIONS_DIR + "/")
        and src_uri.endswith(".md")
        and posixpath.basename(src_uri) != "index.md"
    )


def code_mask(lines: Sequence[str]) -> list[bool]:
    """For each line: is it inside (or the fence of) a fenced code block?"""
    mask: list[bool] = []
    fence: str | None = None
    for line in lines:
        m = FENCE_RE.match(line)
        if fence is None:
            if m:
                fence = m.group(2)
                mask.append(True)
            else:
                mask.append(False)
        else:
            mask.append(True)
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence):
                rest = line[m.end() :].strip()
                if not rest:
                    fence = None
    return mask


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, number of lines the front matter takes)."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return "", text, 0
    return m.group(1) or "", text[m.end() :], m.group(0).count("\n")


def heading_id(heading: str) -> tuple[str, str]:
    """(title, id) of an H2's text ``Title {#id}``; the id is "" when there is none."""
    attrs = HEADING_ATTRS_RE.match(heading)
    if not attrs:
        return heading, ""
    ids = HEADING_ID_RE.findall(attrs.group(2))
    return attrs.group(1), (ids[0] if ids else "")


def slug(text: str) -> str:
    """ASCII lowercase words of ``text`` joined by single hyphens ("" when none are left)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def strip_markup(text: str) -> str:
    """Plain text of a short Markdown fragment (for word counts and exports)."""
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[\[([^\]]*)\]\]", r"\1", text)
    text = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", text).strip()


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens of the plain text."""
    return len(strip_markup(text).split())


def dedent_block(lines: Sequence[str]) -> str:
    """The text of an admonition body, without its four-space indent."""
    out = [ln[4:] if ln.startswith("    ") else ln.lstrip() for ln in lines]
    return "\n".join(out).strip("\n")


def take_block(lines: Sequence[str], i: int, end: int) -> tuple[list[str], int]:
    """Lines of an admonition body: indented lines and blank lines between them."""
    block: list[str] = []
    while i < end and (not lines[i].strip() or lines[i].startswith(("    ", "\t"))):
        block.append(lines[i])
        i += 1
    while block and not block[-1].strip():
        block.pop()
    return block, i


def refs_outside_code(markdown: str, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    """``(group 1, line)`` of every match of ``pattern`` outside code (lines 1-based)."""
    lines = markdown.split("\n")
    mask = code_mask(lines)
    return [
        (m.group(1), i + 1)
        for i, ln in enumerate(lines)
        if not mask[i]
        for m in pattern.finditer(ln)
    ]


def page_links(text: str) -> list[tuple[str, int]]:
    """``[[id]]`` links outside code in a whole page, with file line numbers."""
    _, body, offset = split_front_matter(text)
    return [(qid, line + offset) for qid, line in refs_outside_code(body, FOLLOWUP_RE)]


def sub_outside_code(
    markdown: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> str:
    """``pattern.sub(repl, line)`` on every line outside fenced code."""
    lines = markdown.split("\n")
    mask = code_mask(lines)
    return "\n".join(ln if mask[i] else pattern.sub(repl, ln) for i, ln in enumerate(lines))


def relative_link(from_page: str, to_page: str, anchor: str) -> str:
    """A Markdown link target from one docs page to an anchor on another."""
    if from_page == to_page:
        return f"#{anchor}"
    rel = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{rel}#{anchor}"
