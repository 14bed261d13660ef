"""The Griffe extension that shows doctests as code on API pages."""

from __future__ import annotations

from griffe_doctests import fence_doctests


def test_doctest_runs_become_pycon_fences_and_prose_stays() -> None:
    text = "Prose.\n\n>>> f(\n...   1)\n[[0], [1]]\n\nMore prose.\n>>> g()\nTrue"
    assert fence_doctests(text) == (
        "Prose.\n\n```pycon\n>>> f(\n...   1)\n[[0], [1]]\n```\n\nMore prose.\n"
        "```pycon\n>>> g()\nTrue\n```"
    )


def test_existing_fences_are_left_alone() -> None:
    text = "```python\n>>> x\n```"
    assert fence_doctests(text) == text
