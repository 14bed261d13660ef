"""What ``make serve`` keeps between rebuilds (handbook.cache, handbook.bank.PageCache, the
glossary's memo): reused only while its inputs are unchanged, and equal to a fresh result."""

from __future__ import annotations

from pathlib import Path

import jinja2

from handbook.bank import PageCache, bank_from_pages, load_bank, read_pages
from handbook.cache import BuildCache, MemoryBytecodeCache, reuse
from handbook.glossary import GLOSSARY_FILE, load_glossary
from handbook.glossary_usage import lint_usage, term_usage
from support import ROOT

SNIPPET = """\
# --8<-- [start:area]
def area(w, h):
    return w * h
# --8<-- [end:area]
"""


def test_a_cached_bank_equals_a_fresh_one() -> None:
    cache = PageCache()
    fresh, fresh_problems = load_bank(ROOT / "docs", ROOT)
    first, problems = load_bank(ROOT / "docs", ROOT, cache)
    parsed = cache.parsed
    again, again_problems = load_bank(ROOT / "docs", ROOT, cache)
    assert cache.parsed == parsed  # nothing changed: nothing parsed again
    assert fresh.categories == first.categories == again.categories
    assert fresh_problems == problems == again_problems == []
    assert again.categories[0].questions[0] is first.categories[0].questions[0]


def test_an_edited_page_is_parsed_again_and_its_problems_are_fresh() -> None:
    pages, _ = read_pages(ROOT / "docs")
    cache = PageCache()
    bank_from_pages(pages, ROOT, cache)
    parsed = cache.parsed
    page = next(p for p in pages if p.startswith("questions/") and p != "questions/index.md")
    first_id = bank_from_pages(pages, ROOT, cache)[0].categories[0].questions[0].id
    edited = dict(pages)
    edited[page] = pages[page].replace(f"{{#{first_id}}}", "{#Bad_Id}", 1)
    bank, problems = bank_from_pages(edited, ROOT, cache)
    assert cache.parsed == parsed + 1
    assert any(p.path == f"docs/{page}" and "Bad_Id" in p.message for p in problems)
    assert bank_from_pages(edited, ROOT) == (bank, problems)  # same as without a cache


def test_a_changed_include_parses_the_including_page_again(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    snippet = tmp_path / "code" / "geometry.py"
    snippet.write_text(SNIPPET)
    page = '# Notes\n\n```python\n--8<-- "code/geometry.py:area"\n```\n'
    pages = {"notes.md": page}
    cache = PageCache()
    assert bank_from_pages(pages, tmp_path, cache)[1] == []
    assert bank_from_pages(pages, tmp_path, cache)[1] == [] and cache.parsed == 1
    snippet.write_text(SNIPPET.replace("[end:area]", "[end:size]"))  # the section loses its end
    problems = bank_from_pages(pages, tmp_path, cache)[1]
    assert cache.parsed == 2
    assert [p.message for p in problems] == [
        "include 'code/geometry.py:area': section 'area' has no '--8<-- [end:area]' marker in "
        "code/geometry.py; add the section markers around the code or fix the name"
    ]
    snippet.unlink()  # a missing file is a key of its own, and a problem
    assert "does not exist" in bank_from_pages(pages, tmp_path, cache)[1][0].message


def test_keep_computes_once_per_key() -> None:
    cache, calls = BuildCache(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.keep("x", "a", compute) == 1
    assert cache.keep("x", "a", compute) == 1
    assert cache.keep("x", "b", compute) == 2  # a new key replaces the old value
    assert cache.keep("x", "a", compute) == 3
    assert cache.computed == {"x": 3}
    assert reuse(None, "x", "a", compute) == 4  # no cache (a full build): always computed
    assert reuse(cache, "x", "a", compute) == 3


def test_the_glossary_memo_gives_what_a_fresh_glossary_gives() -> None:
    bank, _ = load_bank(ROOT / "docs", ROOT)
    kept, _ = load_glossary(ROOT / GLOSSARY_FILE, GLOSSARY_FILE)
    first = (lint_usage(kept, bank.pages, bank), term_usage(kept, bank))
    assert kept.memo  # pages and questions scanned once…
    size = len(kept.memo)
    second = (lint_usage(kept, bank.pages, bank), term_usage(kept, bank))
    assert len(kept.memo) == size  # …and not again
    fresh, _ = load_glossary(ROOT / GLOSSARY_FILE, GLOSSARY_FILE)
    assert first == second == (lint_usage(fresh, bank.pages, bank), term_usage(fresh, bank))
    assert any(first[1].values())


def test_an_edited_page_is_scanned_for_terms_again() -> None:
    bank, _ = load_bank(ROOT / "docs", ROOT)
    glossary, _ = load_glossary(ROOT / GLOSSARY_FILE, GLOSSARY_FILE)
    pages = {"note.md": "# Note\n\nPlain words.\n"}
    lint_usage(glossary, pages, bank)
    pages["note.md"] += "\n[[term:No such term]]\n"
    problems = lint_usage(glossary, pages, bank)
    assert any(p.path == "docs/note.md" and p.line == 5 for p in problems)


def test_compiled_templates_are_reused_until_the_source_changes() -> None:
    cache = MemoryBytecodeCache()
    sources = {"page.html": "<p>{{ x }}</p>"}

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        return env.get_template("page.html").render(x=1)

    assert render() == "<p>1</p>" and len(cache.store) == 1
    code = next(iter(cache.store.values()))
    assert render() == "<p>1</p>" and next(iter(cache.store.values())) is code  # reused
    sources["page.html"] = "<b>{{ x }}</b>"
    assert render() == "<b>1</b>"  # a changed template is compiled again


def test_unchanged_categories_keep_their_anki_packages() -> None:
    from dataclasses import replace

    from handbook.cards import bank_cards
    from handbook.decks import WHOLE, build_packages, package_name

    bank, _ = load_bank(ROOT / "docs", ROOT)
    cards = bank_cards(bank, "http://127.0.0.1:8000/", {})
    kept: dict = {}
    first = build_packages(cards, 1767225600, kept)
    assert first == build_packages(cards, 1767225600)  # same bytes as without keeping
    assert len(kept) == len(bank.categories)
    edited = [replace(c, answer_html=c.answer_html + "<p>edited</p>") if i == 0 else c
              for i, c in enumerate(cards)]  # fmt: skip
    second = build_packages(edited, 1767225600, kept)
    assert second == build_packages(edited, 1767225600)
    changed = {name for name in first if first[name] != second[name]}
    assert changed == {package_name(cards[0].category), package_name(WHOLE)}
    assert len(kept) == len(bank.categories)  # the old package of the edited deck is gone
