"""Build benchmark: wall time, time per page, hook overhead and site size.

Runs the real handbook build several times in fresh processes' worth of state (in-process,
clean site directory each time), with the hooks and without them (same pages, non-strict,
since the pages need the hooks to validate links; Material's own search on, see
``benchmarks/plain.py``), and prints medians.

    python benchmarks/build.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from support import run_build  # noqa: E402  (tests/ holds the shared in-process build)

sys.path.insert(0, str(ROOT / "benchmarks"))
from plain import plain_config  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ["HANDBOOK_PDF"] = "0"  # PDFs are timed on their own below
# Executing the notebooks (tens of seconds, mostly kernel start-up and training) would swamp
# the hooks' cost: both configurations render them unexecuted.
os.environ["HANDBOOK_NOTEBOOKS"] = "0"


def one_build(config_file: Path, site_dir: Path, strict: bool) -> tuple[float, int]:
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    elapsed = run_build(config)
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
    sys.path.insert(0, str(ROOT))
    import handbook

    bank, problems = handbook.load_bank(ROOT / "docs", ROOT)
    if problems:
        print(handbook.format_problems(problems))
        return 1
    results: dict[bool, list[float]] = {True: [], False: []}
    pages = {True: 0, False: 0}
    with tempfile.TemporaryDirectory() as tmp:
        configs = {True: ROOT / "mkdocs.yml", False: plain_config(ROOT, Path(tmp))}
        one_build(configs[True], Path(tmp) / "warm", True)  # warm imports and caches once
        for r in range(args.repeats):
            for with_hooks in (True, False):
                site = Path(tmp) / f"site-{r}-{with_hooks}"
                elapsed, pages[with_hooks] = one_build(configs[with_hooks], site, with_hooks)
                results[with_hooks].append(elapsed)
        n_files, total, html = site_size(Path(tmp) / f"site-0-{True}")
        parse_times = []
        for _ in range(args.repeats):
            t = time.perf_counter()
            handbook.load_bank(ROOT / "docs", ROOT)
            parse_times.append(time.perf_counter() - t)
    with_h, without_h = statistics.median(results[True]), statistics.median(results[False])
    overhead = with_h - without_h
    print(
        f"questions: {len(bank.questions)} in {len(bank.categories)} categories; HTML pages: "
        f"{pages[True]} with hooks ({pages[True] - pages[False]} of them generated), "
        f"{pages[False]} without; repeats: {args.repeats} (median)"
    )
    page_count = pages[True]
    print(
        f"full build, hooks on (strict):   {with_h:7.3f} s  "
        f"({with_h / page_count * 1000:.1f} ms/page)"
    )
    print(
        f"plain Material (its search on):  {without_h:7.3f} s  "
        f"({without_h / pages[False] * 1000:.1f} ms/page)"
    )
    print(f"hook overhead:                   {overhead:7.3f} s  ({overhead / with_h:.1%} of build)")
    print(f"  of which parse+validate bank:  {statistics.median(parse_times) * 1000:7.1f} ms")
    print(f"site: {n_files} files, {total / 1e6:.2f} MB total, {html / 1e6:.2f} MB HTML")
    pdf_timings()
    return 0


def pdf_timings() -> None:
    """One more build with the cheat-sheet PDFs on; print seconds per sheet (A4 + Letter)."""
    from mkdocs.config import load_config

    os.environ["HANDBOOK_PDF"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=tmp)
        hook = next(p for n, p in config.plugins.items() if n.endswith("cheatsheets.py"))
        del config
        start = time.perf_counter()
        one_build(ROOT / "mkdocs.yml", Path(tmp) / "pdf", True)
        elapsed = time.perf_counter() - start
        timings = hook._STATE["timings"]
        if not timings:
            print("cheat-sheet PDFs: skipped (no Chromium)")
            return
        pages = {}
        for pdf in sorted((Path(tmp) / "pdf" / "cheatsheets").glob("*.pdf")):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            pages[pdf.stem] = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    per = statistics.median(timings.values())
    print(
        f"cheat-sheet PDFs: {len(timings)} sheets × 2 sizes, median {per:.2f} s per sheet "
        f"(both sizes), build with PDFs {elapsed:.1f} s"
    )
    print("  pages: " + ", ".join(f"{k} {v}" for k, v in pages.items()))


if __name__ == "__main__":
    sys.exit(main())
