"""The drills page in a real browser: the JavaScript "New set" draws exactly what
handbook/drills.py draws for the same seed (inputs and printed answers), every answer is the
snippets' result, and the answers open from the keyboard."""

from __future__ import annotations

import json
import re

import pytest

from drill_check import ROUNDING_TIES, check_printed
from handbook.drills import DEFAULT_SEED, _f, drill_set
from support import ROOT

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


def draw_in_browser(server: str, page, seed: int) -> list[dict]:
    """The set drills.js draws for ``seed`` (the page's ``#seed=`` link)."""
    page.goto(f"{server}study/drills/#seed={seed}", wait_until="load")
    page.wait_for_function(f"document.querySelector('.hb-drills').dataset.seed === '{seed}'")
    return page.evaluate(READ)


@pytest.mark.parametrize("seed", SEEDS)
def test_javascript_draws_the_same_set_as_python(server: str, page, seed: int) -> None:
    drawn = draw_in_browser(server, page, seed)
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


@pytest.mark.parametrize(("seed", "kind", "value", "printed"), ROUNDING_TIES)
def test_javascript_rounds_a_tie_as_python_does(
    server: str, page, seed: int, kind: str, value: float, printed: str
) -> None:
    drawn = draw_in_browser(server, page, seed)
    on_tie = [
        i for i, d in enumerate(drill_set(seed)) if d.kind == kind and d.answer[kind] == value
    ]
    assert on_tie, f"seed {seed} no longer draws {kind} = {value}: pick another seed"
    assert [drawn[i]["shown"][kind] for i in on_tie] == [printed] * len(on_tie)


FIXED = re.compile(r"^  function fixed\(value, digits\) \{\n.*?^  \}\n", re.S | re.M)


def test_fixed_prints_every_number_as_python_does(page) -> None:
    """drills.js's fixed() against Python's f"{v:.{d}f}" (handbook.drills._f): fractions p/q
    with q up to 160 (decimal ties such as 0.6125 that a double only approximates) and
    binary fractions (exact ties such as 0.8125), both signs, 0 to 4 decimals."""
    match = FIXED.search((ROOT / "docs/javascripts/drills.js").read_text(encoding="utf-8"))
    assert match, "drills.js: `  function fixed(value, digits) {` not found; update FIXED"
    cases = [(s * p / q, d) for q in range(1, 161) for p in range(q + 1) for s in (1, -1)
             for d in (2, 3, 4)]  # fmt: skip
    cases += [(k / 2**j, d) for j in range(1, 12) for k in range(-40, 41) for d in range(5)]
    got = page.evaluate(
        f"cases => {{ {match.group(0)} return cases.map(([v, d]) => fixed(v, d)); }}", cases
    )
    wrong = [(v, d, _f(v, d), js) for (v, d), js in zip(cases, got, strict=True) if js != _f(v, d)]
    assert not wrong, (
        f"{len(wrong)} of {len(cases)} differ (value, digits, Python, JS): {wrong[:8]}"
    )
