"""MkDocs hook: study views on category pages (built by ``handbook.study_views``).

- ``on_page_content``: quiz-mode answers, level and tag filters and the random-question
  button, as static HTML that ``docs/javascripts/reader.js`` switches on; and
  ``page.meta["hb_lazy_answers"]``, which makes the theme (overrides/main.html) lay out the
  answers of all but the first ``EAGER`` questions after load, in slices
  (overrides/partials/lazy-answers.html).
"""

from __future__ import annotations

from typing import Any

import questions  # the sibling hook: this build's bank
from handbook.study_views import study_page


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    bank = questions.bank_from_config(config)
    category = next((c for c in bank.categories if c.page == page.file.src_uri), None)
    if category is None:
        return html_text
    page.meta["hb_lazy_answers"] = True
    return study_page(html_text, category)


def on_files(files: Any, config: Any) -> Any:
    """``study/questions.json``: every question's URL and level, for the random button on
    pages other than a category page (fetched on click, never on load)."""
    import json

    from mkdocs.structure.files import File

    bank = questions.bank_from_config(config)
    rows = []
    for c in bank.categories:
        page = files.get_file_from_path(c.page)
        if page is not None:
            rows += [[f"{page.url}#{q.id}", q.difficulty, c.slug] for q in c.questions]
    content = json.dumps(rows, separators=(",", ":"))
    files.append(File.generated(config, "study/questions.json", content=content))
    return files
