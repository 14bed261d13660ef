"""What the command line needs from mkdocs.yml, read without MkDocs: folders and the nav."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.glossary import GLOSSARY_FILE

CONFIG_FILE = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' ``!!python/name:`` values and other tags as None, and
    ``!ENV`` as MkDocs does (the first variable set, else the default)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, ..., default]`` (pyyaml_env_tag's rule)."""
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_args: None)
_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", lambda *_args: None)


@dataclass(frozen=True)
class SiteConfig:
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    snippet_root: Path  # where --8<-- include paths are resolved
    nav: Any  # the explicit nav, or None
    site_url: str = ""  # where the site is published (absolute links in the flashcards)

    @property
    def glossary_file(self) -> Path:
        return self.root / GLOSSARY_FILE

    def file_of(self, shown: str) -> Path:
        """The file a problem's path names (``docs/…`` is below docs_dir, others below root)."""
        if shown.startswith("docs/"):
            return self.docs_dir / shown.removeprefix("docs/")
        return self.root / shown


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds mkdocs.yml."""
    for folder in [start, *start.parents]:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def snippet_root(options: dict[str, Any], relative_to: Path) -> Path:
    """pymdownx.snippets' first ``base_path`` (where ``--8<--`` paths are resolved)."""
    base = options.get("base_path", ["."])
    first = base[0] if isinstance(base, list) and base else base
    return (relative_to / str(first or ".")).resolve()


def _extension_options(extensions: Any, name: str) -> dict[str, Any]:
    for item in extensions or []:
        if isinstance(item, dict) and name in item:
            return item[name] or {}
    return {}


def load_site_config(root: Path) -> SiteConfig:
    """Read ``root/mkdocs.yml``: docs_dir, the snippets' base path and the nav."""
    data = yaml.load((root / CONFIG_FILE).read_text(encoding="utf-8"), Loader=_Loader) or {}
    docs_dir = (root / str(data.get("docs_dir") or "docs")).resolve()
    options = _extension_options(data.get("markdown_extensions"), "pymdownx.snippets")
    site_url = str(data.get("site_url") or "")
    return SiteConfig(
        root.resolve(), docs_dir, snippet_root(options, root), data.get("nav"), site_url
    )
