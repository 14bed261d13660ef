"""The bad-input catalogue: every malformed page stops the build with file:line and a fix.

Each case mutates a known-good page (tests/data/good_page.md). It is checked twice: by the
pure parser (fast, precise) and by a real strict MkDocs build, which must fail with the same
``docs/<file>:<line>:`` message before anything is written to the site directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

import questions
from support import ROOT, build_project

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


def build_error(config: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Build, expect failure, return everything MkDocs told the user about it."""
    with pytest.raises((PluginError, Abort)) as info:
        build_project(config)
    return f"{caplog.text}\n{info.value}"


def problems_for(text: str) -> list[questions.Problem]:
    category, problems = questions.parse_page(text, PAGE, ROOT)
    assert category is not None
    problems += questions.validate_bank(questions.Bank([category]))
    return problems


def test_good_page_has_no_problems() -> None:
    assert problems_for(GOOD) == []


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parser_reports_file_line_and_fix(case: Case) -> None:
    found = problems_for(case.page())
    messages = [str(p) for p in found]
    want = f"docs/{PAGE}:{case.line()}: "
    assert any(m.startswith(want) and case.expect in m for m in messages), messages


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_build_stops_before_writing(case: Case, make_project, caplog) -> None:
    config = make_project({PAGE: case.page()})
    site = config.parent / "site"
    message = build_error(config, caplog)
    assert f"docs/{PAGE}:{case.line()}: " in message
    assert case.expect in message
    assert "Traceback" not in message
    assert not site.exists(), "a failed build must not leave a half-written site"


@pytest.mark.build
def test_duplicate_id_across_pages(make_project, caplog) -> None:
    other = GOOD.replace("{#f1-is-a-harmonic-mean}", "{#another-question}").replace(
        "[[f1-is-a-harmonic-mean]]", "[[another-question]]"
    )
    config = make_project({PAGE: GOOD, "questions/other.md": other})
    message = build_error(config, caplog)
    line = next(n for n, ln in enumerate(other.split("\n"), 1) if "{#precision-vs-recall}" in ln)
    assert f"docs/questions/other.md:{line}: duplicate id 'precision-vs-recall'" in message
    assert f"first used at docs/{PAGE}:" in message


@pytest.mark.build
def test_bad_latex_stops_the_build_with_file_and_line(make_project, caplog) -> None:
    bad = GOOD.replace("$F_1 \\approx 0.18$", "$F_1 \\approx \\frac{1}{$")
    config = make_project({PAGE: bad})
    message = build_error(config, caplog)
    line = next(n for n, ln in enumerate(bad.split("\n"), 1) if "\\frac{1}{" in ln)
    assert f"docs/{PAGE}:{line}: cannot render the formula" in message


@pytest.mark.build
def test_unknown_latex_command_is_an_error(make_project, caplog) -> None:
    bad = GOOD.replace("$F_1 \\approx 0.18$", "$\\notacommand{x}$")
    config = make_project({PAGE: bad})
    assert "uses '\\notacommand'" in build_error(config, caplog)


@pytest.mark.build
def test_problems_on_other_pages_are_caught(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD, "about.md": "# About\n\n<!-- handbook: nope -->\n"})
    assert "docs/about.md:3: unknown marker" in build_error(config, caplog)


def test_cli_reports_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The command-line checker uses the same functions on the real docs folder.
    assert questions.main([]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith(("ok:", "The question bank has"))


@pytest.mark.build
def test_a_bad_glossary_stops_the_build_with_its_line(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD})
    glossary_file = config.parent / "data" / "glossary.yml"
    glossary_file.write_text(
        glossary_file.read_text(encoding="utf-8")
        + "- term: F1\n  tooltip: again\n  definition: again\n",
        encoding="utf-8",
    )
    message = build_error(config, caplog)
    assert "data/glossary.yml:7: 'F1' is already defined by 'F1 score' (line 2)" in message
    assert not (config.parent / "site").exists()


@pytest.mark.build
def test_an_unknown_explicit_term_stops_the_build(make_project, caplog) -> None:
    page = GOOD.replace("Questions about metrics.", "Questions about [[term:Dice score]].")
    config = make_project({PAGE: page})
    line = next(n for n, ln in enumerate(page.split("\n"), 1) if "[[term:Dice score]]" in ln)
    message = build_error(config, caplog)
    assert f"docs/{PAGE}:{line}: [[term:Dice score]] names a term that is not in the glossary" in (
        message
    )


@pytest.mark.build
def test_unknown_question_link_on_another_page_stops_the_build(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD, "about.md": "# About\n\nSee [[no-such-id]].\n"})
    assert "docs/about.md:3: [[no-such-id]] links to an unknown question id" in build_error(
        config, caplog
    )


def test_glossary_references_are_not_question_links() -> None:
    page = GOOD.replace("Questions about metrics.", "About [[term:F1]].")
    assert problems_for(page) == []


@pytest.mark.build
def test_bad_latex_in_the_glossary_points_at_the_glossary(make_project, caplog) -> None:
    config = make_project({PAGE: GOOD})
    glossary_file = config.parent / "data" / "glossary.yml"
    text = glossary_file.read_text(encoding="utf-8").replace("$F_1 = 2PR/(P+R)$", "$\\frac{2PR}{$")
    glossary_file.write_text(text, encoding="utf-8")
    line = next(n for n, ln in enumerate(text.split("\n"), 1) if "\\frac{2PR}{" in ln)
    assert f"data/glossary.yml:{line}: cannot render the formula" in build_error(config, caplog)
