"""The question bank: parse every category page once, validate it, render it.

MkDocs events come first; below them, pure functions (text in, data or text out) that the
tests exercise without MkDocs. Other hooks (glossary, cheat sheets, exports) read the parsed
bank through :func:`current_bank` instead of parsing the Markdown again.

Run it as a checker on its own:  ``python -m hooks.questions [docs/questions/page.md ...]``
"""

from __future__ import annotations

import json
import posixpath
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The folder below docs/ whose every Markdown file is a question page.
QUESTIONS_DIR = "questions"
LEVELS = ("junior", "mid", "senior")
SHORT_ANSWER_MAX_WORDS = 60
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MIN, ID_MAX = 3, 60
KNOWN_MARKERS = frozenset({"question-index", "category-index"})
META_KEYS = ("difficulty", "tags", "roles")


@dataclass(frozen=True)
class Part:
    """A named block of a question, written as a Material admonition."""

    key: str
    fence: str  # "!!!" (always open) or "???" (collapsible)
    kind: str  # the admonition type, e.g. "abstract"
    title: str
    required: bool


PARTS: tuple[Part, ...] = (
    Part("short_answer", "!!!", "abstract", "30-second answer", True),
    Part("listens_for", "???", "question", "What the interviewer listens for", True),
    Part("mistakes", "???", "failure", "Common wrong answers", True),
    Part("followups", "???", "tip", "Follow-ups", True),
    Part("sources", "???", "info", "Sources", True),
    Part("cheatsheet", "???", "example", "Cheat sheet", False),
)
PART_BY_TITLE = {p.title.casefold(): p for p in PARTS}
TRAILING_PARTS = PARTS[1:]


# ----------------------------------------------------------------------------------------
# MkDocs events
# ----------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {"bank": None}


def on_pre_build(config: Any) -> None:
    """Parse and validate the whole bank before the site directory is touched."""
    from mkdocs.exceptions import PluginError

    _STATE["bank"] = None
    docs_dir = Path(config["docs_dir"])
    bank, problems = load_bank(docs_dir, snippet_root(config))
    if config["nav"] is not None:  # an explicit nav: a category page left out of it is lost
        problems += pages_missing_from_nav(bank, nav_paths(config["nav"]))
    if problems:
        raise PluginError(format_problems(problems))
    order_categories(bank, nav_paths(config["nav"] or []))
    _STATE["bank"] = bank


def on_files(files: Any, config: Any) -> Any:
    """Add the open-data export of the bank, ``questions.json``, as a generated file."""
    from mkdocs.structure.files import File

    bank = current_bank()
    urls = {}
    for c in bank.categories:
        file = files.get_file_from_path(c.page)
        if file is not None:
            urls[c.page] = file.url
    data = json.dumps(bank_to_json(bank, urls), ensure_ascii=False, indent=1) + "\n"
    files.append(File.generated(config, "questions.json", content=data))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Badges, the question index and resolved follow-up links on question pages."""
    src = page.file.src_uri
    bank = current_bank()
    if not is_question_page(src):
        return render_other_page(markdown, bank, src)
    return render_page(markdown, bank, src)


def snippet_root(config: Any) -> Path:
    """Where ``--8<--`` paths are resolved: pymdownx.snippets' first base_path."""
    base = config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", ["."])
    first = base[0] if isinstance(base, list) and base else base
    return Path(str(first or ".")).resolve()


