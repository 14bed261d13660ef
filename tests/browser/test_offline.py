"""In a real browser: the site requests nothing from other hosts and renders its math."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import foreign_requests

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_pages_request_only_their_own_host(server: str, chromium, built_site: Path) -> None:
    data = json.loads((built_site / "questions.json").read_text(encoding="utf-8"))
    pages = ["", "questions/", *sorted({q["url"].split("#")[0] for q in data["questions"]})]
    context = chromium.new_context()
    page = context.new_page()
    foreign = foreign_requests(page, server)
    for path in pages:
        response = page.goto(server + path, wait_until="networkidle")
        assert response is not None and response.ok, path
    context.close()
    assert foreign == []


def test_math_renders_as_mathml(server: str, chromium, built_site: Path) -> None:
    data = json.loads((built_site / "questions.json").read_text(encoding="utf-8"))
    with_math = next(
        q["url"].split("#")[0]
        for q in data["questions"]
        if "<math" in (built_site / q["url"].split("#")[0] / "index.html").read_text("utf-8")
    )
    page = chromium.new_page()
    page.goto(server + with_math)
    box = page.locator("math").first.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    page.close()


def test_search_finds_a_question(server: str, chromium, built_site: Path) -> None:
    data = json.loads((built_site / "questions.json").read_text(encoding="utf-8"))
    q = data["questions"][0]
    word = max(q["title"].replace("?", "").split(), key=len)
    page = chromium.new_page()
    page.goto(server)
    box = page.get_by_role("textbox", name="Search")
    box.focus()
    box.fill(word)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0
    page.close()
