"""Check every internal link of a built site; list the external ones (never fetched).

Internal: a relative ``href``/``src``, or an absolute one on the site's own host. Each must
name a file of the site (a folder means its ``index.html``) and, with ``#anchor``, an ``id``
(or ``name``) on that page. External links are collected into a report for a human to review.

Run on a built site: ``python tests/linkcheck.py site [--external REPORT.txt]``; exit 1 with
``page: link — what is wrong`` lines on any broken internal link.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
              ("source", "src"), ("iframe", "src")}  # fmt: skip
SCHEMES_IGNORED = ("mailto:", "tel:", "javascript:", "data:")


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif (tag, name) in LINK_ATTRS:
                self.page.links.append(value)


def parse_page(html: str) -> PageLinks:
    collector = _Collector()
    collector.feed(html)
    return collector.page


def target_file(site: Path, page_url: str, link: str) -> tuple[Path, str]:
    """The file a site-relative link points to and its fragment."""
    parts = urlsplit(urljoin(page_url, link))
    path = unquote(parts.path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def check_site(site: Path, site_url: str = "http://127.0.0.1:8000/") -> tuple[list[str], dict]:
    """Broken internal links (``page: link — problem``) and external links by page."""
    pages = {p: parse_page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}
    host = urlsplit(site_url).netloc
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    for path, page in pages.items():
        rel = path.relative_to(site).as_posix()
        base = "http://site.invalid/" + rel
        for link in page.links:
            if link.startswith(SCHEMES_IGNORED) or link == "#":
                continue
            parts = urlsplit(link)
            if parts.scheme in {"http", "https"} and parts.netloc != host:
                external[link].add(rel)
                continue
            if parts.netloc == host:
                link = parts.path + (f"#{parts.fragment}" if parts.fragment else "")
            target, fragment = target_file(site, base, link)
            if not target.is_file():
                broken.append(f"{rel}: {link} — no such file in the site")
            elif fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if fragment not in ids:
                    broken.append(f"{rel}: {link} — no id '{fragment}' on that page")
    return broken, external


def external_report(external: dict[str, set[str]]) -> str:
    lines = [f"{len(external)} external links (not fetched), each with the pages that use it:"]
    for url in sorted(external):
        lines.append(f"{url}\n    " + ", ".join(sorted(external[url])))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python tests/linkcheck.py SITE_DIR [--external REPORT.txt]")
        return 2
    broken, external = check_site(Path(args[0]))
    report = external_report(external)
    if "--external" in args:
        Path(args[args.index("--external") + 1]).write_text(report, encoding="utf-8")
    for line in broken:
        print(line)
    print(f"{len(broken)} broken internal links; {len(external)} external links listed")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
