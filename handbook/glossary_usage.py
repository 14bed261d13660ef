"""The glossary's use in pages: which questions use which term, and the lint of that use."""

from __future__ import annotations

import re

from handbook.glossary import GLOSSARY_FILE, Glossary
from handbook.markdown import code_mask, refs_outside_code, split_front_matter
from handbook.model import Bank, Problem, Question
from handbook.terms import terms_in

TERM_REF_RE = re.compile(r"\[\[term:([^\[\]]+?)\]\]")


def plain_prose(markdown: str) -> str:
    """Markdown without code blocks, inline code, link targets or HTML comments."""
    lines = markdown.split("\n")
    mask = code_mask(lines)
    text = "\n".join("" if mask[i] else ln for i, ln in enumerate(lines))
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return re.sub(r"https?://\S+", " ", text)


def question_prose(q: Question) -> str:
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


def explicit_refs(markdown: str) -> list[tuple[str, int]]:
    """``[[term:Name]]`` references outside code, with their line numbers (1-based)."""
    return refs_outside_code(markdown, TERM_REF_RE)


def question_terms(glossary: Glossary, q: Question) -> set[str]:
    """Slugs of the terms a question uses, in its prose or by ``[[term:…]]`` (memoised on the
    glossary by the question's text)."""
    key = ("question", q.title, q.short_answer, q.full_answer, q.listens_for, q.mistakes,
           q.followups, q.sources, q.cheatsheet)  # fmt: skip
    if key not in glossary.memo:
        used = terms_in(glossary, question_prose(q))
        used |= {
            t.slug for name, _ in explicit_refs(q.full_answer) if (t := glossary.by_name(name))
        }
        glossary.memo[key] = frozenset(used)
    return set(glossary.memo[key])


def term_usage(glossary: Glossary, bank: Bank) -> dict[str, list[str]]:
    """For each term slug, the ids of the questions that use it (in bank order)."""
    usage: dict[str, list[str]] = {t.slug: [] for t in glossary.terms}
    for q in bank.questions:
        for slug in question_terms(glossary, q):
            usage[slug].append(q.id)
    return usage


def page_terms(glossary: Glossary, text: str) -> tuple[list[tuple[str, int]], frozenset[str]]:
    """A page's explicit ``[[term:…]]`` references (name, line) and the slugs of the terms its
    prose uses (memoised on the glossary by the page's text)."""
    key = ("page", text)
    if key not in glossary.memo:
        _, body, _ = split_front_matter(text)
        glossary.memo[key] = (explicit_refs(text), frozenset(terms_in(glossary, plain_prose(body))))
    return glossary.memo[key]


def lint_usage(glossary: Glossary, pages: dict[str, str], bank: Bank) -> list[Problem]:
    """Unknown explicit references in pages; terms that no page uses."""
    problems: list[Problem] = []
    used: set[str] = set()
    for page, text in pages.items():
        refs, prose_terms = page_terms(glossary, text)
        for name, line in refs:
            term = glossary.by_name(name)
            if term is None:
                problems.append(
                    Problem(
                        f"docs/{page}",
                        line,
                        f"[[term:{name}]] names a term that is not in the glossary; add it to "
                        f"{GLOSSARY_FILE} or fix the name",
                    )
                )
            else:
                used.add(term.slug)
        used |= prose_terms
    problems.extend(
        Problem(
            GLOSSARY_FILE,
            t.line,
            f"term '{t.term}' is not used on any page; use it in an answer or remove it",
        )
        for t in glossary.terms
        if t.slug not in used
    )
    return problems
