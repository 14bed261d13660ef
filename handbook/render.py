"""Page parts the build writes into Markdown: badges, indexes, resolved ``[[id]]`` links."""

from __future__ import annotations

import re

from handbook.markdown import (
    FOLLOWUP_RE,
    H2_RE,
    MARKER_RE,
    code_mask,
    heading_id,
    relative_link,
    sub_outside_code,
)
from handbook.model import LEVELS, Bank, Category, Question


def resolve_links(markdown: str, bank: Bank, page: str) -> str:
    """Replace ``[[question-id]]`` outside code with a link titled by the question."""
    by_id = bank.by_id()

    def sub(m: re.Match[str]) -> str:
        q = by_id.get(m.group(1))
        if q is None:  # validated on question pages; elsewhere leave the text alone
            return m.group(0)
        return f"[{q.title}]({relative_link(page, q.page, q.id)})"

    return sub_outside_code(markdown, FOLLOWUP_RE, sub)


def badge_html(q: Question) -> str:
    """The metadata line as badges: difficulty, tags, roles."""
    parts = [
        f'<span class="hb-level hb-level--{q.difficulty}" title="Difficulty">{q.difficulty}</span>'
    ]
    parts += [f'<span class="hb-tag">{t}</span>' for t in q.tags]
    parts += [f'<span class="hb-role">{r}</span>' for r in q.roles]
    return f'<p class="hb-meta">{" ".join(parts)}</p>'


def level_counts(questions: list[Question]) -> str:
    """``"2 junior · 1 mid · 0 senior"``."""
    return " · ".join(f"{sum(q.difficulty == lv for q in questions)} {lv}" for lv in LEVELS)


def index_markdown(category: Category) -> str:
    """The table of a category's questions, placed before the first one (or at a marker)."""
    rows = [
        f"| {n} | [{q.title}](#{q.id}) | {q.difficulty} |"
        for n, q in enumerate(category.questions, 1)
    ]
    return "\n".join(
        [
            '<div class="hb-index" markdown>',
            "",
            f"**{len(category.questions)} questions** — {level_counts(category.questions)}",
            "",
            "| # | Question | Level |",
            "|---:|---|---|",
            *rows,
            "",
            "</div>",
            "",
        ]
    )


def render_page(markdown: str, bank: Bank, page: str) -> str:
    """Render one question page: badges, index, links. ``markdown`` has no front matter."""
    category = next(c for c in bank.categories if c.page == page)
    by_id = {q.id: q for q in category.questions}
    lines = markdown.split("\n")
    mask = code_mask(lines)
    out: list[str] = []
    index = index_markdown(category)
    placed = any(not mask[i] and MARKER_RE.search(ln) for i, ln in enumerate(lines))
    current: Question | None = None
    await_meta = False
    for i, line in enumerate(lines):
        if mask[i]:
            out.append(line)
        elif MARKER_RE.search(line):
            out.append(MARKER_RE.sub(lambda _m: "\n" + index, line))
        elif (h := H2_RE.match(line)) is not None:
            if not placed:
                out.append(index)
                placed = True
            current = by_id.get(heading_id(h.group(1))[1])
            await_meta = current is not None
            out.append(line)
        elif await_meta and line.strip():
            await_meta = False
            is_meta = current is not None and line.lstrip().startswith("**Difficulty:**")
            out.append(badge_html(current) if is_meta and current is not None else line)
        else:
            out.append(line)
    return resolve_links("\n".join(out), bank, page)


def category_index_markdown(bank: Bank, page: str) -> str:
    """A table of every category with its question counts by level."""
    rows = []
    for c in bank.categories:
        link = relative_link(page, c.page, "").removesuffix("#")
        rows.append(f"| [{c.title}]({link}) | {len(c.questions)} | {level_counts(c.questions)} |")
    total = len(bank.questions)
    return "\n".join(
        [
            f"**{total} questions in {len(bank.categories)} categories.**",
            "",
            "| Category | Questions | By level |",
            "|---|---:|---|",
            *rows,
            "",
        ]
    )


def render_other_page(markdown: str, bank: Bank, page: str) -> str:
    """Pages outside the bank: the category index marker and ``[[id]]`` links."""
    lines = markdown.split("\n")
    mask = code_mask(lines)
    out = []
    for i, line in enumerate(lines):
        if not mask[i] and "category-index" in line and MARKER_RE.search(line):
            out.append(category_index_markdown(bank, page))
        else:
            out.append(line)
    return resolve_links("\n".join(out), bank, page)
