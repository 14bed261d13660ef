"""The drills page in a real browser: the JavaScript "New set" draws exactly what
handbook/drills.py draws for the same seed (inputs and printed answers), every answer is the
snippets' result, and the answers open from the keyboard."""

from __future__ import annotations

import json
import re

import pytest

from drill_check import check_printed
from handbook.drills import DEFAULT_SEED, drill_set

pytestmark = [pytest.mark.browser, pytest.mark.build]
SEEDS = [DEFAULT_SEED, 1, 7, 2024, 123456789, 4294967295]

READ = """() => [...document.querySelectorAll('section.hb-drill')].map(s => ({
  kind: s.dataset.kind,
  inputs: JSON.parse(s.dataset.inputs),
  shown: Object.fromEntries([...s.querySelectorAll('.hb-value')].map(
    v => [v.dataset.name, v.textContent])),
}))"""


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def python_set(seed: int) -> list[dict]:
    return [{"kind": d.kind, "inputs": d.inputs, "shown": d.shown} for d in drill_set(seed)]


def same_inputs(a: dict, b: dict) -> bool:
    """JSON equality, with 3.0 == 3 (JavaScript prints whole floats as integers)."""
    return json.loads(json.dumps(a)) == json.loads(json.dumps(b))


@pytest.mark.parametrize("seed", SEEDS)
def test_javascript_draws_the_same_set_as_python(server: str, page, seed: int) -> None:
    page.goto(f"{server}study/drills/#seed={seed}", wait_until="load")
    page.wait_for_function(f"document.querySelector('.hb-drills').dataset.seed === '{seed}'")
    drawn = page.evaluate(READ)
    expected = python_set(seed)
    assert [d["kind"] for d in drawn] == [d["kind"] for d in expected]
    for js, py in zip(drawn, expected, strict=True):
        assert same_inputs(js["inputs"], py["inputs"]), (js["kind"], js["inputs"], py["inputs"])
        assert js["shown"] == py["shown"], js["kind"]
        check_printed(js["kind"], js["inputs"], js["shown"])
    key = page.locator(".hb-answer-key li")
    assert key.count() == len(expected)
    assert page.locator(".hb-seed").first.inner_text() == str(seed)


def test_new_set_button_draws_another_set_and_answers_open_by_keyboard(server: str, page) -> None:
    page.goto(f"{server}study/drills/", wait_until="load")
    button = page.get_by_role("button", name="New set")
    assert button.is_visible()
    before = page.evaluate(READ)
    assert all(
        same_inputs(a["inputs"], b["inputs"])
        for a, b in zip(before, python_set(DEFAULT_SEED), strict=True)
    )
    button.click()
    seed = re.search(r"#seed=(\d+)$", page.url)
    assert seed is not None
    after = page.evaluate(READ)
    assert after != before
    for js, py in zip(after, python_set(int(seed.group(1))), strict=True):
        assert same_inputs(js["inputs"], py["inputs"]) and js["shown"] == py["shown"]
    summary = page.locator("section.hb-drill summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("section.hb-drill details").first.evaluate("d => d.open")
    assert page.locator("section.hb-drill .hb-value").first.is_visible()
