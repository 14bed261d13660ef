"""The glossary: one YAML source of terms → tooltips on every page, an A–Z page, back-links.

Terms live in ``data/glossary.yml``. This hook
- validates them (lint) before the site directory is touched;
- adds a generated ``glossary.md`` page: A–Z jump bar, one anchored entry per term, aliases,
  related terms and "Used in" back-links to every question that uses the term;
- wraps the first use of a term in each section of every page in an ``<abbr>`` tooltip that
  links to its entry (never inside code, headings, links or math), in one pass per page with
  one compiled matcher;
- resolves explicit references ``[[term:Name]]`` written by authors.

MkDocs events first, pure functions below.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import questions  # the sibling hook: parsing helpers (the bank itself comes from MkDocs)

GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
TOOLTIP_MAX = 160
TERM_REF_RE = re.compile(r"\[\[term:([^\[\]]+?)\]\]")
# Elements whose text is never linked.
SKIP_TAGS = frozenset(
    {
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "math",
        "svg",
        "button",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "summary",
        "label",
        "textarea",
        "title",
    }
)
SKIP_CLASSES = ("hb-meta", "hb-index", "filename", "admonition-title", "headerlink", "arithmatex")
VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
TOKEN_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
# Whole elements that never nest and are never linked: passed through in one piece, so the
# thousands of tags in highlighted code cost nothing.
OPAQUE_RE = re.compile(
    r"(<pre\b.*?</pre>|<code\b.*?</code>|<math\b.*?</math>|<svg\b.*?</svg>"
    r"|<script\b.*?</script>|<style\b.*?</style>)",
    re.DOTALL | re.IGNORECASE,
)
TAG_RE = re.compile(r"<\s*(/)?\s*([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/)?\s*>", re.DOTALL)


# ----------------------------------------------------------------------------------------
# MkDocs events
# ----------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {"glossary": None, "usage": {}}


def on_pre_build(config: Any) -> None:
    """Load and lint the glossary against the whole site before anything is written."""
    from mkdocs.exceptions import PluginError

    _STATE["glossary"], _STATE["usage"] = None, {}
    root = Path(config["config_file_path"]).parent
    path = root / GLOSSARY_FILE
    glossary, problems = load_glossary(path, GLOSSARY_FILE)
    if not problems:
        bank = questions.bank_from_config(config)
        problems = lint_usage(glossary, bank.pages, bank)
        _STATE["usage"] = term_usage(glossary, bank)
    if problems:
        raise PluginError(questions.format_problems(problems).replace("question bank", "glossary"))
    _STATE["glossary"] = glossary


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    glossary = _glossary()
    files.append(
        File.generated(
            config,
            GLOSSARY_PAGE,
            content=glossary_page(glossary, _STATE["usage"], questions.bank_from_config(config)),
        )
    )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return resolve_term_refs(markdown, _glossary(), page.file.src_uri)


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri == GLOSSARY_PAGE:
        return html_text
    from mkdocs.utils import get_relative_url

    target = files.get_file_from_path(GLOSSARY_PAGE)
    return link_terms(html_text, _glossary(), get_relative_url(target.url, page.url))


def _glossary() -> Glossary:
    glossary = _STATE["glossary"]
    if glossary is None:  # pragma: no cover - an ordering bug in mkdocs.yml
        raise RuntimeError("hooks/glossary.py needs its on_pre_build to run first")
    return glossary


# ----------------------------------------------------------------------------------------
# The model and its loading (pure)
# ----------------------------------------------------------------------------------------


@dataclass
class Term:
    term: str
    slug: str
    tooltip: str
    definition: str
    line: int
    abbr: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    category: str = ""

    @property
    def forms(self) -> list[str]:
        """Every way the term is written in text: name, abbreviations, aliases."""
        return [self.term, *self.abbr, *self.aliases]

    @property
    def label(self) -> str:
        return f"{self.term} ({', '.join(self.abbr)})" if self.abbr else self.term


@dataclass
class Glossary:
    terms: list[Term]
    matcher: re.Pattern[str] | None = None
    lookup: dict[str, Term] = field(default_factory=dict)  # exact or casefolded form → term
    names: dict[str, Term] = field(default_factory=dict)  # casefolded form → term (lazy)

    def by_name(self, name: str) -> Term | None:
        """Find a term by any of its forms (case-insensitive)."""
        if not self.names:
            self.names = {f.casefold(): t for t in self.terms for f in reversed(t.forms)}
        return self.names.get(name.strip().casefold())


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    """A YAML loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _str_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def parse_glossary(text: str, shown: str) -> tuple[Glossary, list[questions.Problem]]:
    """Parse and lint the glossary's own content (not its use in pages)."""
    problems: list[questions.Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(questions.Problem(shown, line, message))

    try:
        raw = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem((mark.line + 1) if mark else 1, f"not valid YAML: {exc}".split("\n")[0])
        return Glossary([]), problems
    if not isinstance(raw, list):
        problem(1, "the glossary must be a YAML list of entries ('- term: …')")
        return Glossary([]), problems

    terms: list[Term] = []
    for entry in raw:
        if not isinstance(entry, dict):
            problem(1, "every glossary entry must be a mapping with 'term:', 'tooltip:', …")
            continue
        line = int(entry.pop("__line__", 1))
        unknown = set(entry) - {
            "term",
            "abbr",
            "aliases",
            "tooltip",
            "definition",
            "related",
            "category",
        }
        if unknown:
            problem(
                line,
                f"unknown key(s) {', '.join(sorted(unknown))}; allowed: term, abbr, "
                "aliases, tooltip, definition, related, category",
            )
        name = entry.get("term")
        if not isinstance(name, str) or not name.strip():
            problem(line, "entry has no 'term:'; give the term's full name")
            continue
        tooltip = entry.get("tooltip")
        tooltip = tooltip.strip() if isinstance(tooltip, str) else ""
        if not tooltip:
            problem(
                line, f"term '{name}' has an empty tooltip; write a one-line plain-text definition"
            )
        elif len(tooltip) > TOOLTIP_MAX:
            problem(
                line,
                f"term '{name}': tooltip is {len(tooltip)} characters, over "
                f"{TOOLTIP_MAX}; shorten it and move detail into 'definition'",
            )
        elif re.search(r"[<>`*\[\]]|\n", tooltip):
            problem(
                line,
                f"term '{name}': the tooltip must be plain text on one line (no Markdown or HTML)",
            )
        definition = entry.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            problem(line, f"term '{name}' has no 'definition'; write the fuller explanation")
            definition = ""
        lists = {}
        for key in ("abbr", "aliases", "related"):
            value = _str_list(entry.get(key))
            if value is None:
                problem(line, f"term '{name}': '{key}' must be a string or a list of strings")
                value = []
            lists[key] = [v.strip() for v in value if v.strip()]
        terms.append(
            Term(
                name.strip(),
                slugify(name),
                tooltip,
                definition.strip(),
                line,
                lists["abbr"],
                lists["aliases"],
                lists["related"],
                str(entry.get("category") or ""),
            )
        )

    # A form (term, abbreviation or alias) may name one term only, and only once.
    owner: dict[str, Term] = {}
    for t in terms:
        for form in t.forms:
            key = form.casefold()
            if key in owner:
                first = owner[key]
                what = (
                    "appears twice in this entry"
                    if first is t
                    else f"is already defined by '{first.term}' (line {first.line})"
                )
                problem(
                    t.line,
                    f"'{form}' {what}; every term, abbreviation and alias "
                    "must be unique (case-insensitive) — remove or rename one",
                )
            else:
                owner[key] = t
    slugs: dict[str, Term] = {}
    for t in terms:
        if t.slug in slugs:
            problem(
                t.line,
                f"term '{t.term}' has the same anchor '{t.slug}' as "
                f"'{slugs[t.slug].term}'; rename one",
            )
        slugs[t.slug] = t
    for t in terms:
        for rel in t.related:
            if rel.casefold() not in owner:
                problem(
                    t.line,
                    f"term '{t.term}': related term '{rel}' is not in the glossary; "
                    "add it or fix the name",
                )
    glossary = Glossary(terms)
    compile_matcher(glossary)
    return glossary, problems


def load_glossary(path: Path, shown: str) -> tuple[Glossary, list[questions.Problem]]:
    if not path.is_file():
        return Glossary([]), [
            questions.Problem(shown, 1, f"the glossary file is missing; create {shown}")
        ]
    return parse_glossary(path.read_text(encoding="utf-8"), shown)


def _is_case_sensitive(form: str) -> bool:
    """Abbreviations and names with inner capitals (IoU, ReLU, mAP) match exactly."""
    return any(c.isupper() for c in form[1:]) or (len(form) <= 4 and form.isupper())


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` factored as a trie: it fails fast at each position
    instead of trying every word, and greedy optional groups prefer the longest word."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        end = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return emit(trie)


def compile_matcher(glossary: Glossary) -> None:
    """One compiled pattern over every form: exact forms (IoU, mAP) in one trie, the others
    case-insensitively in another, both whole-word with an optional plural."""
    forms: list[tuple[str, Term]] = [(f, t) for t in glossary.terms for f in t.forms]
    glossary.lookup = {}
    exact, folded = [], []
    for form, term in forms:
        if _is_case_sensitive(form):
            glossary.lookup[form] = term
            exact.append(form)
        else:  # keyed casefolded behind a NUL prefix, so the two kinds never collide
            glossary.lookup["\0" + form.casefold()] = term
            folded.append(form.casefold())
    groups = []
    if exact:
        groups.append(f"(?-i:{trie_pattern(exact)}s?)")
    if folded:
        groups.append(f"(?i:{trie_pattern(folded)}(?:e?s)?)")
    glossary.matcher = (
        re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])") if groups else None
    )


def term_for_match(glossary: Glossary, text: str) -> Term | None:
    """The term a matched piece of text names (undoing a plural 's'/'es')."""
    candidates = [text]
    if text[-1:] in "sS":
        candidates.append(text[:-1])
    if text[-2:].lower() == "es":
        candidates.append(text[:-2])
    for candidate in candidates:
        term = glossary.lookup.get(candidate) or glossary.lookup.get("\0" + candidate.casefold())
        if term is not None:
            return term
    return None


# ----------------------------------------------------------------------------------------
# Use in pages: lint, back-links (pure)
# ----------------------------------------------------------------------------------------


def plain_prose(markdown: str) -> str:
    """Markdown without code blocks, inline code, link targets or HTML comments."""
    lines = markdown.split("\n")
    mask = questions.code_mask(lines)
    text = "\n".join("" if mask[i] else ln for i, ln in enumerate(lines))
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return re.sub(r"https?://\S+", " ", text)


def terms_in(glossary: Glossary, text: str) -> set[str]:
    """Slugs of the terms that occur in a piece of prose."""
    if glossary.matcher is None:
        return set()
    found = set()
    for m in glossary.matcher.finditer(text):
        t = term_for_match(glossary, m.group(0))
        if t is not None:
            found.add(t.slug)
    return found


def question_prose(q: Any) -> str:
    """Everything a reader sees of a question, cited titles included (a question that cites
    "Simple Online and Realtime Tracking" is about multi-object tracking)."""
    parts = [
        q.title,
        q.short_answer,
        q.full_answer,
        q.listens_for,
        q.mistakes,
        q.followups,
        q.sources,
        q.cheatsheet,
    ]
    return plain_prose("\n\n".join(parts))


def term_usage(glossary: Glossary, bank: Any) -> dict[str, list[str]]:
    """For each term slug, the ids of the questions that use it (in bank order)."""
    usage: dict[str, list[str]] = {t.slug: [] for t in glossary.terms}
    for q in bank.questions:
        used = terms_in(glossary, question_prose(q))
        used |= {
            t.slug for name, _ in explicit_refs(q.full_answer) if (t := glossary.by_name(name))
        }
        for slug in used:
            usage[slug].append(q.id)
    return usage


def explicit_refs(markdown: str) -> list[tuple[str, int]]:
    """``[[term:Name]]`` references outside code, with their line numbers (1-based)."""
    lines = markdown.split("\n")
    mask = questions.code_mask(lines)
    return [
        (m.group(1), i + 1)
        for i, ln in enumerate(lines)
        if not mask[i]
        for m in TERM_REF_RE.finditer(ln)
    ]


def lint_usage(glossary: Glossary, pages: dict[str, str], bank: Any) -> list[questions.Problem]:
    """Unknown explicit references in pages; terms that no page uses."""
    problems: list[questions.Problem] = []
    used: set[str] = set()
    for page, text in pages.items():
        for name, line in explicit_refs(text):
            term = glossary.by_name(name)
            if term is None:
                problems.append(
                    questions.Problem(
                        f"docs/{page}",
                        line,
                        f"[[term:{name}]] names a term that is not in the glossary; add it to "
                        f"{GLOSSARY_FILE} or fix the name",
                    )
                )
            else:
                used.add(term.slug)
        _, body, _ = questions.split_front_matter(text)
        used |= terms_in(glossary, plain_prose(body))
    for t in glossary.terms:
        if t.slug not in used:
            problems.append(
                questions.Problem(
                    GLOSSARY_FILE,
                    t.line,
                    f"term '{t.term}' is not used on any page; use it in an answer or remove it",
                )
            )
    return problems


# ----------------------------------------------------------------------------------------
# Rendering (pure)
# ----------------------------------------------------------------------------------------


def glossary_href(from_page: str, slug: str) -> str:
    return questions.relative_link(from_page, GLOSSARY_PAGE, slug)


def resolve_term_refs(markdown: str, glossary: Glossary, page: str) -> str:
    """``[[term:IoU]]`` → a link to the entry whose title is the tooltip."""
    lines = markdown.split("\n")
    mask = questions.code_mask(lines)

    def sub(m: re.Match[str]) -> str:
        t = glossary.by_name(m.group(1))
        if t is None:  # lint has failed the build already; keep the text
            return m.group(0)
        title = t.tooltip.replace('"', "&quot;")
        return f'[{m.group(1)}]({glossary_href(page, t.slug)} "{title}")'

    return "\n".join(ln if mask[i] else TERM_REF_RE.sub(sub, ln) for i, ln in enumerate(lines))


def link_terms(html_text: str, glossary: Glossary, glossary_url: str) -> str:
    """Wrap the first use of each term per section in a tooltip linking to its entry.

    ``glossary_url`` is the glossary page's URL relative to the page being rendered (this
    runs on HTML, after MkDocs has turned Markdown links into URLs).

    One pass over the page's HTML with one compiled matcher; text inside code, headings,
    links, math and badges is left alone. A new ``<h2>`` starts a new section.
    """
    if glossary.matcher is None:
        return html_text
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, skipped)
    skipping = 0
    seen: set[str] = set()
    matcher = glossary.matcher

    def wrap(m: re.Match[str]) -> str:
        t = term_for_match(glossary, m.group(0))
        if t is None or t.slug in seen:
            return m.group(0)
        seen.add(t.slug)
        title = html.escape(t.tooltip, quote=True)
        href = f"{glossary_url}#{t.slug}"
        return f'<a class="hb-term" href="{href}"><abbr title="{title}">{m.group(0)}</abbr></a>'

    for n, chunk in enumerate(OPAQUE_RE.split(html_text)):
        if n % 2:  # a whole <pre>, <code>, <math>, <svg>, ... element: never linked
            out.append(chunk)
            continue
        for token in TOKEN_RE.split(chunk):
            if not token.startswith("<"):
                out.append(token if skipping else matcher.sub(wrap, token))
                continue
            out.append(token)
            tm = TAG_RE.match(token)
            if tm is None or token.startswith("<!"):
                continue
            closing, name, attrs, selfclose = tm.groups()
            name = name.lower()
            if closing:
                while stack:
                    tag, skipped = stack.pop()
                    skipping -= skipped
                    if tag == name:
                        break
            elif name not in VOID_TAGS and not selfclose:
                skipped = name in SKIP_TAGS or (
                    "class" in attrs and any(c in attrs for c in SKIP_CLASSES)
                )
                stack.append((name, skipped))
                skipping += skipped
                if name == "h2":
                    seen.clear()
    return "".join(out)


OTHER = "0–9"


def _letter_anchor(letter: str) -> str:
    return "other" if letter == OTHER else slugify(letter)


def glossary_page(glossary: Glossary, usage: dict[str, list[str]], bank: Any) -> str:
    """The Markdown of the generated A–Z glossary page."""
    by_id = bank.by_id()
    terms = sorted(glossary.terms, key=lambda t: t.term.casefold())
    letters: dict[str, list[Term]] = {}
    for t in terms:
        first = t.term[0].upper()
        # Terms that start with a digit or symbol go under "0–9" (a heading of "#" alone
        # would be read as an empty Markdown heading).
        letters.setdefault(first if first.isalpha() else OTHER, []).append(t)
    jump = " · ".join(f"[{k}](#letter-{_letter_anchor(k)})" for k in letters)
    lines = [
        "---",
        "title: Glossary",
        "description: Every computer-vision term used in the handbook, with a one-line "
        "definition, a fuller explanation and the questions that use it.",
        "search:",
        "  boost: 2",
        "---",
        "",
        "# Glossary",
        "",
        f"{len(terms)} terms. Hover a term anywhere in the handbook for its one-line "
        "definition; click it to come here.",
        "",
        f'<p class="hb-az" markdown>{jump}</p>',
        "",
    ]
    for letter, group in letters.items():
        anchor = _letter_anchor(letter)
        lines += [f"## {letter} {{#letter-{anchor}}}", ""]
        for t in group:
            lines += [f"### {t.label} {{#{t.slug}}}", "", f"*{t.tooltip}*", "", t.definition, ""]
            if t.aliases:
                lines += [f"**Also called:** {', '.join(t.aliases)}", ""]
            if t.related:
                rel = [glossary.by_name(r) for r in t.related]
                links = [f"[{r.term}](#{r.slug})" for r in rel if r is not None]
                lines += [f"**Related:** {', '.join(links)}", ""]
            used = [by_id[qid] for qid in usage.get(t.slug, []) if qid in by_id]
            if used:
                links = [f"[{q.title}]({q.page}#{q.id})" for q in used]
                lines += ["**Used in:** " + " · ".join(links), ""]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------
# Command line: lint the glossary against the pages without building
#   python -c "import sys; sys.path.insert(0, 'hooks'); import glossary; glossary.main()"
# ----------------------------------------------------------------------------------------


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    bank, _ = questions.load_bank(root / "docs", root)  # `python -m hooks.questions` checks it
    glossary, gproblems = load_glossary(root / GLOSSARY_FILE, GLOSSARY_FILE)
    problems = list(gproblems)
    if not gproblems:
        problems += lint_usage(glossary, bank.pages, bank)
        usage = term_usage(glossary, bank)
        unused_in_questions = [t.term for t in glossary.terms if not usage[t.slug]]
        if unused_in_questions:
            print("terms with no back-link to a question:", ", ".join(unused_in_questions))
    if problems:
        print(questions.format_problems(problems))
        return 1
    print(f"ok: {len(glossary.terms)} terms, {len(bank.questions)} questions")
    return 0
