"""The no-orphans rule: every named snippet section is shown on a page, and every include exists.

A section is ``# --8<-- [start:NAME]`` … ``# --8<-- [end:NAME]`` in ``snippets/*.py``; a page
includes it with a line ``--8<-- "snippets/x.py:NAME"``. Only real comments count as markers:
the files are tokenised, so a marker quoted in a docstring (as in ``snippets/__init__.py``) is
documentation, not a section. Cheap on purpose — no build; the strict build checks includes too.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"

MARKER_RE = re.compile(r"^#\s*-+8<-+\s*\[\s*(start|end)\s*:\s*([^\]\s]+)\s*\]\s*$")
# pymdownx.snippets' block form: the include alone on its line (indented inside a list is fine).
INCLUDE_RE = re.compile(r'^\s*-+8<-+\s+"(snippets/[^":]+\.py)(?::([^"]+))?"\s*$')


def sections(path: Path) -> dict[str, dict[str, list[int]]]:
    """``{name: {"start": [lines], "end": [lines]}}`` from the comments of one snippet file."""
    found: dict[str, dict[str, list[int]]] = {}
    text = path.read_text(encoding="utf-8")
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT and (m := MARKER_RE.match(tok.string)):
            kind, name = m.groups()
            found.setdefault(name, {"start": [], "end": []})[kind].append(tok.start[0])
    return found


def all_sections() -> dict[str, dict[str, dict[str, list[int]]]]:
    return {f"snippets/{p.name}": sections(p) for p in sorted(SNIPPETS.glob("*.py"))}


def includes() -> list[tuple[str, int, str, str | None]]:
    """Every ``(page, line, snippet file, section or None)`` include under docs/."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if m := INCLUDE_RE.match(line):
                found.append((page.relative_to(ROOT).as_posix(), n, m.group(1), m.group(2)))
    return found


def test_markers_in_docstrings_are_not_sections() -> None:
    # snippets/__init__.py explains the syntax with a literal [start:name] in its docstring.
    assert "[start:name]" in (SNIPPETS / "__init__.py").read_text(encoding="utf-8")
    assert sections(SNIPPETS / "__init__.py") == {}


def test_every_section_has_one_start_and_one_end() -> None:
    problems = [
        f"{file}: section {name!r} has {len(m['start'])} start and {len(m['end'])} end markers"
        f" (lines {sorted(m['start'] + m['end'])}) — it needs exactly one of each"
        for file, secs in all_sections().items()
        for name, m in secs.items()
        if len(m["start"]) != 1 or len(m["end"]) != 1
    ]
    assert not problems, "\n".join(problems)


def test_every_section_is_included_by_a_page() -> None:
    used = {(file, name) for _, _, file, name in includes()}
    orphans = [
        f"{file}:{name}"
        for file, secs in all_sections().items()
        for name in secs
        if (file, name) not in used and (file, None) not in used
    ]
    assert not orphans, (
        "snippet sections no page includes:\n  "
        + "\n  ".join(orphans)
        + "\nInclude snippets/x.py:NAME on the page whose question it teaches, "
        "or remove the section markers if it is a helper."
    )


def test_every_include_names_an_existing_section() -> None:
    known = all_sections()
    problems = []
    for page, line, file, name in includes():
        if file not in known:
            problems.append(f"{page}:{line}: {file} does not exist")
        elif name is not None and name not in known[file]:
            have = ", ".join(sorted(known[file])) or "none"
            problems.append(f"{page}:{line}: {file} has no section {name!r} (sections: {have})")
    assert not problems, "\n".join(problems)
