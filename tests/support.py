"""Helpers shared by the tests: the repository root and throw-away MkDocs projects."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project_config_text(docs_dir: Path, site_dir: Path, keep_nav: bool = False) -> str:
    """The real mkdocs.yml, pointed at another docs folder (hooks and snippets stay real)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^(\s*- )hooks/", lambda m: f"{m.group(1)}{ROOT}/hooks/", text, flags=re.M)
    text = re.sub(r"^watch:\n(?:  - .*\n)+", "", text, flags=re.M)  # paths of the real repo
    text = text.replace("base_path: [.]", f"base_path: [{ROOT}]")
    text = text.replace("paths: [.]", f"paths: [{ROOT}]")
    if not keep_nav:
        text = text[: text.index("\nnav:")] + "\n"
    text += f"\ndocs_dir: {docs_dir}\nsite_dir: {site_dir}\n"
    return text


def build_project(config_file: Path) -> Path:
    """Run a strict MkDocs build in-process; return the site directory."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config["site_dir"])