def nav_paths(nav: Any) -> list[str]:
    """Every page path in the ``nav:`` of mkdocs.yml, in reading order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for v in nav.values() for p in nav_paths(v)]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_paths(item)]
    return []


def pages_missing_from_nav(bank: Bank, paths: Sequence[str]) -> list[Problem]:
    """Category pages that the explicit ``nav:`` of mkdocs.yml does not list."""
    listed = set(paths)
    return [
        Problem(
            f"docs/{c.page}",
            1,
            f"the category page is not in the nav of mkdocs.yml; add "
            f"'- {c.title}: {c.page}' under 'Questions:'",
        )
        for c in bank.categories
        if c.page not in listed
    ]


def order_categories(bank: Bank, paths: Sequence[str]) -> None:
    """Put categories in navigation order (pages missing from the nav go last, by name)."""
    rank = {p: i for i, p in enumerate(paths)}
    bank.categories.sort(key=lambda c: (rank.get(c.page, len(rank)), c.page))


def bank_from_config(config: Any) -> Bank:
    """The bank of the running build, for the other hooks (found through MkDocs' plugin
    collection, which holds the module instance MkDocs loaded)."""
    for name, plugin in config.plugins.items():
        if name.endswith("questions.py"):
            return plugin.current_bank()
    raise RuntimeError("mkdocs.yml must list hooks/questions.py before the hooks that use it")


def current_bank() -> Bank:
    """The bank parsed by this build (for other hooks)."""
    bank = _STATE["bank"]
    if bank is None:  # pragma: no cover - an ordering bug in mkdocs.yml, not content
        raise RuntimeError("hooks/questions.py must be listed before the hooks that use it")
    return bank


# ----------------------------------------------------------------------------------------
# The model
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page, with where it is and how to fix it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Include:
    """A ``--8<-- "file:section"`` include inside a question."""

    path: str
    section: str
    line: int


@dataclass
class Question:
    id: str
    title: str
    category: str
    category_title: str
    page: str  # path relative to docs/, e.g. "questions/foundations.md"
    line: int
    difficulty: str = ""
    tags: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    short_answer: str = ""
    full_answer: str = ""
    listens_for: str = ""
    mistakes: str = ""
    followups: str = ""
    sources: str = ""
    cheatsheet: str = ""
    followup_ids: list[str] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    links: list[tuple[str, int]] = field(default_factory=list)  # [[id]] and its line

    @property
    def location(self) -> str:
        return f"docs/{self.page}:{self.line}"


@dataclass
class Category:
    slug: str
    title: str
    page: str
    description: str
    questions: list[Question]


@dataclass
class Bank:
    categories: list[Category]
    # Every Markdown page of docs/ as read for this build (path relative to docs/ → text),
    # so other hooks lint pages without reading them again.
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        return [q for c in self.categories for q in c.questions]

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


# ----------------------------------------------------------------------------------------
# Parsing and validation (pure)
# ----------------------------------------------------------------------------------------

FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})")
H1_RE = re.compile(r"^#\s+(.+?)\s*$")
H2_RE = re.compile(r"^##\s+(.*?)\s*$")
HEADING_ATTRS_RE = re.compile(r"^(.*?)\s*\{([^{}]*)\}\s*$")
ADMONITION_RE = re.compile(r'^(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$')
META_FIELD_RE = re.compile(r"^\*\*([A-Za-z]+):\*\*\s*(.*?)\s*$")
MARKER_RE = re.compile(r"<!--\s*handbook:\s*([^\s>]*)\s*-->")
INCLUDE_RE = re.compile(r'--8<--\s+"([^"]+)"')
SECTION_MARK_RE = r"--8<-- \[{which}:{name}\]"
FOLLOWUP_RE = re.compile(r"\[\[(?!term:)([^\[\]\s]+)\]\]")
SCRIPT_RE = re.compile(r"<\s*(script|iframe|object|embed)\b", re.IGNORECASE)
HANDLER_RE = re.compile(r"<[A-Za-z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
JS_URL_RE = re.compile(r"\]\(\s*javascript:|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
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


def _dedent_block(lines: Sequence[str]) -> str:
    out = [ln[4:] if ln.startswith("    ") else ln.lstrip() for ln in lines]
    return "\n".join(out).strip("\n")


def parse_page(
    text: str, page: str, repo_root: Path | None = None
) -> tuple[Category | None, list[Problem]]:
    """Parse one category page (``page`` is relative to docs/) into a :class:`Category`.

    ``repo_root`` is where snippet includes are resolved; ``None`` skips that check.
    """
    shown = f"docs/{page}"
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(shown, line, message))

    fm_text, body, offset = split_front_matter(text)
    description = ""
    if fm_text:
        try:
            meta = yaml.safe_load(fm_text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 1
            problem(
                line,
                f"the front matter is not valid YAML ({exc.__class__.__name__}); "
                "fix the YAML between the two '---' lines",
            )
            meta = {}
        if not isinstance(meta, dict):
            problem(1, "the front matter must be a YAML mapping (key: value lines)")
            meta = {}
        description = str(meta.get("description", ""))

    lines = body.split("\n")
    in_code = code_mask(lines)

    def lineno(i: int) -> int:
        return i + 1 + offset

    problems.extend(check_text(lines, in_code, shown, offset, repo_root))
    title = next(
        (m.group(1) for i, ln in enumerate(lines) if not in_code[i] and (m := H1_RE.match(ln))), ""
    )
    if not title:
        problem(1, "the page has no '# Title' heading; start the page with one H1")

    slug = posixpath.splitext(posixpath.basename(page))[0]
    category = Category(slug, title or slug, page, description, [])

    # Split into question sections at every H2 outside code.
    starts = [i for i, line in enumerate(lines) if not in_code[i] and H2_RE.match(line)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        q = _parse_question(lines, in_code, start, end, category, lineno, problem)
        if q is not None:
            category.questions.append(q)
    if not starts:
        problem(
            1, "a question page needs at least one question ('## Question text {#question-id}')"
        )
    return category, problems


def check_text(
    lines: Sequence[str],
    in_code: Sequence[bool],
    shown: str,
    offset: int,
    repo_root: Path | None,
) -> list[Problem]:
    """Checks for every page of the site: markers, raw HTML, snippet includes."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(shown, line, message))

    for i, line in enumerate(lines):
        n = i + 1 + offset
        if in_code[i]:
            for m in INCLUDE_RE.finditer(line):
                _check_include(m.group(1), n, repo_root, problem)
            continue
        for m in MARKER_RE.finditer(line):
            if m.group(1) not in KNOWN_MARKERS:
                known = ", ".join(sorted(KNOWN_MARKERS))
                problem(
                    n,
                    f"unknown marker 'handbook: {m.group(1)}' — known markers: "
                    f"{known}; fix the name or remove the comment",
                )
        if SCRIPT_RE.search(line):
            problem(
                n,
                "raw <script>/<iframe>/<object>/<embed> is not allowed in "
                "content; show code in a fenced block instead",
            )
        if (hm := HANDLER_RE.search(line)) is not None:
            problem(
                n, f"inline event handler '{hm.group(1)}=' is not allowed in content; remove it"
            )
        if JS_URL_RE.search(line):
            problem(n, "javascript: links are not allowed in content; remove the link")
        if INCLUDE_RE.search(line):
            problem(
                n,
                "a snippet include must sit inside a fenced code block "
                '(```python title="snippets/x.py" … ```)',
            )
    return problems


