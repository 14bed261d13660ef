"""The parser and the checks on one page: the bad-input catalogue and the rarer problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import CASES, GOOD, IDS, PAGE, Case
from handbook import Bank, Problem, format_problems, load_bank, parse_page, validate_bank
from handbook.checks import check_other_page
from support import ROOT


def problems_for(text: str, root: Path | None = ROOT) -> list[Problem]:
    category, problems = parse_page(text, PAGE, root)
    assert category is not None
    problems += validate_bank(Bank([category]))
    return problems


def messages(text: str, root: Path | None = ROOT) -> list[str]:
    return [str(p) for p in problems_for(text, root)]


def line_of(text: str, fragment: str) -> int:
    return next(n for n, ln in enumerate(text.split("\n"), 1) if fragment in ln)


def test_good_page_has_no_problems() -> None:
    assert problems_for(GOOD) == []


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parser_reports_file_line_and_fix(case: Case) -> None:
    found = messages(case.page())
    want = f"docs/{PAGE}:{case.line()}: "
    assert any(m.startswith(want) and case.expect in m for m in found), found


def test_glossary_references_are_not_question_links() -> None:
    page = GOOD.replace("Questions about metrics.", "About [[term:F1]].")
    assert problems_for(page) == []


@pytest.mark.parametrize(
    ("old", "new", "expect"),
    [
        ("{#precision-vs-recall}", "{.no-id}", "question has no id"),
        ("What is the difference between precision and recall? ", "", "has an empty title"),
        ("**Difficulty:** junior · ", "**Difficulty:** junior · Tags: a · ", "cannot read"),
        ("**Difficulty:** junior · **Tags:**", "**Tags:**", "has no difficulty"),
        (
            '!!! abstract "30-second answer"\n    Precision is the fraction of predicted positives '
            "that are right, TP / (TP + FP);\n    recall is the fraction of actual positives that "
            "are found, TP / (TP + FN).",
            '!!! abstract "30-second answer"',
            "the 30-second answer is empty",
        ),
        (
            '??? info "Sources"',
            '!!! abstract "30-second answer"\n    Again.\n\n??? info "Sources"',
            "has a second 30-second answer",
        ),
        (
            '??? info "Sources"',
            '??? tip "Follow-ups"\n    - Again?\n\n??? info "Sources"',
            "has 'Follow-ups' twice",
        ),
        (
            '??? example "Cheat sheet"\n    $F_1 = 2PR/(P+R)$',
            '??? example "Cheat sheet"',
            "is empty",
        ),
        ('"snippets/boxes.py:box_iou"', '"snippets/boxes.py"', "names no section"),
    ],
)
def test_rarer_problems(old: str, new: str, expect: str) -> None:
    assert old in GOOD
    found = messages(GOOD.replace(old, new, 1))
    assert any(expect in m for m in found), found


def test_front_matter_that_is_not_a_mapping_and_a_page_without_questions() -> None:
    found = messages("---\n- a list\n---\n\n# Title\n\nNo questions yet.\n")
    assert "docs/questions/metrics.md:1: the front matter must be a YAML mapping" in found[0]
    assert any("needs at least one question" in m for m in found)


def test_includes_are_only_resolved_with_a_repository_root() -> None:
    page = GOOD.replace('"snippets/boxes.py:box_iou"', '"snippets/nowhere.py:box_iou"')
    assert problems_for(page, None) == []
    assert any("does not exist" in m for m in messages(page))


def test_a_stub_is_an_error_with_its_line_and_what_replaces_it() -> None:
    page = GOOD.replace("Questions about metrics.", "TODO(handbook): an introduction")
    (message,) = messages(page)
    line = line_of(page, "TODO(handbook)")
    assert message.startswith(f"docs/{PAGE}:{line}: unfinished stub 'TODO(handbook):'")
    assert message.endswith("replace this stub with an introduction")
    assert check_other_page("# About\n\nTODO(handbook):\n", "about.md", None)[0].message.endswith(
        "replace this stub with the real content"
    )


def test_stubs_inside_code_are_examples_not_stubs() -> None:
    page = GOOD.replace("Questions about metrics.", "```text\nTODO(handbook): x\n```")
    assert problems_for(page) == []


def test_load_bank_reads_every_page_and_reports_encodings_and_links(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "questions").mkdir(parents=True)
    (docs / "questions" / "metrics.md").write_text(GOOD, encoding="utf-8")
    (docs / "questions" / "index.md").write_text("# Questions\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n\n[[precision-vs-recall]] [[nope]]\n", "utf-8")
    (docs / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    bank, problems = load_bank(docs, ROOT)
    assert [c.slug for c in bank.categories] == ["metrics"]
    assert set(bank.pages) == {"questions/metrics.md", "questions/index.md", "about.md"}
    assert [str(p) for p in problems] == [
        "docs/latin1.md:1: the file is not UTF-8; save it as UTF-8",
        "docs/about.md:3: [[nope]] links to an unknown question id; use an existing id "
        "(see questions.json) or plain text",
    ]
    text = format_problems([*problems, problems[0]])
    assert text.startswith("The question bank has 2 problem(s); the site was not built:\n  ")
