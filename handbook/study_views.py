"""Study views on a category page's HTML: quiz mode, filters by level and tag, a random question.

Everything the browser needs is in the page as built, so ``docs/javascripts/reader.js`` only
toggles classes and attributes (no DOM building on load):

- each question becomes ``<section class="hb-q" data-level=… data-tags=…>``;
- its answer (everything after the badges) sits in ``<div class="hb-answer">`` behind a
  "Show answer" button that only quiz mode shows;
- the sections after the first ``EAGER`` are marked ``hb-later``: their answers are laid out
  after load, a slice at a time (overrides/partials/lazy-answers.html);
- a toolbar under the page title holds the quiz toggle, the filters and the random button.
"""

from __future__ import annotations

import html
import re

from handbook.model import Category

LEVELS = ("junior", "mid", "senior")
# Answers laid out with the page; the later ones (class "hb-later") are laid out after load, in
# slices (overrides/partials/lazy-answers.html). Two answers fill several screens on every
# category page, so the slices never move what the first screen shows
# (tests/browser/test_lazy_answers.py measures it on each page).
EAGER = 2
H1_END_RE = re.compile(r"</h1>")
H2_RE = re.compile(r'<h2 id="([^"]+)"')
META_END_RE = re.compile(r'<p class="hb-meta">.*?</p>', re.DOTALL)


def toolbar(category: Category) -> str:
    """The study toolbar of one category page."""
    e = html.escape
    levels = [lv for lv in LEVELS if any(q.difficulty == lv for q in category.questions)]
    tags = sorted({t for q in category.questions for t in q.tags})
    level_options = "".join(f'<option value="{lv}">{lv}</option>' for lv in levels)
    tag_options = "".join(f'<option value="{e(t)}">{e(t)}</option>' for t in tags)
    return (
        '<div class="hb-study" role="group" aria-label="Study tools">'
        '<button type="button" class="md-button hb-study__quiz" data-hb-quiz '
        'aria-pressed="false" title="Hide every answer behind its question (key: q)">'
        "Quiz mode</button>"
        '<label class="hb-study__filter">Level <select data-hb-level>'
        f'<option value="">all</option>{level_options}</select></label>'
        '<label class="hb-study__filter">Tag <select data-hb-tag>'
        f'<option value="">all</option>{tag_options}</select></label>'
        '<button type="button" class="md-button" data-hb-random '
        'title="Jump to a random question among those shown (key: r)">Random question</button>'
        '<span class="hb-study__count" data-hb-count aria-live="polite"></span>'
        "</div>"
    )


def study_page(content: str, category: Category) -> str:
    """``content`` (a category page's article HTML) with the study views added."""
    by_id = {q.id: q for q in category.questions}
    starts = [m for m in H2_RE.finditer(content) if m.group(1) in by_id]
    if not starts:
        return content
    out: list[str] = []
    pos = 0
    for n, m in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(content)
        out.append(content[pos : m.start()])
        section = content[m.start() : end]
        q = by_id[m.group(1)]
        meta = META_END_RE.search(section)
        split = meta.end() if meta else section.index("</h2>") + len("</h2>")
        tags = html.escape("|".join(q.tags), quote=True)
        answer_id = f"{q.id}--answer"
        later = " hb-later" if n >= EAGER else ""
        out.append(
            f'<section class="hb-q{later}" data-level="{q.difficulty}" data-tags="{tags}">'
            f"{section[:split]}"
            f'<button type="button" class="md-button hb-reveal" aria-expanded="false" '
            f'aria-controls="{answer_id}">Show answer</button>'
            f'<div class="hb-answer" id="{answer_id}">{section[split:]}</div></section>'
        )
        pos = end
    page = "".join(out)
    h1 = H1_END_RE.search(page)
    at = h1.end() if h1 else 0
    return page[:at] + toolbar(category) + page[at:]