def check_other_page(text: str, page: str, repo_root: Path | None) -> list[Problem]:
    """Page-wide checks for a page that is not a question page."""
    _, body, offset = split_front_matter(text)
    lines = body.split("\n")
    return check_text(lines, code_mask(lines), f"docs/{page}", offset, repo_root)


def _check_include(spec: str, line: int, repo_root: Path | None, problem: Any) -> None:
    path, _, section = spec.partition(":")
    if not section:
        problem(
            line,
            f"include '{spec}' names no section; include by section name: "
            f"\"{path}:<section>\" with '# --8<-- [start:<section>]' markers in the file",
        )
        return
    if re.fullmatch(r"-?\d+(:-?\d+)?", section):
        problem(line, f"include '{spec}' uses line numbers; include by a named section instead")
        return
    if repo_root is None:
        return
    target = repo_root / path
    if not target.is_file():
        problem(
            line,
            f"include '{spec}': file '{path}' does not exist (paths are relative to "
            "the repository root, e.g. snippets/boxes.py)",
        )
        return
    source = target.read_text(encoding="utf-8")
    for which in ("start", "end"):
        if not re.search(SECTION_MARK_RE.format(which=which, name=re.escape(section)), source):
            problem(
                line,
                f"include '{spec}': section '{section}' has no "
                f"'--8<-- [{which}:{section}]' marker in {path}; add the section "
                "markers around the code or fix the name",
            )
            return


