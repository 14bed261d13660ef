"""The repository hygiene check (``make lint``) flags what pre-commit's fixers would fix."""

from __future__ import annotations

from pathlib import Path

import hygiene


def test_clean_file_passes(tmp_path: Path) -> None:
    ok = tmp_path / "ok.md"
    ok.write_text("# Title\n\ntext\n", encoding="utf-8")
    assert hygiene.check([ok]) == []


def test_trailing_whitespace_and_end_of_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("line one  \nline two\n\n", encoding="utf-8")
    missing = tmp_path / "missing.py"
    missing.write_text("x = 1", encoding="utf-8")
    problems = hygiene.check([bad, missing])
    assert problems == [
        f"{bad}:1: trailing whitespace — delete the spaces or tabs at the end of the line",
        f"{bad}:3: blank lines at end of file — remove them",
        f"{missing}:1: no newline at end of file — add one",
    ]


def test_yaml_with_mkdocs_tags_parses_and_broken_yaml_is_reported(tmp_path: Path) -> None:
    tags = tmp_path / "mkdocs.yml"
    tags.write_text("emoji: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    broken = tmp_path / "broken.yml"
    broken.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    problems = hygiene.check([tags, broken])
    assert len(problems) == 1 and problems[0].startswith(f"{broken}:")


def test_binary_files_are_skipped_and_main_exits_nonzero(tmp_path: Path) -> None:
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n  \n")
    assert hygiene.check([png]) == []
    bad = tmp_path / "bad.txt"
    bad.write_text("x \n", encoding="utf-8")
    assert hygiene.main([str(bad)]) == 1
    assert hygiene.main([str(png)]) == 0


def test_walk_without_git_skips_build_folders(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("x\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("x\n", encoding="utf-8")
    assert hygiene.tracked_files(tmp_path) == [tmp_path / "docs" / "a.md"]


def test_a_repeated_yaml_key_says_where_and_what_to_do(tmp_path: Path) -> None:
    dup = tmp_path / "mkdocs.yml"
    dup.write_text(
        "extra_javascript:\n  - a.js\nemoji: !!python/name:x.y\nextra_javascript:\n  - b.js\n",
        encoding="utf-8",
    )
    assert hygiene.check([dup]) == [
        f"{dup}:4: key 'extra_javascript' appears twice (first at line 1); YAML keeps only the "
        "last one — merge the two lists"
    ]


def test_repeated_keys_in_nested_mappings_and_documents(tmp_path: Path) -> None:
    dup = tmp_path / "nested.yml"
    dup.write_text(
        "theme:\n  name: material\n  palette: {a: 1}\n  name: readthedocs\n"
        "plugins:\n  - search:\n      lang: en\n      lang: de\n"
        "palette: {a: 1}\n---\nx: 1\npalette: {b: 2}\npalette: {c: 3}\n",
        encoding="utf-8",
    )
    assert hygiene.check([dup]) == [
        f"{dup}:4: key 'name' appears twice (first at line 2); YAML keeps only the last one — "
        "delete the one you do not want",
        f"{dup}:8: key 'lang' appears twice (first at line 7); YAML keeps only the last one — "
        "delete the one you do not want",
        f"{dup}:13: key 'palette' appears twice (first at line 12); YAML keeps only the last "
        "one — merge the two mappings",
    ]
