"""Repository hygiene, the same rules as .pre-commit-config.yaml, for ``make lint``.

- every text file ends with exactly one newline and has no trailing whitespace;
- every YAML file parses (MkDocs' ``!!python/name:`` tags allowed, as ``check-yaml --unsafe``)
  and repeats no key (YAML keeps only the last value: two ``extra_javascript:`` lists in
  mkdocs.yml once dropped the first without a word).

Run: ``python tests/hygiene.py [FILES...]`` (no arguments: every file git tracks, or every
file below the current folder outside the usual build and cache folders when git is absent).
Exit 1 with ``file:line: problem — fix`` lines on any problem.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

SKIP_DIRS = {".git", ".venv", "site", "build", "__pycache__", ".pytest_cache", ".ruff_cache"}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".apkg", ".ico", ".woff2", ".zip"}


def tracked_files(root: Path) -> list[Path]:
    """Files git tracks below ``root``; without git, a walk that skips build and cache dirs."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
        ).stdout.decode()
        return [root / p for p in out.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        return sorted(_walk(root))


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".venv")]
        for name in files:
            yield Path(folder) / name


def whitespace_problems(path: Path, text: str) -> list[str]:
    """Trailing whitespace on a line, and a missing or doubled final newline."""
    problems = [
        f"{path}:{n}: trailing whitespace — delete the spaces or tabs at the end of the line"
        for n, line in enumerate(text.split("\n"), start=1)
        if line != line.rstrip(" \t")
    ]
    if text and not text.endswith("\n"):
        problems.append(f"{path}:{text.count(chr(10)) + 1}: no newline at end of file — add one")
    elif text.endswith("\n\n"):
        problems.append(f"{path}:{text.count(chr(10))}: blank lines at end of file — remove them")
    return problems


def yaml_problems(paths: Iterable[Path]) -> list[str]:
    """YAML files that do not parse, with the parser's line (a syntax-only parse, as
    pre-commit-hooks' ``check-yaml --unsafe``, so MkDocs' ``!!python/name:`` tags pass), and
    keys repeated in one mapping."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    yaml = YAML(typ="safe")
    problems = []
    for path in paths:
        try:
            with path.open(encoding="utf-8") as fh:
                for _ in yaml.parse(fh):
                    pass
            with path.open(encoding="utf-8") as fh:
                nodes = list(yaml.compose_all(fh))  # composed, not constructed: any tag passes
        except MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 1
            problems.append(f"{path}:{line}: YAML does not parse ({exc.problem}) — fix the syntax")
            continue
        problems += [f"{path}:{problem}" for node in nodes for problem in repeated_keys(node)]
    return problems


def repeated_keys(node: Any) -> Iterator[str]:
    """``line: message`` for every key that stands twice in one mapping below ``node`` (YAML
    keeps only the last value: two ``extra_javascript:`` lists once dropped the first)."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, SequenceNode):
        for item in node.value:
            yield from repeated_keys(item)
    if not isinstance(node, MappingNode):
        return
    first: dict[str, Any] = {}
    for key, value in node.value:
        yield from repeated_keys(value)
        if not isinstance(key, ScalarNode):
            continue
        if key.value not in first:
            first[key.value] = (key, value)
            continue
        earlier, earlier_value = first[key.value]
        if isinstance(value, SequenceNode) and isinstance(earlier_value, SequenceNode):
            fix = "merge the two lists"
        elif isinstance(value, MappingNode) and isinstance(earlier_value, MappingNode):
            fix = "merge the two mappings"
        else:
            fix = "delete the one you do not want"
        yield (
            f"{key.start_mark.line + 1}: key '{key.value}' appears twice (first at line "
            f"{earlier.start_mark.line + 1}); YAML keeps only the last one — {fix}"
        )


def check(paths: Iterable[Path]) -> list[str]:
    problems: list[str] = []
    yaml_files = []
    for path in paths:
        if path.suffix.lower() in BINARY_SUFFIXES or not path.is_file():
            continue
        raw = path.read_bytes()
        if b"\0" in raw[:8192]:
            continue
        problems += whitespace_problems(path, raw.decode("utf-8", errors="replace"))
        if path.suffix in {".yml", ".yaml"}:
            yaml_files.append(path)
    return problems + yaml_problems(yaml_files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] if args else tracked_files(Path())
    problems = check(paths)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