def _parse_question(
    lines: Sequence[str],
    in_code: Sequence[bool],
    start: int,
    end: int,
    category: Category,
    lineno: Any,
    problem: Any,
) -> Question | None:
    heading = H2_RE.match(lines[start])
    assert heading is not None
    raw = heading.group(1)
    hl = lineno(start)
    attrs = HEADING_ATTRS_RE.match(raw)
    qid = ""
    title = raw
    if attrs:
        title = attrs.group(1)
        ids = re.findall(r"#([^\s}]+)", attrs.group(2))
        qid = ids[0] if ids else ""
    if not qid:
        problem(
            hl,
            "question has no id; end the heading with '{#question-id}' "
            "(lowercase words joined by hyphens)",
        )
        return None
    if not ID_RE.match(qid) or not ID_MIN <= len(qid) <= ID_MAX:
        problem(
            hl,
            f"id '{qid}' is not in the allowed form: lowercase letters and digits "
            f"joined by single hyphens, {ID_MIN}–{ID_MAX} characters "
            "(e.g. 'iou-vs-dice')",
        )
    if not title.strip():
        problem(hl, f"question '{qid}' has an empty title; write the question before the id")
    q = Question(qid, title.strip(), category.slug, category.title, category.page, hl)

    i = start + 1

    def skip_blank(i: int) -> int:
        while i < end and not lines[i].strip():
            i += 1
        return i

    # Metadata line.
    i = skip_blank(i)
    if i >= end or not lines[i].lstrip().startswith("**"):
        problem(
            hl,
            f"question '{qid}' has no metadata line; write "
            "'**Difficulty:** junior · **Tags:** a, b' right under the heading",
        )
    else:
        _parse_meta(lines[i], lineno(i), q, problem)
        i += 1

    # The 30-second answer.
    i = skip_blank(i)
    short = PARTS[0]
    m = ADMONITION_RE.match(lines[i]) if i < end else None
    if not m or (m.group(3) or "").casefold() != short.title.casefold():
        problem(
            lineno(min(i, end - 1)),
            f"question '{qid}' has no 30-second answer right after "
            f"the metadata line; write '{short.fence} {short.kind} \"{short.title}\"' "
            "followed by the answer indented by four spaces",
        )
        body_start = i
    else:
        _check_part_form(m, short, lineno(i), qid, problem)
        j = i + 1
        block, j = _take_block(lines, j, end)
        q.short_answer = _dedent_block(block)
        words = count_words(q.short_answer)
        if not q.short_answer:
            problem(lineno(i), f"question '{qid}': the 30-second answer is empty")
        elif words > SHORT_ANSWER_MAX_WORDS:
            problem(
                lineno(i),
                f"question '{qid}': the 30-second answer has {words} words, over "
                f"the budget of {SHORT_ANSWER_MAX_WORDS}; shorten it and move "
                "detail into the full answer",
            )
        body_start = j

    # Full answer: everything up to the first trailing part.
    seen: dict[str, int] = {}
    full: list[str] = []
    i = body_start
    first_part_at = end
    while i < end:
        m = ADMONITION_RE.match(lines[i]) if not in_code[i] else None
        part = PART_BY_TITLE.get((m.group(3) or "").casefold()) if m else None
        if part is not None:
            first_part_at = i
            break
        full.append(lines[i])
        i += 1
    q.full_answer = "\n".join(full).strip("\n")
    if not q.full_answer.strip():
        problem(
            lineno(min(first_part_at, end - 1)),
            f"question '{qid}' has no full answer; write "
            "the 2–5 minute answer between the 30-second answer and the collapsible parts",
        )

    # Trailing parts, in order.
    i = first_part_at
    last_order = -1
    while i < end:
        if not lines[i].strip():
            i += 1
            continue
        m = ADMONITION_RE.match(lines[i]) if not in_code[i] else None
        part = PART_BY_TITLE.get((m.group(3) or "").casefold()) if m else None
        if m is None or part is None:
            problem(
                lineno(i),
                f"question '{qid}': text after the collapsible parts; move it "
                "into the full answer (above 'What the interviewer listens for')",
            )
            break
        if part.key == "short_answer":
            problem(lineno(i), f"question '{qid}' has a second 30-second answer; keep one")
        elif part.key in seen:
            problem(lineno(i), f"question '{qid}' has '{part.title}' twice; merge them")
        else:
            order = TRAILING_PARTS.index(part)
            if order < last_order:
                wanted = " → ".join(p.title for p in TRAILING_PARTS)
                problem(
                    lineno(i),
                    f"question '{qid}': '{part.title}' is out of order; the parts go {wanted}",
                )
            last_order = max(last_order, order)
            _check_part_form(m, part, lineno(i), qid, problem)
            seen[part.key] = lineno(i)
        block, i = _take_block(lines, i + 1, end)
        text = _dedent_block(block)
        if not text.strip():
            problem(lineno(i - 1), f"question '{qid}': '{part.title}' is empty")
        if part.key != "short_answer":
            setattr(q, part.key, text)

    for part in TRAILING_PARTS:
        if part.required and part.key not in seen:
            problem(
                hl,
                f"question '{qid}' is missing '{part.title}'; add "
                f"'{part.fence} {part.kind} \"{part.title}\"' with its content indented",
            )

    q.followup_ids = FOLLOWUP_RE.findall(q.followups)
    # Includes and [[id]] links anywhere in the question.
    for k in range(start, end):
        if in_code[k]:
            for im in INCLUDE_RE.finditer(lines[k]):
                path, _, section = im.group(1).partition(":")
                q.includes.append(Include(path, section, lineno(k)))
        else:
            q.links.extend((lm.group(1), lineno(k)) for lm in FOLLOWUP_RE.finditer(lines[k]))
    return q


