"""Study mode pages (Markdown, generated, never written into docs/): the downloads page with
the Anki decks and CSV/TSV, the numeric drills page, and the download lines other pages show.

Everything lives below ``study/`` in the site: ``study/<slug>.apkg``, ``study/<whole>.apkg``,
``study/flashcards.csv`` / ``.tsv``, ``study/index.md``, ``study/drills.md`` and the drill
sheet's PDFs ``study/drills-a4.pdf`` / ``-letter.pdf``.
"""

from __future__ import annotations

import html
import json
import posixpath
import re

from handbook.cheatsheets import PAPERS, SHEETS_DIR, pdf_name
from handbook.decks import HANDBOOK, WHOLE, package_name
from handbook.drills import GENERATORS, Drill
from handbook.markdown import H1_RE, code_mask
from handbook.model import Bank, Category

STUDY_DIR = "study"
CSV_NAME = "flashcards.csv"
TSV_NAME = "flashcards.tsv"
DRILLS = "drills"
MARKER_RE = re.compile(r"<!--\s*handbook:\s*study-downloads\s*-->")
SHEET_INDEX = f"{SHEETS_DIR}/index.md"
# The function behind each drill type, and its reference page (relative to docs/).
DRILL_SOURCES = {
    "conv-output": ("conv_output_size", "reference/convolution.md"),
    "conv-params": ("conv_params", "reference/convolution.md"),
    "receptive-field": ("receptive_field", "reference/convolution.md"),
    "iou": ("box_iou", "reference/boxes.md"),
    "nms": ("nms", "reference/boxes.md"),
    "ap": ("voc_average_precision", "reference/detection_metrics.md"),
    "homography": ("homography_dlt", "reference/homography.md"),
    "quantization": ("affine_qparams", "reference/quantization.md"),
}


def study_path(name: str) -> str:
    """A study file's path relative to docs/ (and the site root)."""
    return f"{STUDY_DIR}/{name}"


