"""Glossary hook overhead: on the real handbook and on synthetic handbooks (N pages × 500 terms).

For each build it reports the total build time and the time spent in the glossary hook's
work (loading + lint + back-links + the per-page linking pass), measured by wrapping the
hook's functions with timers during a real in-process MkDocs build.

    python benchmarks/glossary.py [--pages 250 500 1000] [--terms 500]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ["HANDBOOK_PDF"] = "0"  # printing PDFs is not glossary work

TIMED = (
    "load_glossary",
    "lint_usage",
    "term_usage",
    "glossary_page",
    "resolve_term_refs",
    "link_terms",
)


def timed_build(config_file: Path) -> tuple[float, float, int]:
    """Build once; return (total seconds, seconds in the glossary hook, pages)."""
    from mkdocs.config import load_config

    from support import run_build

    config = load_config(str(config_file))
    module = next(p for name, p in config.plugins.items() if name.endswith("glossary.py"))
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(module, name) for name in TIMED}

    def wrap(name: str):
        fn = originals[name]

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t

        return timed

    for name in TIMED:
        setattr(module, name, wrap(name))
    try:
        total = run_build(config)
    finally:
        for name, fn in originals.items():
            setattr(module, name, fn)
    pages = sum(1 for _ in Path(config["site_dir"]).rglob("index.html"))
    return total, sum(spent.values()), pages


def synthetic_project(tmp: Path, n_pages: int, n_terms: int, seed: int = 0) -> Path:
    from support import project_config_text

    rng = random.Random(seed)
    words = [
        "image",
        "feature",
        "model",
        "layer",
        "pixel",
        "filter",
        "scale",
        "noise",
        "signal",
        "shape",
        "train",
        "test",
        "label",
        "object",
        "region",
        "boundary",
        "depth",
        "motion",
        "camera",
        "frame",
    ]
    terms = [(f"synthetic concept {k:04d}", f"SC{k:04d}") for k in range(n_terms)]
    docs = tmp / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "stylesheets" / "extra.css").write_text(
        (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (docs / "index.md").write_text("# Synthetic handbook\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    for p in range(n_pages):
        paras = []
        for _ in range(8):
            sentence = [rng.choice(words) for _ in range(50)]
            for _ in range(4):
                name, abbr = rng.choice(terms)
                sentence.insert(rng.randrange(len(sentence)), rng.choice([name, abbr]))
            paras.append(" ".join(sentence) + ".")
        body = "\n\n".join(f"## Section {s}\n\n{para}" for s, para in enumerate(paras))
        (docs / f"page-{p:04d}.md").write_text(f"# Page {p}\n\n{body}\n", encoding="utf-8")
    # Every term used at least once.
    (docs / "all-terms.md").write_text(
        "# All terms\n\n" + "\n".join(f"- {name}" for name, _ in terms) + "\n", encoding="utf-8"
    )
    (tmp / "data").mkdir()
    entries = [
        f"- term: {name.capitalize()}\n  abbr: {abbr}\n"
        f"  tooltip: Synthetic definition number {k} for the benchmark.\n"
        f"  definition: A longer synthetic explanation of term {k}.\n"
        for k, (name, abbr) in enumerate(terms)
    ]
    (tmp / "data" / "glossary.yml").write_text("\n".join(entries), encoding="utf-8")
    cfg = tmp / "mkdocs.yml"
    cfg.write_text(project_config_text(docs, tmp / "site"), encoding="utf-8")
    return cfg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--terms", type=int, default=500)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(ROOT)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        total, hook, pages = timed_build_real(Path(tmp) / "real-site")
        rows.append(("real handbook", pages, total, hook))
        for n in args.pages:
            project = Path(tmp) / f"synthetic-{n}"
            project.mkdir()
            total, hook, pages = timed_build(synthetic_project(project, n, args.terms))
            rows.append((f"synthetic {n} pages × {args.terms} terms", pages, total, hook))
    print(
        f"{'build':<36} {'pages':>6} {'build s':>8} {'glossary s':>10} {'share':>6} {'ms/page':>8}"
    )
    for name, pages, total, hook in rows:
        print(
            f"{name:<36} {pages:>6} {total:>8.2f} {hook:>10.3f} {hook / total:>6.1%} "
            f"{hook / pages * 1000:>8.2f}"
        )
    return 0


def timed_build_real(site_dir: Path) -> tuple[float, float, int]:
    """The real handbook (its config next to data/glossary.yml, site into a temp dir)."""
    tmp_cfg = ROOT / ".bench-glossary.yml"
    tmp_cfg.write_text(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + f"\nsite_dir: {site_dir}\n",
        encoding="utf-8",
    )
    try:
        return timed_build(tmp_cfg)
    finally:
        tmp_cfg.unlink()


if __name__ == "__main__":
    sys.exit(main())
