"""``handbook new``: a question block with every required part stubbed, for one page.

Each stub carries :data:`~handbook.model.STUB_MARKER`, which the checks report as an error,
so a scaffolded question cannot be built or merged until every stub is replaced.
"""

from __future__ import annotations

from handbook.markdown import slug
from handbook.model import ID_MAX, LEVELS, PARTS, STUB_MARKER, Bank, Category

STUBS = {
    "short_answer": "the 30-second answer: what you would say first, at most 60 words",
    "listens_for": "what the interviewer listens for, as bullets",
    "mistakes": "a wrong answer people give, in bold quotes, then the correction",
    "followups": "a follow-up question (a double-bracketed question id links an answered one)",
    "sources": "primary sources: paper title, year and arXiv id; official docs with URL",
}
FULL_ANSWER_STUB = (
    "the full answer: 150–500 words of Markdown that lead with the answer, "
    "then the why, then the trade-off"
)


def propose_id(question: str) -> str:
    """An id from the question text: its words as a slug, trimmed at a word boundary to at
    most ``ID_MAX`` characters (may be too short; the caller validates)."""
    text = slug(question)
    if len(text) <= ID_MAX:
        return text
    cut = text[: ID_MAX + 1]
    return cut[:ID_MAX] if cut.endswith("-") else cut.rsplit("-", 1)[0]


def find_category(bank: Bank, name: str) -> Category | None:
    """A category by page slug, title or docs-relative page path (case-insensitive)."""
    key = name.strip().casefold()
    for c in bank.categories:
        if key in {c.slug.casefold(), c.title.casefold(), c.page.casefold()}:
            return c
    return None


def question_block(question: str, qid: str, difficulty: str) -> str:
    """The Markdown of a new question: heading, metadata, then every required part stubbed."""
    if difficulty not in LEVELS:
        raise ValueError(f"unknown difficulty '{difficulty}'; use one of {', '.join(LEVELS)}")
    short = PARTS[0]
    lines = [
        f"## {question.strip()} {{#{qid}}}",
        "",
        f"**Difficulty:** {difficulty}",
        "",
        short.opening,
        f"    {STUB_MARKER} {STUBS[short.key]}",
        "",
        f"{STUB_MARKER} {FULL_ANSWER_STUB}",
        "",
    ]
    for part in PARTS[1:]:
        if part.required:
            lines += [part.opening, f"    - {STUB_MARKER} {STUBS[part.key]}", ""]
    return "\n".join(lines)


def append_block(page_text: str, block: str) -> tuple[str, int]:
    """The page with ``block`` appended after one blank line, and the line the block
    starts on."""
    head = page_text.rstrip("\n") + "\n\n"
    return head + block, head.count("\n") + 1
