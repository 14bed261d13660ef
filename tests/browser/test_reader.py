"""In a real browser: what a reader does — search, quiz mode, filters, the random question,
glossary terms on a phone, printing a cheat sheet — on every page type, offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import foreign_requests, wait_laid_out

pytestmark = [pytest.mark.browser, pytest.mark.build]

CATEGORY = "questions/evaluation-metrics/"
PAGE_TYPES = {
    "home": "",
    "questions index": "questions/",
    "category": CATEGORY,
    "glossary": "glossary/",
    "cheat sheet": "cheatsheets/evaluation-metrics/",
    "master cheat sheet": "cheatsheets/",
    "code reference": "reference/tracking/",
}

# Topic query → the first result a reader should get: the question that answers it.
RANKING = {
    "Hungarian matching": "questions/object-detection/#detr-hungarian-matching",
    "maxDets": "questions/evaluation-metrics/#coco-ap-computation",
    "RoIAlign": "questions/segmentation/#mask-rcnn-roialign",
    "focal loss": "questions/object-detection/#focal-loss-retinanet",
    "temperature scaling": "questions/evaluation-metrics/#calibration-temperature-scaling",
    "label smoothing": "questions/training-transfer-learning/#label-smoothing",
    "AdamW": "questions/training-transfer-learning/#sgd-vs-adamw",
    "warm-up": "questions/training-transfer-learning/#warmup-and-lr-schedules",
    "receptive field": "questions/cnn-fundamentals/#receptive-field-calculation",
    "depthwise separable": "questions/cnn-fundamentals/#depthwise-separable-convolution",
    "non-maximum suppression": "questions/object-detection/#iou-and-nms",
    "anchor-free": "questions/object-detection/#anchor-boxes-vs-anchor-free",
    "panoptic quality": "questions/segmentation/#panoptic-quality-pq",
    "skip connections": "questions/segmentation/#unet-skip-connections",
    "atrous convolution": "questions/segmentation/#deeplab-atrous-convolution",
    "data leakage": "questions/data/#train-val-test-split-leakage",
    "near-duplicate": "questions/data/#near-duplicate-detection",
    "STAR method": "questions/behavioural/#star-method-project-story",
    "mixed precision": "questions/training-transfer-learning/#mixed-precision-training",
    "early stopping": "questions/training-transfer-learning/#early-stopping",
    "Xavier": "questions/training-transfer-learning/#weight-initialisation",
    "top-k accuracy": "questions/evaluation-metrics/#top-k-accuracy",
    "confusion matrix": "questions/evaluation-metrics/#confusion-matrix-multiclass",
    "feature pyramid": "questions/object-detection/#fpn-multi-scale-features",
    "SAM 2": "questions/segmentation/#sam-promptable-segmentation",
    "vision transformer": "questions/cnn-fundamentals/#cnn-vs-vision-transformer",
}
KIND_ORDER = ["question", "glossary", "code", "page"]


def search(page, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into the search box; return (kind, href) of the results shown."""
    box = page.get_by_role("textbox", name="Search")
    box.fill(query)
    page.locator("[data-hb-search-meta]").filter(has_text=f"“{query}”").wait_for(timeout=20_000)
    return page.locator(".md-search-result__link").evaluate_all(
        "els => els.map(e => [e.dataset.hbKind, e.getAttribute('href')])"
    )


def test_search_ranks_the_answering_question_first(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server)
    misses = {}
    for query, expected in RANKING.items():
        results = search(page, query)
        first = results[0][1] if results else "(nothing)"
        if not first.endswith(expected):
            misses[query] = first
        kinds = [KIND_ORDER.index(kind) for kind, _ in results]
        assert kinds == sorted(kinds), (query, results)  # questions, glossary, code, pages
    page.close()
    assert not misses, f"{len(misses)} of {len(RANKING)} queries ranked wrongly: {misses}"


def test_glossary_after_questions_and_code_after_glossary(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server)
    results = search(page, "Kalman filter")
    hrefs = [h for _, h in results]
    glossary = next(i for i, h in enumerate(hrefs) if h.endswith("glossary/#kalman-filter"))
    code = next(i for i, h in enumerate(hrefs) if "reference/tracking/" in h)
    assert results[0][0] == "question" and glossary < code
    # an alias finds its glossary entry
    assert any(h.endswith("glossary/#intersection-over-union") for _, h in search(page, "Jaccard"))
    page.close()


def test_search_index_loads_only_when_search_is_used(server: str, chromium) -> None:
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + CATEGORY, wait_until="networkidle")
    assert not [u for u in requests if "pagefind" in u or "search_index" in u]
    # words from a full answer (not its title), typed before the index has loaded
    page.get_by_role("textbox", name="Search").fill("pycocotools maxDets")
    page.locator(".md-search-result__link").first.wait_for(timeout=20_000)
    assert any("pagefind" in u for u in requests)
    first = page.locator(".md-search-result__link").first
    assert first.get_attribute("href").endswith("#coco-ap-computation")
    # after the index has loaded, another query is answered too, and a result lands on its anchor
    results = search(page, "Hungarian matching")
    assert results[0][1].endswith("#detr-hungarian-matching")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url(re.compile(r".*/questions/object-detection/#detr-hungarian-matching$"))
    page.close()


