"""Helpers shared by the tests: the repository root and throw-away MkDocs projects."""

from __future__ import annotations

import contextlib
import io
import re
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def project_config_text(docs_dir: Path, site_dir: Path, keep_nav: bool = False) -> str:
    """The real mkdocs.yml, pointed at another docs folder (hooks and snippets stay real)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^(\s*- )hooks/", lambda m: f"{m.group(1)}{ROOT}/hooks/", text, flags=re.M)
    text = re.sub(r"^watch:\n(?:  - .*\n)+", "", text, flags=re.M)  # paths of the real repo
    text = text.replace("base_path: [.]", f"base_path: [{ROOT}]")
    text = text.replace("paths: [.]", f"paths: [{ROOT}]")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    if not keep_nav:
        text = text[: text.index("\nnav:")] + "\n"
    text += f"\ndocs_dir: {docs_dir}\nsite_dir: {site_dir}\n"
    return text


def run_build(config: Any) -> float:
    """Build a loaded MkDocs config in-process, as ``mkdocs build`` does; return seconds."""
    from mkdocs.commands.build import build

    config.plugins.on_startup(command="build", dirty=False)
    start = time.perf_counter()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


def build_project(config_file: Path, **overrides: Any) -> Path:
    """Load a config file and build it; return the site directory."""
    from mkdocs.config import load_config

    config = load_config(str(config_file), **overrides)
    run_build(config)
    return Path(config["site_dir"])


def pycocotools_stats(gt: dict, dets: list) -> Any:
    """COCO box AP, AP50 and AP75 from pycocotools (the reference), without its printing."""
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO()
        coco.dataset = gt
        coco.createIndex()
        evaluator = COCOeval(coco, coco.loadRes(dets), iouType="bbox")
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
    return evaluator.stats[:3]


def foreign_requests(page: Any, server: str) -> list[str]:
    """A list that fills with every http(s) request ``page`` makes to a host other than
    ``server``'s (the handbook is offline by design: it must stay empty)."""
    from urllib.parse import urlparse

    own = urlparse(server).netloc
    foreign: list[str] = []

    def record(request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in {"http", "https"} and url.netloc != own:
            foreign.append(request.url)

    page.on("request", record)
    return foreign


def wait_laid_out(page: Any) -> None:
    """Wait until a category page has laid out every answer (overrides/partials/
    lazy-answers.html defers the answers after the second question to slices after load):
    before measuring boxes below the first screen."""
    page.wait_for_function(
        "!document.documentElement.classList.contains('hb-lazy')"
        " || document.documentElement.hasAttribute('data-hb-laid-out')"
    )