def _rel(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def downloads_line(page: str, category: Category | None = None) -> str:
    """A Markdown line of study downloads for ``page``: the category's deck (or the whole
    handbook's), the CSV/TSV and the drills."""
    if category is None:
        deck = f"[Anki deck, all questions]({_rel(page, study_path(package_name(WHOLE)))})"
    else:
        deck = (
            f"[Anki deck, {category.title}]({_rel(page, study_path(package_name(category.slug)))})"
        )
    links = [
        deck,
        f"[CSV]({_rel(page, study_path(CSV_NAME))})",
        f"[TSV]({_rel(page, study_path(TSV_NAME))})",
        f"[numeric drills]({_rel(page, study_path(DRILLS + '.md'))})",
        f"[all decks]({_rel(page, study_path('index.md'))})",
    ]
    return '<p class="hb-study" markdown>**Study:** ' + " · ".join(links) + "</p>"


def study_index(bank: Bank, cards_per_deck: dict[str, int]) -> str:
    """The study page: every deck with its card count, the CSV/TSV and the drills."""
    whole = package_name(WHOLE)
    rows = [f"| [All questions]({whole}) | {cards_per_deck[whole]} |"]
    rows += [
        f"| [{c.title}]({package_name(c.slug)}) | {cards_per_deck[package_name(c.slug)]} |"
        for c in bank.categories
    ]
    return "\n".join(
        [
            "---",
            "title: Study mode",
            "description: Anki decks, CSV and numeric drills generated from the answers.",
            "---",
            "",
            "# Study mode",
            "",
            "Flashcards and drills generated from the same pages as the site on every build, "
            "so a correction here reaches your deck the next time you download it.",
            "",
            "## Anki decks",
            "",
            "Front: the question. Back: the 30-second answer (formulas as LaTeX between "
            "`\\(` and `\\)`, which Anki typesets) and a link to the full answer. Tags: "
            "`cv-handbook::category::…` and `cv-handbook::level::…`. Each note's GUID comes "
            "from the question's id, so importing a newer deck — or the whole handbook after "
            "a category — updates your cards and keeps their review history instead of "
            "adding duplicates.",
            "",
            "| Deck | Cards |",
            "|---|---:|",
            *rows,
            "",
            "## CSV and TSV",
            "",
            f"The same cards as [CSV]({CSV_NAME}) and [TSV]({TSV_NAME}) (UTF-8, one row per "
            "question: id, question, answer, category, level, url; formulas as LaTeX "
            "source): import them into any flashcard app or spreadsheet.",
            "",
            "## Numeric drills",
            "",
            f"[Practice problems]({DRILLS}.md) — convolution sizes and parameters, receptive "
            "fields, IoU, NMS, AP, homographies and int8 quantisation — with answers computed "
            "by the handbook's tested code, on screen and as a printable sheet.",
            "",
        ]
    )


def _label(name: str) -> str:
    return name.replace("_", " ") + " ="


def _drill_html(n: int, d: Drill) -> str:
    values = " · ".join(
        f'{_label(name)} <span class="hb-value" data-name="{name}">{html.escape(text)}</span>'
        for name, text in d.shown.items()
    )
    inputs = html.escape(json.dumps(d.inputs, separators=(",", ":")), quote=True)
    return "\n".join(
        [
            f'<section class="hb-drill" id="drill-{n}" data-kind="{d.kind}"',
            f'  data-inputs="{inputs}">',
            f'<p class="hb-drill-title"><strong>{n}. {d.title}</strong></p>',
            f"<p>{d.prompt}</p>",
            '<details class="hb-drill-answer"><summary>Show the answer</summary>',
            f'<p class="hb-answer">{values}</p>',
            f'<p class="hb-working">{d.working}</p>',
            "</details>",
            "</section>",
            "",
        ]
    )


def _answer_key(drills: list[Drill]) -> list[str]:
    items = [
        "<li>" + "; ".join(f"{_label(k)} {html.escape(v)}" for k, v in d.shown.items()) + "</li>"
        for d in drills
    ]
    return [
        '<div class="hb-answer-key">',
        "<p><strong>Answers</strong></p>",
        "<ol>",
        *items,
        "</ol>",
        "</div>",
        "",
    ]


def drills_page(drills: list[Drill], seed: int, built: str) -> str:
    """The drills page: problems with answers behind ``<details>`` (no JavaScript needed);
    on paper, the problems and then an answer key (the PDFs print this page)."""
    page = study_path(f"{DRILLS}.md")
    sources = sorted({(fn, ref) for fn, ref in DRILL_SOURCES.values()})
    used = ", ".join(f"[`{fn}`]({_rel(page, ref)})" for fn, ref in sources)
    downloads = " · ".join(
        f'<a href="../{pdf_name(DRILLS, key)}" download>PDF, {label}</a>'
        for key, label in PAPERS.items()
    )
    per_kind = len(drills) // len(GENERATORS)
    seed_html = f'<span class="hb-seed">{seed}</span>'
    head = [
        "---",
        "title: Numeric drills",
        "description: Practice problems on convolution arithmetic, IoU, NMS, AP, homographies "
        "and int8 quantisation, answered by the handbook's tested code.",
        "---",
        "",
        "# Numeric drills",
        "",
        f'<p class="hb-sheet-header">{HANDBOOK} · numeric drills · set {seed_html} · '
        f"built {built}</p>",
        "",
        f'<p class="hb-downloads">{downloads} · <button type="button" class="md-button '
        'hb-new-set" hidden>New set</button></p>',
        "",
        '<div class="hb-drills-intro" markdown>',
        "",
        f"Work each problem on paper, then open its answer. This is set {seed_html}, the same "
        "on every build; *New set* draws another in your browser (its number goes into the "
        f"address, so a set can be shared). Every answer is computed by the code the handbook "
        f"shows: {used}.",
        "",
        "</div>",
        "",
        f'<div class="hb-drills" data-seed="{seed}" data-per-kind="{per_kind}" aria-live="polite">',
        "",
    ]
    body = [_drill_html(n, d) for n, d in enumerate(drills, 1)]
    return "\n".join([*head, *body, "</div>", "", *_answer_key(drills)])


def place_downloads(markdown: str, bank: Bank, page: str) -> str:
    """Put the study line on a page: at ``<!-- handbook: study-downloads -->``, or else right
    after the H1 of a category page (that category's deck) and of the cheat-sheet index."""
    category = next((c for c in bank.categories if c.page == page), None)
    line = downloads_line(page, category)
    if MARKER_RE.search(markdown):
        return MARKER_RE.sub(lambda _m: line, markdown)
    if category is None and page != SHEET_INDEX:
        return markdown
    lines = markdown.split("\n")
    mask = code_mask(lines)
    for i, text in enumerate(lines):
        if not mask[i] and H1_RE.match(text):
            return "\n".join([*lines[: i + 1], "", line, *lines[i + 1 :]])
    return markdown
