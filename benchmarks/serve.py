"""``make serve`` benchmark: save a one-line edit to a question, time until the browser shows it
(issue 22: ≤ 1.5 s at ≥ 250 questions).

    python benchmarks/serve.py [--questions 250 1000] [--edits 7] [--page questions/data.md]

For each size, a temporary copy of the handbook (padded with synthetic category pages by
``benchmarks/reader.py`` when it holds fewer questions) is served with the command line of the
Makefile's ``serve`` recipe, exactly as ``make serve`` runs it, on a free port. Chromium opens
the edited category page; then, ``--edits`` times, a new word is written into a sentence of the
page's first answer and the clock runs from the moment the file is saved until the reloaded
page contains the word. That span holds everything a writer waits for: MkDocs noticing the
save, the rebuild, the livereload signal and the browser's reload. The rebuild alone is
timed from the server's "Building documentation..." to its "Reloading browsers".
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from reader import add_synthetic_questions, copy_handbook  # noqa: E402


def serve_command(makefile: Path, port: int) -> list[str]:
    """The ``serve`` recipe of the Makefile, with this interpreter and ``port``."""
    text = makefile.read_text(encoding="utf-8")
    recipe = re.search(r"^serve:.*\n\t(.+)$", text, flags=re.M)
    if recipe is None:
        raise SystemExit("the Makefile has no 'serve' recipe")
    line = recipe.group(1).replace("$$", "$").replace("$(PY)", shlex.quote(sys.executable))
    line = line.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    return ["bash", "-c", line]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def edit_line(text: str) -> int:
    """The index of a prose line of the page's first full answer (where the word goes)."""
    lines = text.split("\n")
    first_h2 = next(i for i, ln in enumerate(lines) if ln.startswith("## "))
    for i in range(first_h2, len(lines)):
        if re.match(r"^[A-Z][a-z]+ [a-z].{40,}$", lines[i]):
            return i
    raise SystemExit("no prose line to edit on the page")


class ServerLog:
    """Reads the server's output in a thread; times each rebuild from the moment the server
    says "Building documentation..." to its "Reloading browsers". Not from MkDocs' own
    "Documentation built in N seconds": ``mkdocs`` drops a log message it has printed before
    (its DuplicateFilter), so a rebuild as fast as an earlier one, to the hundredth of a
    second, printed no such line: four of five runs of this benchmark (3 to 7 edits each, at
    the code of that day and of the day before) stopped on it."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.builds: list[float] = []  # seconds, each rebuild after the first build
        self.ready = threading.Event()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        started = None
        for line in stream:
            self.lines.append(line)
            if "Building documentation..." in line:
                started = time.perf_counter()
            elif "Reloading browsers" in line and started is not None:
                self.builds.append(time.perf_counter() - started)
                started = None
            if "Serving on" in line:
                self.ready.set()


def wait_for_word(page, url: str, word: str, timeout: float, log: ServerLog) -> None:
    """Until the page at ``url`` (reloaded by livereload) contains ``word``."""
    deadline = time.perf_counter() + timeout
    # textContent, not innerText: it needs no layout, so polling does not slow the page down
    script = f"document.body !== null && document.body.textContent.includes({word!r})"
    while (left := deadline - time.perf_counter()) > 0:
        try:
            page.wait_for_function(script, timeout=left * 1000, polling=10)
            return
        except Exception:  # the page is reloading (its context went away), or time is up
            time.sleep(0.01)
    tail = "".join(log.lines[-20:])
    raise SystemExit(f"the edit ({word}) did not appear on {url} within {timeout:.0f} s:\n{tail}")


def measure(size: int | None, edits: int, page_path: str, pause: float = 3.0) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="hb-serve-") as tmp:
        root = copy_handbook(Path(tmp) / "handbook")
        count = add_synthetic_questions(root, size or 0)
        port = free_port()
        # unbuffered: MkDocs' "Documentation built" line must arrive when it is printed
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
        start = time.perf_counter()
        server = subprocess.Popen(
            serve_command(ROOT / "Makefile", port), cwd=root, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log = ServerLog(server.stdout)
        try:
            if not log.ready.wait(600):
                raise SystemExit("the server did not start:\n" + "".join(log.lines[-30:]))
            first_build = time.perf_counter() - start
            source = root / "docs" / page_path
            original = source.read_text(encoding="utf-8")
            line = edit_line(original)
            url = f"http://127.0.0.1:{port}/{page_path.removesuffix('.md')}/"
            reloads: list[float] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page()
                page.goto(url, wait_until="load")
                for n in range(edits):
                    word = f"zqedit{n}x{time.time_ns() % 10**6}"
                    lines = original.split("\n")
                    lines[line] = lines[line].replace(" ", f" {word} ", 1)
                    builds_before = len(log.builds)
                    time.sleep(pause)  # a writer pauses between saves; background work settles
                    source.write_text("\n".join(lines), encoding="utf-8")
                    saved = time.perf_counter()
                    wait_for_word(page, url, word, timeout=120, log=log)
                    reloads.append(time.perf_counter() - saved)
                    waited = time.perf_counter() + 30
                    while len(log.builds) == builds_before and time.perf_counter() < waited:
                        time.sleep(0.05)
                    if len(log.builds) == builds_before:
                        tail = "".join(log.lines[-20:])
                        raise SystemExit(
                            f"the server reported no rebuild for edit {n + 1}:\n{tail}"
                        )
                    print(
                        f"  edit {n + 1}: shown after {reloads[-1]:.2f} s "
                        f"(rebuild {log.builds[-1]:.2f} s)",
                        file=sys.stderr, flush=True,
                    )  # fmt: skip
                browser.close()
            source.write_text(original, encoding="utf-8")
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # bash and the mkdocs it started
            server.wait(30)
    rebuilds = log.builds
    return {
        "questions": count,
        "first build s": first_build,
        "rebuild s": statistics.median(rebuilds),
        "shown s": statistics.median(reloads),
        "shown max s": max(reloads),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, nargs="*", default=[])
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--page", default="questions/evaluation-metrics.md")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between saves")
    args = parser.parse_args()
    print("| questions | first build s | rebuild s (median) | edit shown s (median) | max s |")
    print("|---|---|---|---|---|", flush=True)
    for size in [None, *args.questions]:
        r = measure(size, args.edits, args.page, args.pause)
        print(
            f"| {r['questions']} | {r['first build s']:.1f} | {r['rebuild s']:.2f} | "
            f"{r['shown s']:.2f} | {r['shown max s']:.2f} |",
            flush=True,
        )
    print(
        f"({args.edits} edits of {args.page} per size, {args.pause:g} s apart; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
