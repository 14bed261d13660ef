"""The search index's records: one per question, glossary term and code-reference object.

A page's rendered HTML (the article body, after the other hooks) is cut into records, each
with the URL of its anchor, a kind that orders the results (questions first, then glossary
entries, then code reference, then other pages) and text indexed exactly once:

- a question page gives one record per question (heading, 30-second answer, full answer and
  its collapsible parts), without code blocks: included code is indexed once, under the code
  reference;
- the glossary gives one record per term (name, aliases weighted like a heading, definition),
  without its "Used in" lists, which repeat question titles;
- a code-reference page gives one record per documented object (its docstring, its source
  code, its name split at capitals so ``maxDets`` never matches ``max``);
- cheat sheets, the change log and the tags page give none: they repeat answers and titles.

The records are rendered as small HTML documents for Pagefind (a chunked static index; the
reader's browser loads only the fragments a query needs, and only once search is used).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# Result order in the search box: what a reader searching a topic wants first.
KINDS = ("question", "glossary", "code", "page")
KIND_LABELS = {"question": "Question", "glossary": "Glossary", "code": "Code", "page": "Page"}
NOT_INDEXED = ("cheatsheets/", "changes.md", "tags.md", "404")

H2_RE = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.DOTALL)
H3_RE = re.compile(r'<h3 id="([^"]+)"[^>]*>(.*?)</h3>', re.DOTALL)
PRE_RE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
MATH_RE = re.compile(r"<math\b.*?</math>", re.DOTALL)
HEADERLINK_RE = re.compile(r'<a [^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)
FILENAME_RE = re.compile(r'<span class="filename">.*?</span>', re.DOTALL)
INDEX_RE = re.compile(r'<div class="hb-index".*?</table>\s*</div>', re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"\s+")
ABSTRACT_RE = re.compile(
    r'<div class="admonition abstract">\s*<p class="admonition-title">[^<]*</p>(.*?)</div>',
    re.DOTALL,
)
USED_IN_RE = re.compile(r"<p[^>]*><strong>Used in:</strong>.*?</p>", re.DOTALL)
ALSO_RE = re.compile(r"<p><strong>Also called:</strong>(.*?)</p>", re.DOTALL)
CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass
class Record:
    """One search result: where it lands, what it is, and the text that finds it."""

    url: str
    kind: str
    title: str
    text: str
    section: str = ""
    lead: str = ""  # weighted above the body (a 30-second answer, a term's tooltip)
    aliases: list[str] = field(default_factory=list)

    def to_html(self) -> str:
        """A small HTML document for Pagefind: the title and aliases weighted as headings,
        the kind as metadata (the browser orders results by it). No Pagefind filter: its
        files come out in a different order on every run, and builds must be reproducible."""
        e = html.escape
        aliases = "".join(f"<h2>{e(a)}</h2>" for a in self.aliases)
        lead = f'<p data-pagefind-weight="3">{e(self.lead)}</p>' if self.lead else ""
        meta = "".join(
            f'<span data-pagefind-meta="{key}">{e(value)}</span>'
            for key, value in (
                ("kind", KIND_LABELS[self.kind]),
                ("section", self.section),
                ("href", self.url),
            )
            if value
        )
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{e(self.title)}</title></head>"
            f"<body><div data-pagefind-ignore>{meta}</div>"
            f'<h1 data-pagefind-meta="title">{e(self.title)}</h1>{aliases}{lead}'
            f"<p>{e(self.text)}</p></body></html>"
        )


def text_of(fragment: str) -> str:
    """Plain text of an HTML fragment: code blocks, math and permalinks dropped."""
    for pattern in (PRE_RE, MATH_RE, HEADERLINK_RE, FILENAME_RE):
        fragment = pattern.sub(" ", fragment)
    return SPACE_RE.sub(" ", html.unescape(TAG_RE.sub(" ", fragment))).strip()


def _sections(content: str, heading: re.Pattern[str]) -> list[tuple[str, str, str]]:
    """(id, heading text, body HTML) for each heading of one level, in order."""
    matches = list(heading.finditer(content))
    out = []
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(content)
        out.append((m.group(1), text_of(m.group(2)), content[m.end() : end]))
    return out


def question_records(content: str, url: str, page_title: str) -> list[Record]:
    """One record per ``<h2 id>`` question of a category page, plus the page's introduction."""
    records = []
    first = H2_RE.search(content)
    intro = text_of(INDEX_RE.sub(" ", content[: first.start() if first else len(content)]))
    if intro and intro != page_title:
        records.append(Record(url, "page", page_title, intro))
    for anchor, title, body in _sections(content, H2_RE):
        m = ABSTRACT_RE.search(body)
        lead = text_of(m.group(1)) if m else ""
        rest = text_of(body[: m.start()] + body[m.end() :]) if m else text_of(body)
        records.append(Record(f"{url}#{anchor}", "question", title, rest, page_title, lead))
    return records