def _check_part_form(m: re.Match[str], part: Part, line: int, qid: str, problem: Any) -> None:
    fence, kind = m.group(1), m.group(2)
    if fence.rstrip("+") != part.fence or kind != part.kind:
        problem(
            line,
            f"question '{qid}': write '{part.title}' as "
            f"'{part.fence} {part.kind} \"{part.title}\"' (found '{fence} {kind}')",
        )


def _take_block(lines: Sequence[str], i: int, end: int) -> tuple[list[str], int]:
    """Lines of an admonition body: indented lines and blank lines between them."""
    block: list[str] = []
    while i < end and (not lines[i].strip() or lines[i].startswith(("    ", "\t"))):
        block.append(lines[i])
        i += 1
    while block and not block[-1].strip():
        block.pop()
    return block, i


def _parse_meta(line: str, ln: int, q: Question, problem: Any) -> None:
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
            continue
        key = m.group(1).casefold()
        if key not in META_KEYS:
            problem(
                ln,
                f"question '{q.id}': unknown metadata field '{m.group(1)}'; "
                "known fields: Difficulty, Tags, Roles",
            )
            continue
        found[key] = m.group(2)
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


def validate_bank(bank: Bank) -> list[Problem]:
    """Cross-page checks: ids unique everywhere, follow-ups point at known ids."""
    problems: list[Problem] = []
    first: dict[str, Question] = {}
    for q in bank.questions:
        if q.id in first:
            other = first[q.id]
            problems.append(
                Problem(
                    f"docs/{q.page}",
                    q.line,
                    f"duplicate id '{q.id}' (first used at {other.location}); "
                    "ids are unique across the handbook — choose another",
                )
            )
        else:
            first[q.id] = q
    for q in bank.questions:
        for fid, line in q.links:
            if fid not in first:
                problems.append(
                    Problem(
                        f"docs/{q.page}",
                        line,
                        f"question '{q.id}' links to unknown id '[[{fid}]]'; "
                        "use an existing question id or write the follow-up "
                        "as plain text",
                    )
                )
    return problems


def load_bank(docs_dir: Path, repo_root: Path | None) -> tuple[Bank, list[Problem]]:
    """Parse every page under ``docs/questions/`` and validate the whole bank."""
    categories: list[Category] = []
    problems: list[Problem] = []
    pages: dict[str, str] = {}
    other_links: list[tuple[str, int, str]] = []  # (page, line, id) outside question pages
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(f"docs/{page}", 1, "the file is not UTF-8; save it as UTF-8"))
            continue
        pages[page] = text
        if not is_question_page(page):
            problems.extend(check_other_page(text, page, repo_root))
            other_links.extend((page, line, qid) for qid, line in page_links(text))
            continue
        category, page_problems = parse_page(text, page, repo_root)
        problems.extend(page_problems)
        if category is not None:
            categories.append(category)
    bank = Bank(categories, pages)
    problems.extend(validate_bank(bank))
    known = bank.by_id()
    problems.extend(
        Problem(
            f"docs/{page}",
            line,
            f"[[{qid}]] links to an unknown question id; use an "
            "existing id (see questions.json) or plain text",
        )
        for page, line, qid in other_links
        if qid not in known
    )
    return bank, problems


def page_links(text: str) -> list[tuple[str, int]]:
    """``[[id]]`` links outside code in a whole page, with file line numbers."""
    _, body, offset = split_front_matter(text)
    lines = body.split("\n")
    mask = code_mask(lines)
    return [
        (m.group(1), i + 1 + offset)
        for i, ln in enumerate(lines)
        if not mask[i]
        for m in FOLLOWUP_RE.finditer(ln)
    ]


def format_problems(problems: Iterable[Problem]) -> str:
    items = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
    head = f"The question bank has {len(items)} problem(s); the site was not built:"
    return "\n".join([head, *(f"  {p}" for p in items)])


# ----------------------------------------------------------------------------------------
# Rendering (pure)
# ----------------------------------------------------------------------------------------


