"""In a real browser: hovering a term shows its definition; the search result for an alias
lands on its entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook import glossary
from support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_hovering_a_term_shows_its_definition(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server + "questions/object-detection/")
    term = page.locator("a.hb-term").first
    tip = term.get_attribute("data-tip")
    assert tip
    term.hover()
    box = page.locator(".hb-pop[role=tooltip]")
    box.wait_for(state="visible", timeout=5_000)
    assert tip[:40] in box.inner_text()
    page.close()


def test_a_letter_is_closed_until_a_link_points_into_it(server: str, chromium) -> None:
    page = chromium.new_page()
    page.goto(server + "questions/object-detection/")
    term = page.locator("a.hb-term").first
    slug = term.get_attribute("href").rsplit("#", 1)[1]
    term.click()  # a mouse click follows the link
    page.wait_for_url(re.compile(rf".*glossary/#{slug}$"))
    heading = page.locator(f"#{slug}")
    assert heading.is_visible()
    entry = page.locator(f'xpath=//h3[@id="{slug}"]/following-sibling::p[@data-hb-used][1]')
    assert entry.locator("text=Used in:").is_visible()
    # opened, the letter lists the questions (glossary/used-in.json), this one among them
    back = entry.locator('a[href*="/questions/object-detection/#"]')
    back.first.wait_for(timeout=5_000)
    assert back.count() >= 1 and len(back.first.inner_text()) > 20
    closed = page.locator("details.hb-letter:not([open])")
    assert closed.count() >= 20  # the other letters stay closed
    letter_id = closed.first.evaluate("d => d.previousElementSibling.id")
    other = page.locator(f'xpath=//h2[@id="{letter_id}"]/following-sibling::details[1]')
    assert not other.locator("h3").first.is_visible()
    assert other.locator("p[data-hb-used] a").count() == 0  # closed: counts only, no links
    page.locator(f'.hb-az a[href="#{letter_id}"]').click()  # the A–Z bar opens a letter
    assert other.locator("h3").first.is_visible()
    other.locator('p[data-hb-used] a[href*="#"]').first.wait_for(timeout=5_000)
    page.close()


def test_searching_an_alias_lands_on_the_glossary_entry(server: str, chromium) -> None:
    g, _ = glossary.load_glossary(ROOT / glossary.GLOSSARY_FILE, glossary.GLOSSARY_FILE)
    term = next(t for t in g.terms if t.aliases and " " not in t.aliases[0])
    alias = term.aliases[0]
    page = chromium.new_page()
    page.goto(server)
    box = page.get_by_role("textbox", name="Search")
    box.focus()
    box.fill(alias)
    # Material adds the query for highlighting: glossary/?h=<query>#<slug>
    hit = page.locator(f'a.md-search-result__link[href*="glossary/"][href$="#{term.slug}"]').first
    hit.wait_for(timeout=10_000)
    hit.click()
    page.wait_for_url(re.compile(rf".*glossary/(\?[^#]*)?#{term.slug}$"))
    heading = page.locator(f"#{term.slug}")
    assert heading.is_visible()
    page.close()


def test_glossary_file_is_what_the_site_shows() -> None:
    # Guard for the two tests above: they read the same file the hook reads.
    assert (ROOT / glossary.GLOSSARY_FILE).is_file()
    assert Path(glossary.__file__).parent == ROOT / "handbook"
