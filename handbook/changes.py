"""The "What changed" page: corrections and additions, read from the git history of the pages.

Pure functions over the text of ``git log -p`` (so they are tested without a repository), plus
one function that runs git. A hunk is attributed to the question whose heading precedes it: git
reports that heading in the hunk header when ``.gitattributes`` gives question pages the
``question`` diff driver and the log is run with :data:`XFUNCNAME` (see :func:`git_log`).
Without git or history (a source archive), the page says so and the build goes on.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

QUESTIONS_GLOB = "docs/questions/*.md"
# A question heading, `## Text {#id}`; git shows the id (the captured group) of the last one
# above each hunk (a captured group, because git cuts the whole line at 80 characters).
XFUNCNAME = r"^## .*\{#([a-z0-9-]+)\}"
COMMIT_MARK = "\x1ecommit\x1f"
HEADING_ID = re.compile(r"^## .*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@ ?(.*)$")


@dataclass(frozen=True)
class Change:
    """One commit's change to one question."""

    question_id: str
    kind: str  # "added" or "corrected"
    date: str  # ISO date, YYYY-MM-DD
    commit: str  # abbreviated hash
    subject: str


def git_log(repo: Path) -> str | None:
    """``git log -p`` of the question pages, oldest hunks attributed to headings; ``None`` when
    git or the history is missing."""
    cmd = [
        "git",
        "-c",
        f"diff.question.xfuncname={XFUNCNAME}",
        "log",
        "--no-merges",
        "--no-renames",
        "-p",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        f"--format={COMMIT_MARK}%h%x1f%as%x1f%s",
        "--",
        QUESTIONS_GLOB,
    ]
    try:
        done = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=False)
    except OSError:
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return done.stdout


def git_head(repo: Path) -> str | None:
    """The commit checked out in ``repo`` (what :func:`git_log` depends on); ``None`` without
    git or history."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def parse_log(log: str) -> list[Change]:
    """Changes per question and commit, newest commit first (git's order)."""
    changes: list[Change] = []
    for block in log.split(COMMIT_MARK)[1:]:
        header, _, diff = block.partition("\n")
        commit, date, subject = [*header.split("\x1f"), "", ""][:3]
        changes += _commit_changes(diff, commit, date, subject)
    return changes


def _commit_changes(diff: str, commit: str, date: str, subject: str) -> list[Change]:
    added: list[str] = []
    touched: list[str] = []
    removed_ids: set[str] = set()
    current: str | None = None
    for line in diff.splitlines():
        hunk = HUNK.match(line)
        if hunk:
            context = hunk.group(1).strip()
            current = context if QUESTION_ID.match(context) else None
            continue
        if line.startswith(("+++", "---")) or line[:1] not in {"+", "-"}:
            continue
        heading = HEADING_ID.match(line[1:])
        if heading and line[0] == "+":
            current = heading.group(1)
            added.append(current)
        elif heading:
            removed_ids.add(heading.group(1))
        elif current is not None and line[1:].strip():  # blank lines change nothing
            touched.append(current)
    new = [q for q in dict.fromkeys(added) if q not in removed_ids]
    edited = [q for q in dict.fromkeys(touched + [q for q in added if q in removed_ids])]
    return [Change(q, "added", date, commit, subject) for q in new] + [
        Change(q, "corrected", date, commit, subject) for q in edited if q not in new
    ]


def changes_page(
    changes: Iterable[Change], questions: Mapping[str, tuple[str, str]], history: bool = True
) -> str:
    """Markdown of the page. ``questions`` maps each current id to (page path, title); changes
    to questions that no longer exist are left out (their anchors are gone)."""
    lines = [
        "---",
        "title: What changed",
        "description: Corrections and new questions, newest first, generated from the history "
        "of the question pages.",
        "---",
        "",
        "# What changed",
        "",
        "Every correction to a published answer, newest first, with the commit message that "
        "explains it, then the questions added. This page is generated at build time from the "
        "history of `docs/questions/`; how to report an error is in the "
        "[editorial guide](guide/editorial.md#corrections).",
        "",
    ]
    if not history:
        lines += ["!!! note", "    This copy was built without its git history, so the list "
                  "of changes is not available here.", ""]  # fmt: skip
        return "\n".join(lines)
    current = [c for c in changes if c.question_id in questions]
    lines += _table("Corrections", [c for c in current if c.kind == "corrected"], questions)
    lines += _table("New questions", [c for c in current if c.kind == "added"], questions)
    return "\n".join(lines)


# A commit that touched more questions than this lists them behind a closed disclosure: a
# sweep (a link fix across 90 questions) would otherwise bury the corrections around it, and
# thousands of open links and cells made this the slowest page to load (Lighthouse 73).
OPEN_QUESTIONS = 3


def _table(title: str, rows: list[Change], questions: Mapping[str, tuple[str, str]]) -> list[str]:
    """One row per commit, newest first: its date, its message and the questions it changed."""
    out = [f"## {title}", ""]
    if not rows:
        return [*out, "None yet.", ""]
    # In a <div class="hb-log">: its columns have set widths (extra.css), so the rows that
    # arrive after the first paint cannot widen a column and shift the ones on screen (a
    # layout shift of 0.11 on a phone when the 125-row table's widths depended on every row).
    out += [
        '<div class="hb-log" markdown>',
        "",
        "| date | what changed | questions |",
        "|---|---|---|",
    ]
    commits: dict[str, list[Change]] = {}
    seen: set[tuple[str, str]] = set()
    for c in rows:  # rows come newest first; a commit's changes stay in their order
        if (c.commit, c.question_id) not in seen:
            seen.add((c.commit, c.question_id))
            commits.setdefault(c.commit, []).append(c)
    for changes in commits.values():
        first = changes[0]
        links = " · ".join(
            f"[{_cell(questions[c.question_id][1])}]({questions[c.question_id][0]}#{c.question_id})"
            for c in changes
        )
        if len(changes) > OPEN_QUESTIONS:
            links = f"<details><summary>{len(changes)} questions</summary>{links}</details>"
        out.append(f"| {first.date} | {_cell(first.subject)} | {links} |")
    return [*out, "", "</div>", ""]


def _cell(text: str) -> str:
    """Table-cell safe: no pipes, no accidental HTML, no glossary or follow-up markup."""
    return (
        text.replace("|", "\\|").replace("<", "&lt;").replace("[[", "[\u200b[").replace("$", "\\$")
    )