def test_quiz_mode_hides_reveals_and_survives_a_reload(server: str, chromium) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(server + CATEGORY)
    answer = page.locator(".hb-answer").first
    assert answer.is_visible()
    page.get_by_role("button", name="Quiz mode").click()
    assert not answer.is_visible()
    assert page.locator(".hb-answer:visible").count() == 0
    page.reload()
    assert page.get_by_role("button", name="Quiz mode").get_attribute("aria-pressed") == "true"
    assert not answer.is_visible()
    reveal = page.locator(".hb-reveal").first
    reveal.focus()
    page.keyboard.press("Enter")  # keyboard accessible
    assert answer.is_visible() and reveal.get_attribute("aria-expanded") == "true"
    assert page.locator(".hb-answer:visible").count() == 1
    page.keyboard.press("Enter")
    assert not answer.is_visible()
    page.get_by_role("button", name="Quiz mode").click()
    assert answer.is_visible()
    context.close()


def _scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_dark_mode_follows_the_system_switches_and_is_remembered(server: str, chromium) -> None:
    # The handbook's palette script (overrides/partials/palette.html), not Material's component.
    for system, scheme, other in (("light", "default", "slate"), ("dark", "slate", "default")):
        context = chromium.new_context(color_scheme=system)
        page = context.new_page()
        page.goto(server + CATEGORY)
        assert _scheme(page) == scheme, system
        page.locator("form[data-hb-palette] label:visible").click()
        assert _scheme(page) == other
        page.goto(server + "glossary/")  # remembered on another page
        assert _scheme(page) == other
        page.locator("form[data-hb-palette] input:checked").focus()
        page.keyboard.press("Enter")  # keyboard accessible, as with Material's toggle
        assert _scheme(page) == scheme
        assert page.locator("form[data-hb-palette] label:visible").count() == 1
        context.close()


def test_filters_hide_questions_of_other_levels_and_tags(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server + CATEGORY)
    total = page.locator(".hb-q").count()
    page.get_by_label("Level").select_option("senior")
    shown = page.locator(".hb-q:visible")
    assert 0 < shown.count() < total
    assert set(shown.evaluate_all("els => els.map(e => e.dataset.level)")) == {"senior"}
    page.get_by_label("Level").select_option("")
    tag = page.get_by_label("Tag").locator("option").nth(1).get_attribute("value")
    page.get_by_label("Tag").select_option(tag)
    tags = shown.evaluate_all("els => els.map(e => e.dataset.tags.split('|'))")
    assert tags and all(tag in t for t in tags)
    page.close()


def test_random_question_lands_on_a_question_anchor(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server + CATEGORY)
    page.get_by_label("Level").select_option("junior")
    page.get_by_role("button", name="Random question").click()
    page.wait_for_url(re.compile(r".*#[a-z0-9-]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    section = page.locator(f".hb-q:has(h2#{anchor})")
    assert section.get_attribute("data-level") == "junior"
    page.close()


def test_tapping_a_term_on_a_phone_shows_its_definition_in_place(server: str, chromium) -> None:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(server + CATEGORY)
    term = page.locator("a.hb-term").nth(2)
    tip = term.get_attribute("data-tip")
    term.scroll_into_view_if_needed()
    term.tap()
    box = page.locator(".hb-pop")
    box.wait_for(state="visible", timeout=5_000)
    assert tip[:40] in box.inner_text()
    assert page.url.endswith(CATEGORY)  # the reader keeps their place
    assert box.get_by_role("link", name="Open in the glossary").get_attribute("href")
    page.locator("h1").first.tap()  # tap elsewhere closes it
    assert page.locator(".hb-pop").count() == 0
    context.close()


def test_terms_are_marked_at_most_twice_per_paragraph(built_site: Path) -> None:
    html = (built_site / CATEGORY / "index.html").read_text(encoding="utf-8")
    for block in re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", html, flags=re.S):
        assert block[1].count('class="hb-term"') <= 2, block[1][:200]


def test_aligned_equations_line_up_in_the_browser(server: str, chromium) -> None:
    """The Kalman filter's predict/update block: labels right-aligned, equations left-aligned
    (Chromium ignores MathML's columnalign; extra.css does the alignment)."""
    page = chromium.new_page()
    page.goto(server + "questions/video-tracking/")
    wait_laid_out(page)  # the Kalman filter's answer is not on the first screen
    cells = page.locator('mtable[columnspacing="0em"] mtd')
    aligns = cells.evaluate_all("cs => cs.map(c => getComputedStyle(c).textAlign)")
    assert aligns[:2] == ["right", "left"] and set(aligns) == {"right", "left"}
    lefts = cells.evaluate_all(
        "cs => cs.filter((c, i) => i % 2).map(c => c.firstElementChild.nextElementSibling)"
        ".map(e => Math.round(e.getBoundingClientRect().left))"
    )
    assert len(lefts) == 3 and len(set(lefts)) == 1, lefts  # the three equations start together
    page.close()


def test_printing_a_cheat_sheet_hides_navigation(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server + "cheatsheets/evaluation-metrics/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".hb-search"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").first.is_visible()
    page.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_every_page_type_is_clean_offline_and_fits_a_phone(
    server: str, chromium, name: str
) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    foreign = foreign_requests(page, server)
    response = page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    assert response is not None and response.ok
    # use search once on every page type: the lazy index must load from this host too
    if not page.get_by_role("textbox", name="Search").is_visible():  # a phone: the icon first
        page.locator("label.md-header__button[for=__search]").click()
    page.get_by_role("textbox", name="Search").fill("precision")
    page.locator(".md-search-result__link").first.wait_for(timeout=20_000)
    page.keyboard.press("Escape")
    wait_laid_out(page)  # every answer of a category page laid out, then measured
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert errors == []
    assert foreign == []
    assert overflow <= 0, f"{name}: {overflow} px of horizontal scroll at 390 px"
