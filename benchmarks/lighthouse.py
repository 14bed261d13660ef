"""Lighthouse 12 (mobile, the default) against a built site served compressed; medians of N runs.

    python benchmarks/lighthouse.py SITE_DIR [--runs 3] [--page NAME=PATH ...] [--explain]
        [--save DIR]

Needs Node (``npx --yes lighthouse@12.8.2``) and Chromium (``CHROME_PATH``, default
/usr/bin/chromium). Scores are noisy on a loaded machine: each page runs ``--runs`` times and the
table shows the median of each column.

``--explain`` prints, per page, what the last run spent its main-thread time on (Lighthouse's
``mainthread-work-breakdown``, ``bootup-time`` and ``long-tasks`` audits), the DOM size, the
render-blocking resources, layout shifts, the metrics' estimated savings and every failing audit
of the four categories: where to look before changing anything. ``--save DIR`` keeps each run's
JSON report (open one in https://googlechrome.github.io/lighthouse/viewer/ or read the audits);
``--explain-saved REPORT.json ...`` explains saved reports without running Lighthouse.

What issue 22 taught (Lighthouse 12, mobile, simulated throttling):

- The simulation downloads the whole HTML before the stylesheets it links, then replays the
  main-thread tasks it observed, four times slower. So the page's compressed bytes and its
  main-thread work both move FCP/LCP, and a loaded machine inflates TBT: compare A/B runs
  made in the same minutes (alternate them) and give the load average.
- Material's palette component restyled every element three times at load (it marks <body>
  while switching and writes a color-scheme <meta>); overrides/partials/palette.html applies
  the palette while the header is parsed instead. Trace a page to see such forced style
  recalculations: Chromium's ``devtools.timeline`` trace events ``UpdateLayoutTree``/``Layout``
  carry the element count and the script line that forced them.
- ``content-visibility: auto`` on large blocks (question answers, glossary letters) cuts style
  and layout, but Lighthouse's accessibility audit then measures skipped text where the
  placeholders put it (over the footer) and fails colour contrast and target size; it stays on
  code blocks only. Closed ``<details>`` cost neither style nor layout and are audited right
  (the glossary keeps each letter in one).
- At DOMContentLoaded Material's content component mounts something on every link,
  ``details``, table and code block of the article: 446 ``details`` (one per glossary term)
  cost more than they saved, one per letter (27) did not; thousands of links are measurable
  work too (the glossary's "Used in" question links load on demand, glossary/used-in.json).
- Category pages were the hard case: 5,300-6,500 elements (11,500 on benchmarks/reader.py's
  36-question page, which scored ~82) to style and lay out, and no a11y-safe way was found to
  skip them. Elements that change nothing on screen are removed at build time instead
  (hooks/lean_markup.py: Pygments name and whitespace spans; hooks/mathml.py: redundant
  <mrow>s): -13 to -15 %, TBT 255 -> 165 ms on the largest category in an A/B run.
- Material's script also rewrapped every class-less table at load (two ``replaceWith`` per
  table, then style and layout again): hooks/lean_markup.py writes the wrappers at build time
  and marks the table so the script skips it, which halved the load-time event work on the
  largest category (484 -> 200 ms at 4x CPU in a Chromium trace, median of 4).
- What a category page's load still costs (``benchmarks/trace.py``: Chromium's trace, 4x CPU):
  Material's bundle reads the scroll position while it is evaluated, which forces the first full
  layout of all ~5,000 elements (~500 ms) inside the same task as the last parse chunk; MathML
  is about 40 % of the elements that get laid out and its layout costs far more per element than
  HTML's (the same formulas as plain spans lay out ~250 ms faster); each distinct SVG icon
  (admonitions, details, copy button) costs an SVG document (~130 ms in all). Tried and dropped:
  ``content-visibility: auto`` on each answer's body with its heading outside (the TOC then
  reads no skipped box, but Material's size observer on every code block forces layout of the
  skipped bodies anyway, and colour contrast fails again); ``defer`` on Material's bundle (more
  work in total).
- TBT on the largest categories swings 165-530 ms between runs minutes apart on this 2-core
  VM, and Lighthouse's CPU index with it (1,065-2,526 in one evening). With the tables
  pre-wrapped they scored 96-99 at an index of 1,700 or more and 87-95 at 1,175-1,372.
  Lighthouse's docs/throttling.md: the default 4x slowdown is calibrated for a high-end
  desktop (index 1,500-2,000); a host in another bracket should adjust
  ``--throttling.cpuSlowdownMultiplier``. This script keeps the default (the stricter figure
  here) and prints the index per row. Compare A/B runs, never one run against an old table.
- What fixed the cost curve of category pages: laying out the answers after the first two in
  slices of about 8 ms after DOMContentLoaded (overrides/partials/lazy-answers.html). The
  answers' own work is unchanged and the slices add some (each is a small relayout, and
  Material's observers react to it): busy time in a Chromium trace +19 % on image-processing,
  +48 % on camera-geometry. But it is no longer in the few long tasks that TBT counts.
  Blocking time in the trace (4x CPU, median of 4, A/B interleaved): image-processing
  1,040 -> 617 ms, camera-geometry 975 -> 736. Lighthouse, A/B the same minutes: the largest
  category TBT 96/177 -> 30/76 ms, the most elements 197/262 -> 83/129; the 36-question
  synthetic page (benchmarks/reader.py) 90/82/85 -> 94/98/99 (TBT 366/699/569 -> 281/154/84)
  at CPU index 1,231-1,962. In the final table every category page scored 98-100 in every run,
  slow moments included (index 1,345-1,468); the previous code scored 87-95 at 1,175-1,372.
- Never change a class on <html> after load on a large page: Chromium restyled all 4,260
  elements of the largest category for it (160 ms at 4x, one long task, found with a trace
  listing each task over 50 ms and its style recalculations' element counts). The lazy answers
  mark each section instead and end with an attribute no rule reads.
- A long table whose column widths come from its content shifts its first rows when later
  rows are parsed after the first paint (the change log: CLS 0.11 on a phone); give such a
  table set column widths (``table-layout: fixed``), as extra.css does for the change log.
- Every stylesheet and non-deferred script is a render-blocking request; keep them few.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

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
    "notebook": "notebooks/map-from-scratch/",
    "notebook (figures)": "notebooks/transfer-learning-on-a-cpu/",
    "largest category": "questions/image-processing/",  # the most bytes
    "most elements": "questions/camera-geometry/",  # the most elements (formulas, code)
    "what changed": "changes/",  # grows with every commit
    "drills": "study/drills/",
}


def run_report(url: str, save: Path | None = None) -> dict[str, Any]:
    """One Lighthouse run on ``url``: the JSON report (also written to ``save`` if given)."""
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
        if save is not None:
            save.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(out, save)
    return report


def summarise(report: dict[str, Any]) -> dict[str, float]:
    """The four scores (0–100), FCP/LCP/TBT (ms), CLS and bytes of one report."""
    audits = report["audits"]
    row = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    row["FCP"] = audits["first-contentful-paint"]["numericValue"]
    row["LCP"] = audits["largest-contentful-paint"]["numericValue"]
    row["TBT"] = audits["total-blocking-time"]["numericValue"]
    row["CLS"] = audits["cumulative-layout-shift"]["numericValue"]
    row["bytes"] = audits["total-byte-weight"]["numericValue"]
    # Lighthouse's own measure of this machine's speed during the run (higher is faster): TBT
    # is the machine's main-thread time multiplied, so read every score beside it
    row["CPU"] = report.get("environment", {}).get("benchmarkIndex", float("nan"))
    return row


def lighthouse_once(url: str) -> dict[str, float]:
    """One Lighthouse run: the four scores (0–100), FCP/LCP/TBT (ms), CLS and bytes."""
    return summarise(run_report(url))


def _items(audit: dict[str, Any]) -> list[dict[str, Any]]:
    return (audit.get("details") or {}).get("items") or []


def _short(url: str, base: str) -> str:
    return url.replace(base, "/") if base and url.startswith(base) else url


def explain(report: dict[str, Any], top: int = 6) -> str:
    """What one run spent its time on and which audits failed, as indented plain text."""
    audits = report["audits"]
    base = report.get("finalDisplayedUrl", "").split("/", 3)
    base = "/".join(base[:3]) + "/" if len(base) > 3 else ""
    out: list[str] = []
    work = sorted(_items(audits["mainthread-work-breakdown"]), key=lambda i: -i.get("duration", 0))
    out.append(
        "  main thread: "
        + ", ".join(f"{i['groupLabel']} {i['duration']:.0f} ms" for i in work[:top])
    )
    scripts = sorted(_items(audits["bootup-time"]), key=lambda i: -i.get("total", 0))
    if scripts:
        out.append("  scripts (total / evaluation / parse+compile ms):")
        out.extend(
            f"    {_short(i['url'], base)}: {i['total']:.0f} / {i.get('scripting', 0):.0f}"
            f" / {i.get('scriptParseCompile', 0):.0f}"
            for i in scripts[:top]
        )
    tasks = sorted(_items(audits["long-tasks"]), key=lambda i: -i.get("duration", 0))
    if tasks:
        out.append(
            "  long tasks (ms at start+duration, attributed to): "
            + "; ".join(
                f"{i.get('startTime', 0):.0f}+{i['duration']:.0f} "
                f"{_short(str(i.get('url', '')), base)}"
                for i in tasks[:top]
            )
        )
    dom = audits.get("dom-size", {})
    if dom.get("numericValue") is not None:
        stats = {str(i.get("statistic")): i.get("value") for i in _items(dom)}
        depth = stats.get("Maximum DOM Depth", {})
        depth = depth.get("value", "?") if isinstance(depth, dict) else depth
        out.append(f"  DOM: {dom['numericValue']:.0f} elements, depth {depth}")
    blocking = _items(audits.get("render-blocking-resources", {}))
    if blocking:
        out.append(
            "  render-blocking: "
            + ", ".join(f"{_short(i['url'], base)} {i.get('wastedMs', 0):.0f} ms" for i in blocking)
        )
    shifts = _items(audits.get("layout-shifts", {}))
    if shifts:
        out.append(
            "  layout shifts: "
            + "; ".join(
                f"{i.get('score', 0):.3f} {(i.get('node') or {}).get('selector', '?')}"
                for i in shifts[:top]
            )
        )
    lcp = _items(audits.get("largest-contentful-paint-element", {}))  # two tables
    node = ((lcp[0].get("items") or [{}])[0].get("node") or {}) if lcp else {}
    if node:
        out.append(
            f"  LCP element: {node.get('selector', '?')} ({node.get('nodeLabel', '')[:60]!r})"
        )
    phases = lcp[1].get("items") or [] if len(lcp) > 1 else []
    if phases:
        out.append(
            "  LCP phases: "
            + ", ".join(f"{i.get('phase')} {i.get('timing', 0):.0f} ms" for i in phases)
        )
    failing = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}/{ref['id']} ({audit['score']:.2f})")
                if name != "performance":
                    for item in _items(audit)[:3]:
                        node = item.get("node") or {}
                        if node:
                            failing.append(
                                f"    {node.get('selector', '')}: "
                                f"{node.get('explanation', '')[:200]}"
                            )
    if failing:
        out.append("  below full score: " + "\n    ".join(failing))
    return "\n".join(out)


def lighthouse_median(
    url: str, runs: int, explain_last: bool = False, save: Path | None = None, name: str = ""
) -> dict[str, float]:
    rows = []
    report: dict[str, Any] = {}
    for run in range(runs):
        for attempt in range(3):  # a loaded machine can miss Lighthouse's own time limits
            try:
                path = save / f"{_slug(name or url)}-{run + 1}.json" if save else None
                report = run_report(url, path)
                rows.append(summarise(report))
                break
            except RuntimeError as exc:
                print(f"retrying ({attempt + 1}): {exc}", file=sys.stderr, flush=True)
        else:
            raise RuntimeError(f"Lighthouse failed three times on {url}")
        print(f"  {url}: {rows[-1]}", file=sys.stderr, flush=True)
    if explain_last:
        print(f"{name or url} (last run):\n{explain(report)}", flush=True)
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-") or "page"


def format_table(results: dict[str, dict[str, float]]) -> str:
    head = (
        "| page type | perf | a11y | best pr. | SEO | FCP ms | LCP ms | TBT ms | CLS | KB (gz) "
        "| CPU index |"
    )
    lines = [head, "|" + "---|" * 11]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['performance']:.0f} | {r['accessibility']:.0f} | "
            f"{r['best-practices']:.0f} | {r['seo']:.0f} | {r['FCP']:.0f} | {r['LCP']:.0f} | "
            f"{r['TBT']:.0f} | {r['CLS']:.3f} | {r['bytes'] / 1024:.0f} | "
            f"{r.get('CPU', float('nan')):.0f} |"
        )
    return "\n".join(lines)


def measure_site(
    site: Path,
    pages: dict[str, str],
    runs: int,
    explain_last: bool = False,
    save: Path | None = None,
) -> dict[str, dict[str, float]]:
    with serve(site) as base:
        return {
            name: lighthouse_median(base + path, runs, explain_last, save, name)
            for name, path in pages.items()
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", action="append", default=[], help="NAME=PATH (repeatable)")
    parser.add_argument(
        "--explain", action="store_true", help="print the top costs and failing audits per page"
    )
    parser.add_argument("--save", type=Path, help="keep every run's JSON report in this folder")
    parser.add_argument(
        "--explain-saved", nargs="+", type=Path, metavar="REPORT", help="explain saved reports"
    )
    args = parser.parse_args()
    if args.explain_saved:
        for path in args.explain_saved:
            report = json.loads(path.read_text(encoding="utf-8"))
            print(f"{path}: {summarise(report)}\n{explain(report)}")
        return 0
    if args.site is None:
        parser.error("SITE is needed (a built site folder), unless --explain-saved")
    pages = dict(p.split("=", 1) for p in args.page) or DEFAULT_PAGES
    results = measure_site(args.site, pages, args.runs, args.explain, args.save)
    print(format_table(results))
    print(f"(load average {os.getloadavg()[0]:.1f} at the end)")
    print(f"(Lighthouse {LIGHTHOUSE.split('@')[1]} mobile, median of {args.runs} runs per page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
