"""The "What changed" page: hunks attributed to questions, additions told from corrections."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from handbook.changes import COMMIT_MARK, Change, changes_page, git_log, parse_log

LOG = (
    f"{COMMIT_MARK}bbbbbbb\x1f2026-11-30\x1fiou-and-nms: NMS removes boxes above the threshold\n"
    "\n"
    "diff --git a/docs/questions/od.md b/docs/questions/od.md\n"
    "--- a/docs/questions/od.md\n"
    "+++ b/docs/questions/od.md\n"
    "@@ -10 +10 @@ iou-and-nms\n"
    "-old line\n"
    "+new line\n"
    "@@ -40,0 +41,5 @@ yolo-how-it-works\n"
    "+\n"
    "+## What is a brand-new question? {#brand-new}\n"
    "+\n"
    "+**Difficulty:** junior\n"
    "+text\n"
    "@@ -2 +2 @@\n"
    "-front matter edit, before any question\n"
    "+front matter edit\n"
    f"{COMMIT_MARK}aaaaaaa\x1f2026-11-01\x1fFirst questions\n"
    "\n"
    "--- /dev/null\n"
    "+++ b/docs/questions/od.md\n"
    "@@ -0,0 +1,3 @@\n"
    "+## What are IoU and NMS? {#iou-and-nms}\n"
    "+text\n"
    "+## How does YOLO work? {#yolo-how-it-works}\n"
)
CURRENT = {
    "iou-and-nms": ("questions/od.md", "What are IoU and NMS?"),
    "yolo-how-it-works": ("questions/od.md", "How does YOLO work?"),
    "brand-new": ("questions/od.md", "What is a brand-new question?"),
}


def test_hunks_are_attributed_to_the_question_above_them() -> None:
    changes = parse_log(LOG)
    assert changes == [
        Change("brand-new", "added", "2026-11-30", "bbbbbbb", changes[0].subject),
        Change("iou-and-nms", "corrected", "2026-11-30", "bbbbbbb", changes[0].subject),
        Change("iou-and-nms", "added", "2026-11-01", "aaaaaaa", "First questions"),
        Change("yolo-how-it-works", "added", "2026-11-01", "aaaaaaa", "First questions"),
    ]
    # The hunk after the new heading belongs to the new question, not to yolo-how-it-works.
    assert not any(c.question_id == "yolo-how-it-works" and c.kind == "corrected" for c in changes)


def test_a_moved_heading_is_a_correction_not_an_addition() -> None:
    log = (
        f"{COMMIT_MARK}ccccccc\x1f2026-11-30\x1fReword a title\n"
        "@@ -5 +5 @@ iou-and-nms\n"
        "-## What are IoU and NMS? {#iou-and-nms}\n"
        "+## What are IoU and non-maximum suppression? {#iou-and-nms}\n"
    )
    assert [(c.question_id, c.kind) for c in parse_log(log)] == [("iou-and-nms", "corrected")]


def test_page_lists_corrections_newest_first_and_skips_removed_questions() -> None:
    changes = [
        *parse_log(LOG),
        Change("gone-question", "corrected", "2026-11-29", "ddddddd", "fix | a pipe <b>"),
    ]
    text = changes_page(changes, CURRENT)
    corrections = text[text.index("## Corrections") : text.index("## New questions")]
    assert "[What are IoU and NMS?](questions/od.md#iou-and-nms)" in corrections
    assert "gone-question" not in text
    added = text[text.index("## New questions") :]
    assert added.index("brand-new") < added.index("yolo-how-it-works")


def test_cells_cannot_break_the_table_or_trigger_markup() -> None:
    text = changes_page(
        [Change("iou-and-nms", "corrected", "2026-11-30", "e", "a | b <i> [[x]] $y$")], CURRENT
    )
    row = next(line for line in text.splitlines() if "iou-and-nms" in line)
    assert "a \\| b &lt;i> [\u200b[x]] \\$y\\$" in row


def test_without_history_the_page_says_so() -> None:
    text = changes_page([], CURRENT, history=False)
    assert "without its git history" in text and "## Corrections" not in text
    assert "None yet." in changes_page([], CURRENT)


def test_git_log_of_a_real_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:  # pragma: no cover - git is on every CI machine
        pytest.skip("git is not installed")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # fmt: skip
    page = tmp_path / "docs" / "questions" / "od.md"
    page.parent.mkdir(parents=True)
    (tmp_path / ".gitattributes").write_text("docs/questions/*.md diff=question\n")
    title = "## " + "A long question title " * 5 + "{#long-question}\n"
    page.write_text(f"# Page\n\n{title}\nfirst text\n")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "Add the long question")
    page.write_text(f"# Page\n\n{title}\nbetter text\n")
    git("commit", "-qam", "long-question: better text")
    changes = parse_log(git_log(tmp_path) or "")
    assert [(c.question_id, c.kind, c.subject) for c in changes] == [
        ("long-question", "corrected", "long-question: better text"),
        ("long-question", "added", "Add the long question"),
    ]


def test_no_repository_means_no_history(tmp_path: Path) -> None:
    assert git_log(tmp_path) is None


def test_one_row_per_commit_and_a_sweep_folds_its_questions() -> None:
    many = {f"q{n}": ("questions/od.md", f"Question {n}?") for n in range(5)}
    sweep = [Change(f"q{n}", "corrected", "2026-11-30", "fffffff", "Fix links") for n in range(5)]
    small = [Change(f"q{n}", "corrected", "2026-11-29", "eeeeeee", "Fix NMS") for n in range(3)]
    text = changes_page([*sweep, *small, small[0]], many)  # a repeated pair is listed once
    rows = [line for line in text.splitlines() if line.startswith("| 2026-")]
    assert len(rows) == 2  # one per commit, newest first
    assert rows[0].startswith("| 2026-11-30 | Fix links | <details><summary>5 questions</summary>")
    assert rows[0].count("](questions/od.md#q") == 5
    assert "<details>" not in rows[1] and rows[1].count(" · ") == 2  # three stay in the open
