"""Checks that hold for every page of the site: markers, raw HTML, includes, stubs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from handbook.markdown import INCLUDE_RE, MARKER_RE, code_mask, split_front_matter
from handbook.model import KNOWN_MARKERS, STUB_MARKER, Problem

Report = Callable[[int, str], None]  # (line, message)

SECTION_MARK_RE = r"--8<-- \[{which}:{name}\]"
SCRIPT_RE = re.compile(r"<\s*(script|iframe|object|embed)\b", re.IGNORECASE)
HANDLER_RE = re.compile(r"<[A-Za-z][^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
JS_URL_RE = re.compile(r"\]\(\s*javascript:|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
STUB_RE = re.compile(re.escape(STUB_MARKER) + r"\s*(.*?)\s*$")


def check_text(
    lines: Sequence[str],
    in_code: Sequence[bool],
    shown: str,
    offset: int,
    repo_root: Path | None,
) -> list[Problem]:
    """Checks for every page of the site: markers, raw HTML, snippet includes, stubs."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(shown, line, message))

    for i, line in enumerate(lines):
        n = i + 1 + offset
        if in_code[i]:
            for m in INCLUDE_RE.finditer(line):
                check_include(m.group(1), n, repo_root, problem)
        else:
            check_prose_line(line, n, problem)
    return problems


def check_prose_line(line: str, n: int, problem: Report) -> None:
    """One line outside code: markers, raw HTML, javascript: links, stray includes, stubs."""
    for m in MARKER_RE.finditer(line):
        if m.group(1) not in KNOWN_MARKERS:
            known = ", ".join(sorted(KNOWN_MARKERS))
            problem(
                n,
                f"unknown marker 'handbook: {m.group(1)}' — known markers: "
                f"{known}; fix the name or remove the comment",
            )
    if SCRIPT_RE.search(line):
        problem(
            n,
            "raw <script>/<iframe>/<object>/<embed> is not allowed in "
            "content; show code in a fenced block instead",
        )
    if (hm := HANDLER_RE.search(line)) is not None:
        problem(n, f"inline event handler '{hm.group(1)}=' is not allowed in content; remove it")
    if JS_URL_RE.search(line):
        problem(n, "javascript: links are not allowed in content; remove the link")
    if INCLUDE_RE.search(line):
        problem(
            n,
            "a snippet include must sit inside a fenced code block "
            '(```python title="snippets/x.py" … ```)',
        )
    if (sm := STUB_RE.search(line)) is not None:
        problem(
            n,
            f"unfinished stub '{STUB_MARKER}' left by `handbook new`; "
            f"replace this stub with {sm.group(1) or 'the real content'}",
        )


def check_other_page(text: str, page: str, repo_root: Path | None) -> list[Problem]:
    """Page-wide checks for a page that is not a question page."""
    _, body, offset = split_front_matter(text)
    lines = body.split("\n")
    return check_text(lines, code_mask(lines), f"docs/{page}", offset, repo_root)


def check_include(spec: str, line: int, repo_root: Path | None, problem: Report) -> None:
    """An include names an existing file and a section marked in it (not line numbers)."""
    path, _, section = spec.partition(":")
    if not section:
        problem(
            line,
            f"include '{spec}' names no section; include by section name: "
            f"\"{path}:<section>\" with '# --8<-- [start:<section>]' markers in the file",
        )
        return
    if re.fullmatch(r"-?\d+(:-?\d+)?", section):
        problem(line, f"include '{spec}' uses line numbers; include by a named section instead")
        return
    if repo_root is None:
        return
    target = repo_root / path
    if not target.is_file():
        problem(
            line,
            f"include '{spec}': file '{path}' does not exist (paths are relative to "
            "the repository root, e.g. snippets/boxes.py)",
        )
        return
    source = target.read_text(encoding="utf-8")
    for which in ("start", "end"):
        if not re.search(SECTION_MARK_RE.format(which=which, name=re.escape(section)), source):
            problem(
                line,
                f"include '{spec}': section '{section}' has no "
                f"'--8<-- [{which}:{section}]' marker in {path}; add the section "
                "markers around the code or fix the name",
            )
            return
