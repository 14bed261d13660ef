"""Parse one category page into a :class:`Category`, with every problem found on the way.

A page is: front matter, one H1, an optional introduction, then one H2 per question. A
question is: heading with ``{#id}``, metadata line, 30-second answer, full answer, then the
collapsible parts in order (see :data:`handbook.model.PARTS`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handbook.checks import Report, check_text
from handbook.markdown import (
    ADMONITION_RE,
    FOLLOWUP_RE,
    H1_RE,
    H2_RE,
    INCLUDE_RE,
    code_mask,
    count_words,
    dedent_block,
    heading_id,
    split_front_matter,
    take_block,
)
from handbook.model import (
    ID_RULE,
    LEVELS,
    META_KEYS,
    PART_BY_TITLE,
    PARTS,
    SHORT_ANSWER_MAX_WORDS,
    TRAILING_PARTS,
    Category,
    Include,
    Part,
    Problem,
    Question,
    valid_id,
)

META_FIELD_RE = re.compile(r"^\*\*([A-Za-z]+):\*\*\s*(.*?)\s*$")


@dataclass
class PageText:
    """The body of one page as lines, with where it sits in the file and what is wrong."""

    lines: list[str]
    offset: int  # lines of front matter above the body
    shown: str  # the path in messages, e.g. "docs/questions/data.md"
    in_code: list[bool] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.in_code = code_mask(self.lines)

    def lineno(self, i: int) -> int:
        """The file line of body line ``i`` (0-based)."""
        return i + 1 + self.offset

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def skip_blank(self, i: int, end: int) -> int:
        while i < end and not self.lines[i].strip():
            i += 1
        return i

    def part_at(self, i: int) -> tuple[re.Match[str] | None, Part | None]:
        """The admonition on line ``i`` (outside code) and the part its title names."""
        m = ADMONITION_RE.match(self.lines[i]) if not self.in_code[i] else None
        return m, (PART_BY_TITLE.get((m.group(3) or "").casefold()) if m else None)


def parse_page(
    text: str, page: str, repo_root: Path | None = None
) -> tuple[Category | None, list[Problem]]:
    """Parse one category page (``page`` is relative to docs/) into a :class:`Category`.

    ``repo_root`` is where snippet includes are resolved; ``None`` skips that check.
    """
    fm_text, body, offset = split_front_matter(text)
    doc = PageText(body.split("\n"), offset, f"docs/{page}")
    description = _front_matter_description(fm_text, doc)
    doc.problems.extend(check_text(doc.lines, doc.in_code, doc.shown, offset, repo_root))
    lines, in_code = doc.lines, doc.in_code
    title = next(
        (m.group(1) for i, ln in enumerate(lines) if not in_code[i] and (m := H1_RE.match(ln))), ""
    )
    if not title:
        doc.problem(1, "the page has no '# Title' heading; start the page with one H1")

    slug = posixpath.splitext(posixpath.basename(page))[0]
    category = Category(slug, title or slug, page, description, [])

    # Split into question sections at every H2 outside code.
    starts = [i for i, line in enumerate(lines) if not in_code[i] and H2_RE.match(line)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        q = parse_question(doc, start, end, category)
        if q is not None:
            category.questions.append(q)
    if not starts:
        doc.problem(
            1, "a question page needs at least one question ('## Question text {#question-id}')"
        )
    return category, doc.problems


def _front_matter_description(fm_text: str, doc: PageText) -> str:
    if not fm_text:
        return ""
    try:
        meta = yaml.safe_load(fm_text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        doc.problem(
            line,
            f"the front matter is not valid YAML ({exc.__class__.__name__}); "
            "fix the YAML between the two '---' lines",
        )
        meta = {}
    if not isinstance(meta, dict):
        doc.problem(1, "the front matter must be a YAML mapping (key: value lines)")
        meta = {}
    return str(meta.get("description", ""))


def parse_question(doc: PageText, start: int, end: int, category: Category) -> Question | None:
    """The question whose H2 is on body line ``start`` (its section ends before ``end``)."""
    q = _heading(doc, start, category)
    if q is None:
        return None
    i = doc.skip_blank(start + 1, end)
    if i >= end or not doc.lines[i].lstrip().startswith("**"):
        doc.problem(
            q.line,
            f"question '{q.id}' has no metadata line; write "
            "'**Difficulty:** junior · **Tags:** a, b' right under the heading",
        )
    else:
        parse_meta(doc.lines[i], doc.lineno(i), q, doc.problem)
        i += 1
    i = _short_answer(doc, q, doc.skip_blank(i, end), end)
    i = _full_answer(doc, q, i, end)
    _trailing_parts(doc, q, i, end)
    q.followup_ids = FOLLOWUP_RE.findall(q.followups)
    _references(doc, q, start, end)
    return q


def _heading(doc: PageText, start: int, category: Category) -> Question | None:
    heading = H2_RE.match(doc.lines[start])
    assert heading is not None
    hl = doc.lineno(start)
    title, qid = heading_id(heading.group(1))
    if not qid:
        doc.problem(
            hl,
            "question has no id; end the heading with '{#question-id}' "
            "(lowercase words joined by hyphens)",
        )
        return None
    if not valid_id(qid):
        doc.problem(hl, f"id '{qid}' is not in the allowed form: {ID_RULE}")
    if not title.strip():
        doc.problem(hl, f"question '{qid}' has an empty title; write the question before the id")
    return Question(qid, title.strip(), category.slug, category.title, category.page, hl)


def _short_answer(doc: PageText, q: Question, i: int, end: int) -> int:
    """Read the 30-second answer at line ``i``; return where the full answer starts."""
    short = PARTS[0]
    m = ADMONITION_RE.match(doc.lines[i]) if i < end else None
    if not m or (m.group(3) or "").casefold() != short.title.casefold():
        doc.problem(
            doc.lineno(min(i, end - 1)),
            f"question '{q.id}' has no 30-second answer right after "
            f"the metadata line; write '{short.opening}' "
            "followed by the answer indented by four spaces",
        )
        return i
    check_part_form(m, short, doc.lineno(i), q.id, doc)
    block, j = take_block(doc.lines, i + 1, end)
    q.short_answer = dedent_block(block)
    words = count_words(q.short_answer)
    if not q.short_answer:
        doc.problem(doc.lineno(i), f"question '{q.id}': the 30-second answer is empty")
    elif words > SHORT_ANSWER_MAX_WORDS:
        doc.problem(
            doc.lineno(i),
            f"question '{q.id}': the 30-second answer has {words} words, over "
            f"the budget of {SHORT_ANSWER_MAX_WORDS}; shorten it and move "
            "detail into the full answer",
        )
    return j


def _full_answer(doc: PageText, q: Question, i: int, end: int) -> int:
    """Everything up to the first trailing part; return where that part starts."""
    full: list[str] = []
    first_part_at = end
    while i < end:
        if doc.part_at(i)[1] is not None:
            first_part_at = i
            break
        full.append(doc.lines[i])
        i += 1
    q.full_answer = "\n".join(full).strip("\n")
    if not q.full_answer.strip():
        doc.problem(
            doc.lineno(min(first_part_at, end - 1)),
            f"question '{q.id}' has no full answer; write "
            "the 2–5 minute answer between the 30-second answer and the collapsible parts",
        )
    return first_part_at


def _trailing_parts(doc: PageText, q: Question, i: int, end: int) -> None:
    """The collapsible parts, in order, each once; nothing else after them."""
    seen: set[str] = set()
    last_order = -1
    while (i := doc.skip_blank(i, end)) < end:
        m, part = doc.part_at(i)
        if m is None or part is None:
            doc.problem(
                doc.lineno(i),
                f"question '{q.id}': text after the collapsible parts; move it "
                "into the full answer (above 'What the interviewer listens for')",
            )
            break
        if part.key == "short_answer":
            doc.problem(doc.lineno(i), f"question '{q.id}' has a second 30-second answer; keep one")
        elif part.key in seen:
            doc.problem(doc.lineno(i), f"question '{q.id}' has '{part.title}' twice; merge them")
        else:
            last_order = _check_order(doc, q, part, i, last_order)
            check_part_form(m, part, doc.lineno(i), q.id, doc)
            seen.add(part.key)
        block, i = take_block(doc.lines, i + 1, end)
        text = dedent_block(block)
        if not text.strip():
            doc.problem(doc.lineno(i - 1), f"question '{q.id}': '{part.title}' is empty")
        if part.key != "short_answer":
            setattr(q, part.key, text)
    for part in TRAILING_PARTS:
        if part.required and part.key not in seen:
            doc.problem(
                q.line,
                f"question '{q.id}' is missing '{part.title}'; add "
                f"'{part.opening}' with its content indented",
            )


def _check_order(doc: PageText, q: Question, part: Part, i: int, last_order: int) -> int:
    order = TRAILING_PARTS.index(part)
    if order < last_order:
        wanted = " → ".join(p.title for p in TRAILING_PARTS)
        doc.problem(
            doc.lineno(i),
            f"question '{q.id}': '{part.title}' is out of order; the parts go {wanted}",
        )
    return max(last_order, order)


def _references(doc: PageText, q: Question, start: int, end: int) -> None:
    """Includes and ``[[id]]`` links anywhere in the question."""
    for k in range(start, end):
        if doc.in_code[k]:
            for im in INCLUDE_RE.finditer(doc.lines[k]):
                path, _, section = im.group(1).partition(":")
                q.includes.append(Include(path, section, doc.lineno(k)))
        else:
            q.links.extend(
                (lm.group(1), doc.lineno(k)) for lm in FOLLOWUP_RE.finditer(doc.lines[k])
            )


def check_part_form(m: re.Match[str], part: Part, line: int, qid: str, doc: PageText) -> None:
    """The admonition of a part has the right fence (``!!!``/``???``) and type."""
    fence, kind = m.group(1), m.group(2)
    if fence.rstrip("+") != part.fence or kind != part.kind:
        doc.problem(
            line,
            f"question '{qid}': write '{part.title}' as '{part.opening}' (found '{fence} {kind}')",
        )


def parse_meta(line: str, ln: int, q: Question, problem: Report) -> None:
    """``**Difficulty:** mid · **Tags:** a, b · **Roles:** c`` into the question."""
    fields = [f.strip() for f in re.split(r"\s[·|]\s", line.strip())]
    found: dict[str, str] = {}
    for f in fields:
        m = META_FIELD_RE.match(f)
        if not m:
            problem(
                ln,
                f"question '{q.id}': cannot read metadata field '{f}'; write "
                "'**Difficulty:** junior · **Tags:** a, b'",
            )
        elif m.group(1).casefold() not in META_KEYS:
            problem(
                ln,
                f"question '{q.id}': unknown metadata field '{m.group(1)}'; "
                "known fields: Difficulty, Tags, Roles",
            )
        else:
            found[m.group(1).casefold()] = m.group(2)
    level = found.get("difficulty", "").strip().casefold()
    if not level:
        problem(
            ln,
            f"question '{q.id}' has no difficulty; start the metadata line with "
            f"'**Difficulty:** <{'|'.join(LEVELS)}>'",
        )
    elif level not in LEVELS:
        problem(
            ln, f"question '{q.id}': unknown difficulty '{level}'; use one of {', '.join(LEVELS)}"
        )
    q.difficulty = level
    q.tags = [t.strip() for t in found.get("tags", "").split(",") if t.strip()]
    q.roles = [t.strip() for t in found.get("roles", "").split(",") if t.strip()]
