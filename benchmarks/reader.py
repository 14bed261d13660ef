"""Reader benchmark: page weight, search index and build-time ratio, at today's size and with
synthetic questions (issue 22).

    python benchmarks/reader.py [--questions 250 1000] [--lighthouse] [--runs 3]

For each size, a temporary copy of the handbook gets synthetic category pages (copies of the
real pages with new ids, so every question is a real one in size and markup) until it holds at
least that many questions. Each copy is built strictly, then served compressed (gzip, as a
static host does) and measured:

- first-load bytes of a category page, before the reader touches search (Playwright's
  transfer sizes), and of the search index loaded by one query afterwards;
- the whole Pagefind index on disk (what a query may fetch fragments of);
- full strict build time per page, and the ratio to a plain Material build of the same pages
  (hooks off, non-strict: the pages need the hooks to validate; Material's own search index
  on, which the handbook's Pagefind index replaces: ``benchmarks/plain.py`` says why), and
  to the same without any search index. Each build is ``mkdocs build`` in a fresh process,
  timed from outside (imports included, as anyone running it pays them); each kind is built
  ``--repeats`` times, alternating, and the fastest counts (a loaded machine only ever adds
  time). Both builds execute the four
  notebooks (~45 s, the same in both) as CI does; ``--skip-notebooks`` leaves them out of
  both, which shows the hooks' own overhead;
- with ``--lighthouse``, Lighthouse mobile per page type (median of ``--runs``), plus a
  question-heavy category: one synthetic page with 36 questions, twice the largest real one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))  # this checkout's handbook, not an installed one
from lighthouse import DEFAULT_PAGES, format_table, measure_site  # noqa: E402
from plain import plain_config  # noqa: E402

from handbook.static_server import serve  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ["HANDBOOK_PDF"] = "0"
COPY = ("docs", "data", "snippets", "hooks", "handbook", "overrides", "mkdocs.yml", ".git")
CATEGORY = "questions/evaluation-metrics/"
ID_RE = re.compile(r"\{#([a-z0-9-]+)\}")


def copy_handbook(dest: Path) -> Path:
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, dest / name)
    return dest


def add_synthetic_questions(root: Path, at_least: int) -> int:
    """Copy real category pages (new ids, new title) until the bank holds ``at_least``
    questions; add them to the nav. Returns the number of questions."""
    questions = root / "docs" / "questions"
    pages = sorted(p for p in questions.glob("*.md") if p.name != "index.md")
    count = sum(len(ID_RE.findall(p.read_text(encoding="utf-8"))) for p in pages)
    nav_lines = []
    n = 0
    while count < at_least:
        src = pages[n % len(pages)]
        n += 1
        text = src.read_text(encoding="utf-8")
        ids = ID_RE.findall(text)
        for qid in ids:  # headings and the page's own [[id]] links; others stay real links
            text = text.replace(f"{{#{qid}}}", f"{{#{qid}-s{n}}}")
        text = re.sub(r"^title: (.*)$", rf"title: \1 (synthetic {n})", text, count=1, flags=re.M)
        text = re.sub(r"^# (.*)$", rf"# \1 (synthetic {n})", text, count=1, flags=re.M)
        (questions / f"synthetic-{n}.md").write_text(text, encoding="utf-8")
        nav_lines.append(f"      - Synthetic {n}: questions/synthetic-{n}.md")
        count += len(ids)
    if nav_lines:
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        anchor = "      - Behavioural & career: questions/behavioural.md\n"
        text = text.replace(anchor, anchor + "\n".join(nav_lines) + "\n", 1)
        config.write_text(text, encoding="utf-8")
    return count


def add_heavy_category(root: Path, at_least: int = 36) -> tuple[str, int]:
    """One synthetic category page with ``at_least`` questions (the real pages' questions, new
    ids), the harder case for a page's main-thread work; added to the nav. Returns its URL
    path and its number of questions."""
    questions = root / "docs" / "questions"
    pages = sorted(
        (p for p in questions.glob("*.md") if p.name != "index.md" and "synthetic" not in p.name),
        key=lambda p: -len(ID_RE.findall(p.read_text(encoding="utf-8"))),
    )
    text = ""
    count = 0
    for n, src in enumerate(pages):
        part = src.read_text(encoding="utf-8")
        for qid in ID_RE.findall(part):
            part = part.replace(f"{{#{qid}}}", f"{{#{qid}-h}}")
        count += len(ID_RE.findall(part))
        if n == 0:
            part = re.sub(r"^title: (.*)$", r"title: \1 (heavy)", part, count=1, flags=re.M)
            text = re.sub(r"^# (.*)$", r"# \1 (heavy)", part, count=1, flags=re.M)
        else:  # its questions only, from the first heading on; a category may tag at most
            # four questions for the night-before sheet: the first page's keep theirs
            part = re.sub(r",? night-before\b", "", part[part.index("\n## ") + 1 :])
            text += "\n" + part
        if count >= at_least:
            break
    (questions / "synthetic-heavy.md").write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    anchor = "      - Behavioural & career: questions/behavioural.md\n"
    nav = config.read_text(encoding="utf-8")
    nav = nav.replace(anchor, anchor + "      - Heavy: questions/synthetic-heavy.md\n", 1)
    config.write_text(nav, encoding="utf-8")
    return "questions/synthetic-heavy/", count


def timed_build(config_file: Path, site: Path, strict: bool) -> tuple[float, int]:
    """Wall time of ``mkdocs build`` in a fresh process, as a contributor or CI runs it
    (imports and configuration included; in-process repeats carried one build's caches and
    garbage into the next, which made the figures swing by a third); and the pages built."""
    import subprocess

    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)]
    command += ["-d", str(site), *(["--strict"] if strict else [])]
    env = {**os.environ, "PYTHONPATH": str(config_file.parent)}  # this copy's handbook
    start = time.perf_counter()
    done = subprocess.run(command, cwd=config_file.parent, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, sum(1 for _ in site.rglob("index.html"))


def first_load(site: Path, path: str) -> tuple[int, int]:
    """(bytes transferred loading ``path``, bytes more after one search query)."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()

        def record(response) -> None:  # compressed bytes, as sent
            sizes[response.url] = int(response.headers.get("content-length", 0))

        page.on("response", record)
        page.goto(base + path, wait_until="networkidle")
        before = sum(sizes.values())
        page.get_by_role("textbox", name="Search").fill("precision recall")
        page.locator(".md-search-result__link").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        after = sum(sizes.values())
        browser.close()
    return before, after - before


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(size: int | None, lighthouse: bool, runs: int, repeats: int) -> dict:
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="hb-reader-") as tmp:
        root = copy_handbook(Path(tmp) / "handbook")
        os.chdir(root)
        # this copy's handbook package, whatever an editable install elsewhere points at
        sys.path.insert(0, str(root))
        for name in [m for m in sys.modules if m == "handbook" or m.startswith("handbook.")]:
            del sys.modules[name]
        count = add_synthetic_questions(root, size or 0)
        heavy, extra = add_heavy_category(root) if lighthouse else ("", 0)
        count += extra
        # the hooked build, plain Material (its own search index, as a plain site has) and
        # plain Material without any search index; alternating, the fastest of each counts
        configs = {
            "hooks": root / "mkdocs.yml",
            "plain": plain_config(root, root),
            "plain, no search": plain_config(root, root, search=False),
        }
        times: dict[str, list[float]] = {kind: [] for kind in configs}
        pages = {}
        for r in range(repeats):
            for kind, config in configs.items():
                site = Path(tmp) / f"site-{r}-{kind.replace(', ', '-').replace(' ', '-')}"
                elapsed, pages[kind] = timed_build(config, site, strict=kind == "hooks")
                times[kind].append(elapsed)
        site = Path(tmp) / "site-0-hooks"
        before, search_bytes = first_load(site, CATEGORY)
        best = {kind: min(t) for kind, t in times.items()}
        per_page = {kind: best[kind] / pages[kind] * 1000 for kind in configs}
        result = {
            "questions": count,
            "pages": pages,
            "seconds": best,
            "ms/page": per_page,
            "ratio": per_page["hooks"] / per_page["plain"],
            "ratio, no search": per_page["hooks"] / per_page["plain, no search"],
            "category first load KB": before / 1024,
            "first query KB": search_bytes / 1024,
            "index on disk KB": directory_bytes(site / "pagefind") / 1024,
        }
        if lighthouse:
            pages = {**DEFAULT_PAGES, "question-heavy category": heavy}
            result["lighthouse"] = measure_site(site, pages, runs)
        os.chdir(ROOT)
        sys.path.remove(str(root))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, nargs="*", default=[250, 1000])
    parser.add_argument("--lighthouse", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--repeats", type=int, default=2,
        help="builds of each kind per size; the fastest counts (the first pays for imports)",
    )  # fmt: skip
    parser.add_argument("--skip-notebooks", action="store_true", help="execute none, in both")
    args = parser.parse_args()
    if args.skip_notebooks:
        os.environ["HANDBOOK_NOTEBOOKS"] = "0"
    head = (
        "| questions | pages (plain) | strict build ms/page | plain Material ms/page | ratio | "
        "plain, no search index: ms/page, ratio | whole build s (plain; no search) | "
        "category first load KB (gz) | first query KB | index on disk KB |"
    )
    print(head)
    print("|" + "---|" * 10, flush=True)
    for size in [None, *args.questions]:
        start = time.perf_counter()
        r = measure(size, args.lighthouse, args.runs, args.repeats)
        ms, s, n = r["ms/page"], r["seconds"], r["pages"]
        print(
            f"| {r['questions']} | {n['hooks']} ({n['plain']}) | {ms['hooks']:.0f} | "
            f"{ms['plain']:.0f} | {r['ratio']:.2f} | {ms['plain, no search']:.0f}, "
            f"{r['ratio, no search']:.2f} | {s['hooks']:.1f} ({s['plain']:.1f}; "
            f"{s['plain, no search']:.1f}) | {r['category first load KB']:.0f} | "
            f"{r['first query KB']:.0f} | {r['index on disk KB']:.0f} |",
            flush=True,
        )
        if "lighthouse" in r:
            print(format_table(r["lighthouse"]), flush=True)
        print(f"(measured in {time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    notebooks = "not executed" if args.skip_notebooks else "executed in both builds"
    print(f"(notebooks {notebooks}; load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