def glossary_records(content: str, url: str) -> list[Record]:
    """One record per ``<h3 id>`` term; "Used in" lists (question titles) are left out."""
    records = []
    for anchor, title, body in _sections(content, H3_RE):
        body = H2_RE.split(body, maxsplit=1)[0]  # the next letter's heading ends the entry
        aliases = []
        m = ALSO_RE.search(body)
        if m:
            aliases = [a.strip() for a in text_of(m.group(1)).split(",") if a.strip()]
            body = body[: m.start()] + body[m.end() :]
        body = USED_IN_RE.sub(" ", body)
        paragraphs = re.split(r"</p>", body, maxsplit=1)
        lead = text_of(paragraphs[0])
        rest = text_of(paragraphs[1]) if len(paragraphs) > 1 else ""
        records.append(
            Record(f"{url}#{anchor}", "glossary", title, rest, "Glossary", lead, aliases)
        )
    return records


def split_identifier(name: str) -> str:
    """``associate_detections`` → "associate detections"; ``KalmanBoxTracker`` → "Kalman Box
    Tracker" — the words of a name, for prose queries; the name itself stays whole."""
    return SPACE_RE.sub(" ", CAMEL_RE.sub(" ", name.replace("_", " "))).strip()


def code_records(content: str, url: str, page_title: str) -> list[Record]:
    """One record per documented object (``<h2 id="snippets.…">``); its code is kept here,
    the one place it is indexed, as text (Pagefind indexes words; the name is kept whole)."""
    records = []
    sections = [s for s in _sections(content, H2_RE) if s[0].startswith("snippets.")]
    first = H2_RE.search(content)
    intro = text_of(content[: first.start() if first else len(content)])
    if intro:
        records.append(Record(url, "code", page_title, intro, "Code reference"))
    for anchor, title, body in sections:
        code = " ".join(html.unescape(TAG_RE.sub("", m.group(0))) for m in PRE_RE.finditer(body))
        words = split_identifier(title)
        text = f"{text_of(body)} {SPACE_RE.sub(' ', code)}"
        lead = words if words != title else ""
        records.append(Record(f"{url}#{anchor}", "code", title, text, page_title, lead))
    return records


def indexed(src_uri: str) -> bool:
    """Whether a page gives search records (cheat sheets, the change log and the tags page
    repeat other pages' text and give none)."""
    return not (src_uri.startswith(NOT_INDEXED) or src_uri in NOT_INDEXED)


def page_records(src_uri: str, url: str, title: str, content: str) -> list[Record]:
    """The records of one built page (``content`` is its article HTML)."""
    if not indexed(src_uri):
        return []
    if src_uri == "glossary.md":
        return glossary_records(content, url)
    if src_uri.startswith("reference/") and src_uri != "reference/index.md":
        return code_records(content, url, title)
    if src_uri.startswith("questions/") and src_uri != "questions/index.md":
        return question_records(content, url, title)
    text = text_of(content)
    return [Record(url, "page", title, text)] if text else []
