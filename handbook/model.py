"""The bank's data model: questions, categories, the bank, and the problems found in them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# The folder below docs/ whose every Markdown file is a question page.
QUESTIONS_DIR = "questions"
LEVELS = ("junior", "mid", "senior")
# Questions tagged NIGHT_BEFORE_TAG put their ``Cheat sheet`` block on the master sheet; a
# category may tag at most NIGHT_BEFORE_PER_CATEGORY, so four printed pages hold the handbook.
NIGHT_BEFORE_TAG = "night-before"
NIGHT_BEFORE_PER_CATEGORY = 4
SHORT_ANSWER_MAX_WORDS = 60
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MIN, ID_MAX = 3, 60
KNOWN_MARKERS = frozenset({"question-index", "category-index", "study-downloads"})
META_KEYS = ("difficulty", "tags", "roles")
# What `handbook new` writes where content is still to come; the build refuses it.
STUB_MARKER = "TODO(handbook):"


@dataclass(frozen=True)
class Part:
    """A named block of a question, written as a Material admonition."""

    key: str
    fence: str  # "!!!" (always open) or "???" (collapsible)
    kind: str  # the admonition type, e.g. "abstract"
    title: str
    required: bool

    @property
    def opening(self) -> str:
        """The admonition line that opens this part, e.g. ``??? tip "Follow-ups"``."""
        return f'{self.fence} {self.kind} "{self.title}"'


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


def valid_id(qid: str) -> bool:
    """Whether ``qid`` has the allowed form: lowercase words joined by hyphens, 3–60 chars."""
    return bool(ID_RE.match(qid)) and ID_MIN <= len(qid) <= ID_MAX


ID_RULE = (
    f"lowercase letters and digits joined by single hyphens, {ID_MIN}–{ID_MAX} characters "
    "(e.g. 'iou-vs-dice')"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a page, with where it is and how to fix it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without repeats, by file, line and message."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def format_problems(problems: Iterable[Problem]) -> str:
    """The message that stops the build: a head line, then one indented problem a line."""
    items = sorted_problems(problems)
    head = f"The question bank has {len(items)} problem(s); the site was not built:"
    return "\n".join([head, *(f"  {p}" for p in items)])


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
    # Every Markdown page of docs/ as read (path relative to docs/ → text), so the glossary
    # lints pages without reading them again.
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        return [q for c in self.categories for q in c.questions]

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}
