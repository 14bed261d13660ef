"""Lighthouse 12 (mobile, the default) against a built site served compressed; medians of N runs.

    python benchmarks/lighthouse.py SITE_DIR [--runs 3] [--page NAME=PATH ...]

Needs Node (``npx --yes lighthouse@12.8.2``) and Chromium (``CHROME_PATH``, default
/usr/bin/chromium). Scores are noisy on a loaded machine: each page runs ``--runs`` times and the
table shows the median of each column.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's handbook
from handbook.static_server import serve

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DEFAULT_PAGES = {
    "home": "",
    "category": "questions/evaluation-metrics/",
    "glossary": "glossary/",
    "cheat sheet": "cheatsheets/evaluation-metrics/",
    "code reference": "reference/tracking/",
}


def lighthouse_once(url: str) -> dict[str, float]:
    """One Lighthouse run: the four scores (0–100), FCP/LCP/TBT (ms), CLS and bytes."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        done = subprocess.run(
            [
                "npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json",
                f"--output-path={out}", "--max-wait-for-load=120000",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            ],
            check=False, env=env, capture_output=True, text=True, timeout=400,
        )  # fmt: skip
        if not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url}: {done.stderr[-2000:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
        if any(report["categories"][c]["score"] is None for c in CATEGORIES):
            raise RuntimeError(f"Lighthouse could not score {url}: {report.get('runtimeError')}")
    audits = report["audits"]
    row = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    row["FCP"] = audits["first-contentful-paint"]["numericValue"]
    row["LCP"] = audits["largest-contentful-paint"]["numericValue"]
    row["TBT"] = audits["total-blocking-time"]["numericValue"]
    row["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    row["bytes"] = audits["total-byte-weight"]["numericValue"]
    return row


def lighthouse_median(url: str, runs: int) -> dict[str, float]:
    rows = []
    for _ in range(runs):
        for attempt in range(3):  # a loaded machine can miss Lighthouse's own time limits
            try:
                rows.append(lighthouse_once(url))
                break
            except RuntimeError as exc:
                print(f"retrying ({attempt + 1}): {exc}", file=sys.stderr, flush=True)
        else:
            raise RuntimeError(f"Lighthouse failed three times on {url}")
        print(f"  {url}: {rows[-1]}", file=sys.stderr, flush=True)
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def format_table(results: dict[str, dict[str, float]]) -> str:
    head = "| page type | perf | a11y | best pr. | SEO | FCP ms | LCP ms | TBT ms | CLS | KB (gz) |"
    lines = [head, "|" + "---|" * 10]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['performance']:.0f} | {r['accessibility']:.0f} | "
            f"{r['best-practices']:.0f} | {r['seo']:.0f} | {r['FCP']:.0f} | {r['LCP']:.0f} | "
            f"{r['TBT']:.0f} | {r['CLS']:.3f} | {r['bytes'] / 1024:.0f} |"
        )
    return "\n".join(lines)


def measure_site(site: Path, pages: dict[str, str], runs: int) -> dict[str, dict[str, float]]:
    with serve(site) as base:
        return {name: lighthouse_median(base + path, runs) for name, path in pages.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", default=[], help="NAME=PATH (repeatable)")
    args = parser.parse_args()
    pages = dict(p.split("=", 1) for p in args.page) or DEFAULT_PAGES
    print(format_table(measure_site(args.site, pages, args.runs)))
    print(f"(Lighthouse {LIGHTHOUSE.split('@')[1]} mobile, median of {args.runs} runs per page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
