"""The baseline the build benchmarks compare against: a plain Material build of the same pages.

``plain_config`` writes a copy of a handbook's ``mkdocs.yml`` without its ``hooks:`` (and
without ``watch:``), usable from any folder. The pages stay the same, with the same theme,
Markdown extensions and plugins (tags, mkdocstrings, mkdocs-jupyter).

With ``search=True`` (the default) the copy also turns on Material's built-in search plugin.
A plain Material site has it, because Material enables it when ``plugins:`` is not set.
The handbook replaces it with its own Pagefind index (``hooks/search.py``). So the fair
baseline for "what do the hooks cost" builds Material's index where the handbook builds
its own. This is how the baseline of issue 22's "1.19×" was measured: the handbook then
still used Material's search. ``search=False`` gives the baseline with no search index
at all, which the benchmarks report beside it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def plain_config(root: Path, dest: Path, *, search: bool = True) -> Path:
    """Write ``dest/mkdocs-plain[-nosearch].yml`` for the handbook at ``root``; return it.

    The notebooks run in the plain build exactly when they run in the hooked one:
    ``HANDBOOK_NOTEBOOKS=0`` (read by ``hooks/notebooks.py``) is applied here by hand."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^(hooks|watch):\n(?:  - .*\n)+", "", text, flags=re.M)
    if os.environ.get("HANDBOOK_NOTEBOOKS") == "0":
        text = text.replace("      execute: true\n", "      execute: false\n")
    text = text.replace("- hooks/griffe_doctests.py", f"- {root}/hooks/griffe_doctests.py")
    text = text.replace("custom_dir: overrides", f"custom_dir: {root / 'overrides'}")
    text = text.replace("          paths: [.]\n", f"          paths: [{root}]\n")
    if search:
        text = text.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1)
    path = dest / ("mkdocs-plain.yml" if search else "mkdocs-plain-nosearch.yml")
    path.write_text(text + f"\ndocs_dir: {root / 'docs'}\n", encoding="utf-8")
    return path
