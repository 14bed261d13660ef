"""Shared fixtures: a throw-away MkDocs project built in-process with the real hooks."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from support import ROOT, build_project, project_config_text


def _commit_epoch() -> str:
    """The last commit's time: every build in a test run stamps the same date (as ``make``
    does), so two builds of one commit can be compared byte for byte."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "1767225600"  # 2026-01-01, for a copy without git history


os.environ.setdefault("SOURCE_DATE_EPOCH", _commit_epoch())


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write ``{docs-relative path: text}`` into a fresh project; return its mkdocs.yml."""

    def make(pages: dict[str, str]) -> Path:
        docs = tmp_path / "docs"
        (docs / "stylesheets").mkdir(parents=True, exist_ok=True)
        (docs / "stylesheets" / "extra.css").write_text(
            (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8"), encoding="utf-8"
        )
        pages = {"index.md": "# Home\n", "tags.md": "# Tags\n\n<!-- material/tags -->\n", **pages}
        for rel, text in pages.items():
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / "glossary.yml").write_text(
            (ROOT / "tests/data/glossary.yml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        cfg = tmp_path / "mkdocs.yml"
        cfg.write_text(project_config_text(docs, tmp_path / "site"), encoding="utf-8")
        return cfg

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook built once per test process with --strict (zero warnings or fail)."""
    out = tmp_path_factory.mktemp("site")
    return build_project(ROOT / "mkdocs.yml", site_dir=str(out), strict=True)
