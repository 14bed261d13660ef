"""In a real browser: category pages lay out the answers after the first ``EAGER`` questions in
slices after load (overrides/partials/lazy-answers.html), and a reader never sees the difference —
the first screen does not move, anchors, in-page links, reloads, quiz mode, printing and
readers without JavaScript all get every answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from handbook.study_views import EAGER
from support import wait_laid_out

pytestmark = [pytest.mark.browser, pytest.mark.build]

LARGEST = "questions/camera-geometry/"  # the most elements of any page
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1920, "height": 1200}}

# Runs before the page's own scripts. Records, at DOMContentLoaded and before the slices start,
# whether the deferral is on, which answers are rendered and where the first deferred one starts;
# sums every layout shift the browser reports; and, with window.__hold set, keeps the slices
# (the partial's `slice` function, scheduled with setTimeout) from running until the test
# releases them one by one, so that the state between slices can be examined at any speed.
PROBE = """
window.__shifts = 0;
window.__shifted = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__shifts += e.value;
    for (const s of e.sources) window.__shifted.push(
      [e.startTime, s.node && s.node.nodeName, s.node && String(s.node.className),
       s.previousRect.y, s.currentRect.y].join(" "));
  }
}).observe({type: "layout-shift", buffered: true});
window.__held = [];
const realTimeout = window.setTimeout;
window.setTimeout = function (fn, ms) {
  if (window.__hold && fn && fn.name === "slice") { window.__held.push(fn); return 0; }
  return realTimeout.apply(this, arguments);
};
document.addEventListener("DOMContentLoaded", () => {
  window.__rootClassChanges = 0;  // each one restyles the whole page
  new MutationObserver(m => { window.__rootClassChanges += m.length; })
    .observe(document.documentElement, {attributes: true, attributeFilter: ["class"]});
  const qs = [...document.querySelectorAll(".hb-q")];
  window.__atLoad = {
    lazy: document.documentElement.classList.contains("hb-lazy"),
    rendered: qs.map(q => getComputedStyle(q.querySelector(".hb-answer")).display !== "none"),
    laterTop: qs.some(q => q.matches(".hb-later"))
      ? document.querySelector(".hb-later").getBoundingClientRect().top + scrollY : null,
  };
});
"""
RENDERED = (
    "() => [...document.querySelectorAll('.hb-q')]"
    ".map(q => getComputedStyle(q.querySelector('.hb-answer')).display !== 'none')"
)


def _page(chromium: Any, hold: bool = False, **context: Any) -> Any:
    page = chromium.new_context(**(context or PHONE)).new_page()
    page.add_init_script(("window.__hold = true;" if hold else "") + PROBE)
    return page


def _categories(built_site: Path) -> list[str]:
    return sorted(
        f"questions/{p.parent.name}/" for p in (built_site / "questions").glob("*/index.html")
    )


def test_deferred_answers_are_laid_out_after_load_slice_by_slice(server: str, chromium) -> None:
    page = _page(chromium, hold=True)
    page.goto(server + LARGEST)
    at_load = page.evaluate("window.__atLoad")
    n = len(at_load["rendered"])
    assert n > 10 and at_load["lazy"]
    assert at_load["rendered"] == [True] * EAGER + [False] * (n - EAGER)
    # the slices, released one at a time, only ever add answers, in page order
    seen = EAGER
    while page.evaluate("window.__held.length"):
        page.evaluate("window.__held.shift()()")
        rendered = page.evaluate(RENDERED)
        now = rendered.index(False) if False in rendered else n
        assert now > seen  # each slice lays out at least one answer
        assert rendered == [True] * now + [False] * (n - now)
        seen = now
    assert seen == n
    assert page.evaluate("window.__rootClassChanges") == 0
    wait_laid_out(page)
    heights = page.evaluate(
        "[...document.querySelectorAll('.hb-answer')].map(a => a.getBoundingClientRect().height)"
    )
    assert len(heights) == n and min(heights) > 50
    page.context.close()


@pytest.mark.parametrize("context", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_nothing_on_the_first_screen_moves_on_any_category_page(
    server: str, chromium, built_site: Path, context: dict[str, Any]
) -> None:
    page = _page(chromium, **context)
    height = context["viewport"]["height"]
    for path in _categories(built_site):
        page.goto(server + path)
        wait_laid_out(page)
        at_load = page.evaluate("window.__atLoad")
        if len(at_load["rendered"]) <= EAGER:
            continue
        assert at_load["lazy"], path
        # everything above the first deferred question is laid out with the page, and that
        # question starts well below the first screen, so the slices move nothing visible
        assert at_load["laterTop"] > 1.5 * height, (path, at_load["laterTop"])
        later = page.evaluate(
            "document.querySelector('.hb-later').getBoundingClientRect().top + scrollY"
        )
        assert abs(later - at_load["laterTop"]) < 1, path
        # a slice that moved what the screen shows would move it by a whole answer (hundreds
        # of pixels: a shift score near 0.1 or more). One test run saw a 0.001 shift of unknown
        # origin on one page, not seen again in 228 loads of every category, so the bound is 0.01
        assert page.evaluate("window.__shifts") < 0.01, (path, page.evaluate("window.__shifted"))
        assert page.evaluate(RENDERED) == [True] * len(at_load["rendered"]), path
    page.context.close()


def test_an_anchor_opens_with_every_answer_laid_out_and_the_target_on_screen(
    server: str, chromium, built_site: Path
) -> None:
    html = (built_site / LARGEST / "index.html").read_text(encoding="utf-8")
    last = html.rsplit('<section class="hb-q"', 1)[1].split('<h2 id="', 1)[1].split('"', 1)[0]
    page = _page(chromium, hold=True)
    page.goto(f"{server}{LARGEST}#{last}")
    at_load = page.evaluate("window.__atLoad")
    assert not at_load["lazy"] and all(at_load["rendered"])
    assert page.evaluate("window.__held.length") == 0
    top = page.locator(f"h2#{last}").evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 200, top
    page.context.close()


def test_an_in_page_link_before_the_slices_end_lands_on_its_question(
    server: str, chromium, built_site: Path
) -> None:
    page = _page(chromium, hold=True)
    page.goto(server + LARGEST)
    assert page.evaluate("window.__atLoad.lazy") and page.evaluate("window.__held.length")
    target = page.evaluate("[...document.querySelectorAll('.hb-q h2')].at(-2).id")
    page.evaluate(f"location.hash = '#{target}'")  # as the table of contents does
    wait_laid_out(page)
    assert all(page.evaluate(RENDERED))
    page.wait_for_function(
        f"Math.abs(document.getElementById('{target}').getBoundingClientRect().top) < 200"
    )
    page.context.close()


@pytest.mark.parametrize("keys", ["Control+f", "Meta+f", "F3"])
def test_find_in_page_before_the_slices_end_sees_every_answer(
    server: str, chromium, keys: str
) -> None:
    page = _page(chromium, hold=True)
    page.goto(server + LARGEST)
    assert not all(page.evaluate(RENDERED))
    page.keyboard.press("Control+c")  # another shortcut changes nothing
    assert not all(page.evaluate(RENDERED))
    page.keyboard.press(keys)
    assert all(page.evaluate(RENDERED))
    page.context.close()


def test_asked_for_while_the_page_is_still_parsed_every_answer_comes(server: str, chromium) -> None:
    page = _page(chromium, hold=True)
    # "print" as soon as the first deferred section is parsed, long before the last one is
    page.add_init_script(
        """new MutationObserver((m, obs) => {
             if (!document.querySelector(".hb-later")) return;
             obs.disconnect();
             window.__parsedThen = document.querySelectorAll(".hb-q").length;
             dispatchEvent(new Event("beforeprint"));
           }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(server + LARGEST)
    rendered = page.evaluate(RENDERED)
    assert page.evaluate("window.__parsedThen") < len(rendered)
    assert all(rendered) and page.evaluate("window.__held.length") == 0
    page.context.close()


def test_a_reload_lays_everything_out_at_once(server: str, chromium) -> None:
    page = _page(chromium, hold=True)
    page.goto(server + LARGEST)
    assert page.evaluate("window.__atLoad.lazy")
    page.reload()  # the browser restores the scroll position: the page must be whole
    at_load = page.evaluate("window.__atLoad")
    assert not at_load["lazy"] and all(at_load["rendered"])
    page.context.close()


def test_quiz_mode_shows_an_answer_the_slices_have_not_reached(server: str, chromium) -> None:
    page = _page(chromium, hold=True)
    page.goto(server + LARGEST)
    page.get_by_role("button", name="Quiz mode").click()
    last = page.locator(".hb-q").last
    assert not last.locator(".hb-answer").is_visible()
    last.get_by_role("button", name="Show answer").click()
    assert last.locator(".hb-answer").is_visible()
    page.context.close()


def test_printing_and_readers_without_javascript_get_every_answer(server: str, chromium) -> None:
    page = _page(chromium, hold=True)
    page.goto(server + LARGEST)
    assert not all(page.evaluate(RENDERED))
    page.emulate_media(media="print")  # print preview: the rule is for screens only
    assert all(page.evaluate(RENDERED))
    page.emulate_media(media="screen")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")  # printing ends the deferral
    assert all(page.evaluate(RENDERED))
    page.context.close()

    page = chromium.new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(server + LARGEST)
    assert page.evaluate("document.documentElement.className") == "no-js"
    assert page.locator(".hb-q .hb-answer").count() > 10
    hidden = page.locator(".hb-q .hb-answer").evaluate_all(
        "as => as.filter(a => getComputedStyle(a).display === 'none').length"
    )
    assert hidden == 0
    page.context.close()


def test_pages_without_questions_defer_nothing(server: str, chromium) -> None:
    page = _page(chromium)
    for path in ("", "glossary/", "cheatsheets/evaluation-metrics/", "reference/tracking/"):
        page.goto(server + path)
        assert not page.evaluate("window.__atLoad.lazy"), path
        assert "lazy-answers" not in page.content() and "hb-lazy" not in page.content()
    page.context.close()
