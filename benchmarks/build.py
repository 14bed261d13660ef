"""Build benchmark: wall time, time per page, hook overhead and site size.

Runs the real handbook build several times in fresh processes' worth of state (in-process,
clean site directory each time), with the hooks and without them (same pages, non-strict,
since the pages need the hooks to validate links), and prints medians.

    python benchmarks/build.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def one_build(with_hooks: bool, site_dir: Path) -> tuple[float, int]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=with_hooks)
    if not with_hooks:
        for name in list(config.plugins):
            if name.startswith("hooks/") or name in {"questions", "mathml"}:
                del config.plugins[name]
    config.plugins.on_startup(command="build", dirty=False)
    start = time.perf_counter()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    elapsed = time.perf_counter() - start
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    return elapsed, pages


def site_size(site: Path) -> tuple[int, int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    return len(files), sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in html)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "hooks"))
    import questions

    bank, problems = questions.load_bank(ROOT / "docs", ROOT)
    if problems:
        print(questions.format_problems(problems))
        return 1
    results: dict[bool, list[float]] = {True: [], False: []}
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        one_build(True, Path(tmp) / "warm")  # warm imports and caches once
        for r in range(args.repeats):
            for with_hooks in (True, False):
                site = Path(tmp) / f"site-{r}-{with_hooks}"
                elapsed, pages = one_build(with_hooks, site)
                results[with_hooks].append(elapsed)
        n_files, total, html = site_size(Path(tmp) / f"site-0-{True}")
        parse_times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            questions.load_bank(ROOT / "docs", ROOT)
            parse_times.append(time.perf_counter() - t)
    with_h, without_h = statistics.median(results[True]), statistics.median(results[False])
    overhead = with_h - without_h
    print(
        f"questions: {len(bank.questions)} in {len(bank.categories)} categories; "
        f"HTML pages: {pages}; repeats: {args.repeats} (median)"
    )
    print(
        f"full build, hooks on (strict):   {with_h:7.3f} s  ({with_h / pages * 1000:.1f} ms/page)"
    )
    print(
        f"same pages, hooks off:           {without_h:7.3f} s  "
        f"({without_h / pages * 1000:.1f} ms/page)"
    )
    print(f"hook overhead:                   {overhead:7.3f} s  ({overhead / with_h:.1%} of build)")
    print(f"  of which parse+validate bank:  {statistics.median(parse_times) * 1000:7.1f} ms")
    print(f"site: {n_files} files, {total / 1e6:.2f} MB total, {html / 1e6:.2f} MB HTML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
