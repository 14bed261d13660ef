"""Screenshots of the reader views, to look at before a release (issue 22's note asks for them).

    python benchmarks/screenshots.py SITE_DIR OUT_DIR [--page questions/evaluation-metrics/]

Serves a built site compressed, opens it in the system Chromium and writes PNGs:

- ``category-quiz-light.png`` / ``category-quiz-dark.png``: a category page in quiz mode
  (answers folded; the first one revealed), desktop width, light and dark colour schemes;
- ``phone-category.png``: the same page at a 390 × 844 phone viewport, quiz mode off;
- ``phone-term.png``: the phone view after tapping the first marked glossary term (the
  definition shown in place);
- ``phone-filters.png``: the phone view filtered to senior questions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's handbook
from handbook.static_server import serve

CHROMIUM = "/usr/bin/chromium"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}  # fmt: skip


def shoot(site: Path, out: Path, page_path: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for scheme in ("light", "dark"):
            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(base + page_path, wait_until="networkidle")
            page.locator("[data-hb-quiz]").first.click()
            reveal = page.get_by_role("button", name="Show answer").first
            reveal.click()
            reveal.scroll_into_view_if_needed()
            page.mouse.wheel(0, -300)
            written.append(out / f"category-quiz-{scheme}.png")
            page.screenshot(path=written[-1])
            context.close()
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(base + page_path, wait_until="networkidle")
        written.append(out / "phone-category.png")
        page.screenshot(path=written[-1])
        term = page.locator("a.hb-term").first
        term.scroll_into_view_if_needed()
        term.tap()
        page.wait_for_timeout(300)
        written.append(out / "phone-term.png")
        page.screenshot(path=written[-1])
        page.goto(base + page_path, wait_until="networkidle")
        page.locator("select").first.select_option("senior")
        written.append(out / "phone-filters.png")
        page.screenshot(path=written[-1])
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--page", default="questions/evaluation-metrics/")
    args = parser.parse_args()
    for path in shoot(args.site, args.out, args.page):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
