"""Where a page's main-thread time goes at load, from Chromium's own trace: A/B across sites.

    python benchmarks/trace.py SITE[:PATH] [SITE[:PATH] ...] [--runs 4] [--cpu 4]

Each SITE (a built site folder) is served compressed on loopback; PATH (default: the largest
category, ``questions/image-processing/``) is loaded in Chromium with a phone viewport and the
CPU slowed ``--cpu`` times, as Lighthouse's mobile run does, and traced. The runs are
interleaved (A, B, A, B, …) so that a machine whose speed drifts treats both alike, and the
table gives the median of each column in milliseconds:

- ``blocking``: the sum over the main thread's tasks of (duration − 50 ms), the quantity
  Lighthouse's total blocking time adds up (it counts only tasks after the first paint);
- ``busy``: all the main thread's task time;
- ``style``, ``layout``, ``parse``, ``events``: Chromium's ``UpdateLayoutTree``, ``Layout``,
  ``ParseHTML`` (which includes the scripts it runs) and ``EventDispatch`` (DOMContentLoaded
  and load handlers: Material mounts its components there);
- ``svg icons``: building the documents of SVG images used by CSS (Material's icons).

Lighthouse says what the score is; this says which part of the work a change moved, with less
noise than a score: it measured hooks/lean_markup.py's pre-wrapped tables (event work on the
largest category 484 -> 200 ms). Needs Chromium (``CHROME_PATH``, default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's handbook
from handbook.static_server import serve

DEFAULT_PATH = "questions/image-processing/"
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink"]
COLUMNS = {  # trace event -> column
    "UpdateLayoutTree": "style",
    "Layout": "layout",
    "ParseHTML": "parse",
    "EventDispatch": "events",
    "SVGImage::DataChanged": "svg icons",
}


def summarise(events: list[dict[str, Any]]) -> dict[str, float]:
    """The columns above (ms) from a trace's events: the renderer's main thread is the one
    that parsed HTML; nested events of one kind are counted once (their outermost)."""
    threads = Counter((e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML")
    if not threads:
        raise ValueError("the trace has no ParseHTML event: the page did not load")
    main = threads.most_common(1)[0][0]
    spans = sorted(
        (e for e in events if (e["pid"], e["tid"]) == main and e.get("ph") == "X"),
        key=lambda e: (e["ts"], -e.get("dur", 0)),
    )
    row = dict.fromkeys(["blocking", "busy", *COLUMNS.values()], 0.0)
    open_until: dict[str, float] = defaultdict(float)
    for e in spans:
        name, start, dur = e["name"], e["ts"], e.get("dur", 0)
        if name == "RunTask":
            row["blocking"] += max(0.0, dur / 1000 - 50)
            row["busy"] += dur / 1000
        elif name in COLUMNS and start >= open_until[name]:  # not inside one of its kind
            row[COLUMNS[name]] += dur / 1000
            open_until[name] = start + dur
    return row


def trace_load(browser: Any, url: str, cpu: float) -> dict[str, float]:
    """One traced load of ``url`` (phone viewport, CPU slowed ``cpu`` times)."""
    context = browser.new_context(
        viewport={"width": 412, "height": 823},
        device_scale_factor=1.75,
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        browser.start_tracing(page=page, categories=CATEGORIES)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(2500)  # Material's and the handbook's work after load
        return summarise(json.loads(browser.stop_tracing())["traceEvents"])
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="+", help="SITE or SITE:PATH")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--cpu", type=float, default=4, help="CPU slowdown (Lighthouse: 4)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    targets = [[*t.split(":", 1), DEFAULT_PATH][:2] for t in args.targets]
    rows: dict[str, list[dict[str, float]]] = defaultdict(list)
    with ExitStack() as stack, sync_playwright() as p:
        urls = {site: stack.enter_context(serve(Path(site))) for site, _ in targets}
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
            headless=True,
        )
        for _ in range(args.runs):
            for site, path in targets:
                rows[f"{site}:{path}"].append(trace_load(browser, urls[site] + path, args.cpu))
        browser.close()
    columns = list(next(iter(rows.values()))[0])
    print("| site:page | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, runs in rows.items():
        cells = " | ".join(f"{statistics.median(r[c] for r in runs):.0f}" for c in columns)
        print(f"| {name} | {cells} |")
    print(f"(ms, median of {args.runs} interleaved runs, CPU slowed {args.cpu:g}x; load average "
          f"{os.getloadavg()[0]:.1f} at the end)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
