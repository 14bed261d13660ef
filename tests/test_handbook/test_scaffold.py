"""``handbook new``'s pure parts: the proposed id, the category lookup, the stubbed block."""

from __future__ import annotations

import pytest

from catalogue import GOOD, PAGE
from handbook import Bank, parse_page
from handbook.model import ID_MAX, STUB_MARKER, valid_id
from handbook.scaffold import append_block, find_category, propose_id, question_block
from support import ROOT


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is IoU?", "what-is-iou"),
        ("  Why does BatchNorm   behave differently at test time? ", None),
        ("Qu'est-ce que la détection d'objets ?", "qu-est-ce-que-la-detection-d-objets"),
        ("?", ""),
    ],
)
def test_proposed_ids_are_slugs(question: str, expected: str | None) -> None:
    qid = propose_id(question)
    if expected is not None:
        assert qid == expected
    else:
        assert qid == "why-does-batchnorm-behave-differently-at-test-time"


def test_long_questions_are_trimmed_at_a_word_boundary() -> None:
    words = "why would a detector trained on daytime images fail at night and what would you do"
    qid = propose_id(words)
    assert valid_id(qid) and len(qid) <= ID_MAX
    assert words.replace(" ", "-").startswith(qid + "-")
    exact = "a" * 30 + "-" + "b" * 29 + "-ccc"  # the cut falls right before a hyphen
    assert propose_id(exact) == "a" * 30 + "-" + "b" * 29


def test_categories_are_found_by_slug_title_or_path() -> None:
    category, _ = parse_page(GOOD, PAGE, ROOT)
    assert category is not None
    bank = Bank([category])
    for name in ("metrics", "Evaluation METRICS", "questions/metrics.md", " metrics "):
        assert find_category(bank, name) is category
    assert find_category(bank, "nope") is None


def test_the_block_stubs_every_required_part_and_parses_with_only_stub_problems() -> None:
    block = question_block("What is a stub?", "what-is-a-stub", "junior")
    page, line = append_block(GOOD + "\n\n\n", block)
    assert page.split("\n")[line - 1] == "## What is a stub? {#what-is-a-stub}"
    category, problems = parse_page(page, PAGE, ROOT)
    assert category is not None and category.questions[-1].difficulty == "junior"
    assert problems and all("replace this stub with" in p.message for p in problems)
    assert len(problems) == block.count(STUB_MARKER) == 6


def test_an_unknown_difficulty_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown difficulty 'expert'"):
        question_block("Q?", "q-q-q", "expert")
