"""The bad-input catalogue: malformed variants of a known-good page (tests/data/good_page.md).

Each case says what is replaced, the fragment of the message expected, and the line it must
point at. The parser (tests/test_handbook/test_parse.py), the strict build and
``python -m handbook check`` (tests/test_hooks/test_validation.py) are all held to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from support import ROOT

GOOD = (ROOT / "tests/data/good_page.md").read_text(encoding="utf-8")
PAGE = "questions/metrics.md"


@dataclass(frozen=True)
class Case:
    name: str
    old: str  # text replaced in the good page
    new: str
    expect: str  # fragment of the message
    at: str  # the line the message must point at: the nth line containing this text
    nth: int = 1

    def page(self) -> str:
        assert self.old in GOOD, self.name
        return GOOD.replace(self.old, self.new, 1)

    def line(self) -> int:
        hits = [n for n, line in enumerate(self.page().split("\n"), 1) if self.at in line]
        if len(hits) >= self.nth:
            return hits[self.nth - 1]
        raise AssertionError(f"{self.name}: '{self.at}' not in page")


LONG = " ".join(["word"] * 61)
CASES = [
    Case(
        "missing id",
        "recall? {#precision-vs-recall}",
        "recall?",
        "has no id",
        "## What is the difference",
    ),
    Case(
        "id in a bad form",
        "{#precision-vs-recall}",
        "{#Precision_vs_Recall}",
        "not in the allowed form",
        "{#Precision_vs_Recall}",
    ),
    Case(
        "duplicate id on one page",
        "{#f1-is-a-harmonic-mean}",
        "{#precision-vs-recall}",
        "duplicate id 'precision-vs-recall'",
        "## Why is F1",
    ),
    Case(
        "unknown difficulty",
        "**Difficulty:** mid",
        "**Difficulty:** expert",
        "unknown difficulty 'expert'",
        "**Difficulty:** expert",
    ),
    Case("no metadata line", "**Difficulty:** mid\n", "", "has no metadata line", "## Why is F1"),
    Case(
        "unknown metadata field",
        "**Difficulty:** mid",
        "**Difficulty:** mid · **Level:** 3",
        "unknown metadata field 'Level'",
        "**Level:** 3",
    ),
    Case(
        "no 30-second answer",
        '!!! abstract "30-second answer"\n    Because',
        "Because",
        "has no 30-second answer",
        "Because it should collapse",
    ),
    Case(
        "30-second answer over budget",
        "    Because it should collapse toward the smaller of precision and recall.",
        f"    {LONG}",
        "has 61 words, over the budget of 60",
        "!!! abstract",
        nth=2,
    ),
    Case(
        "30-second answer with the wrong admonition type",
        '!!! abstract "30-second answer"\n    Because',
        '!!! note "30-second answer"\n    Because',
        "write '30-second answer' as '!!! abstract",
        '!!! note "30-second answer"',
    ),
    Case(
        "missing required part",
        '??? info "Sources"\n    - Van Rijsbergen, Information Retrieval, 1979.\n',
        "",
        "missing 'Sources'",
        "## Why is F1",
    ),
    Case(
        "parts out of order",
        '??? question "What the interviewer listens for"\n    - The formula and the collapse '
        'toward the smaller value.\n\n??? failure "Common wrong answers"\n    - **"F1 is a '
        'weighted average."** It is the harmonic mean.',
        '??? failure "Common wrong answers"\n    - **"F1 is a weighted average."** It is the '
        'harmonic mean.\n\n??? question "What the interviewer listens for"\n    - The formula '
        "and the collapse toward the smaller value.",
        "is out of order",
        '??? question "What the interviewer listens for"',
        nth=2,
    ),
    Case(
        "empty full answer",
        "With $P = 1$ and $R = 0.1$, $F_1 \\approx 0.18$ while the arithmetic mean is 0.55.\n",
        "",
        "has no full answer",
        "??? question",
        nth=2,
    ),
    Case(
        "text after the parts",
        '??? example "Cheat sheet"\n    $F_1 = 2PR/(P+R)$',
        '??? example "Cheat sheet"\n    $F_1 = 2PR/(P+R)$\n\nA stray paragraph.',
        "text after the collapsible parts",
        "A stray paragraph.",
    ),
    Case(
        "follow-up to an unknown id",
        "[[f1-is-a-harmonic-mean]]",
        "[[no-such-question]]",
        "links to unknown id '[[no-such-question]]'",
        "[[no-such-question]]",
    ),
    Case(
        "include of a missing file",
        '"snippets/boxes.py:box_iou"',
        '"snippets/no_such_module.py:box_iou"',
        "file 'snippets/no_such_module.py' does not exist",
        "no_such_module",
    ),
    Case(
        "include of a missing section",
        '"snippets/boxes.py:box_iou"',
        '"snippets/boxes.py:no_such_section"',
        "section 'no_such_section' has no",
        "no_such_section",
    ),
    Case(
        "include by line numbers",
        '"snippets/boxes.py:box_iou"',
        '"snippets/boxes.py:10:20"',
        "uses line numbers",
        "boxes.py:10:20",
    ),
    Case(
        "include outside a code block",
        "Questions about metrics.",
        'Questions about metrics.\n\n--8<-- "snippets/boxes.py:box_iou"',
        "must sit inside a fenced code block",
        '--8<-- "snippets/boxes.py:box_iou"',
    ),
    Case(
        "unknown marker",
        "Questions about metrics.",
        "Questions about metrics.\n\n<!-- handbook: flashcards-please -->",
        "unknown marker 'handbook: flashcards-please'",
        "flashcards-please",
    ),
    Case(
        "raw script",
        "Questions about metrics.",
        "Questions about metrics.\n\n<script>alert(1)</script>",
        "raw <script>",
        "<script>",
    ),
    Case(
        "inline event handler",
        "Questions about metrics.",
        'Questions about metrics.\n\n<img src="x.png" onerror="alert(1)">',
        "inline event handler 'onerror='",
        "onerror",
    ),
    Case(
        "javascript link",
        "Questions about metrics.",
        "Questions about metrics. [click](javascript:alert(1))",
        "javascript: links are not allowed",
        "javascript:",
    ),
    Case(
        "front matter that is not YAML",
        "description: A test page",
        "description: [unclosed",
        "not valid YAML",
        "description: [unclosed",
    ),
    Case("no H1", "# Evaluation metrics\n", "", "has no '# Title' heading", "---"),
]
IDS = [c.name for c in CASES]


# A small project that builds with the real mkdocs.yml's `strict: true` (tests/test_serve.py,
# tests/test_hooks/test_search_hook.py): two question pages, a home page linking to one.
OTHER = "questions/other.md"


def other_page() -> str:
    return (
        GOOD.replace("{#f1-is-a-harmonic-mean}", "{#another-question}")
        .replace("[[f1-is-a-harmonic-mean]]", "[[another-question]]")
        .replace("{#precision-vs-recall}", "{#other-precision-vs-recall}")
    )


# Pages the generated ones link to (drills → code reference, "What changed" → guide): present,
# so that the project builds with the real mkdocs.yml's `strict: true`.
LINKED = ["boxes", "convolution", "detection_metrics", "homography", "quantization"]


def project_pages() -> dict[str, str]:
    pages = {f"reference/{name}.md": f"# {name}\n" for name in LINKED}
    pages["guide/editorial.md"] = "# Editorial guide\n\n## Corrections\n"
    pages["index.md"] = "# Home\n\nStart with [[precision-vs-recall]].\n"
    return {PAGE: GOOD, OTHER: other_page(), **pages}
