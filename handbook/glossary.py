"""The glossary model: terms from ``data/glossary.yml``, parsed and linted on their own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook.markdown import slug
from handbook.model import Problem
from handbook.terms import compile_matcher

GLOSSARY_FILE = "data/glossary.yml"
GLOSSARY_PAGE = "glossary.md"
TOOLTIP_MAX = 160
ENTRY_KEYS = ("term", "abbr", "aliases", "tooltip", "definition", "related", "category")


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
    # Results of pure functions of (this glossary, a text), e.g. the terms a page uses; a
    # glossary kept between `mkdocs serve` rebuilds then re-scans only the texts that changed.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def by_name(self, name: str) -> Term | None:
        """Find a term by any of its forms (case-insensitive)."""
        if not self.names:
            self.names = {f.casefold(): t for t in self.terms for f in reversed(t.forms)}
        return self.names.get(name.strip().casefold())


def slugify(text: str) -> str:
    """An ASCII anchor: lowercase words joined by hyphens ("term" when nothing is left)."""
    return slug(text) or "term"


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


class _Report:
    """Collects the problems of one file."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    def __call__(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))


def parse_glossary(text: str, shown: str) -> tuple[Glossary, list[Problem]]:
    """Parse and lint the glossary's own content (not its use in pages)."""
    problem = _Report(shown)
    try:
        raw = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem((mark.line + 1) if mark else 1, f"not valid YAML: {exc}".split("\n")[0])
        return Glossary([]), problem.problems
    if not isinstance(raw, list):
        problem(1, "the glossary must be a YAML list of entries ('- term: …')")
        return Glossary([]), problem.problems
    terms = [t for entry in raw if (t := _parse_entry(entry, problem)) is not None]
    _check_unique_forms(terms, problem)
    _check_slugs_and_related(terms, problem)
    glossary = Glossary(terms)
    compile_matcher(glossary)
    return glossary, problem.problems


def _parse_entry(entry: Any, problem: _Report) -> Term | None:
    if not isinstance(entry, dict):
        problem(1, "every glossary entry must be a mapping with 'term:', 'tooltip:', …")
        return None
    line = int(entry.pop("__line__", 1))
    unknown = set(entry) - set(ENTRY_KEYS)
    if unknown:
        problem(
            line,
            f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(ENTRY_KEYS)}",
        )
    name = entry.get("term")
    if not isinstance(name, str) or not name.strip():
        problem(line, "entry has no 'term:'; give the term's full name")
        return None
    tooltip = entry.get("tooltip")
    tooltip = tooltip.strip() if isinstance(tooltip, str) else ""
    _check_tooltip(name, tooltip, line, problem)
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
    return Term(
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


def _check_tooltip(name: str, tooltip: str, line: int, problem: _Report) -> None:
    if not tooltip:
        problem(line, f"term '{name}' has an empty tooltip; write a one-line plain-text definition")
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


def _check_unique_forms(terms: list[Term], problem: _Report) -> None:
    """A form (term, abbreviation or alias) may name one term only, and only once."""
    owner: dict[str, Term] = {}
    for t in terms:
        for form in t.forms:
            key = form.casefold()
            if key not in owner:
                owner[key] = t
                continue
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


def _check_slugs_and_related(terms: list[Term], problem: _Report) -> None:
    forms = {f.casefold() for t in terms for f in t.forms}
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
            if rel.casefold() not in forms:
                problem(
                    t.line,
                    f"term '{t.term}': related term '{rel}' is not in the glossary; "
                    "add it or fix the name",
                )


def load_glossary(path: Path, shown: str) -> tuple[Glossary, list[Problem]]:
    """Read and parse the glossary file; a missing file is one problem."""
    if not path.is_file():
        return Glossary([]), [Problem(shown, 1, f"the glossary file is missing; create {shown}")]
    return parse_glossary(path.read_text(encoding="utf-8"), shown)