def relative_link(from_page: str, to_page: str, anchor: str) -> str:
    """A Markdown link target from one docs page to an anchor on another."""
    if from_page == to_page:
        return f"#{anchor}"
    rel = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{rel}#{anchor}"


def resolve_links(markdown: str, bank: Bank, page: str) -> str:
    """Replace ``[[question-id]]`` outside code with a link titled by the question."""
    by_id = bank.by_id()
    lines = markdown.split("\n")
    mask = code_mask(lines)

    def sub(m: re.Match[str]) -> str:
        q = by_id.get(m.group(1))
        if q is None:  # validated on question pages; elsewhere leave the text alone
            return m.group(0)
        return f"[{q.title}]({relative_link(page, q.page, q.id)})"

    return "\n".join(ln if mask[i] else FOLLOWUP_RE.sub(sub, ln) for i, ln in enumerate(lines))


def badge_html(q: Question) -> str:
    parts = [
        f'<span class="hb-level hb-level--{q.difficulty}" title="Difficulty">{q.difficulty}</span>'
    ]
    parts += [f'<span class="hb-tag">{t}</span>' for t in q.tags]
    parts += [f'<span class="hb-role">{r}</span>' for r in q.roles]
    return f'<p class="hb-meta">{" ".join(parts)}</p>'


def index_markdown(category: Category) -> str:
    rows = [
        f"| {n} | [{q.title}](#{q.id}) | {q.difficulty} |"
        for n, q in enumerate(category.questions, 1)
    ]
    counts = {lv: sum(q.difficulty == lv for q in category.questions) for lv in LEVELS}
    summary = " · ".join(f"{counts[lv]} {lv}" for lv in LEVELS)
    return "\n".join(
        [
            '<div class="hb-index" markdown>',
            "",
            f"**{len(category.questions)} questions** — {summary}",
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
            continue
        if MARKER_RE.search(line):
            out.append(MARKER_RE.sub(lambda _m: "\n" + index, line))
            continue
        if (h := H2_RE.match(line)) is not None:
            if not placed:
                out.append(index)
                placed = True
            attrs = HEADING_ATTRS_RE.match(h.group(1))
            ids = re.findall(r"#([^\s}]+)", attrs.group(2)) if attrs else []
            current = by_id.get(ids[0]) if ids else None
            await_meta = current is not None
            out.append(line)
            continue
        if await_meta and line.strip():
            await_meta = False
            if current is not None and line.lstrip().startswith("**Difficulty:**"):
                out.append(badge_html(current))
                continue
        out.append(line)
    return resolve_links("\n".join(out), bank, page)


def category_index_markdown(bank: Bank, page: str) -> str:
    """A table of every category with its question counts by level."""
    rows = []
    for c in bank.categories:
        counts = " · ".join(f"{sum(q.difficulty == lv for q in c.questions)} {lv}" for lv in LEVELS)
        link = relative_link(page, c.page, "").removesuffix("#")
        rows.append(f"| [{c.title}]({link}) | {len(c.questions)} | {counts} |")
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


def bank_to_json(bank: Bank, urls: dict[str, str]) -> dict[str, Any]:
    """The open-data export: one record per question, URLs relative to the site root."""
    questions = []
    for q in bank.questions:
        base = urls.get(q.page) or q.page.removesuffix(".md") + "/"
        questions.append(
            {
                "id": q.id,
                "title": strip_markup(q.title),
                "category": q.category,
                "category_title": q.category_title,
                "difficulty": q.difficulty,
                "tags": q.tags,
                "roles": q.roles,
                "short_answer": q.short_answer,
                "url": f"{base}#{q.id}",
                "source": f"docs/{q.page}:{q.line}",
            }
        )
    return {
        "schema": 1,
        "count": len(questions),
        "levels": list(LEVELS),
        "categories": [
            {"slug": c.slug, "title": c.title, "count": len(c.questions)} for c in bank.categories
        ],
        "questions": questions,
    }


# ----------------------------------------------------------------------------------------
# Command line: check pages without building the site
# ----------------------------------------------------------------------------------------


def main(argv: Sequence[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    bank, problems = load_bank(root / "docs", root)
    wanted = {Path(a).resolve() for a in argv}
    if wanted:
        problems = [p for p in problems if (root / p.path).resolve() in wanted]
    if problems:
        print(format_problems(problems))
        return 1
    n = len(bank.questions)
    print(f"ok: {n} questions in {len(bank.categories)} categories")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
